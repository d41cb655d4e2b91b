from django.urls import path

from breakzero.ipfinance import views

app_name = "ipfinance"

urlpatterns = [
    path("deals/", views.deal_list, name="deal-list"),
    path("deals/new/", views.deal_create, name="deal-create"),
    path("deals/export/", views.deal_export, name="deal-export"),
    path("loans/", views.loan_list, name="loan-list"),
    path("loans/new/", views.loan_create, name="loan-create"),
    path("loans/export/", views.loan_export, name="loan-export"),
    path("achievements/", views.achievement_list, name="achievement-list"),
    path("achievements/new/", views.achievement_create, name="achievement-create"),
    path("achievements/export/", views.achievement_export, name="achievement-export"),
    path("navigation/", views.navigation_list, name="navigation-list"),
    path("navigation/new/", views.navigation_create, name="navigation-create"),
    path("navigation/export/", views.navigation_export, name="navigation-export"),
    path("navigation/<int:pk>/report/", views.navigation_report, name="navigation-report"),
]

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
]

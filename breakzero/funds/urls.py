from django.urls import path

from breakzero.funds import views

app_name = "funds"
urlpatterns = [
    path("", views.fund_list, name="fund-list"),
    path("<int:pk>/", views.fund_detail, name="fund-detail"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget-detail"),
    path("budgets/<int:pk>/execution/", views.execution, name="budget-execution"),
    path("budgets/<int:pk>/self-evaluation.xlsx", views.self_evaluation, name="budget-self-evaluation"),
    path("budgets/<int:pk>/self-evaluation/", views.self_evaluation_report, name="budget-self-evaluation-report"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation-detail"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("execution/", views.execution_overview, name="execution"),
    path("vouchers/", views.voucher_list, name="voucher-list"),
    path("payments/", views.payment_list, name="payment-list"),
    path("support/<str:kind>/<int:pk>/", views.support, name="support"),
    path("credit/", views.credit_list, name="credit-list"),
    path("applications/", views.opinion_list, name="opinion-list"),
    path("applications/<int:pk>/opinions/", views.opinions, name="opinions"),
    path("applications/<int:pk>/opinions/give/", views.city_opinion, name="opinion-give"),
]

from django.urls import path

from breakzero.patents import views

app_name = "patents"

urlpatterns = [
    path("", views.break_zero_list, name="break-zero-list"),
    path("candidates/", views.candidate_list, name="candidate-list"),
    path("search/", views.patent_search, name="patent-search"),
    path("<int:pk>/", views.patent_detail, name="patent-detail"),
    path("review/", views.review_list, name="review-list"),
    path("review/<int:pk>/confirm/", views.review_decide, {"decision": "confirm"}, name="review-confirm"),
    path("review/<int:pk>/reject/", views.review_decide, {"decision": "reject"}, name="review-reject"),
    path("enterprise/<int:pk>/", views.enterprise_fragment, name="enterprise-fragment"),
]

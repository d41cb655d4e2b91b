from django.urls import path

from breakzero.demonstration import views

app_name = "demonstration"

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/export/", views.case_export, name="case-export"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/review/", views.case_review, name="case-review"),
    path("cases/<int:pk>/pictures/", views.case_picture, name="case-picture"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/export/", views.project_export, name="project-export"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
]

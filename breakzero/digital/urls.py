from django.urls import path

from breakzero.digital import views

app_name = "digital"

urlpatterns = [
    path("assessments/", views.assessment_list, name="assessment-list"),
    path("assessments/new/", views.assessment_create, name="assessment-create"),
    path("assessments/export/", views.assessment_export, name="assessment-export"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("uses/", views.use_list, name="use-list"),
    path("uses/new/", views.use_create, name="use-create"),
    path("uses/export/", views.use_export, name="use-export"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/export/", views.project_export, name="project-export"),
    path("solutions/", views.solution_list, name="solution-list"),
    path("solutions/new/", views.solution_create, name="solution-create"),
    path("solutions/export/", views.solution_export, name="solution-export"),
    path("solutions/<int:pk>/", views.solution_detail, name="solution-detail"),
    path("solutions/<int:pk>/adopt/", views.solution_adopt, name="solution-adopt"),
]

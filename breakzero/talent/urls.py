from django.urls import path

from breakzero.talent import views

app_name = "talent"

urlpatterns = [
    path("talents/", views.talent_list, name="talent-list"),
    path("talents/new/", views.talent_create, name="talent-create"),
    path("talents/export/", views.talent_export, name="talent-export"),
    path("experts/", views.expert_list, name="expert-list"),
    path("experts/new/", views.expert_create, name="expert-create"),
    path("experts/export/", views.expert_export, name="expert-export"),
    path("courses/", views.course_list, name="course-list"),
    path("courses/new/", views.course_create, name="course-create"),
    path("courses/export/", views.course_export, name="course-export"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course-edit"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/new/", views.visit_create, name="visit-create"),
    path("visits/export/", views.visit_export, name="visit-export"),
]

from django.urls import path

from breakzero.defence import views

app_name = "defence"

urlpatterns = [
    path("qualifications/", views.qualification_list, name="qualification-list"),
    path("qualifications/new/", views.qualification_create, name="qualification-create"),
    path("qualifications/export/", views.qualification_export, name="qualification-export"),
]

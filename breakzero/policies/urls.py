from django.urls import path

from breakzero.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.index, name="index"),
    path("enterprise/<int:pk>/", views.checkup, name="checkup"),
    path("enterprise/<int:pk>/declare/", views.declare, name="declare"),
    path("screening/", views.screening_list, name="screening-list"),
    path("screening/export/", views.screening_export, name="screening-export"),
    path("screening/run/", views.screening_run, name="screening-run"),
]

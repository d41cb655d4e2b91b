from django.urls import path

from breakzero.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="dashboard-export"),
    path("records/", views.record_list, name="record-list"),
    path("targets/", views.target_list, name="target-list"),
    path("participants/", views.participant_list, name="participant-list"),
]

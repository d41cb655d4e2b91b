from django.urls import path

from breakzero.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_open, name="open"),
    path("read/", views.notice_read, name="read"),
    path("preferences/", views.preferences, name="preferences"),
]

from django.urls import path

from breakzero.manual import views

app_name = "manual"

urlpatterns = [
    path("", views.manual_page, name="index"),
    path("manual.pdf", views.manual_download, name="pdf"),
    path("shots/<str:name>", views.screenshot, name="screenshot"),
]

from django.urls import path

from breakzero.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="entry-list"),
    path("export.xlsx", views.entry_export, name="entry-export"),
]

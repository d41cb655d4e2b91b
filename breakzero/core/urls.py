from django.urls import path

from breakzero.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("todo/count/", views.todo_badge, name="todo-badge"),
    path("help/", views.help_page, name="help"),
    path("imports/mine/", views.import_history, name="import-history"),
    path("imports/<slug:kind>/", views.import_upload, name="import-upload"),
    path("imports/<slug:kind>/template.xlsx", views.import_template, name="import-template"),
    path("imports/job/<uuid:pk>/", views.import_detail, name="import-detail"),
    path("imports/job/<uuid:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/job/<uuid:pk>/errors.xlsx", views.import_errors, name="import-errors"),
]

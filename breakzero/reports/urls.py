"""URLs of the reports app, mounted at /reports/."""

from django.urls import path

from breakzero.reports.views import bulletins, notifications, plans, supervision

app_name = "reports"

urlpatterns = [
    path("", notifications.reports_home, name="home"),
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/review/", plans.plan_review, name="plan-review"),
    path("plans/<int:pk>/file/", plans.plan_file, name="plan-file"),
    path("bulletins/", bulletins.bulletin_list, name="bulletin-list"),
    path("bulletins/<int:pk>/", bulletins.bulletin_detail, name="bulletin-detail"),
    path("bulletins/<int:pk>/<str:kind>/", bulletins.bulletin_file, name="bulletin-file"),
    path("tasks/", supervision.task_list, name="task-list"),
    path("tasks/export/", supervision.task_export, name="task-export"),
    path("tasks/new/", supervision.task_create, name="task-create"),
    path("tasks/<int:pk>/", supervision.task_detail, name="task-detail"),
    path("tasks/<int:pk>/<str:action>/", supervision.task_action, name="task-action"),
    path("tasks/attachments/<int:pk>/", supervision.attachment_download, name="attachment-download"),
    path("notifications/", notifications.notification_list, name="notification-list"),
]

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "breakzero.notifications"
    label = "notifications"
    verbose_name = "站内信与提醒"

    def ready(self) -> None:
        from breakzero.core import todo
        from breakzero.core.signals import import_job_finished
        from breakzero.notifications import receivers
        from breakzero.notifications.todo import unread_items

        todo.register(todo.TodoSource("notices", unread_items, watches=("notifications.Notice",), order=95))
        import_job_finished.connect(receivers.import_job_finished, dispatch_uid="notifications:import")

        from datetime import time

        from breakzero.core import schedule
        from breakzero.notifications.tasks import send_reminders_task

        schedule.register("send_reminders", send_reminders_task, daily_at=time(8, 0))

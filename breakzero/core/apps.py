from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "breakzero.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from datetime import time, timedelta

        from django.db.models import fields
        from django.utils.translation import gettext_lazy

        # Django 6.1 reads the blank option of every select from here; its own catalogue has no Chinese.
        fields.BLANK_CHOICE_LABEL = gettext_lazy("请选择")

        from breakzero.core import schedule
        from breakzero.core.tasks import import_jobs_recover_task, nightly_refresh_task

        schedule.register("nightly_refresh", nightly_refresh_task, daily_at=time(2, 0))
        schedule.register("import_recovery", import_jobs_recover_task, every=timedelta(seconds=15))

        from breakzero.core import nav, period, todo, todo_sources

        nav._register_defaults()
        period.connect_signals()
        todo.register(todo.TodoSource("imports", todo_sources.import_items, watches=("core.ImportJob",), order=90))

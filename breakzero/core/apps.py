from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "breakzero.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from datetime import time, timedelta

        from breakzero.core import schedule
        from breakzero.core.tasks import import_jobs_recover_task, nightly_refresh_task

        schedule.register("nightly_refresh", nightly_refresh_task, daily_at=time(2, 0))
        schedule.register("import_recovery", import_jobs_recover_task, every=timedelta(seconds=15))

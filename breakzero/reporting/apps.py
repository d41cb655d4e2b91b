from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "breakzero.reporting"
    label = "reporting"
    verbose_name = "数据填报"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from breakzero.core.hooks import register_refresher, register_row_guard
        from breakzero.reporting.dataset_cache import forget

        # An edit saved here is seen at once; other processes see it through the version check.
        for model_name in ("DataField", "ValidationRule"):
            model = self.get_model(model_name)
            post_save.connect(forget, sender=model, dispatch_uid=f"reporting-spec-save-{model_name}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"reporting-spec-delete-{model_name}")
        from breakzero.reporting.bands import bands_refresher
        from breakzero.reporting.official_entries import official_entries_refresh, yearly_import_guard

        # The percentile bands first: the official entries synced next are checked against them.
        register_refresher("reporting_percentile_bands", bands_refresher, order=65)
        register_refresher("reporting_official_entries", official_entries_refresh, order=70)
        register_row_guard("yearly", yearly_import_guard)

        from datetime import time

        from breakzero.core import schedule
        from breakzero.reporting.tasks import reporting_bands_task, reporting_reminders_task

        # Production runs scheduled work from `manage.py scheduler` (docs/DEPLOY.md), not cron.
        schedule.register("reporting_reminders", reporting_reminders_task, daily_at=time(8, 0))
        schedule.register("reporting_percentile_bands", reporting_bands_task, daily_at=time(2, 30))

        from django.utils.translation import gettext_lazy as _

        from breakzero.core import nav

        nav.register(nav.NavEntry(
            "reporting", _("数据填报"), "reporting:home", _("年度数据填报、审核、锁定与及时率"), order=45,
            visible=lambda user: user.is_official or user.role == "enterprise",
        ))

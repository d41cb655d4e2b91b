from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "breakzero.reporting"
    label = "reporting"
    verbose_name = "数据填报"

    def ready(self) -> None:
        from breakzero.core.hooks import register_refresher
        from breakzero.reporting.official_entries import official_entries_refresh

        register_refresher("reporting_official_entries", official_entries_refresh, order=70)

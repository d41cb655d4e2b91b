from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "breakzero.reporting"
    label = "reporting"
    verbose_name = "数据填报"

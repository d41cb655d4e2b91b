from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "breakzero.indicators"
    label = "indicators"
    verbose_name = "目标与进度"

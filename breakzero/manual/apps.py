from django.apps import AppConfig


class ManualConfig(AppConfig):
    name = "breakzero.manual"
    label = "manual"
    verbose_name = "操作手册"

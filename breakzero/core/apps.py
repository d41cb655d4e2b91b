from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "breakzero.core"
    label = "core"
    verbose_name = "核心"

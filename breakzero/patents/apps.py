from django.apps import AppConfig


class PatentsConfig(AppConfig):
    name = "breakzero.patents"
    label = "patents"
    verbose_name = "专利与破零"

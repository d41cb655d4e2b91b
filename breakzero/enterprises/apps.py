from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "breakzero.enterprises"
    label = "enterprises"
    verbose_name = "企业"

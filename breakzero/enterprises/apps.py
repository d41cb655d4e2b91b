from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "breakzero.enterprises"
    label = "enterprises"
    verbose_name = "企业"

    def ready(self) -> None:
        from breakzero.enterprises.sheets import register_importers

        register_importers()

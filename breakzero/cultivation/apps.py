from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "breakzero.cultivation"
    label = "cultivation"
    verbose_name = "梯度培育"

    def ready(self) -> None:
        from breakzero.core.imports import register
        from breakzero.cultivation.sheets import TitleImporter

        register(TitleImporter())
        from breakzero.cultivation.programme_types import register_all

        register_all()

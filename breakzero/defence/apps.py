from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefenceConfig(AppConfig):
    name = "breakzero.defence"
    verbose_name = _("民参军")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.defence.programme_types import register_all

        register_all()
        from breakzero.core.imports import register
        from breakzero.defence.sheets import QualificationImporter

        register(QualificationImporter())

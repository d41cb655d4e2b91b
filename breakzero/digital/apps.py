from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalConfig(AppConfig):
    name = "breakzero.digital"
    verbose_name = _("数字化转型")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.core.imports import register
        from breakzero.digital.sheets import AssessmentImporter, DigitalUseImporter

        register(AssessmentImporter())
        register(DigitalUseImporter())

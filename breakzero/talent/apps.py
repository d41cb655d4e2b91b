from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "breakzero.talent"
    verbose_name = _("人才")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.talent.programme_types import register_all

        register_all()
        from breakzero.core.imports import register
        from breakzero.talent.sheets import FlexibleExpertImporter, LeadingTalentImporter

        register(LeadingTalentImporter())
        register(FlexibleExpertImporter())

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemonstrationConfig(AppConfig):
    name = "breakzero.demonstration"
    verbose_name = _("示范引导")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.demonstration.programme_types import register_all

        register_all()

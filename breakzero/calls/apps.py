from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "breakzero.calls"
    verbose_name = _("申报评审")
    default_auto_field = "django.db.models.BigAutoField"

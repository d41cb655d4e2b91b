from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "breakzero.contests"
    verbose_name = _("创新创业大赛")
    default_auto_field = "django.db.models.BigAutoField"

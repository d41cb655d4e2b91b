from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "breakzero.calls"
    verbose_name = _("申报评审")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.core import nav

        nav.register(nav.NavEntry("calls", _("申报评审"), "calls:call-list",
                                  _("申报通知、推荐、专家评审、公示与名单"), order=35))

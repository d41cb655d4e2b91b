from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "breakzero.funds"
    verbose_name = _("专项资金")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.funds.programme_types import register_all

        register_all()

        from breakzero.core import nav

        nav.register(nav.NavEntry("funds", _("专项资金"), "funds:fund-list",
                                  _("预算、因素法分配、资金项目、拨付与绩效"), order=65))

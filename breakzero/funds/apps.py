from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "breakzero.funds"
    verbose_name = _("专项资金")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.funds.programme_types import register_all

        register_all()

        from breakzero.audit.display import register_words
        from breakzero.funds.factors import FACTORS

        register_words(FACTORS)  # the audit trail names an allocation's weights by their factors

        from breakzero.core import nav

        nav.register(nav.NavEntry("funds", _("专项资金"), "funds:fund-list",
                                  _("预算、因素法分配、资金项目、拨付与绩效"), order=65))
        # Beneficiaries reach their own projects (targets, actuals) without the officials' fund pages.
        nav.register(nav.NavEntry("fund-projects", _("资金项目"), "funds:project-list", _("本单位获得的专项资金支持与绩效填报"),
                                  order=66, visible=lambda user: user.role in ("enterprise", "service_body")))

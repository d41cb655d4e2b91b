from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpFinanceConfig(AppConfig):
    name = "breakzero.ipfinance"
    verbose_name = _("知识产权运营与金融")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.core.imports import register
        from breakzero.ipfinance.sheets import (
            AchievementImporter, NavigationProjectImporter, PatentDealImporter, PledgeLoanImporter)

        register(PledgeLoanImporter())
        register(PatentDealImporter())
        register(AchievementImporter())
        register(NavigationProjectImporter())

        # The area's pages in the menu for the roles their views admit (core.nav filters by the declaration).
        from breakzero.core import nav

        nav.register(nav.NavEntry("ipfinance", _("知识产权运营"), "ipfinance:achievement-list",
                                  _("成果库、专利转让许可、质押融资、专利导航"), order=56))

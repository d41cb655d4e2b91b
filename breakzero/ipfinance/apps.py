from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpFinanceConfig(AppConfig):
    name = "breakzero.ipfinance"
    verbose_name = _("知识产权运营与金融")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.core.imports import register
        from breakzero.ipfinance.sheets import PatentDealImporter, PledgeLoanImporter

        register(PledgeLoanImporter())
        register(PatentDealImporter())

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalConfig(AppConfig):
    name = "breakzero.digital"
    verbose_name = _("数字化转型")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.core.imports import register
        from breakzero.digital.sheets import AssessmentImporter, DigitalUseImporter, TransformationProjectImporter
        from breakzero.digital.solution_sheets import AdoptionImporter, SolutionImporter

        register(AssessmentImporter())
        register(DigitalUseImporter())
        register(TransformationProjectImporter())
        register(SolutionImporter())
        register(AdoptionImporter())

        # The area's pages in the menu for the roles their views admit (core.nav filters by the declaration).
        from breakzero.core import nav

        nav.register(nav.NavEntry("digital", _("数字化赋能"), "digital:assessment-list",
                                  _("上云上平台、数字化水平评测、转型项目、解决方案目录"), order=52))

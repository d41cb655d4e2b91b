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
        from breakzero.talent.sheets import (
            BodyCourseImporter, ExchangeVisitImporter, FlexibleExpertImporter, LeadingTalentImporter,
            TrainingCourseImporter)

        register(LeadingTalentImporter())
        register(FlexibleExpertImporter())
        register(TrainingCourseImporter())
        register(ExchangeVisitImporter())
        register(BodyCourseImporter())

        # The area's pages in the menu for the roles their views admit (core.nav filters by the declaration).
        from breakzero.core import nav

        nav.register(nav.NavEntry("talent", _("人才"), "talent:talent-list",
                                  _("领军人才、柔性引进专家、培训与交流"), order=53))
        # A service body's staff record their own body's courses (plan §二(八)); officials reach them under 人才.
        nav.register(nav.NavEntry("body_courses", _("培训课程"), "talent:course-list", _("本机构举办的培训课程"),
                                  order=54, visible=lambda user: getattr(user, "role", None) == "service_body"))

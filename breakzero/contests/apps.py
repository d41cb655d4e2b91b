from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "breakzero.contests"
    verbose_name = _("创新创业大赛")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.core.imports import register
        from breakzero.contests.sheets import ContestEntryImporter

        register(ContestEntryImporter())

        # The area's pages in the menu for the roles their views admit (core.nav filters by the declaration).
        from breakzero.core import nav

        nav.register(nav.NavEntry("contests", _("创新创业大赛"), "contests:contest-list",
                                  _("创客中国等大赛：报名、评分、获奖与后续发展"), order=54,
                                  # experts and service bodies see editions but not the entries (contest_detail)
                                  visible=lambda user: user.is_official or user.role in ("system_admin", "enterprise")))

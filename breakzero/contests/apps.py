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

        # Stages, the 市州 recommendation and the expert sheets run on the calls engine (contests.stages).
        from breakzero.calls.registry import register_programme_type
        from breakzero.contests import stages

        register_programme_type(stages.PROGRAMME_TYPE, name_zh="创新创业大赛评审", scoring=stages.SCORING,
                                on_move=stages.on_move, filed_by_applicants=False, decided_in_area=True,
                                notes_zh="评分表的评分项与权重未见公开文件（GAP）：评委给出百分制总分，取平均分（§5.2）")

        # The area's pages in the menu for the roles their views admit (core.nav filters by the declaration).
        from breakzero.core import nav

        nav.register(nav.NavEntry("contests", _("创新创业大赛"), "contests:contest-list",
                                  _("创客中国等大赛：报名、评分、获奖与后续发展"), order=54,
                                  # experts and service bodies see editions but not the entries (contest_detail)
                                  visible=lambda user: user.is_official or user.role in ("system_admin", "enterprise")))

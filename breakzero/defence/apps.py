from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefenceConfig(AppConfig):
    name = "breakzero.defence"
    verbose_name = _("民参军")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from breakzero.defence.programme_types import register_all

        register_all()
        from breakzero.core.imports import register
        from breakzero.defence.sheets import QualificationImporter

        register(QualificationImporter())

        # The area's pages in the menu for the roles their views admit (core.nav filters by the declaration).
        from breakzero.core import nav

        nav.register(nav.NavEntry("defence", _("民参军"), "defence:qualification-list",
                                  _("民参军单位资格；核心技术项目在申报评审中"), order=55))

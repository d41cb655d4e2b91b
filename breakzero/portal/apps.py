from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "breakzero.portal"
    label = "portal"
    verbose_name = _("门户网站")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished

        # Signals only clear caches (STYLE §8): a published or withdrawn page shows at once.
        page_published.connect(_clear, dispatch_uid="portal-cache-published")
        page_unpublished.connect(_clear, dispatch_uid="portal-cache-unpublished")


def _clear(**kwargs: Any) -> None:
    from breakzero.portal.cache import portal_cache_clear

    portal_cache_clear()

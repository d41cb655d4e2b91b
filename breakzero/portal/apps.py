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
        # The search table follows publishing: the signal only enqueues (after commit) the task
        # that writes the row (portal.search_index); the rest of the table follows the data it
        # reads through the core.hooks refresher (and nightly).
        page_published.connect(_search_refresh, dispatch_uid="portal-search-published")
        page_unpublished.connect(_search_refresh, dispatch_uid="portal-search-unpublished")
        from breakzero.core.hooks import register_refresher
        from breakzero.portal.search_index import search_refresh

        register_refresher("portal_search", search_refresh, order=90)


def _clear(**kwargs: Any) -> None:
    from breakzero.portal.cache import portal_cache_clear

    portal_cache_clear()


def _search_refresh(instance: Any, **kwargs: Any) -> None:
    from django.db import transaction

    from breakzero.portal.tasks import search_page_refresh_task

    page_id = instance.pk
    transaction.on_commit(lambda: search_page_refresh_task.enqueue(page_id))

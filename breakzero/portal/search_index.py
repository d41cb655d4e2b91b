"""Writes the portal's search table (`SearchEntry`): one row per public thing, with its normalised
title and text for the database to match. Kept current by the publish/unpublish path (Wagtail's
publish and unpublish of a page → `search_page_refresh`, after commit, as a task), by the
`core.hooks` refresher when lists, recognitions, titles or enterprises change (and nightly), and
rebuilt whole by `manage.py portal_search_rebuild`. Only public content is written: live, public
pages; calls in their public window; published lists' entries (consent respected, `lists`);
recognised service bodies and public events."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils.html import strip_tags

from breakzero.portal.models import SearchEntry

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
LIST_ROWS = 20000  # entries per published list in the table (the lists' own export limit)
BATCH = 1000
PAGE_KINDS = (SearchEntry.Kind.POLICY, SearchEntry.Kind.NOTICE, SearchEntry.Kind.PRACTICE, SearchEntry.Kind.CASE)


def normalise(text: str) -> str:
    """NFKC, lower case, no punctuation, brackets, quotes or spaces: "首台套" matches "首台（套）",
    "(2022)" matches "〔2022〕"."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text or "").lower())


@transaction.atomic
def search_page_refresh(*, page_id: int) -> bool:
    """A page was published, unpublished or moved: its row follows (present only while the page is
    live and public). Returns whether the page is now in the table."""
    from wagtail.models import Page

    page = Page.objects.live().public().filter(pk=page_id).first()
    entry = _page_entry(page.specific) if page is not None else None
    if entry is None:
        SearchEntry.objects.filter(page_id=page_id).delete()
        return False
    SearchEntry.objects.update_or_create(key=entry.key, defaults=_fields(entry))
    return True


@transaction.atomic
def search_others_rebuild() -> int:
    """Calls, published lists' entries, service bodies and events: recomputed together (they change
    outside the portal, through the engine and the service system), and written as a difference:
    rows whose content is unchanged stay as they are, so a change that moves one list entry rewrites
    one row, not the table and its trigram indexes. Returns the rows now held for these kinds."""
    fresh = {e.key: e for e in (*_call_entries(), *_body_entries(), *_event_entries(), *_list_entries())}
    held = {row[0]: row[1:] for row in
            SearchEntry.objects.exclude(kind__in=PAGE_KINDS).values_list("key", "pk", *_FIELD_NAMES)}
    gone = [held[key][0] for key in held.keys() - fresh.keys()]
    if gone:
        SearchEntry.objects.filter(pk__in=gone).delete()
    _write(entry for key, entry in fresh.items() if key not in held)
    changed = []
    for key, entry in fresh.items():
        if key in held and held[key][1:] != tuple(getattr(entry, name) for name in _FIELD_NAMES):
            entry.pk = held[key][0]
            changed.append(entry)
    SearchEntry.objects.bulk_update(changed, _FIELD_NAMES, batch_size=BATCH)
    return len(fresh)


@transaction.atomic
def search_rebuild() -> int:
    """Everything, from scratch (the management command)."""
    SearchEntry.objects.all().delete()
    return _write(_page_entries()) + search_others_rebuild()


def search_refresh(*, sources: list[str], enterprise_ids: list[int] | None = None) -> None:
    """core.hooks refresher: recognitions, titles, patents (break-zero) or enterprise data (consent,
    names) changed, or the nightly run: the non-page part of the table is rebuilt."""
    if {"recognitions", "titles", "patents", "enterprises", "nightly"} & set(sources):
        search_others_rebuild()


def _write(entries: Iterable[SearchEntry]) -> int:
    rows = list(entries)
    SearchEntry.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


_FIELD_NAMES = ("kind", "page_id", "source_id", "title", "meta", "url", "text", "title_norm", "text_norm", "weight",
                "dated")


def _fields(entry: SearchEntry) -> dict:
    return {name: getattr(entry, name) for name in _FIELD_NAMES}


def _entry(*, key: str, kind: str, title: str, url: str, meta: str = "", text: str = "", weight: int = 1,
           **extra) -> SearchEntry:
    text = " ".join(text.split())
    return SearchEntry(key=key, kind=kind, title=title[:255], url=url, meta=meta[:255], text=text,
                       title_norm=normalise(title), text_norm=normalise(f"{meta} {text}"), weight=weight, **extra)


def _page_entries() -> Iterator[SearchEntry]:
    from breakzero.portal.models import ArticlePage, NoticePage, PolicyPage

    for model in (PolicyPage, NoticePage, ArticlePage):
        for page in model.objects.live().public().order_by("pk"):
            entry = _page_entry(page)
            if entry is not None:
                yield entry


def _page_entry(page) -> SearchEntry | None:
    from breakzero.portal.models import ArticlePage, NoticePage, PolicyPage

    common = {"key": f"page:{page.pk}", "title": page.title, "url": page.url or "", "page_id": page.pk,
              "dated": page.issued_on if hasattr(page, "issued_on") else None, "weight": 3}
    if isinstance(page, PolicyPage):
        return _entry(kind=SearchEntry.Kind.POLICY, meta=f"{page.document_number} {page.issuer}".strip(),
                      text=strip_tags(page.body), **common)
    if isinstance(page, NoticePage):
        return _entry(kind=SearchEntry.Kind.NOTICE, meta=page.issuer, text=strip_tags(page.body), **common)
    if isinstance(page, ArticlePage):
        paragraphs = (strip_tags(b["value"]) for b in page.body.raw_data if b["type"] == "paragraph")
        return _entry(kind=page.kind, meta=page.region.name if page.region_id else "",
                      text=" ".join([page.summary, *paragraphs]), **common)
    return None


def _call_entries() -> Iterator[SearchEntry]:
    from breakzero.portal import selectors

    for call in selectors.open_calls():
        yield _entry(key=f"call:{call.pk}", kind=SearchEntry.Kind.CALL, title=call.title, url="/portal/notices/",
                     meta=call.document_number, text=call.programme.name, source_id=call.pk, weight=2,
                     dated=call.opens_on)
    for call in selectors.publicity_calls():
        yield _entry(key=f"publicity:{call.pk}", kind=SearchEntry.Kind.PUBLICITY, title=call.title,
                     url=reverse("portal:notice", args=[call.pk]), meta=call.document_number, source_id=call.pk,
                     weight=2, dated=call.publicity_start)
    for call in selectors.published_calls()[:200]:
        yield _entry(key=f"published:{call.pk}", kind=SearchEntry.Kind.PUBLISHED, title=call.title,
                     url=reverse("portal:published", args=[call.pk]), meta=call.published_document_number,
                     source_id=call.pk, weight=2, dated=call.published_on)


def _body_entries() -> Iterator[SearchEntry]:
    from breakzero.portal import selectors

    for body in selectors.service_bodies():
        services = "、".join(p.name for p in body.services)
        yield _entry(key=f"body:{body.pk}", kind=SearchEntry.Kind.SERVICE_BODY, title=body.name,
                     url=f"{reverse('portal:body-list')}?{urlencode({'region': body.city_id, 'kind': body.kind})}",
                     meta=f"{body.get_kind_display()} {body.city.name}", text=f"{body.description} {services}",
                     source_id=body.pk, dated=body.recognized_on)


def _event_entries() -> Iterator[SearchEntry]:
    import datetime as dt

    from breakzero.service_bodies.selectors.public import public_events

    for event in public_events(start=dt.date.min, end=dt.date.max):
        yield _entry(key=f"event:{event.pk}", kind=SearchEntry.Kind.EVENT, title=event.title,
                     url=reverse("portal:event-detail", args=[event.pk]), meta=f"{event.held_on} {event.body.name}",
                     text=f"{event.get_topic_display()} {event.description}", source_id=event.pk, dated=event.held_on)


def _list_entries() -> Iterator[SearchEntry]:
    """Each row of each published list (the three named recognition lists are inside
    "recognitions"); the hit opens its list filtered to that name."""
    from breakzero.portal import lists

    for key, public_list in lists.LISTS.items():
        if key in lists.RECOGNITION_KINDS:
            continue
        for number, row in enumerate(lists.list_rows(key=key)[:LIST_ROWS]):
            url = f"{reverse('portal:list-detail', args=[key])}?{urlencode({'q': row[0]})}"
            meta = " ".join(str(v) for v in lists.display(row[1:]) if v not in (None, ""))
            yield _entry(key=f"list:{key}:{number}", kind=SearchEntry.Kind.LIST_ENTRY, title=row[0], url=url,
                         meta=f"{public_list.title} {meta}", weight=0)

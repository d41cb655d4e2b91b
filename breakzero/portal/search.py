"""Search across the portal in Chinese: notices, policies, articles, calls, published lists (their
titles and the enterprises on them) and service bodies. Chinese has no spaces, so matching is by
substring, after normalising both sides (NFKC, case, and dropping punctuation, brackets, quotes and
spaces: "首台套" finds "首台（套）"); every space-separated term must match. Recall on 30 queries
is measured in tests/test_search.py."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

MAX_RESULTS = 50
ENTRIES_PER_LIST = 10  # list entries per published list, after the pages
_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    meta: str


def normalise(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text or "").lower())


def terms_of(query: str) -> list[str]:
    return [t for t in (normalise(part) for part in query.split()) if t][:5]


def portal_search(*, query: str) -> list[Hit]:
    terms = terms_of(query)
    if not terms:
        return []
    hits: list[Hit] = []
    for kind, title, url, meta, text in _documents():
        haystack = normalise(f"{title} {meta} {text}")
        if all(term in haystack for term in terms):
            hits.append(Hit(kind, title, url, meta))
            if len(hits) >= MAX_RESULTS:
                return hits
    return hits + _list_entries(terms)[: MAX_RESULTS - len(hits)]


def _list_entries(terms: list[str]) -> list[Hit]:
    """Enterprises (and consenting engineers) on the published lists whose name holds every term: the
    database narrows by the first term, the rest are checked on the normalised name. Each hit opens
    its list filtered to that name. The three named recognition lists are inside "recognitions"."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from breakzero.portal import lists

    hits: list[Hit] = []
    for key, public_list in lists.LISTS.items():
        if key in lists.RECOGNITION_KINDS:
            continue
        for row in lists.list_rows(key=key, name=terms[0])[:ENTRIES_PER_LIST]:
            if all(term in normalise(row[0]) for term in terms[1:]):
                url = f"{reverse('portal:list-detail', args=[key])}?{urlencode({'q': row[0]})}"
                meta = " ".join(str(v) for v in lists.display(row[1:]) if v not in (None, ""))
                hits.append(Hit(str(public_list.title), row[0], url, meta))
    return hits


def _documents():
    """(kind, title, url, meta, text) of everything public, pages first (newest first)."""
    from django.urls import reverse

    from breakzero.portal import selectors
    from breakzero.portal.models import ArticlePage, NoticePage, PolicyPage

    for page in PolicyPage.objects.live().public().order_by("-issued_on"):
        yield _("政策文件"), page.title, page.url, f"{page.document_number} {page.issuer}", strip_tags(page.body)
    for page in NoticePage.objects.live().public().order_by("-issued_on"):
        yield _("通知公告"), page.title, page.url, page.issuer, strip_tags(page.body)
    for page in ArticlePage.objects.live().public().select_related("region").order_by("-issued_on"):
        paragraphs = (strip_tags(b["value"]) for b in page.body.raw_data if b["type"] == "paragraph")
        text = " ".join([page.summary, *paragraphs])
        yield page.get_kind_display(), page.title, page.url, page.region.name if page.region else "", text
    for call in selectors.open_calls():
        yield _("正在申报"), call.title, "/portal/notices/", call.document_number, call.programme.name
    for call in selectors.publicity_calls():
        yield _("公示"), call.title, reverse("portal:notice", args=[call.pk]), call.document_number, ""
    for call in selectors.published_calls()[:200]:
        yield _("公布名单"), call.title, reverse("portal:published", args=[call.pk]), call.published_document_number, ""
    for body in selectors.service_bodies():
        yield _("服务机构"), body.name, reverse("portal:body-list"), body.get_kind_display(), body.description

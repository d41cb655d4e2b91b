"""Search across the portal in Chinese, in the database: the `SearchEntry` table (notices, policies,
articles, calls, published lists' entries, service bodies, events; written by `search_index`).

Chinese has no spaces, so a term matches as a substring of the normalised title or text (LIKE
'%term%'; NFKC, case, punctuation, brackets and spaces dropped on both sides: "首台套" finds
"首台（套）"); every space-separated term must match. A query of 6+ characters also finds a title
remembered loosely: every 2-character piece of it in the title (LIKE, any database), or, on
PostgreSQL, a pg_trgm word similarity to the title of at least 0.4 (the %> operator on the GIN
trigram index). Trigrams alone cannot carry Chinese: pg_trgm sees a whole title as one word, and a
2-character query has only padded trigrams, none inside a run of Chinese (word_similarity('纾困',
'…纾困解难…') = 0), so LIKE stays the base. Ranked by terms found in the title, then the kind (pages
and calls before list entries), then title similarity (PostgreSQL), then date. Pages and calls are
checked against their public selectors at query time: a withdrawn page or a call past its 公示
never shows, whatever the table says. Recall on 30 queries: BENCHMARKS.md (portal)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from breakzero.portal.models import SearchEntry
from breakzero.portal.search_index import PAGE_KINDS, normalise

PAGE_SIZE = 20
MAX_TERMS = 5
SNIPPET_CHARS = 36  # either side of the first term found in the text
TRIGRAM_THRESHOLD = 0.4  # pg_trgm word similarity for a loose title match (see _set_trigram_threshold)
# Loose title matches (trigrams, 2-character pieces) only for queries of 6+ characters: shorter ones
# are words typed exactly, and at 0.4 a 4-character query like "湖南搜索" is "similar" to every 湖南省… title.
LOOSE_FROM = 6


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    meta: str
    snippet: SafeString


def terms_of(query: str) -> list[str]:
    return [t for t in (normalise(part) for part in query.split()) if t][:MAX_TERMS]


def search_entries(*, query: str, fuzzy: bool = True) -> QuerySet[SearchEntry]:
    """The ranked, public entries matching `query` (empty for an empty query). `fuzzy=False` keeps
    exact substrings only (the bench measures what the loose matches add)."""
    terms = terms_of(query)
    if not terms:
        return SearchEntry.objects.none()
    matches = Q()
    for term in terms:
        matches &= Q(title_norm__contains=term) | Q(text_norm__contains=term)
    whole = "".join(terms)
    trigram = connection.vendor == "postgresql"
    if fuzzy and len(whole) >= LOOSE_FROM:
        matches |= _loose_title(whole)
    if fuzzy and trigram and len(whole) >= LOOSE_FROM:
        _set_trigram_threshold()
        matches |= Q(title_norm__trigram_word_similar=whole)
    in_title = sum((Case(When(title_norm__contains=t, then=Value(1)), default=Value(0), output_field=IntegerField())
                    for t in terms), Value(0))
    entries = _public(SearchEntry.objects.filter(matches)).annotate(in_title=in_title)
    order = ["-in_title", "-weight"]
    if trigram:
        from django.contrib.postgres.search import TrigramWordSimilarity

        entries = entries.annotate(similarity=TrigramWordSimilarity(Value(whole), "title_norm"))
        order.append("-similarity")
    return entries.order_by(*order, "-dated", "pk")


def portal_search(*, query: str, page: str | int | None = 1, per_page: int = PAGE_SIZE, fuzzy: bool = True) -> Page:
    """One page of hits (a Paginator page whose `object_list` holds `Hit`s with a highlighted snippet)."""
    result = Paginator(search_entries(query=query, fuzzy=fuzzy), per_page).get_page(page)
    terms = terms_of(query)
    result.object_list = [_hit(entry, terms) for entry in result.object_list]
    return result


def highlight(text: str, terms: list[str]) -> SafeString:
    """A window of `text` around the first term found, every term in it marked (<mark>), escaped.
    A term matches across the punctuation and spaces normalisation dropped ("首台套" in "首台（套）")."""
    patterns = [re.compile(r"[\W_]*".join(map(re.escape, term)), re.IGNORECASE) for term in terms]
    found = [m for p in patterns if (m := p.search(text))]
    start = max(min((m.start() for m in found), default=0) - SNIPPET_CHARS, 0)
    window = text[start:start + 2 * SNIPPET_CHARS + max((len(t) for t in terms), default=0)]
    spans = sorted({m.span() for p in patterns for m in p.finditer(window)})
    parts, cursor = [], 0
    for begin, end in spans:
        if begin < cursor:
            continue
        parts += [escape(window[cursor:begin]), f"<mark>{escape(window[begin:end])}</mark>"]
        cursor = end
    parts.append(escape(window[cursor:]))
    prefix = "…" if start else ""
    suffix = "…" if start + len(window) < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 (every piece escaped above)


def _loose_title(whole: str) -> Q:
    """A title remembered loosely: every 2-character piece of the query in the title, in any order,
    with other words between ("单项冠军认定办法" → 单项·冠军·认定·办法 → 《…单项冠军企业认定管理办法》).
    Most Chinese words are two characters; LIKE on each piece works where trigrams cannot."""
    pieces = [whole[i:i + 2] for i in range(0, len(whole) - 1, 2)]
    if len(whole) % 2:
        pieces.append(whole[-2:])
    loose = Q()
    for piece in pieces:
        loose &= Q(title_norm__contains=piece)
    return loose


def _set_trigram_threshold() -> None:
    """pg_trgm's %> operator (index-assisted) compares with a setting, default 0.6; Chinese titles
    are single long "words" to pg_trgm, so a loosely remembered title scores 0.4-0.55 (measured)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                       [str(TRIGRAM_THRESHOLD)])


def _public(entries: QuerySet[SearchEntry]) -> QuerySet[SearchEntry]:
    """Pages only while live and public; calls only while open, in 公示 or published."""
    from wagtail.models import Page as WagtailPage

    from breakzero.portal import selectors

    Kind = SearchEntry.Kind
    calls = {Kind.CALL: selectors.open_calls(), Kind.PUBLICITY: selectors.publicity_calls(),
             Kind.PUBLISHED: selectors.published_calls()}
    visible = Q(page_id__in=WagtailPage.objects.live().public().values("pk")) & Q(kind__in=PAGE_KINDS)
    for kind, queryset in calls.items():
        visible |= Q(kind=kind, source_id__in=queryset.values("pk"))
    visible |= Q(kind__in=(Kind.LIST_ENTRY, Kind.SERVICE_BODY, Kind.EVENT))
    return entries.filter(visible)


def _hit(entry: SearchEntry, terms: list[str]) -> Hit:
    return Hit(kind=entry.get_kind_display(), title=entry.title, url=entry.url, meta=entry.meta,
               snippet=highlight(entry.text or entry.meta, terms))

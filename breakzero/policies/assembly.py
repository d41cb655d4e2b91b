"""Facts assembly: the rules' fact dataclasses built from platform data plus declared facts.

The platform's own data wins (yearly data, granted patents, titles); declared facts
fill the gaps. Loading is set-based — a handful of queries into dicts — so the same
code serves one enterprise's check-up page and the 100,000-enterprise screening.
The prior fiscal year is `as_of.year - 1` (63号: 上年度).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Q

from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.policies import declared as spec
from breakzero.policies.models import DeclaredFacts
from breakzero.rules.facts import EnterpriseFacts, MainProductField, RdInstitutionLevel

YEAR_COLUMNS = ("employees", "operating_revenue", "main_business_revenue", "total_assets", "total_liabilities",
                "rd_expense", "rd_staff", "high_tech_revenue", "size")
# Years of yearly data loaded: the prior year and the two before it, all the facts builders read
# (63号's prev..prev3, HNTE's three-year series); tests check an older year changes no facts.
YEARS_READ = 3
LAPSED_STATUSES = ("rejected", "withdrawn", "lapsed", "invalidated")  # no longer valid IP
SME_SIZES = frozenset({"medium", "small", "micro"})
# GB/T 4754 divisions of the super-deduction negative list (财税〔2015〕119号): tobacco, wholesale,
# retail, accommodation, catering, real estate, leasing and business services, entertainment.
EXCLUDED_DIVISIONS = frozenset({"16", "51", "52", "61", "62", "70", "71", "72", "90"})


@dataclass
class FactSource:
    """Everything known about one enterprise for one as_of date, before mapping to rule facts."""

    enterprise_id: int
    as_of: dt.date
    industry_code: str = ""
    industry_section: str = ""
    founded_on: dt.date | None = None
    years: dict[int, dict[str, Any]] = field(default_factory=dict)
    invention_grants: int | None = None  # valid granted inventions (Ⅰ类), None = patents not loaded
    other_patents: int | None = None  # utility models and designs (Ⅱ类)
    titles: frozenset[str] = frozenset()
    declared: dict[str, Any] = field(default_factory=dict)
    declared_year: int | None = None
    declared_rejected: dict[str, str] = field(default_factory=dict)  # declared key → why it is not used
    is_break_zero: bool = False
    digital_level: int | None = None  # latest recorded 数字化水平评测 level on or before as_of (digital app)
    maker_china_national: str = ""  # best 创客中国 national result recorded in the window (contests app): top50/top500
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # built facts, per rule family

    @property
    def prev(self) -> int:
        return self.as_of.year - 1

    def year(self, offset: int = 0) -> dict[str, Any]:
        return self.years.get(self.as_of.year - 1 - offset, {})

    def amount(self, key: str, offset: int = 0) -> Any:
        """Platform value of the year, or (prior year only) the declared one."""
        # self.year(offset) written out (no new empty dict, no property): the facts of one firm
        # read ~25 amounts, and bulk screening builds them for every firm.
        value = self.years.get(self.as_of.year - 1 - offset, _NO_YEAR).get(key)
        if value is None and offset == 0 and key in spec.PLATFORM_KEYS:
            value = self.declared.get(key)
        return value


_NO_YEAR: dict[str, Any] = {}  # read only (amount's missing year); never handed out


def load_sources(
    *, as_of: dt.date, enterprise_ids: Iterable[int] | None = None, pk_range: tuple[int, int] | None = None,
    patents: PatentFacts | None = None,
) -> dict[int, FactSource]:
    """FactSources for the given enterprises (all when None, or those with pk in `pk_range`
    inclusive) in seven set-based queries; `patents` = the patent facts already read for a
    superset of them (one query for the whole register beats one per pk range)."""
    ids: Any = None if enterprise_ids is None else sorted(set(enterprise_ids))
    if ids is None and pk_range is not None:
        ids = pk_range
    enterprises = _scoped(Enterprise.objects.all(), ids, field="pk")
    sources = {
        pk: FactSource(pk, as_of, code or "", section or "", founded)
        for pk, code, section, founded in enterprises.values_list("pk", "industry_code", "industry_section",
                                                                   "founded_on").iterator(chunk_size=20000)
    }
    prev = as_of.year - 1
    for row in _scoped(EnterpriseYear.objects.filter(year__range=(prev - YEARS_READ + 1, prev)), ids).values(
        "enterprise_id", "year", *YEAR_COLUMNS
    ).iterator(chunk_size=20000):
        source = sources.get(row["enterprise_id"])
        if source is not None:
            source.years[row["year"]] = row
    _load_declared(sources, ids, prev)
    _load_titles(sources, ids, as_of)
    _apply_patents(sources, patents if patents is not None else patent_facts(as_of=as_of, ids=ids))
    _load_digital_level(sources, ids, as_of)
    _load_maker_china(sources, ids, as_of)
    return sources


def enterprise_facts(source: FactSource) -> EnterpriseFacts:
    """EnterpriseFacts for the three cultivation tiers (63号) from one FactSource."""
    if not source.declared:  # most firms of a province-wide screening: nothing declared
        return _undeclared_enterprise_facts(source)
    return _enterprise_facts_in_full(source)


def _enterprise_facts_in_full(source: FactSource) -> EnterpriseFacts:
    d, y0 = source.declared, source.year(0)
    size = y0.get("size") or ""
    return EnterpriseFacts(
        as_of=source.as_of,
        is_sme=(size in SME_SIZES) if size else None,
        is_independent_legal_person=d.get("is_independent_legal_person"),
        is_on_abnormal_or_dishonest_list=d.get("is_on_abnormal_or_dishonest_list"),
        has_prohibited_products=d.get("has_prohibited_products"),
        had_major_incident_3y=d.get("had_major_incident_3y"),
        operating_revenue_prev=source.amount("operating_revenue"),
        operating_revenue_prev2=source.amount("operating_revenue", 1),
        operating_revenue_prev3=source.amount("operating_revenue", 2),
        main_business_revenue_prev=source.amount("main_business_revenue"),
        main_business_revenue_prev2=source.amount("main_business_revenue", 1),
        main_business_revenue_prev3=source.amount("main_business_revenue", 2),
        rd_expense_prev=source.amount("rd_expense"),
        rd_expense_prev2=source.amount("rd_expense", 1),
        total_assets=y0.get("total_assets"),
        total_liabilities=y0.get("total_liabilities"),
        net_profit_prev=d.get("net_profit_prev"),
        equity_financing_2y=d.get("equity_financing_2y"),
        equity_financing_3y=d.get("equity_financing_3y"),
        employees=source.amount("employees"),
        rd_staff=source.amount("rd_staff"),
        niche_years=d.get("niche_years"),
        niche_market_share_pct=d.get("niche_market_share_pct"),
        is_top3_in_china=d.get("is_top3_in_china"),
        is_top3_in_province=d.get("is_top3_in_province"),
        has_own_brand=d.get("has_own_brand"),
        ip_class1_high_value=d.get("ip_class1_high_value"),
        ip_class1_self_developed=d.get("ip_class1_self_developed"),
        ip_class1=ip_class1(source),
        ip_class2=ip_class2(source),
        ip_class1_in_use=d.get("ip_class1_in_use"),
        is_strategic_emerging_field=d.get("is_strategic_emerging_field"),
        main_product_field=_enum(MainProductField, d.get("main_product_field")),
        digital_level=source.digital_level if source.digital_level is not None else d.get("digital_level"),
        quality_items=d.get("quality_items"),
        rd_institution_level=_enum(RdInstitutionLevel, d.get("rd_institution_level")),
        has_rd_institution=d.get("has_rd_institution"),
        has_information_system=d.get("has_information_system"),
        has_foreign_certification=d.get("has_foreign_certification"),
        has_key_chain_role=d.get("has_key_chain_role"),
        is_main_product_in_key_field=d.get("is_main_product_in_key_field"),
        has_sti_award_3y=d.get("has_sti_award_3y"),
        has_valid_honour=_any_true(d.get("has_valid_hnte"), d.get("has_valid_honour")),
        has_award_top_rank_3y=d.get("has_award_top_rank_3y"),
        has_national_award_top3_3y=d.get("has_national_award_top3_5y"),
        is_maker_china_top500_3y=_any_true(source.maker_china_national in ("top500", "top50") or None,
                                           d.get("is_maker_china_top500_3y"), d.get("is_maker_china_top50_3y")),
        is_maker_china_top50_3y=_any_true(source.maker_china_national == "top50" or None, d.get("is_maker_china_top50_3y")),
        has_innovative_title="innovative_sme" in source.titles,
        has_srdi_title="srdi_sme" in source.titles,
        has_little_giant_title="little_giant" in source.titles,
    )


def _undeclared_enterprise_facts(source: FactSource) -> EnterpriseFacts:
    """_enterprise_facts_in_full of a source with nothing declared, written out: the amounts read
    straight from the years (amount() falls back to declared values only), every declared fact
    left at its default (None), _any_true and _enum of Nones folded. Tests compare the two."""
    prev, years = source.as_of.year - 1, source.years
    y0, y1, y2 = years.get(prev, _NO_YEAR), years.get(prev - 1, _NO_YEAR), years.get(prev - 2, _NO_YEAR)
    size, maker, titles = y0.get("size") or "", source.maker_china_national, source.titles
    return EnterpriseFacts.of(  # the constructor without its per-field set-up (facts._Facts.of)
        as_of=source.as_of,
        is_sme=(size in SME_SIZES) if size else None,
        operating_revenue_prev=y0.get("operating_revenue"),
        operating_revenue_prev2=y1.get("operating_revenue"),
        operating_revenue_prev3=y2.get("operating_revenue"),
        main_business_revenue_prev=y0.get("main_business_revenue"),
        main_business_revenue_prev2=y1.get("main_business_revenue"),
        main_business_revenue_prev3=y2.get("main_business_revenue"),
        rd_expense_prev=y0.get("rd_expense"),
        rd_expense_prev2=y1.get("rd_expense"),
        total_assets=y0.get("total_assets"),
        total_liabilities=y0.get("total_liabilities"),
        employees=y0.get("employees"),
        rd_staff=y0.get("rd_staff"),
        ip_class1=_plus(source.invention_grants, None),
        ip_class2=_plus(source.other_patents, None),
        digital_level=source.digital_level,
        is_maker_china_top500_3y=True if maker in ("top500", "top50") else None,
        is_maker_china_top50_3y=True if maker == "top50" else None,
        has_innovative_title="innovative_sme" in titles,
        has_srdi_title="srdi_sme" in titles,
        has_little_giant_title="little_giant" in titles,
    )


def ip_class1(source: FactSource) -> int | None:
    """Ⅰ类 IP: valid granted invention patents on the platform plus declared other Ⅰ类 items."""
    return _plus(source.invention_grants, source.declared.get("ip_class1_other"))


def ip_class2(source: FactSource) -> int | None:
    """Ⅱ类 IP: utility models and designs on the platform plus declared software copyrights etc."""
    return _plus(source.other_patents, source.declared.get("ip_class2_other"))


def is_manufacturing(source: FactSource) -> bool | None:
    """制造业企业 by the registered industry (GB/T 4754 section C); None when the industry is unknown."""
    return (source.industry_section == "C") if source.industry_section else None


def is_excluded_industry(source: FactSource) -> bool | None:
    """In the super-deduction negative list by the registered industry division."""
    return (source.industry_code[:2] in EXCLUDED_DIVISIONS) if source.industry_code else None


def _plus(platform: int | None, extra: int | None) -> int | None:
    if platform is None and extra is None:
        return None
    return (platform or 0) + (extra or 0)


def _any_true(*values: bool | None) -> bool | None:
    if any(v is True for v in values):
        return True
    return False if any(v is False for v in values) else None


def _enum(kind: type, value: Any) -> Any:
    try:
        return None if value is None else kind(value)
    except ValueError:
        return None


def _scoped(qs: Any, ids: list[int] | tuple[int, int] | None, *, field: str = "enterprise_id") -> Any:
    """Filter to a list of ids, or to an inclusive (low, high) pk range for batched screening."""
    if ids is None:
        return qs
    if isinstance(ids, tuple):
        return qs.filter(**{f"{field}__gte": ids[0], f"{field}__lte": ids[1]})
    return qs.filter(**{f"{field}__in": ids})


def _load_declared(sources: dict[int, FactSource], ids: Any, prev: int) -> None:
    """Declared facts of the prior year; a later declaration (current year) overrides nothing.

    Values stored before validation existed (or contradicting yearly data loaded
    since) are not used: they go to `declared_rejected` with the reason.
    """
    rows = _scoped(DeclaredFacts.objects.filter(year=prev), ids).values_list("enterprise_id", "data")
    for enterprise_id, data in rows.iterator(chunk_size=20000):
        source = sources.get(enterprise_id)
        if source is not None:
            typed = spec.values(data)
            rejected = spec.declared_errors(
                typed, year=prev, platform=source.year(0), founded_on=None, today=source.as_of
            )
            rejected.pop("year", None)
            source.declared = {k: v for k, v in typed.items() if k not in rejected}
            source.declared_rejected = rejected
            source.declared_year = prev


def _load_titles(sources: dict[int, FactSource], ids: Any, as_of: dt.date) -> None:
    try:
        title_model = apps.get_model("cultivation", "Title")
    except LookupError:
        return
    held: dict[int, set[str]] = defaultdict(set)
    rows = _scoped(title_model.objects.filter(recognized_on__lte=as_of, valid_until__gte=as_of), ids)
    for enterprise_id, tier in rows.values_list("enterprise_id", "tier").iterator(chunk_size=20000):
        held[enterprise_id].add(tier)
    for enterprise_id, tiers in held.items():
        if enterprise_id in sources:
            sources[enterprise_id].titles = frozenset(tiers)


def _load_digital_level(sources: dict[int, FactSource], ids: Any, as_of: dt.date) -> None:
    """The level of each enterprise's latest assessment on or before as_of (programme-rules-2.md §3.3: the
    评测 result is the evidence for the 63号 附件2 "数字化水平" item); it wins over a declared level."""
    try:
        assessment_model = apps.get_model("digital", "Assessment")
    except LookupError:
        return
    rows = _scoped(assessment_model.objects.filter(assessed_on__lte=as_of, level__isnull=False), ids)
    latest = dict(rows.order_by("enterprise_id", "assessed_on", "pk").values_list("enterprise_id", "level"))
    for enterprise_id, level in latest.items():
        if enterprise_id in sources:
            sources[enterprise_id].digital_level = level


# 63号: national 创客中国 top 500 / top 50 "近三年". Read as the editions of the as_of year and the two before it
# (UNCONFIRMED reading of "近三年"; the one place to change it).
MAKER_CHINA_YEARS = 3


def _load_maker_china(sources: dict[int, FactSource], ids: Any, as_of: dt.date) -> None:
    """The best national result of each enterprise's 创客中国 entries in the window, as recorded by the province
    (contests.Entry.national_result); a recorded result adds to what the enterprise declared."""
    try:
        entry_model = apps.get_model("contests", "Entry")
    except LookupError:
        return
    rows = entry_model.objects.filter(
        contest__kind="maker_china", contest__year__gte=as_of.year - MAKER_CHINA_YEARS + 1, contest__year__lte=as_of.year,
        national_result__in=("top500", "top50"), enterprise__isnull=False)
    for enterprise_id, result in _scoped(rows, ids).values_list("enterprise_id", "national_result"):
        if enterprise_id in sources and sources[enterprise_id].maker_china_national != "top50":
            sources[enterprise_id].maker_china_national = result


@dataclass(frozen=True)
class PatentFacts:
    """Per enterprise: (valid granted inventions, other valid granted patents), and who broke zero."""

    counts: dict[int, tuple[int, int]] | None  # None: the patents app is not installed
    break_zero: frozenset[int] = frozenset()


def patent_facts(*, as_of: dt.date, ids: Any = None) -> PatentFacts:
    """Counts per enterprise of valid granted patents (grant_date ≤ as_of, not lapsed), and the
    enterprises with a break-zero event; `ids` as for `_scoped` (None = every enterprise)."""
    try:
        applicant_model = apps.get_model("patents", "PatentApplicant")
        event_model = apps.get_model("patents", "BreakZeroEvent")
    except LookupError:
        return PatentFacts(None)
    granted = Q(patent__grant_date__isnull=False, patent__grant_date__lte=as_of) & ~Q(
        patent__legal_status__in=LAPSED_STATUSES
    )
    invention = Q(patent__kind__in=("invention", "pct_invention"))
    rows = (
        _scoped(applicant_model.objects.filter(granted, enterprise__isnull=False), ids)
        .values("enterprise_id")
        .annotate(inventions=Count("patent", filter=invention, distinct=True),
                  others=Count("patent", filter=~invention, distinct=True))
    )
    # Fetched whole, not through a server-side cursor: a cursor plans for the first rows (no
    # parallel hash join) and took 15 × longer over a million patents. ≤ 1 row per enterprise.
    counts = {r["enterprise_id"]: (r["inventions"], r["others"]) for r in rows}
    events = _scoped(event_model.objects.all(), ids).values_list("enterprise_id", flat=True)
    return PatentFacts(counts, frozenset(events))


def _apply_patents(sources: dict[int, FactSource], patents: PatentFacts) -> None:
    if patents.counts is None:
        return
    for enterprise_id, source in sources.items():
        source.invention_grants, source.other_patents = patents.counts.get(enterprise_id, (0, 0))
        source.is_break_zero = enterprise_id in patents.break_zero


def declared_discrepancies(source: FactSource, raw_declared: dict[str, Any]) -> dict[str, Decimal]:
    """Declared amounts differing from the platform's yearly data by more than 5 %: {key: percent}."""
    typed = spec.values(raw_declared)
    result = {}
    for key, column in spec.PLATFORM_KEYS.items():
        gap = spec.discrepancy(typed.get(key), source.year(0).get(column))
        if gap is not None and gap > spec.DISCREPANCY_PERCENT:
            result[key] = gap
    return result

"""The records behind each summary number (drill-down lists and their xlsx exports).

Each listing applies the same rules as computations.py, through the ORM, for one region/year/month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from breakzero.calls.models import Application, State
from breakzero.contests.models import Entry as ContestEntry
from breakzero.cultivation.models import Title
from breakzero.digital.models import Assessment, DigitalUse
from breakzero.enterprises.models import EnterpriseYear
from breakzero.indicators.computations import SME_SIZES
from breakzero.indicators.definitions import Indicator, little_giant_levels
from breakzero.indicators.models import Participant
from breakzero.ipfinance.models import Achievement, NavigationProject, PatentDeal, PledgeLoan
from breakzero.patents.models import INVENTION_KINDS, BreakZeroEvent, Patent, PatentApplicant
from breakzero.regions.models import Region
from breakzero.regions.selectors import descendants_filter
from breakzero.service_bodies.models import Engineer, ServiceBody
from breakzero.talent.models import ExchangeVisit, FlexibleExpert, LeadingTalent, TrainingCourse


@dataclass
class Listing:
    indicator: Indicator
    region: Region
    year: int
    month: int | None
    headers: list[str]
    queryset: QuerySet
    kind: str
    level: str = ""  # titles narrowed to one level (its own line on the dashboard)
    until: int | None = None  # dated records of months 1…until only

    def rows(self, objects: Iterable[Any] | None = None) -> list[list[Any]]:
        return [_ROW[self.kind](obj, self) for obj in (self.queryset if objects is None else objects)]

    def figure(self) -> Decimal | None:
        """What the listed records add up to: the count or sum the summary must show for them (a sum or
        ratio over no records has no value)."""
        if self.kind == "years":
            return _years_figure(self.indicator, self.queryset)
        if self.indicator.id in _SUM_FIELD:  # a sum over no records has no value (a head count is 0)
            total = self.queryset.aggregate(total=Sum(_SUM_FIELD[self.indicator.id]))["total"]
            return (Decimal(0) if self.indicator.is_count else None) if total is None else Decimal(total)
        if self.kind == "titles":  # an enterprise holding two titles counts once
            return Decimal(self.queryset.order_by().values("enterprise").distinct().count())
        return Decimal(self.queryset.count())


def listing(
    *, indicator: Indicator, region: Region, year: int, month: int | None, level: str = "", until: int | None = None
) -> Listing:
    """The records behind one figure; `level` narrows title records to one level's own line, `until` keeps
    dated records of months 1…until (a month or quarter bulletin's year-to-date figure)."""
    kind = indicator.records
    if kind == "titles" and level:
        headers, queryset = _titles(indicator=indicator, region=region, year=year, month=month, levels=(level,))
    else:
        headers, queryset = _BUILD[kind](indicator=indicator, region=region, year=year, month=month)
    until = until if until and indicator.has_months and month is None else None
    if until:
        queryset = queryset.filter(**{_DATE_FIELD[kind] + "__month__lte": until})
    return Listing(indicator, region, year, month, headers, queryset, kind, level if kind == "titles" else "", until)


ENTERPRISE_HEADERS = ["企业名称", "统一社会信用代码", "市州", "区县"]


def _in_region(region: Region, prefix: str = "enterprise__") -> dict:
    return descendants_filter(region, county_field=f"{prefix}county", city_field=f"{prefix}city")


def _break_zero(*, indicator, region, year, month):
    qs = BreakZeroEvent.objects.filter(is_sme=True, year=year, **_in_region(region))
    if month:
        qs = qs.filter(break_zero_date__month=month)
    qs = qs.select_related("enterprise__city", "enterprise__county", "patent").order_by("break_zero_date", "pk")
    return [*ENTERPRISE_HEADERS, "破零日期", "专利申请号", "当年规模"], qs


def _patents(*, indicator, region, year, month):
    size = EnterpriseYear.objects.filter(enterprise=OuterRef("enterprise"), year=year).values("size")[:1]
    applicants = PatentApplicant.objects.filter(patent=OuterRef("pk"), **_in_region(region)).annotate(year_size=Subquery(size))
    sme = applicants.filter(Q(year_size__in=SME_SIZES) | (Q(year_size__isnull=True) | Q(year_size="")) & Q(enterprise__latest_size__in=SME_SIZES))
    qs = Patent.objects.filter(Exists(sme), kind__in=INVENTION_KINDS, grant_date__year=year)
    if month:
        qs = qs.filter(grant_date__month=month)
    return ["申请号", "发明名称", "授权公告日", "申请人"], qs.prefetch_related("applicants").order_by("grant_date", "pk")


def _years(*, indicator, region, year, month):
    field = _YEAR_FIELD[indicator.id]
    sme = Q(size__in=SME_SIZES) | Q(size="") & Q(enterprise__latest_size__in=SME_SIZES)
    qs = EnterpriseYear.objects.filter(sme, year=year, **{f"{field}__isnull": False}, **_in_region(region))
    if indicator.id == "rd_intensity":
        qs = qs.filter(operating_revenue__gt=0)
    headers = [*ENTERPRISE_HEADERS, "规模", "营业收入", "研发费用", "研发投入强度", "新产品销售收入", "新产品利润"]
    return headers, qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")


def _year_end(year: int) -> dt.date:
    """The day a stock is measured on: the year's end, or today in the current year (as the summary)."""
    return min(dt.date(year, 12, 31), timezone.localdate())


def _titles(*, indicator, region, year, month, levels: tuple[str, ...] | None = None):
    """Valid 小巨人 titles at the year's end, of the levels the indicator counts (or the levels asked for)."""
    day = _year_end(year)
    qs = Title.objects.filter(tier=Title.Tier.LITTLE_GIANT, recognized_on__lte=day, valid_until__gte=day,
                              level__in=levels or little_giant_levels(), **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")
    return [*ENTERPRISE_HEADERS, "层级", "批次", "认定日期", "有效期至"], qs


def _bodies(*, indicator, region, year, month):
    """Service bodies of the indicator's kind recognised and valid at the year's end (as stats._bodies_inner)."""
    day = _year_end(year)
    kind = {"platforms": ServiceBody.Kind.PLATFORM, "core_institutions": ServiceBody.Kind.CORE_INSTITUTION}[indicator.id]
    qs = ServiceBody.objects.filter(kind=kind, is_active=True, recognized_on__lte=day, valid_until__gte=day,
                                    **descendants_filter(region, county_field="region", city_field="city"))
    qs = qs.select_related("region", "city").order_by("name", "pk")
    return ["名称", "统一社会信用代码", "市州", "所在区域", "认定级别", "认定日期", "有效期至"], qs


def _engineers(*, indicator, region, year, month):
    """Engineers trained or certified by the year's end (cumulative, as stats.engineers_inner)."""
    day = _year_end(year)
    qs = Engineer.objects.annotate(first_training=Min("trainings__trained_on")).filter(
        Q(certified_on__lte=day) | Q(first_training__lte=day), **descendants_filter(region)
    )
    qs = qs.select_related("city", "county").order_by("name", "pk")
    return ["姓名", "市州", "区县", "证书编号", "发证日期", "首次培训日期"], qs


def _participants(*, indicator, region, year, month):
    qs = Participant.objects.filter(year=year, **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")
    return [*ENTERPRISE_HEADERS, "备注"], qs


def _digital_uses(*, indicator, region, year, month):
    """One row per enterprise on the cloud / a platform in the year (as computations_empowerment.digital_uses)."""
    kind = {"cloud_enterprises": DigitalUse.Kind.CLOUD, "platform_enterprises": DigitalUse.Kind.PLATFORM}[indicator.id]
    qs = DigitalUse.objects.filter(kind=kind, year=year, **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")
    return [*ENTERPRISE_HEADERS, "服务商/平台运营方", "工业互联网平台", "使用的服务"], qs


def _digital_assessments(*, indicator, region, year, month):
    """Each enterprise's highest-level assessment dated in the year, of the indicator's lowest level or above
    (三级+, or any level for digital_assessed; one row per enterprise, its level shown)."""
    lowest = 1 if indicator.id == "digital_assessed" else 3
    best = Assessment.objects.filter(enterprise=OuterRef("enterprise"), assessed_on__year=year, level__gte=lowest).order_by(
        "-level", "-assessed_on", "-pk").values("pk")[:1]
    qs = Assessment.objects.filter(assessed_on__year=year, level__gte=lowest, pk=Subquery(best), **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")
    return [*ENTERPRISE_HEADERS, "评测指标版本", "评测日期", "评测方式", "总分", "等级"], qs


def _contest_entries(*, indicator, region, year, month):
    """Entries of the year's editions placed in the region (awarded ones for contest_winners)."""
    qs = ContestEntry.objects.filter(contest__year=year, **descendants_filter(region))
    if indicator.id == "contest_winners":
        qs = qs.exclude(award="")
    qs = qs.select_related("contest", "enterprise", "city", "county").order_by("contest", "project", "pk")
    return ["赛事", "组别", "参赛企业/团队", "参赛项目", "市州", "区县", "已进入阶段", "奖项"], qs


def _talents(*, indicator, region, year, month):
    qs = LeadingTalent.objects.filter(year=year, **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")
    return [*ENTERPRISE_HEADERS, "类型", "姓名/团队", "人才计划", "领域"], qs


def _applications(*, indicator, region, year, month):
    """Published applications of the indicator's programme type in the year's calls (as
    computations_empowerment.published_applications), placed by the application's county and city."""
    programme_type = _PROGRAMME_TYPE[indicator.id]
    qs = Application.objects.filter(call__programme__programme_type=programme_type, state=State.PUBLISHED,
                                    call__year=year, city__isnull=False, **descendants_filter(region))
    qs = qs.select_related("enterprise__city", "enterprise__county", "call").order_by("enterprise__name", "pk")
    return [*ENTERPRISE_HEADERS, "申报批次", "通知文号", "专家评分"], qs


def _patent_deals(*, indicator, region, year, month):
    qs = PatentDeal.objects.filter(signed_on__year=year, **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").prefetch_related("patents")
    return [*ENTERPRISE_HEADERS, "方式", "转让方/许可方", "专利申请号", "合同金额（万元）", "签订日期"], qs.order_by(
        "signed_on", "pk")


def _pledge_loans(*, indicator, region, year, month):
    qs = PledgeLoan.objects.filter(lent_on__year=year, **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").prefetch_related("patents")
    return [*ENTERPRISE_HEADERS, "贷款银行", "贷款金额（万元）", "期限（月）", "放款日期", "质押专利"], qs.order_by(
        "lent_on", "pk")


def _digital_levels(*, indicator, region, year, month):
    """Each enterprise's highest-level assessment dated in the year, when that level is the indicator's own
    (as computations_empowerment.digital_level: one row per enterprise)."""
    level = int(indicator.id.rsplit("_", 1)[1])
    best = Assessment.objects.filter(enterprise=OuterRef("enterprise"), assessed_on__year=year,
                                     level__isnull=False).order_by("-level", "-assessed_on", "-pk").values("pk")[:1]
    qs = Assessment.objects.filter(assessed_on__year=year, level=level, pk=Subquery(best), **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")
    return [*ENTERPRISE_HEADERS, "评测指标版本", "评测日期", "评测方式", "总分", "等级"], qs


def _experts(*, indicator, region, year, month):
    qs = FlexibleExpert.objects.filter(agreement_start__year=year, **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").order_by("agreement_start", "pk")
    return [*ENTERPRISE_HEADERS, "姓名", "来自单位", "协议开始", "协议结束", "每年服务天数"], qs


def _placed(model, date_field: str, region: Region, year: int) -> QuerySet:
    """Records placed in a region by their own county and city (as computations_empowerment.region_records)."""
    qs = model.objects.filter(**{f"{date_field}__year": year}, **descendants_filter(region))
    return qs.select_related("city", "county").order_by(date_field, "pk")


def _courses(*, indicator, region, year, month):
    return ["主办单位", "课程", "举办日期", "学时", "参训人数", "发证人数", "市州", "区县"], _placed(
        TrainingCourse, "held_on", region, year)


def _visits(*, indicator, region, year, month):
    return ["组织单位", "主题", "考察地点/单位", "开始日期", "结束日期", "参加人数", "市州", "区县"], _placed(
        ExchangeVisit, "started_on", region, year)


def _achievements(*, indicator, region, year, month):
    return ["成果名称", "成果类型", "持有单位", "交易方式", "参考价格（万元）", "入库日期", "市州", "区县"], _placed(
        Achievement, "listed_on", region, year)


def _navigation(*, indicator, region, year, month):
    return ["项目名称", "导航类型", "导航对象", "委托单位", "服务机构", "开始日期", "完成日期", "市州", "区县"], _placed(
        NavigationProject, "started_on", region, year)


def _place_cells(obj) -> list[Any]:
    return [obj.city.name, obj.county.name if obj.county_id else ""]


def _patent_numbers(obj) -> str:
    return "；".join(p.application_number for p in obj.patents.all())


def _years_figure(indicator: Indicator, queryset: QuerySet) -> Decimal | None:
    if not queryset.exists():
        return None
    if indicator.id == "rd_intensity":
        sums = queryset.aggregate(rd=Sum("rd_expense"), revenue=Sum("operating_revenue"))
        return (sums["rd"] / sums["revenue"]).quantize(Decimal("0.000001")) if sums["revenue"] else Decimal(0)
    return queryset.aggregate(total=Sum(_YEAR_FIELD[indicator.id]))["total"] or Decimal(0)


def _enterprise_cells(enterprise) -> list[Any]:
    return [enterprise.name, enterprise.uscc, enterprise.city.name, enterprise.county.name if enterprise.county_id else ""]


_BUILD = {"break_zero": _break_zero, "patents": _patents, "years": _years, "titles": _titles, "participants": _participants,
          "bodies": _bodies, "engineers": _engineers, "digital_uses": _digital_uses,
          "digital_assessments": _digital_assessments, "contest_entries": _contest_entries,
          "talents": _talents, "applications": _applications, "patent_deals": _patent_deals,
          "pledge_loans": _pledge_loans, "digital_levels": _digital_levels, "experts": _experts,
          "courses": _courses, "visits": _visits, "achievements": _achievements, "navigation": _navigation}
_ROW = {
    "break_zero": lambda e, _: [*_enterprise_cells(e.enterprise), e.break_zero_date, e.patent.application_number, e.size],
    "patents": lambda p, _: [p.application_number, p.title, p.grant_date,
                             "；".join(a.name for a in sorted(p.applicants.all(), key=lambda a: a.position))],
    "years": lambda y, _: [*_enterprise_cells(y.enterprise), y.size or y.enterprise.latest_size, y.operating_revenue,
                           y.rd_expense, y.rd_intensity.quantize(_Q4) if y.rd_intensity is not None else "",
                           y.new_product_revenue, y.new_product_profit],
    "titles": lambda t, _: [*_enterprise_cells(t.enterprise), t.get_level_display(), t.batch, t.recognized_on, t.valid_until],
    "participants": lambda p, _: [*_enterprise_cells(p.enterprise), p.note],
    "bodies": lambda b, _: [b.name, b.uscc, b.city.name, b.region.name, b.get_recognition_level_display(),
                            b.recognized_on, b.valid_until],
    "engineers": lambda g, _: [g.name, g.city.name, g.county.name if g.county_id else "", g.certificate_number,
                               g.certified_on, g.first_training],
    "digital_uses": lambda u, _: [*_enterprise_cells(u.enterprise), u.provider, u.platform_name, u.services],
    "digital_assessments": lambda a, _: [*_enterprise_cells(a.enterprise), a.version, a.assessed_on,
                                         a.get_mode_display(), a.score, a.level],
    "contest_entries": lambda x, _: [x.contest.name, x.get_group_display(), x.entrant, x.project, x.city.name,
                                     x.county.name if x.county_id else "", x.get_stage_display(),
                                     x.get_award_display() if x.award else ""],
    "talents": lambda t, _: [*_enterprise_cells(t.enterprise), t.get_kind_display(), t.name, t.programme, t.field],
    "applications": lambda a, _: [*_enterprise_cells(a.enterprise), a.call.title, a.call.document_number,
                                  a.score if a.score is not None else ""],
    "patent_deals": lambda d, _: [*_enterprise_cells(d.enterprise), d.get_kind_display(), d.counterparty,
                                  _patent_numbers(d), d.value, d.signed_on],
    "pledge_loans": lambda p, _: [*_enterprise_cells(p.enterprise), p.bank, p.amount, p.term_months, p.lent_on,
                                  _patent_numbers(p)],
    "digital_levels": lambda a, _: [*_enterprise_cells(a.enterprise), a.version, a.assessed_on,
                                    a.get_mode_display(), a.score, a.level],
    "experts": lambda x, _: [*_enterprise_cells(x.enterprise), x.name, x.from_organisation, x.agreement_start,
                             x.agreement_end, x.days_per_year if x.days_per_year is not None else ""],
    "courses": lambda c, _: [c.organiser, c.course, c.held_on, c.hours, c.attendees, c.certificates, *_place_cells(c)],
    "visits": lambda v, _: [v.organiser, v.theme, v.destination, v.started_on, v.ended_on, v.participants,
                            *_place_cells(v)],
    "achievements": lambda a, _: [a.title, a.get_kind_display(), a.holder, a.get_offer_display(),
                                  a.asking_price if a.asking_price is not None else "", a.listed_on, *_place_cells(a)],
    "navigation": lambda n, _: [n.name, n.get_kind_display(), n.subject, n.client, n.provider, n.started_on,
                                n.finished_on or "", *_place_cells(n)],
}
_Q4 = Decimal("0.0001")
_DATE_FIELD = {"break_zero": "break_zero_date", "patents": "grant_date"}  # the date a dated record counts on
_SUM_FIELD = {"patent_deal_value": "value", "pledge_loan_amount": "amount",  # sums of 万元, not counts
              "training_attendees": "attendees"}
_PROGRAMME_TYPE = {"title_approvals": "title_green_channel", "defence_projects": "defence_core_technology"}
_YEAR_FIELD = {"rd_intensity": "rd_expense", "new_product_revenue": "new_product_revenue",
               "new_product_profit": "new_product_profit"}

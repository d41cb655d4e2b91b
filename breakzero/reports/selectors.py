"""Reads of the reports app: plan status per region, missing plans, supervision tasks, notifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from breakzero.regions.models import Region
from breakzero.reports import access
from breakzero.reports.models import Bulletin, ImplementationPlan, PlanPeriod, SupervisionTask

PROGRAMME_YEARS = (2020, 2021, 2022)


@dataclass
class PlanStatusRow:
    region: Region
    plan: ImplementationPlan | None  # latest version for the period (or the whole-period plan)
    is_own: bool
    can_review: bool

    @property
    def is_missing(self) -> bool:
        return self.plan is None or self.plan.status == ImplementationPlan.Status.RETURNED


# ------------------------------------------------------------------ plans


def regions_missing_plans(region: Region, year: int) -> list[Region]:
    """Cities and counties inside `region` without a live plan for `year`.

    A plan for the year or for the whole period 2020–2022 counts once submitted or approved; a region
    whose latest version was returned counts as missing until it re-uploads. Province: every city and
    county; a city: its counties; a county: nothing inside it.
    """
    regions = list(_regions_inside(region))
    latest = latest_plans(codes=[r.code for r in regions], periods=_periods_for_year(year))
    covering = {r.code: _covering(latest, r.code, year) for r in regions}
    return [r for r in regions if covering[r.code] is None or covering[r.code].status == ImplementationPlan.Status.RETURNED]


def plan_status_rows(*, user: Any, period: str, include_counties: bool = False) -> list[PlanStatusRow]:
    """The user's own plan (cities, counties) and the plans of the regions they govern directly below."""
    own = access.own_region(user)
    if own is None:
        return []
    regions = [] if own.is_province else [own]
    below = Region.objects.filter(parent=own) if not own.is_county else Region.objects.none()
    regions += list(below.order_by("code"))
    if include_counties and own.is_province:
        regions += list(Region.objects.filter(level=Region.Level.COUNTY).order_by("city_code", "code"))
    periods = [period, PlanPeriod.WHOLE] if period != PlanPeriod.WHOLE else [period]
    latest = latest_plans(codes=[r.code for r in regions], periods=periods)
    rows = []
    for region in regions:
        plan = latest.get((region.code, period)) or latest.get((region.code, PlanPeriod.WHOLE))
        rows.append(PlanStatusRow(region, plan, region.code == own.code, access.can_review_plan(user, region)))
    return rows


def latest_plans(*, codes: list[str], periods: list[str]) -> dict[tuple[str, str], ImplementationPlan]:
    """{(region, period): latest version} in one query."""
    qs = ImplementationPlan.objects.filter(region_id__in=codes, period__in=periods).order_by("version")
    return {(p.region_id, p.period): p for p in qs.select_related("region", "uploaded_by")}


def plan_get(*, user: Any, pk: int) -> ImplementationPlan:
    plan = ImplementationPlan.objects.select_related("region", "uploaded_by", "reviewer").filter(pk=pk).first()
    if plan is None or not access.can_view_plans_of(user, plan.region):
        raise Http404("方案不存在或不在您的管辖范围内")
    return plan


def plan_versions(*, plan: ImplementationPlan) -> QuerySet[ImplementationPlan]:
    return ImplementationPlan.objects.filter(region=plan.region, period=plan.period).prefetch_related(
        "reviews__actor").select_related("uploaded_by", "reviewer").order_by("-version")


def _regions_inside(region: Region) -> QuerySet[Region]:
    if region.is_province:
        return Region.objects.exclude(code=region.code).order_by("city_code", "code")
    if region.is_prefecture:
        return Region.objects.filter(level=Region.Level.COUNTY, city_code=region.code).order_by("code")
    return Region.objects.none()


def _periods_for_year(year: int) -> list[str]:
    return [str(year), PlanPeriod.WHOLE] if str(year) in PlanPeriod.values else [PlanPeriod.WHOLE]


def _covering(latest: dict, code: str, year: int) -> ImplementationPlan | None:
    """The year's own plan wins over the whole-period plan when both exist."""
    return latest.get((code, str(year))) or latest.get((code, PlanPeriod.WHOLE))


# ------------------------------------------------------------------ supervision tasks


@dataclass(frozen=True)
class TaskFilters:
    status: str = ""
    is_overdue: bool = False
    region_code: str = ""


def tasks_visible_to(user: Any) -> QuerySet[SupervisionTask]:
    """Tasks addressed to the user's region or any region inside it (empty for non-officials)."""
    own = access.own_region(user)
    qs = SupervisionTask.objects.select_related("region", "creator_region", "created_by")
    if own is None:
        return qs.none()
    if own.is_province:
        return qs
    if own.is_prefecture:
        return qs.filter(Q(region_id=own.code) | Q(region__city_code=own.code))
    return qs.filter(region_id=own.code)


def task_list(*, user: Any, filters: TaskFilters, today: dt.date) -> QuerySet[SupervisionTask]:
    qs = tasks_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.is_overdue:
        qs = qs.filter(overdue_q(today))
    region = Region.objects.filter(code=filters.region_code).first() if filters.region_code else None
    if region is not None and region.is_prefecture:
        qs = qs.filter(Q(region_id=region.code) | Q(region__city_code=region.code))
    elif region is not None and region.is_county:
        qs = qs.filter(region_id=region.code)
    return qs.order_by("due_date", "-pk")


def overdue_q(today: dt.date) -> Q:
    """Overdue = still waiting for the region's answer (open) after the due date."""
    return Q(status=SupervisionTask.Status.OPEN, due_date__lt=today)


def is_overdue(task: SupervisionTask, today: dt.date) -> bool:
    return task.status == SupervisionTask.Status.OPEN and task.due_date < today


def task_get(*, user: Any, pk: int) -> SupervisionTask:
    task = tasks_visible_to(user).filter(pk=pk).first()
    if task is None:
        raise Http404("督办事项不存在或不在您的管辖范围内")
    return task


def task_export_rows(*, tasks: QuerySet[SupervisionTask], today: dt.date) -> tuple[list[str], list[list[Any]]]:
    headers = ["编号", "标题", "督办地区", "发起地区", "相关指标", "年度", "办理期限", "状态", "是否逾期", "发起人", "发起时间"]
    from breakzero.indicators import definitions

    rows = []
    for t in tasks:
        name = definitions.REGISTRY[t.indicator].name_zh if t.indicator in definitions.REGISTRY else t.indicator
        rows.append([t.pk, t.title, t.region.name, t.creator_region.name, name, t.year, t.due_date,
                     t.get_status_display(), is_overdue(t, today), str(t.created_by or ""), t.created_at])
    return headers, rows


# ------------------------------------------------------------------ bulletins and notifications


def bulletins_visible_to(user: Any) -> QuerySet[Bulletin]:
    own = access.own_region(user)
    if own is None:
        return Bulletin.objects.none()
    codes = [r.code for r in Region.objects.filter(level__in=["province", "prefecture"])
             if access.can_view_bulletin_region(user, r)]
    return Bulletin.objects.filter(region_id__in=codes).select_related("region", "created_by")


def bulletin_get(*, user: Any, pk: int) -> Bulletin:
    bulletin = bulletins_visible_to(user).filter(pk=pk).first()
    if bulletin is None:
        raise Http404("通报不存在或不在您的管辖范围内")
    return bulletin


def task_text_from_bulletin(*, bulletin: Bulletin, region_code: str, indicator: str) -> dict[str, str]:
    """Title and content of a supervision task started from a bulletin's lagging line: the region,
    the indicator and its figures as the bulletin showed them (empty when the line is not there)."""
    line = next((row for row in bulletin.summary.get("lagging", [])
                 if row.get("region_code") == region_code and row.get("indicator") == indicator), None)
    if line is None:
        return {}
    label = bulletin.summary.get("label", "")
    ratio = f"{float(line['ratio']) * 100:.1f}%" if line.get("ratio") not in (None, "") else "—"
    figures = (f"实际 {line.get('actual') or '—'}{line.get('unit', '')}，目标 {line.get('target') or '—'}{line.get('unit', '')}，"
               f"完成 {ratio}，预计全年 {line.get('forecast') or '—'}，状态：{line.get('status_label', '')}")
    return {
        "title": f"{line['region_name']}{line['name']}进度{line.get('status_label', '')}督办",
        "description": (f"根据{bulletin.region.name}{label}调度通报，{line['region_name']}“{line['name']}”{figures}。"
                        "请于办理期限前说明原因，提出整改措施和完成时限。"),
    }

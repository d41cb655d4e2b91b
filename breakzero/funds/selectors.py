"""Reads of the special funds, scoped to the user: projects with paid/outstanding, payments,
one view of support per enterprise or service body, and budget execution by dimension."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth

from breakzero.funds import access
from breakzero.funds.models import (
    AllocationLine, Ban, Budget, Category, CreditRecord, Fund, FundProject, Payment, Recovery, Voucher,
)
from breakzero.regions.models import Region

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)
DIMENSIONS = ("category", "city", "county", "month")


def _sum_subquery(model: Any, link: str, amount: str = "amount") -> Any:
    rows = model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(s=Sum(amount)).values("s")
    return Coalesce(Subquery(rows, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


def projects_for(*, user: Any, fund_id: int | None = None, year: int | None = None, enterprise_id: int | None = None,
                 service_body_id: int | None = None) -> QuerySet[FundProject]:
    """Projects the user may see, with paid (net of reversals), outstanding and recovered."""
    qs = (FundProject.objects.filter(access.project_scope(user)).distinct()
          .select_related("fund", "category", "enterprise", "service_body", "city")
          .annotate(paid=_sum_subquery(Payment, "project"),
                    recovered=_sum_subquery(Recovery, "clawback__project")))
    filters = {"fund_id": fund_id, "year": year, "enterprise_id": enterprise_id, "service_body_id": service_body_id}
    return qs.filter(**{k: v for k, v in filters.items() if v is not None}).order_by("-year", "pk")


def project_for(*, user: Any, pk: int) -> FundProject | None:
    return projects_for(user=user).filter(pk=pk).first()


def payments_for(*, user: Any, fund_id: int | None = None, year: int | None = None, category_id: Any = None,
                 city_id: Any = None, county_id: Any = None, month: int | None = None,
                 project_id: int | None = None) -> QuerySet[Payment]:
    """Payments behind a figure of the execution report (each figure links here with its filters);
    "none" as a category, city or county selects the payments of projects without one."""
    qs = (Payment.objects.filter(project__in=FundProject.objects.filter(access.project_scope(user)).values("pk"))
          .select_related("project", "project__fund", "project__enterprise", "project__service_body", "recorded_by"))
    filters = {"project__fund_id": fund_id, "project__year": year, "project__category_id": category_id,
               "project__city_id": city_id, "project__county_id": county_id, "paid_on__month": month,
               "project_id": project_id}
    for key, value in filters.items():
        if value == "none":
            qs = qs.filter(**{key.removesuffix("_id") + "__isnull": True})
        elif value not in (None, ""):
            qs = qs.filter(**{key: value})
    return qs.order_by("paid_on", "pk")


@dataclass(frozen=True)
class SupportRow:
    fund: str
    year: int
    kind: str
    name: str
    approved: Decimal
    paid: Decimal
    status: str
    url: str
    warning: str = ""  #: why this row may be double funding (see `_double_funding`)


def support_of(*, user: Any, enterprise_id: int | None = None, service_body_id: int | None = None) -> list[SupportRow]:
    """Every subsidy, award, voucher and post-subsidy one beneficiary received, from every fund and year,
    so that double funding is visible (the call eligibility reads the same projects)."""
    rows = [SupportRow(p.fund.name, p.year, p.get_support_mode_display(), p.name, p.approved_amount, p.paid,
                       p.get_status_display(), p.get_absolute_url())
            for p in projects_for(user=user, enterprise_id=enterprise_id, service_body_id=service_body_id)]
    if enterprise_id is not None and _may_see_enterprise_vouchers(user, enterprise_id):
        vouchers = Voucher.objects.filter(enterprise_id=enterprise_id).select_related("fund")
        rows += [SupportRow(v.fund.name, v.year, "服务券（企业受益）", v.code, v.face_value, ZERO, v.get_status_display(), "")
                 for v in vouchers]
    return sorted(_double_funding(rows), key=lambda r: (-r.year, r.fund, r.name))


def _double_funding(rows: list[SupportRow]) -> list[SupportRow]:
    """Mark grants that may fund one project twice: the same project name under another fund or year, or
    another fund's grant in the same year (service vouchers, small and per service, are not marked)."""
    def key(name: str) -> str:
        return "".join(name.split())

    grants = [r for r in rows if r.url]
    marked = []
    for row in rows:
        reasons = []
        if row.url:
            if any(o is not row and key(o.name) == key(row.name) for o in grants):
                reasons.append("同名项目另获支持")
            if any(o is not row and o.year == row.year and o.fund != row.fund for o in grants):
                reasons.append("同年度另获其他资金支持")
        marked.append(replace(row, warning="；".join(reasons)) if reasons else row)
    return marked


def _may_see_enterprise_vouchers(user: Any, enterprise_id: int) -> bool:
    from breakzero.enterprises.access import enterprises_visible_to

    if getattr(user, "role", None) == "finance":
        return access.is_province_level(user)
    return enterprises_visible_to(user).filter(pk=enterprise_id).exists()


@dataclass(frozen=True)
class ExecutionRow:
    key: Any
    label: str
    allocated: Decimal
    approved: Decimal
    paid: Decimal
    recovered: Decimal
    query: str = ""  # the payment-list filter behind every figure of the row

    @property
    def outstanding(self) -> Decimal:
        return self.approved - self.paid


def _key_param(value: Any) -> str:
    return "none" if value is None else str(value)


def execution(*, user: Any, budget: Budget, by: str) -> list[ExecutionRow]:
    """Budget execution of a fund year by category, city, county or month: allocated (category budget,
    approved city allocation, the county's share where its city passes money on, or budget documents
    issued that month), approved, paid (net of reversals), outstanding, recovered — scoped to the user."""
    projects = FundProject.objects.filter(access.project_scope(user), fund=budget.fund, year=budget.year)
    payments = Payment.objects.filter(project__in=projects.values("pk"))
    recoveries = Recovery.objects.filter(clawback__project__in=projects.values("pk"))
    base = f"fund={budget.fund_id}&year={budget.year}"
    if by == "month":
        return _execution_by_month(budget, projects, payments, recoveries, base)
    field = {"category": "category_id", "city": "city_id", "county": "county_id"}[by]
    approved = dict(projects.values(field).annotate(s=Sum("approved_amount")).values_list(field, "s"))
    paid = dict(payments.values(f"project__{field}").annotate(s=Sum("amount")).values_list(f"project__{field}", "s"))
    back = dict(recoveries.values(f"clawback__project__{field}").annotate(s=Sum("amount"))
                .values_list(f"clawback__project__{field}", "s"))
    if by == "category":
        heads = [(c.pk, c.name, c.amount) for c in Category.objects.filter(budget=budget)]
    else:
        # city: the province's approved allocation; county: the approved allocations of cities passing money on
        parent = Q(allocation__parent_region_id="430000") if by == "city" else ~Q(allocation__parent_region_id="430000")
        lines = (AllocationLine.objects.filter(parent, allocation__budget=budget, allocation__status="approved")
                 .filter(access.region_codes_scope(user)).select_related("region").order_by("region_id"))
        heads = [(line.region_id, line.region.name, line.amount) for line in lines]
    known = {k for k, _, _ in heads}
    extra = sorted(set(approved) - known, key=str)
    names = dict(Region.objects.filter(code__in=[k for k in extra if k is not None]).values_list("code", "name"))
    heads += [(k, "（未分类）" if k is None else names.get(k, str(k)), ZERO) for k in extra]
    return [ExecutionRow(k, label, amount, approved.get(k, ZERO), paid.get(k, ZERO), back.get(k, ZERO),
                         f"{base}&{by}={_key_param(k)}")
            for k, label, amount in heads]


def _execution_by_month(budget: Budget, projects: Any, payments: Any, recoveries: Any, base: str) -> list[ExecutionRow]:
    def by_month(qs: Any, date_field: str, amount: str = "amount") -> dict[int, Decimal]:
        return dict(qs.annotate(m=ExtractMonth(date_field)).values("m").annotate(s=Sum(amount)).values_list("m", "s"))

    issued = by_month(budget.documents.all(), "issued_on")
    approved = by_month(projects.filter(approved_on__year=budget.year), "approved_on", "approved_amount")
    paid, back = by_month(payments, "paid_on"), by_month(recoveries, "recovered_on")
    return [ExecutionRow(m, f"{m}月", issued.get(m, ZERO), approved.get(m, ZERO), paid.get(m, ZERO), back.get(m, ZERO),
                         f"{base}&month={m}") for m in range(1, 13)]


def execution_by_fund(*, user: Any, year: int) -> list[ExecutionRow]:
    """Every fund's execution in one year: budget total, approved, paid, outstanding, recovered."""
    projects = FundProject.objects.filter(access.project_scope(user), year=year)
    approved = dict(projects.values("fund_id").annotate(s=Sum("approved_amount")).values_list("fund_id", "s"))
    paid = dict(Payment.objects.filter(project__in=projects.values("pk")).values("project__fund_id")
                .annotate(s=Sum("amount")).values_list("project__fund_id", "s"))
    back = dict(Recovery.objects.filter(clawback__project__in=projects.values("pk")).values("clawback__project__fund_id")
                .annotate(s=Sum("amount")).values_list("clawback__project__fund_id", "s"))
    budgets = {b.fund_id: b for b in Budget.objects.filter(year=year).select_related("fund")}
    funds = {f.pk: f for f in Fund.objects.filter(pk__in=set(budgets) | set(approved))}
    rows = []
    for fund in sorted(funds.values(), key=lambda f: f.name):
        budget = budgets.get(fund.pk)
        rows.append(ExecutionRow(fund.pk, fund.name, budget.total if budget else ZERO, approved.get(fund.pk, ZERO),
                                 paid.get(fund.pk, ZERO), back.get(fund.pk, ZERO), f"fund={fund.pk}&year={year}"))
    return rows


def execution_total(rows: list[ExecutionRow], query: str = "") -> ExecutionRow:
    """The 合计 row of a report."""
    def total(name: str) -> Decimal:
        return sum((getattr(r, name) for r in rows), ZERO)

    return ExecutionRow(None, "合计", total("allocated"), total("approved"), total("paid"), total("recovered"), query)


def funds_visible(user: Any) -> QuerySet[Fund]:
    return Fund.objects.all() if access.can_see_funds(user) else Fund.objects.none()


def self_evaluation_rows(*, user: Any, budget: Budget) -> list[dict[str, Any]]:
    """绩效自评: every project of the fund year with each target, its actual and whether it was met."""
    rows = []
    projects = projects_for(user=user, fund_id=budget.fund_id, year=budget.year).prefetch_related("targets")
    for project in projects:
        for target in project.targets.all() or [None]:
            rows.append({"project": project, "target": target})
    return rows


@dataclass(frozen=True)
class SelfEvaluationSummary:
    """The fund year's 绩效自评 in figures (from the projects' targets, actuals, acceptance and money)."""

    projects: int
    approved: Decimal
    paid: Decimal
    recovered: Decimal
    targets: int
    met: int
    unmet: int
    unreported: int
    accepted: int
    failed: int
    clawed_back: int

    @property
    def payment_rate(self) -> Decimal | None:
        """Paid ÷ approved, in % (budget execution of the approved projects)."""
        return None if not self.approved else (self.paid * 100 / self.approved).quantize(Decimal("0.01"))

    @property
    def target_rate(self) -> Decimal | None:
        """Targets met ÷ targets with an actual, in %."""
        done = self.met + self.unmet
        return None if not done else (Decimal(self.met) * 100 / done).quantize(Decimal("0.01"))


def self_evaluation_summary(rows: list[dict[str, Any]]) -> SelfEvaluationSummary:
    """Totals of `self_evaluation_rows` (each project counted once)."""
    projects = {row["project"].pk: row["project"] for row in rows}.values()
    targets = [row["target"] for row in rows if row["target"] is not None]
    statuses = [p.status for p in projects]
    return SelfEvaluationSummary(
        projects=len(projects), approved=sum((p.approved_amount for p in projects), ZERO),
        paid=sum((p.paid for p in projects), ZERO), recovered=sum((p.recovered for p in projects), ZERO),
        targets=len(targets), met=sum(t.is_met is True for t in targets), unmet=sum(t.is_met is False for t in targets),
        unreported=sum(t.is_met is None for t in targets), accepted=statuses.count(FundProject.Status.ACCEPTED),
        failed=statuses.count(FundProject.Status.FAILED), clawed_back=statuses.count(FundProject.Status.RECOVERED))


def fund_applications_for(user: Any) -> QuerySet[Any]:
    """Applications to fund calls the user may read for the city-level opinions: finance staff their
    region's (province finance: all), officials as the calls engine scopes them; never drafts."""
    from breakzero.calls.access import application_scope
    from breakzero.calls.models import Application

    scope = (access.region_codes_scope(user, "city_id") if getattr(user, "role", None) == "finance"
             else application_scope(user))
    return (Application.objects.filter(scope, call__fund_call__isnull=False).exclude(state="draft")
            .select_related("enterprise", "call", "city").prefetch_related("fund_opinions").order_by("-pk"))


def vouchers_for(user: Any) -> QuerySet[Voucher]:
    return (Voucher.objects.filter(access.voucher_scope(user)).distinct()
            .select_related("fund", "enterprise", "project__service_body").order_by("-issued_on", "code"))


def voucher_to_redeem(*, user: Any, code: str) -> tuple[Voucher | None, QuerySet[Any]]:
    """A service body redeems a voucher by the code its holder hands over: the issued voucher and the
    body's own service records for the holder (none when the user belongs to no body)."""
    from breakzero.service_bodies.models import ServiceRecord

    voucher = (Voucher.objects.filter(code=code.strip().upper(), status=Voucher.Status.ISSUED)
               .select_related("fund", "enterprise").first()) if code.strip() else None
    if voucher is None or getattr(user, "role", None) != "service_body":
        return None, ServiceRecord.objects.none()
    records = ServiceRecord.objects.filter(body__members__user_id=user.pk, enterprise_id=voucher.enterprise_id,
                                           voucher__isnull=True).select_related("body").order_by("-served_on")
    return voucher, records


def credit_records_for(user: Any) -> QuerySet[CreditRecord]:
    """Credit records (blacklist, bad record): kept by the province, read by each region for its own."""
    return CreditRecord.objects.filter(access.party_scope(user)).select_related("enterprise").order_by("-listed_on", "-pk")


def bans_for(user: Any) -> QuerySet[Ban]:
    """Bans after a clawback, of enterprises and service bodies the user may read, with the amount to
    recover and what was recovered."""
    return (Ban.objects.filter(access.party_scope(user, parties=("enterprise", "service_body")))
            .select_related("fund", "enterprise", "service_body", "clawback__project")
            .annotate(recovered=Coalesce(Sum("clawback__recoveries__amount"), Value(ZERO), output_field=MONEY_FIELD))
            .order_by("-starts_on", "-pk"))


def bans_of(*, enterprise_id: int | None = None, service_body_id: int | None = None) -> QuerySet[Ban]:
    """Every ban of one beneficiary (its support view; the caller has checked the beneficiary is visible)."""
    key = {"enterprise_id": enterprise_id} if enterprise_id is not None else {"service_body_id": service_body_id}
    return Ban.objects.filter(**key).select_related("fund", "clawback").order_by("-starts_on", "-pk")


def unlinked_fund_calls() -> QuerySet[Any]:
    """Engine calls of the fund programme type not yet linked to a fund year (calls are announced
    province-wide; linking is the province's, see `access.can_manage_budget`)."""
    from breakzero.calls.models import Call
    from breakzero.funds.programme_types import FUND_CALL

    return Call.objects.filter(programme__programme_type=FUND_CALL, fund_call__isnull=True).order_by("-year", "-pk")

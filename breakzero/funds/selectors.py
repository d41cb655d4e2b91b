"""Reads of the special funds, scoped to the user: projects with paid/outstanding, payments,
one view of support per enterprise or service body, and budget execution by dimension."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth

from breakzero.funds import access
from breakzero.funds.models import (
    AllocationLine, Budget, Category, Fund, FundProject, Payment, Recovery, Voucher,
)

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)
DIMENSIONS = ("category", "city", "month")


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


def payments_for(*, user: Any, fund_id: int | None = None, year: int | None = None, category_id: int | None = None,
                 city_id: str | None = None, month: int | None = None, project_id: int | None = None) -> QuerySet[Payment]:
    """Payments behind a figure of the execution report (each figure links here with its filters)."""
    qs = (Payment.objects.filter(project__in=FundProject.objects.filter(access.project_scope(user)).values("pk"))
          .select_related("project", "project__fund", "recorded_by"))
    filters = {"project__fund_id": fund_id, "project__year": year, "project__category_id": category_id,
               "project__city_id": city_id, "paid_on__month": month, "project_id": project_id}
    return qs.filter(**{k: v for k, v in filters.items() if v not in (None, "")}).order_by("paid_on", "pk")


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
    return sorted(rows, key=lambda r: (-r.year, r.fund, r.name))


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

    @property
    def outstanding(self) -> Decimal:
        return self.approved - self.paid


def execution(*, user: Any, budget: Budget, by: str) -> list[ExecutionRow]:
    """Budget execution of a fund year by category, city or month: allocated (category budget or
    approved city allocation), approved, paid (net), outstanding, recovered — scoped to the user."""
    projects = FundProject.objects.filter(access.project_scope(user), fund=budget.fund, year=budget.year)
    payments = Payment.objects.filter(project__in=projects.values("pk"))
    recoveries = Recovery.objects.filter(clawback__project__in=projects.values("pk"))
    if by == "month":
        paid = dict(payments.annotate(m=ExtractMonth("paid_on")).values("m").annotate(s=Sum("amount")).values_list("m", "s"))
        back = dict(recoveries.annotate(m=ExtractMonth("recovered_on")).values("m").annotate(s=Sum("amount"))
                    .values_list("m", "s"))
        return [ExecutionRow(m, f"{m}月", ZERO, ZERO, paid.get(m, ZERO), back.get(m, ZERO)) for m in range(1, 13)]
    field = {"category": "category_id", "city": "city_id"}[by]
    approved = dict(projects.values(field).annotate(s=Sum("approved_amount")).values_list(field, "s"))
    paid = dict(payments.values(f"project__{field}").annotate(s=Sum("amount")).values_list(f"project__{field}", "s"))
    back = dict(recoveries.values(f"clawback__project__{field}").annotate(s=Sum("amount"))
                .values_list(f"clawback__project__{field}", "s"))
    if by == "category":
        heads = [(c.pk, c.name, c.amount) for c in Category.objects.filter(budget=budget)]
    else:
        lines = (AllocationLine.objects.filter(allocation__budget=budget, allocation__status="approved",
                                               allocation__parent_region_id="430000")
                 .filter(access.region_codes_scope(user)).select_related("region"))
        heads = [(line.region_id, line.region.name, line.amount) for line in lines]
    known = {k for k, _, _ in heads}
    heads += [(k, "（未分类）" if k is None else str(k), ZERO) for k in sorted(set(approved) - known, key=str)]
    return [ExecutionRow(k, label, amount, approved.get(k, ZERO), paid.get(k, ZERO), back.get(k, ZERO))
            for k, label, amount in heads]


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

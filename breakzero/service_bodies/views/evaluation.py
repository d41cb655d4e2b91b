"""Performance evaluation: schemes, ranking, expert adjustments, conflicts, post-subsidy simulation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.permissions import OFFICIALS, roles
from breakzero.core.views import xlsx_response
from breakzero.service_bodies import access
from breakzero.service_bodies.forms import (
    AdjustmentForm,
    ConflictForm,
    SchemeForm,
    SchemeIndicatorFormSet,
    SchemeRevisionForm,
    SubsidyForm,
)
from breakzero.service_bodies.models import ConflictDeclaration, EvaluationScheme, SubsidyPlan
from breakzero.service_bodies.selectors.evaluation import results_visible
from breakzero.service_bodies.services import evaluation as ev
from breakzero.service_bodies.scoring import SchemeRow
from breakzero.service_bodies.sheets import exports
from breakzero.service_bodies.views.common import exported, wants_xlsx

READERS = (*OFFICIALS, Role.EXPERT, Role.SYSTEM_ADMIN)


@roles(READERS)
@require_http_methods(["GET", "POST"])
def scheme_list(request: HttpRequest) -> HttpResponse:
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and access.can_manage_evaluations(request.user) and form.is_valid():
        scheme = ev.scheme_create_default(year=form.cleaned_data["year"], name=form.cleaned_data["name"])
        return redirect(scheme)
    context = {"schemes": EvaluationScheme.objects.all(), "form": form,
               "can_manage": access.can_manage_evaluations(request.user)}
    return render(request, "service_bodies/scheme_list.html", context)


@roles(READERS)
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(EvaluationScheme, pk=pk)
    results = results_visible(scheme, access.bodies_visible_to(request.user))
    indicators = list(scheme.indicators.all())
    if wants_xlsx(request):
        exported(request, "service_evaluation", results.count())
        return xlsx_response(exports.results_xlsx(results, indicators), f"绩效评价排名{scheme.year}.xlsx")
    rows = [{"result": r, "parts": [r.details.get(i.code, {}) for i in indicators]} for r in results]
    revisions = list(scheme.revisions.select_related("changed_by"))
    computed = max((r.result.created_at for r in rows), default=None)
    context = {"scheme": scheme, "rows": rows, "indicators": indicators, "revisions": revisions,
               "is_stale": bool(computed and revisions and revisions[0].changed_at > computed),
               "can_manage": access.can_manage_evaluations(request.user), "plans": scheme.subsidy_plans.all()}
    return render(request, "service_bodies/scheme_detail.html", context)


@roles(Role.PROVINCE_OFFICIAL)
@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The province edits the scheme's indicators, weights and scoring rules in one grid; one save."""
    scheme = get_object_or_404(EvaluationScheme, pk=pk)
    initial = [{"code": i.code, "name": i.name, "weight": i.weight, "computed_from": i.computed_from,
                "full_marks_at": i.full_marks_at, "evidence_required": i.evidence_required} for i in scheme.indicators.all()]
    grid = SchemeIndicatorFormSet(request.POST or None, initial=initial, prefix="ind")
    form = SchemeRevisionForm(request.POST or None)
    if request.method == "POST" and grid.is_valid() and form.is_valid():
        try:
            ev.scheme_revise(scheme=scheme, user=request.user, rows=_rows(grid), reason=form.cleaned_data["reason"])
        except (DomainError, ValidationError) as exc:
            form.add_error(None, exc.message if isinstance(exc, DomainError) else exc)
        else:
            messages.success(request, _("评价方案已修改并生效，请重新计算得分与排名。"))
            return redirect(scheme)
    context = {"scheme": scheme, "grid": grid, "form": form, "revisions": scheme.revisions.select_related("changed_by")}
    return render(request, "service_bodies/scheme_edit.html", context)


def _rows(grid) -> list[SchemeRow]:  # noqa: ANN001
    return [SchemeRow(code=d["code"], name=d["name"], weight=d["weight"], source=d["computed_from"],
                      full_marks_at=d["full_marks_at"], evidence=d["evidence_required"])
            for d in (f.cleaned_data for f in grid.forms) if d and not d.get("DELETE")]


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def scheme_compute(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(EvaluationScheme, pk=pk)
    try:
        results = ev.evaluation_compute(scheme=scheme)
        messages.success(request, _("已计算 %(n)s 家机构的得分与排名。") % {"n": len(results)})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(scheme)


@roles(Role.EXPERT)
@require_http_methods(["GET", "POST"])
def adjust(request: HttpRequest, pk: int) -> HttpResponse:
    """An expert adjusts a body's indicator score with a reason (not for bodies they are tied to)."""
    scheme = get_object_or_404(EvaluationScheme, pk=pk)
    tied = ConflictDeclaration.objects.filter(expert=request.user).values("body_id")
    bodies = access.bodies_visible_to(request.user).exclude(pk__in=tied)
    form = AdjustmentForm(request.POST or None, scheme=scheme, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            ev.adjustment_submit(expert=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, getattr(exc, "message", None) or exc)
        else:
            messages.success(request, _("调整已保存，重新计算后生效。"))
            return redirect(scheme)
    return render(request, "service_bodies/form.html", {"form": form, "title": _("专家评分调整：%(scheme)s") % {"scheme": scheme}, "back": scheme})


@roles(Role.EXPERT)
@require_http_methods(["GET", "POST"])
def conflict_declare(request: HttpRequest) -> HttpResponse:
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ev.conflict_declare(expert=request.user, **form.cleaned_data)
        messages.success(request, _("已声明利益冲突，您将不再参与该机构的评分。"))
        return redirect("service_bodies:scheme-list")
    declared = ConflictDeclaration.objects.filter(expert=request.user).select_related("body")
    return render(request, "service_bodies/form.html", {"form": form, "title": _("利益冲突声明"), "items": declared})


@roles(Role.PROVINCE_OFFICIAL)
@require_http_methods(["GET", "POST"])
def subsidy_simulate(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the split for a budget/threshold/cap before saving; POST saves a draft plan."""
    scheme = get_object_or_404(EvaluationScheme, pk=pk)
    form = SubsidyForm(request.POST or request.GET or None)
    context = {"scheme": scheme, "form": form}
    if form.is_valid():
        try:
            if request.method == "POST":
                plan = ev.subsidy_plan_create(scheme=scheme, user=request.user, **form.cleaned_data)
                return redirect(plan)
            results, context["split"] = ev.subsidy_simulate(scheme=scheme, **form.cleaned_data)
            context["rows"] = [(r, context["split"].amounts[r.body_id]) for r in results]
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "service_bodies/subsidy_simulate.html", context)


@roles(*OFFICIALS, Role.SYSTEM_ADMIN)
def subsidy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(SubsidyPlan.objects.select_related("scheme", "approved_by"), pk=pk)
    bodies = access.bodies_visible_to(request.user)
    allocations = plan.allocations.filter(body__in=bodies).select_related("body", "body__region").order_by("-score", "body__name")
    if wants_xlsx(request):
        exported(request, "service_subsidy", allocations.count())
        rows = ([i, a.body.name, a.body.region.name, a.score, a.amount] for i, a in enumerate(allocations, 1))
        return xlsx_response(exports.allocations_xlsx(rows), f"后补助分配{plan.scheme.year}.xlsx")
    context = {"plan": plan, "allocations": allocations, "can_approve": access.can_approve_subsidy(request.user)}
    return render(request, "service_bodies/subsidy_detail.html", context)


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def subsidy_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(SubsidyPlan, pk=pk)
    try:
        ev.subsidy_plan_approve(plan=plan, user=request.user)
        messages.success(request, _("方案已批准并冻结。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(plan)

"""Policy check-up (政策体检) of one enterprise, its declared facts, and the officials' screening lists."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS_AND_ADMIN, any_user, roles
from breakzero.core.sheets import write_xlsx
from breakzero.core.signals import data_exported
from breakzero.core.views import xlsx_response
from breakzero.policies import access, selectors, services
from breakzero.policies.declared import values as declared_values
from breakzero.policies.forms import AsOfForm, DeclaredFactsForm, ScreeningFilterForm
from breakzero.policies.tasks import screening_task

PAGE_SIZE = 50


@any_user
def index(request: HttpRequest) -> HttpResponse:
    """Enterprise users land on their own check-up (at one rule's section when `?rule=` names one:
    the portal's policy pages link each rule that implements them); officials on the screening lists."""
    if request.user.role == Role.ENTERPRISE and request.user.enterprise_id:
        from breakzero.policies.evaluation import RULE_NAMES

        response = redirect("policies:checkup", pk=request.user.enterprise_id)
        rule = request.GET.get("rule", "")
        if rule in RULE_NAMES:
            response["Location"] += f"#rule-{rule}"
        return response
    if request.user.is_official or request.user.role == Role.SYSTEM_ADMIN:
        return redirect("policies:screening-list")
    raise Http404


@any_user
def checkup(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.checkup_enterprise_or_404(request.user, pk)
    form = AsOfForm(request.GET or None)
    result = selectors.checkup_get(enterprise=enterprise, as_of=form.chosen_date())
    context = {"form": form, "checkup": result, "can_declare": access.can_declare(request.user, enterprise)}
    return render_page(request, "policies/checkup.html", context, partial="checkup")


@any_user
@require_http_methods(["GET", "POST"])
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.checkup_enterprise_or_404(request.user, pk)
    if not access.can_declare(request.user, enterprise):
        raise Http404
    year = _year(request)
    current = enterprise.declared_facts.filter(year=year).first()
    initial = {"year": year, "note": current.note if current else "", **_initial(current)}
    form = DeclaredFactsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.declared_facts_save(
                enterprise=enterprise, year=form.cleaned_data["year"], data=form.declared_data(), actor=request.user,
                attachment=form.cleaned_data["attachment"], note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            for key, messages_zh in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, messages_zh)
        else:
            messages.success(request, _("申报事实已保存，政策体检结果已更新。"))
            return redirect("policies:checkup", pk=enterprise.pk)
    context = {"form": form, "enterprise": enterprise, "current": current, "year": year}
    return render_page(request, "policies/declare.html", context, partial="")


@roles(OFFICIALS_AND_ADMIN)
def screening_list(request: HttpRequest) -> HttpResponse:
    form = ScreeningFilterForm(request.GET or None, regions=selectors.governed_regions(request.user))
    filters = form.filters()
    page = Paginator(selectors.screening_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page_obj": page, "filters": filters, "can_run": access.can_run_screening(request.user)}
    return render_page(request, "policies/screening_list.html", context, partial="results")


@roles(OFFICIALS_AND_ADMIN)
def screening_export(request: HttpRequest) -> HttpResponse:
    form = ScreeningFilterForm(request.GET or None, regions=selectors.governed_regions(request.user))
    headers, rows = selectors.screening_export_rows(user=request.user, filters=form.filters())
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet="政策筛查")
    data_exported.send(sender=screening_export, request=request, what="policy_screening", rows=len(rows))
    return xlsx_response(buffer.getvalue(), f"政策筛查-{timezone.localdate():%Y%m%d}.xlsx")


@roles(OFFICIALS_AND_ADMIN)
@require_POST
def screening_run(request: HttpRequest) -> HttpResponse:
    if not access.can_run_screening(request.user):
        raise Http404
    screening_task.enqueue(timezone.localdate().isoformat(), None)
    messages.success(request, _("已开始全省政策筛查，完成后列表自动更新。"))
    return redirect("policies:screening-list")


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.POST.get("year") or request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2015 <= year <= 2100 else timezone.localdate().year - 1


def _initial(current: object) -> dict:
    if current is None:
        return {}
    typed = declared_values(current.data)
    return {k: ("1" if v else "0") if isinstance(v, bool) else v for k, v in typed.items()}

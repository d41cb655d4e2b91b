"""Expert panels: the province draws a panel for a call; an expert fills the one score sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.accounts.models import Role
from breakzero.calls import forms, selectors, services
from breakzero.calls.models import Assignment, PanelMember
from breakzero.calls.scoring import criteria
from breakzero.calls.views._common import attempt
from breakzero.core.htmx import render_page
from breakzero.core.permissions import roles

__all__ = ["panel", "score_sheet", "expert_home"]
SHEET_PAGE = 50  # one sheet, paged: each page saves; the sheet is submitted once


@roles(Role.PROVINCE_OFFICIAL)
@require_http_methods(["GET", "POST"])
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    form = forms.PanelDrawForm(request.POST or None)
    exclusions = None
    if request.method == "POST" and form.is_valid():
        exclusions = attempt(request, lambda: services.panel_draw(call=call, actor=request.user, **form.cleaned_data),
                             _("已抽取评审专家并分配申报。"))
    members = PanelMember.objects.filter(call=call).select_related("expert")
    context = {"call": call, "form": form, "members": members, "exclusions": exclusions or [],
               "assigned": Assignment.objects.filter(member__call=call).count()}
    return render(request, "calls/panel.html", context)


@roles(Role.EXPERT)
def expert_home(request: HttpRequest) -> HttpResponse:
    return render(request, "calls/expert_home.html", {"panels": selectors.expert_calls(user=request.user)})


@roles(Role.EXPERT)
@require_http_methods(["GET", "POST"])
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """One sheet per expert and call: all assigned applications, saved page by page, submitted once."""
    member = selectors.panel_member_for(user=request.user, call=selectors.call_get(user=request.user, pk=pk))
    scheme = criteria(member.call.scoring)
    if request.method == "POST":
        scores, comments = _posted(request, [c["key"] for c in scheme])
        if request.POST.get("submit"):
            attempt(request, lambda: services.score_sheet_submit(member=member, actor=request.user, scores=scores,
                                                                 comments=comments), _("评分表已提交。"))
        else:
            errors = attempt(request, lambda: services.score_sheet_save(member=member, actor=request.user,
                                                                        scores=scores, comments=comments), _("已暂存。"))
            for error in (errors or [])[:10]:
                messages.warning(request, error)
        return redirect(f"{request.path}?page={request.POST.get('page', 1)}")
    page = Paginator(selectors.assignments_for(member=member), SHEET_PAGE).get_page(request.GET.get("page"))
    rows = [(a, [(c, a.scores.get(c["key"], "")) for c in scheme]) for a in page]
    context = {"member": member, "call": member.call, "scheme": scheme, "page_obj": page, "rows": rows,
               "remaining": member.assignments.filter(total__isnull=True).count()}
    return render_page(request, "calls/score_sheet.html", context, partial="results")


def _posted(request: HttpRequest, keys: list[str]) -> tuple[dict[int, dict[str, str]], dict[int, str]]:
    scores: dict[int, dict[str, str]] = {}
    comments: dict[int, str] = {}
    for name, value in request.POST.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "s" and parts[1].isdigit() and parts[2] in keys:
            scores.setdefault(int(parts[1]), {})[parts[2]] = value.strip()
        elif len(parts) == 2 and parts[0] == "c" and parts[1].isdigit():
            comments[int(parts[1])] = value.strip()[:2000]
    return scores, comments

"""Contest pages: editions, registrations, judges' scores per stage, awards and each entrant's later path."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.calls.views._common import PAGE_SIZE, attempt, export
from breakzero.contests import forms, selectors, services
from breakzero.contests.models import Stage
from breakzero.core.htmx import render_page
from breakzero.core.permissions import ALL_ROLES, OFFICIALS, OFFICIALS_AND_ADMIN, roles
from breakzero.enterprises.access import mask_person

READERS = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE)


@roles(ALL_ROLES)
@require_http_methods(["GET", "POST"])
def contest_list(request: HttpRequest) -> HttpResponse:
    is_province = request.user.role == Role.PROVINCE_OFFICIAL
    form = forms.ContestForm(request.POST or None) if is_province else None
    if request.method == "POST" and form is not None and form.is_valid():
        attempt(request, lambda: services.contest_create(actor=request.user, values=form.cleaned_data), _("已发布。"))
        return redirect("contests:contest-list")
    return render(request, "contests/contest_list.html",
                  {"contests": selectors.contests_visible_to(request.user), "form": form})


@roles(READERS)
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_object_or_404(selectors.contests_visible_to(request.user), pk=pk)
    entries = selectors.entries_visible_to(request.user).filter(contest=contest)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "contests/contest_detail.html", {"contest": contest, "page_obj": page},
                       partial="results")


@roles(OFFICIALS)
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_object_or_404(selectors.contests_visible_to(request.user), pk=pk)
    form = forms.EntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        entry = attempt(request, lambda: services.entry_register(actor=request.user, contest=contest,
                                                                 values=form.values()), _("已登记报名。"))
        if entry is not None:
            return redirect(entry)
    return render(request, "contests/entry_form.html", {"contest": contest, "form": form})


@roles(READERS)
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    stages = [(label, services.stage_score(entry, value), entry.scores.filter(stage=value))
              for value, label in Stage.choices if value != Stage.REGISTERED]
    context = {"entry": entry, "stages": stages, "path": selectors.later_path(entry),
               "leader": mask_person(entry.team_leader) if entry.team_leader else "",
               "can_manage": services.can_manage_entry(request.user, entry),
               "is_province": request.user.role == Role.PROVINCE_OFFICIAL,
               "score_form": forms.ScoreForm(), "award_form": forms.AwardForm(initial={"award": entry.award}),
               "national_form": forms.NationalForm(initial={"national_result": entry.national_result})}
    return render(request, "contests/entry_detail.html", context)


@roles(OFFICIALS)
@require_POST
def entry_score(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    form = forms.ScoreForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.score_record(actor=request.user, entry=entry, stage=entry.stage,
                                                       **form.cleaned_data), _("评分已保存。"))
    return redirect(entry)


@roles(OFFICIALS)
@require_POST
def entry_advance(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    attempt(request, lambda: services.entry_advance(actor=request.user, entry=entry), _("已晋级。"))
    return redirect(entry)


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def entry_award(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    form = forms.AwardForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.entry_award(actor=request.user, entry=entry, award=form.cleaned_data["award"]),
                _("奖项已记录。"))
    return redirect(entry)


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def entry_national(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    form = forms.NationalForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.entry_national_result(
            actor=request.user, entry=entry, result=form.cleaned_data["national_result"]), _("全国赛结果已记录。"))
    return redirect(entry)


@roles(READERS)
def contest_export(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_object_or_404(selectors.contests_visible_to(request.user), pk=pk)
    entries = selectors.entries_visible_to(request.user).filter(contest=contest)
    headers = ["赛事", "组别", "参赛企业/团队", "统一社会信用代码", "团队负责人", "参赛项目", "市州", "区县", "已进入阶段", "奖项", "全国赛结果"]
    rows = [[contest.name, e.get_group_display(), e.entrant, e.enterprise.uscc if e.enterprise_id else "",
             mask_person(e.team_leader) if e.team_leader else "", e.project, e.city.name,
             e.county.name if e.county_id else "", e.get_stage_display(), e.get_award_display() if e.award else "",
             e.get_national_result_display() if e.national_result else ""]
            for e in entries]
    return export(request, contest_export, what="contest_entries", headers=headers, rows=rows,
                  filename=f"{contest.year}{contest.get_kind_display()}参赛名单.xlsx")

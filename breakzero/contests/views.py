"""Contest pages: editions, registrations, the 市州 recommendation, stage results from the engine's expert sheets,
awards and each entrant's later path."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.calls.views._common import PAGE_SIZE, attempt, export
from breakzero.contests import forms, selectors, services, stages
from breakzero.contests.models import STAGE_ORDER, Stage
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


@roles(*READERS, Role.EXPERT)
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An entry; an expert (assigned it on a sheet) sees the entry, not the other judges' scores."""
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    is_expert = request.user.role == Role.EXPERT
    results = [] if is_expert else [
        (label, stages.entry_application(entry=entry, stage=value), entry.scores.filter(stage=value))
        for value, label in Stage.choices if value != Stage.REGISTERED]
    context = {"entry": entry, "stages": results, "is_expert": is_expert,
               "path": {} if is_expert else selectors.later_path(entry),
               "leader": mask_person(entry.team_leader) if entry.team_leader else "",
               "members": "、".join(mask_person(m.strip()) for m in entry.team_members.split("、") if m.strip()),
               "can_manage": services.can_manage_entry(request.user, entry),
               "is_province": request.user.role == Role.PROVINCE_OFFICIAL,
               "award_form": forms.AwardForm(initial={"award": entry.award}),
               "national_form": forms.NationalForm(initial={"national_result": entry.national_result}),
               "link_form": forms.LinkEnterpriseForm(user=request.user)}
    return render(request, "contests/entry_detail.html", context)


@roles(OFFICIALS)
def recommendation_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The edition's 复赛 qualifiers and their 市州's recommendation (a city sees its region's, the province all)."""
    contest = get_object_or_404(selectors.contests_visible_to(request.user), pk=pk)
    rows = stages.recommendations(entries=selectors.entries_visible_to(request.user), contest=contest)
    return render(request, "contests/recommendation_list.html", {
        "contest": contest, "rows": rows, "form": forms.RecommendForm(),
        "can_recommend": request.user.role == Role.CITY_OFFICIAL})


@roles(OFFICIALS)
def recommendation_export(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_object_or_404(selectors.contests_visible_to(request.user), pk=pk)
    rows = stages.recommendations(entries=selectors.entries_visible_to(request.user), contest=contest)
    headers = ["序号", "参赛企业/团队", "统一社会信用代码", "参赛项目", "市州", "区县", "状态", "市州意见", "理由", "处理时间"]
    data = [[i, e.entrant, e.enterprise.uscc if e.enterprise_id else "", e.project, e.city.name, e.county.name if e.county_id else "",
             a.get_state_display() if a else "", t.action_label if t else "", t.reason if t else "",
             timezone.localtime(t.at).strftime("%Y-%m-%d %H:%M") if t else ""]
            for i, (e, a, t) in enumerate(rows, start=1)]
    return export(request, recommendation_export, what="contest_recommendations", headers=headers, rows=data,
                  filename=f"{contest.year}{contest.get_kind_display()}市州推荐.xlsx")


@roles(Role.CITY_OFFICIAL)
@require_POST
def entry_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    form = forms.RecommendForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: stages.entry_recommend(entry=entry, actor=request.user, **form.cleaned_data),
                _("已推荐。") if form.cleaned_data["action"] == "recommend" else _("已不予推荐。"))
    return redirect("contests:recommendation-list", entry.contest_id)


@roles(READERS)
@require_http_methods(["GET", "POST"])
def stage_results(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """A stage's results from the experts' sheets (rank, mean, who advances); the province fixes who advances."""
    contest, stage = _contest_stage(request, pk, stage)
    stage_row = stages.stage_get(contest=contest, stage=stage)
    is_province = request.user.role == Role.PROVINCE_OFFICIAL
    can_close = request.user.role in stages.CLOSERS[stage] and stage_row is not None
    form = forms.StageCloseForm(request.POST or None) if can_close else None
    if request.method == "POST" and form is not None and form.is_valid():
        attempt(request, lambda: stages.stage_close(stage_row=stage_row, actor=request.user, **form.cleaned_data),
                _("本阶段结果已确定。"))
        return redirect("contests:stage-results", contest.pk, stage)
    rows = stages.stage_results(entries=selectors.entries_visible_to(request.user), contest=contest, stage=stage)
    return render(request, "contests/stage_results.html", {
        "contest": contest, "stage": stage, "stage_label": Stage(stage).label, "stage_row": stage_row, "rows": rows,
        "form": form, "is_province": is_province, "stage_choices": STAGE_ORDER,
        "by_quota": stage == Stage.PROVINCIAL, "quota_form": forms.QuotaForm(initial={
            "enterprise": contest.final_quota_enterprise, "maker": contest.final_quota_maker})})


@roles(READERS)
def stage_export(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    contest, stage = _contest_stage(request, pk, stage)
    rows = stages.stage_results(entries=selectors.entries_visible_to(request.user), contest=contest, stage=stage)
    headers = ["名次", "参赛企业/团队", "参赛项目", "组别", "市州", "平均分", "评分人数", "评分离群", "结果", "评分来源"]
    data = [[r.rank if r.rank is not None else "", r.entry.entrant, r.entry.project, r.entry.get_group_display(),
             r.entry.city.name, r.score if r.score is not None else "", r.score_count, "是" if r.is_flagged else "",
             r.outcome, r.source] for r in rows]
    return export(request, stage_export, what="contest_stage_results", headers=headers, rows=data,
                  filename=f"{contest.year}{contest.get_kind_display()}{Stage(stage).label}结果.xlsx")


def _contest_stage(request: HttpRequest, pk: int, stage: str) -> tuple:
    if stage not in STAGE_ORDER:
        raise Http404
    return get_object_or_404(selectors.contests_visible_to(request.user), pk=pk), stage


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


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def entry_national_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    attempt(request, lambda: services.entry_recommend_national(actor=request.user, entry=entry), _("已推荐参加全国赛。"))
    return redirect(entry)


@roles(OFFICIALS)
@require_POST
def entry_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A 创客组 team is linked to the enterprise it founded (named within the official's region)."""
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    form = forms.LinkEnterpriseForm(request.POST, user=request.user)
    if form.is_valid():
        attempt(request, lambda: services.entry_link_enterprise(actor=request.user, entry=entry,
                                                                enterprise=form.cleaned_data["uscc"]), _("已关联企业。"))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(entry)


@roles(OFFICIALS_AND_ADMIN)
def later_paths(request: HttpRequest, pk: int) -> HttpResponse:
    """The edition's entrants the user sees, each with its later path (titles, break zero, recognitions, funds)."""
    contest = get_object_or_404(selectors.contests_visible_to(request.user), pk=pk)
    entries = selectors.entries_visible_to(request.user).filter(contest=contest)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "contests/later_paths.html",
                       {"contest": contest, "page_obj": page, "paths": selectors.later_paths(page)}, partial="results")


@roles(OFFICIALS_AND_ADMIN)
def later_paths_export(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_object_or_404(selectors.contests_visible_to(request.user), pk=pk)
    entries = selectors.entries_visible_to(request.user).filter(contest=contest)
    headers = ["组别", "参赛企业/团队", "统一社会信用代码", "参赛项目", "市州", "已进入阶段", "奖项", "全国赛结果",
               "此后获得称号", "发明专利破零日期", "此后认定/入选", "此后专项资金项目数", "批准金额合计（元）"]
    rows = [[p.entry.get_group_display(), p.entry.entrant, p.entry.enterprise.uscc if p.entry.enterprise_id else "",
             p.entry.project, p.entry.city.name, p.entry.get_stage_display(),
             p.entry.get_award_display() if p.entry.award else "",
             p.entry.get_national_result_display() if p.entry.national_result else "",
             "；".join(f"{t.recognized_on} {t.get_level_display()}{t.get_tier_display()}" for t in p.titles),
             p.break_zero.break_zero_date if p.break_zero else "",
             "；".join(f"{r.recognized_on} {r.programme.name}" for r in p.recognitions), len(p.funds), p.fund_total]
            for p in selectors.later_paths(entries)]
    return export(request, later_paths_export, what="contest_later_paths", headers=headers, rows=rows,
                  filename=f"{contest.year}{contest.get_kind_display()}参赛者后续发展.xlsx")


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def contest_quota(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_object_or_404(selectors.contests_visible_to(request.user), pk=pk)
    form = forms.QuotaForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.contest_set_final_quotas(actor=request.user, contest=contest,
                                                                   **form.cleaned_data), _("决赛名额已保存。"))
    return redirect("contests:stage-results", contest.pk, Stage.PROVINCIAL)

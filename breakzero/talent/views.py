"""Talent pages: leading talents, flexibly hired experts, training courses (list, entry, xlsx export)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.accounts.models import Role
from breakzero.calls.views._common import PAGE_SIZE, attempt, export
from breakzero.core import nav
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, OFFICIALS_AND_ADMIN, roles
from breakzero.talent import forms, selectors, services

READERS = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE)
EDITORS = (*OFFICIALS, Role.ENTERPRISE)
_KINDS = {
    "talents": (_("领军人才和团队"), selectors.talents_visible_to, selectors.TALENT_HEADERS, selectors.talent_rows),
    "experts": (_("柔性引进专家"), selectors.experts_visible_to, selectors.EXPERT_HEADERS, selectors.expert_rows),
    "courses": (_("培训课程"), selectors.courses_visible_to, selectors.COURSE_HEADERS, selectors.course_rows),
    "visits": (_("交流考察"), selectors.visits_visible_to, selectors.VISIT_HEADERS, selectors.visit_rows),
}


_IMPORT_KIND = {("talents", False): "leading_talents", ("experts", False): "flexible_experts",
                ("courses", False): "training_courses", ("courses", True): "body_training_courses",
                ("visits", False): "exchange_visits"}


def _import_kind(user: Any, kind: str) -> str:
    """The importer for this list and role, when the user may use it ('' = no import button)."""
    from breakzero.core.imports import get_importer

    key = _IMPORT_KIND.get((kind, user.role == Role.SERVICE_BODY), "")
    return key if key and get_importer(key).can_import(user) else ""


def _table(request: HttpRequest, kind: str) -> HttpResponse:
    title, visible, headers, rows = _KINDS[kind]
    page = Paginator(visible(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    create_url = f"talent:{kind[:-1]}-create"
    edit_links = [reverse("talent:course-edit", args=[c.pk]) if c.body_id else ""
                  for c in page.object_list] if kind == "courses" else []
    return render_page(request, "talent/table.html", {
        "title": title, "headers": headers, "rows": rows(request.user, page.object_list), "page_obj": page,
        "edit_links": edit_links, "import_kind": _import_kind(request.user, kind),
        "create_url": create_url, "can_create": nav.can_open(request.user, reverse(create_url)),
        "export_url": f"talent:{kind[:-1]}-export"}, partial="results")


def _export(request: HttpRequest, kind: str, sender: Any) -> HttpResponse:
    title, visible, headers, rows = _KINDS[kind]
    return export(request, sender, what=f"talent_{kind}", headers=headers,
                  rows=rows(request.user, visible(request.user)), filename=f"{title}.xlsx")


def _create(request: HttpRequest, form: Any, save: Callable[[dict], Any], *, title: str, back: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if attempt(request, lambda: save(data), _("已保存。")) is not None:
            return redirect(back)
    return render(request, "talent/form.html", {"form": form, "title": title, "back": back})


@roles(READERS)
def talent_list(request: HttpRequest) -> HttpResponse:
    return _table(request, "talents")


@roles(READERS)
def talent_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "talents", talent_export)


@roles(EDITORS)
@require_http_methods(["GET", "POST"])
def talent_create(request: HttpRequest) -> HttpResponse:
    form = forms.TalentForm(request.POST or None, user=request.user)
    return _create(request, form, lambda d: services.talent_create(actor=request.user, enterprise=d.pop("uscc"), values=d),
                   title=_("录入领军人才和团队"), back="talent:talent-list")


@roles(READERS)
def expert_list(request: HttpRequest) -> HttpResponse:
    return _table(request, "experts")


@roles(READERS)
def expert_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "experts", expert_export)


@roles(EDITORS)
@require_http_methods(["GET", "POST"])
def expert_create(request: HttpRequest) -> HttpResponse:
    form = forms.ExpertForm(request.POST or None, user=request.user)
    return _create(request, form, lambda d: services.expert_create(actor=request.user, enterprise=d.pop("uscc"), values=d),
                   title=_("录入柔性引进专家"), back="talent:expert-list")


COURSE_READERS = (*OFFICIALS_AND_ADMIN, Role.SERVICE_BODY)


@roles(COURSE_READERS)
def course_list(request: HttpRequest) -> HttpResponse:
    return _table(request, "courses")


@roles(COURSE_READERS)
def course_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "courses", course_export)


@roles(*OFFICIALS, Role.SERVICE_BODY)
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    """Officials register a course held in their region; a service body's staff a course of their own body."""
    if request.user.role == Role.SERVICE_BODY:
        form = forms.BodyCourseForm(request.POST or None, user=request.user)
        return _create(request, form, lambda d: services.body_course_save(actor=request.user, body=d.pop("body"), values=d),
                       title=_("登记本机构培训课程"), back="talent:course-list")
    form = forms.CourseForm(request.POST or None)
    return _create(request, form, lambda d: services.course_create(actor=request.user, county=d.pop("county_code"), values=d),
                   title=_("登记培训课程"), back="talent:course-list")


@roles(*OFFICIALS, Role.SERVICE_BODY)
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a service body's course: its own staff, or officials of its region (another body's: 404)."""
    course = get_object_or_404(selectors.course_editable_by(request.user).filter(body__isnull=False), pk=pk)
    form = forms.BodyCourseForm(request.POST or None, instance=course, user=request.user)
    return _create(request, form, lambda d: services.body_course_save(
        actor=request.user, body=d.pop("body"), values=d, course=course), title=_("修改培训课程"),
        back="talent:course-list")


@roles(OFFICIALS_AND_ADMIN)
def visit_list(request: HttpRequest) -> HttpResponse:
    return _table(request, "visits")


@roles(OFFICIALS_AND_ADMIN)
def visit_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "visits", visit_export)


@roles(OFFICIALS)
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    form = forms.VisitForm(request.POST or None)
    return _create(request, form, lambda d: services.visit_create(actor=request.user, county=d.pop("county_code"), values=d),
                   title=_("登记交流考察"), back="talent:visit-list")

"""民参军 pages: qualifications held (list, entry, export); projects run as calls on the engine."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.accounts.models import Role
from breakzero.calls.views._common import PAGE_SIZE, attempt, export
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, OFFICIALS_AND_ADMIN, roles
from breakzero.defence import forms, selectors, services

READERS = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE)


@roles(READERS)
def qualification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.qualifications_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "defence/qualification_list.html", {"page_obj": page, "today": timezone.localdate()},
                       partial="results")


@roles(*OFFICIALS, Role.ENTERPRISE)
@require_http_methods(["GET", "POST"])
def qualification_create(request: HttpRequest) -> HttpResponse:
    form = forms.QualificationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        enterprise = d.pop("uscc")
        if attempt(request, lambda: services.qualification_record(actor=request.user, enterprise=enterprise, values=d),
                   _("已保存。")) is not None:
            return redirect("defence:qualification-list")
    return render(request, "defence/form.html", {"form": form, "title": _("录入民参军资格"),
                                                  "back": "defence:qualification-list"})


@roles(READERS)
def qualification_export(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    headers = ["企业", "统一社会信用代码", "市州", "资格类型", "证书编号", "领域", "有效期起", "有效期至", "当前有效"]
    rows = [[q.enterprise.name, q.enterprise.uscc, q.enterprise.city.name if q.enterprise.city_id else "",
             q.get_kind_display(), q.number, q.fields, q.valid_from, q.valid_until, "是" if q.is_valid_on(today) else "否"]
            for q in selectors.qualifications_visible_to(request.user)]
    return export(request, qualification_export, what="defence_qualifications", headers=headers, rows=rows,
                  filename="民参军资格.xlsx")

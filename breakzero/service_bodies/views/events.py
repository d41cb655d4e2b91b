"""Service events: create, list, detail with QR check-in and materials; the compliance calendar."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.access import governed_region
from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import ALL_ROLES, OFFICIALS, roles
from breakzero.core.views import xlsx_response
from breakzero.service_bodies import access
from breakzero.service_bodies.forms import EventForm, MaterialForm
from breakzero.service_bodies.models import EventAttendance, EventMaterial
from breakzero.service_bodies.selectors import lists
from breakzero.service_bodies.selectors import public as public_selectors
from breakzero.service_bodies.selectors.compliance import calendars
from breakzero.service_bodies.services import events as event_services
from breakzero.service_bodies.sheets import exports
from breakzero.service_bodies.views.common import (
    exported, managed_body, paginate, today, wants_xlsx, year_param,
)

MANAGERS = (Role.SERVICE_BODY, *OFFICIALS, Role.SYSTEM_ADMIN)


@roles(MANAGERS)
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = managed_body(request, pk)
    form = EventForm(request.POST or None, initial={"held_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            event = event_services.event_save(body=body, user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("活动“%(title)s”已登记。") % {"title": event.title})
            if event.is_late:
                messages.warning(request, _("活动登记晚于活动日期 %(days)s 天以上，标记为补录：经市州确认后方计入当月活动。")
                                 % {"days": event_services.late_days()})
            return redirect(f"{body.get_absolute_url()}?year={event.held_on.year}")
    return render(request, "service_bodies/form.html", {"form": form, "title": _("登记服务活动"), "back": body})


@roles(ALL_ROLES)
def event_list(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    qs = lists.event_list(request.user, year=year)
    if wants_xlsx(request):
        exported(request, "service_events", qs.count())
        return xlsx_response(exports.events_xlsx(qs), f"服务活动{year}.xlsx")
    return render_page(request, "service_bodies/event_list.html", {"page_obj": paginate(request, qs), "year": year},
                       partial="results")


@roles(ALL_ROLES)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible_event(request, pk)
    can_manage = access.can_manage_body(request.user, event.body)
    context = {
        "event": event, "can_manage": can_manage, "material_form": MaterialForm(),
        "attendances": event.attendances.select_related("enterprise") if can_manage or request.user.is_official else [],
        "materials": event.materials.all(),
        "registered": event.registrations.count() if can_manage else None,
        "checkin_url": request.build_absolute_uri(_checkin_path(event)) if can_manage else "",
        "can_confirm_late": event.is_late and event.late_confirmed_at is None
        and access.can_confirm_late_event(request.user, event),
    }
    return render(request, "service_bodies/event_detail.html", context)


@roles(MANAGERS)
def event_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprises registered on the portal for one event (the body's staff and the governing
    officials), with the xlsx export; attendance is checked in with the event's QR code."""
    event = _visible_event(request, pk)
    if not access.can_manage_body(request.user, event.body):
        raise Http404
    qs = public_selectors.registrations_of(request.user, event)
    if wants_xlsx(request):
        exported(request, "service_event_registrations", qs.count())
        return xlsx_response(exports.registrations_xlsx(qs), f"活动报名-{event.pk}.xlsx")
    checked_in = set(event.attendances.values_list("enterprise_id", flat=True))
    context = {"event": event, "page_obj": paginate(request, qs), "checked_in": checked_in}
    return render(request, "service_bodies/event_registrations.html", context)


@roles(Role.CITY_OFFICIAL)
@require_POST
def event_late_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The city confirms a 补录 event so it counts toward its month."""
    event = _visible_event(request, pk)
    try:
        event_services.event_late_confirm(event=event, user=request.user)
        messages.success(request, _("已确认补录活动，该活动计入当月活动。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(event)


@roles(MANAGERS)
def event_qr(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible_event(request, pk)
    if not access.can_manage_body(request.user, event.body):
        raise Http404
    qr = segno.make(request.build_absolute_uri(_checkin_path(event)), error="m")
    return HttpResponse(qr.svg_inline(scale=6, border=2), content_type="image/svg+xml")


@roles(Role.ENTERPRISE)
def event_checkin(request: HttpRequest, token: str) -> HttpResponse:
    """An enterprise user scanning the event's QR code while logged in is checked in."""
    try:
        event = get_object_or_404(access.events_visible_to(request.user).select_related("body"),
                                  pk=event_services.event_id_from_token(token))
        if not request.user.enterprise_id:
            raise DomainError(_("您的账号未关联企业，无法签到。"))
        _attendance, created = event_services.attendance_check_in(
            event=event, enterprise=request.user.enterprise, method=EventAttendance.Method.QR,
            attendee_name=request.user.display_name,
        )
    except DomainError as exc:
        return render(request, "service_bodies/checkin.html", {"error": exc.message}, status=400)
    return render(request, "service_bodies/checkin.html", {"event": event, "created": created})


@roles(MANAGERS)
@require_POST
def material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible_event(request, pk)
    if not access.can_manage_body(request.user, event.body):
        raise Http404
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            event_services.material_add(event=event, upload=form.cleaned_data["file"], user=request.user)
            messages.success(request, _("材料已上传。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("请选择文件。"))
    return redirect(event)


@roles(ALL_ROLES)
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    material = get_object_or_404(EventMaterial.objects.select_related("event"), pk=pk)
    _visible_event(request, material.event_id)
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.original_name)


@roles(MANAGERS)
def compliance(request: HttpRequest) -> HttpResponse:
    """Per body and month: was at least one event held? Missing months are flagged."""
    year = year_param(request)
    bodies = lists.body_list(request.user, region=request.GET.get("region", "").strip()).filter(is_active=True)
    items = calendars(bodies, year=year, today=today())
    if wants_xlsx(request):
        exported(request, "service_compliance", len(items))
        return xlsx_response(exports.calendars_xlsx(items, year=year), f"活动达标日历{year}.xlsx")
    flagged = [c for c in items if c.missed]
    context = {"items": items, "year": year, "flagged": flagged, "region": governed_region(request.user),
               "months": range(1, 13)}
    return render_page(request, "service_bodies/compliance.html", context, partial="results")


def _visible_event(request: HttpRequest, pk: int):
    return get_object_or_404(access.events_visible_to(request.user).select_related(
        "body", "body__region", "created_by", "late_confirmed_by"), pk=pk)


def _checkin_path(event) -> str:
    return reverse("service_bodies:event-checkin", args=[event_services.checkin_token(event)])

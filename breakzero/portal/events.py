"""The portal's events calendar: the service bodies' public events by month, and registration for
logged-in enterprises through `service_bodies.services.events.registration_create`."""

from __future__ import annotations

import calendar
import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.permissions import public, roles
from breakzero.portal import selectors
from breakzero.portal.cache import cached_for_anonymous


class RegistrationForm(forms.Form):
    attendee_name = forms.CharField(label=gettext_lazy("参会人"), max_length=50)
    attendee_phone = forms.RegexField(label=gettext_lazy("联系电话"), regex=r"^[0-9+\-\s]{7,20}$", max_length=20,
                                      error_messages={"invalid": gettext_lazy("请填写正确的联系电话。")})
    attendees = forms.IntegerField(label=gettext_lazy("参会人数"), min_value=1, max_value=20, initial=1)


@public
@cached_for_anonymous
def event_calendar(request: HttpRequest) -> HttpResponse:
    """One month of public events (?month=YYYY-MM), filtered by city and topic."""
    from breakzero.service_bodies.models import ServiceEvent
    from breakzero.service_bodies.selectors.public import public_events

    first = _month(request.GET.get("month", ""))
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    city = request.GET.get("region", "") if request.GET.get("region", "").isdigit() else ""
    topic = request.GET.get("topic", "") if request.GET.get("topic", "") in ServiceEvent.Topic.values else ""
    events = list(public_events(start=first, end=last, city=city, topic=topic)[:500])
    context = {"events": events, "month": first, "previous": (first - dt.timedelta(days=1)).replace(day=1),
               "next": last + dt.timedelta(days=1), "city": city, "topic": topic, "cities": selectors.cities(),
               "topics": ServiceEvent.Topic.choices, "today": timezone.localdate()}
    return render(request, "portal/event_calendar.html", context)


@public
@cached_for_anonymous
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from breakzero.service_bodies.selectors.public import public_event

    event = public_event(pk)
    if event is None:
        raise Http404
    return render(request, "portal/event_detail.html", {"event": event, "today": timezone.localdate()})


@roles(Role.ENTERPRISE)
@require_http_methods(["GET", "POST"])
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    """A logged-in enterprise registers for a public event (anonymous visitors are sent to log in)."""
    from breakzero.service_bodies.selectors.public import public_event
    from breakzero.service_bodies.services.events import registration_create

    event = public_event(pk)
    if event is None:
        raise Http404
    form = RegistrationForm(request.POST or None, initial={"attendee_name": request.user.display_name})
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            registration_create(event=event, user=request.user, **form.cleaned_data)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("报名成功：%(title)s。活动当天请用企业账号扫描签到二维码签到。") % {"title": event.title})
            return redirect("portal:event-detail", pk=event.pk)
    return render(request, "portal/event_register.html", {"event": event, "form": form, "error": error})


def _month(text: str) -> dt.date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(min(max(year, 2000), 2100), month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)

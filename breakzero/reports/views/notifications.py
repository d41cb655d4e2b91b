"""In-app notifications and the reports home page (plans, bulletins, tasks at a glance)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, roles
from breakzero.reports import access, selectors
from breakzero.reports.services.notifications import notifications_mark_read

PAGE_SIZE = 30


@roles(OFFICIALS)
def reports_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    own = access.own_region(request.user)
    context = {
        "own": own, "unread": selectors.unread_count(request.user),
        "overdue": selectors.tasks_visible_to(request.user).filter(selectors.overdue_q(today)).count(),
        "missing_plans": selectors.regions_missing_plans(own, today.year) if own else [],
        "year": today.year,
    }
    return render(request, "reports/home.html", context)


@roles(OFFICIALS)
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "reports/notification_list.html", {"page_obj": page}, partial="results")


@roles(OFFICIALS)
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()] or None
    notifications_mark_read(user=request.user, ids=ids)
    return redirect("reports:notification-list")

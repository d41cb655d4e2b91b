"""In-app notifications and the reports home page (plans, bulletins, tasks at a glance)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from breakzero.core.permissions import OFFICIALS, roles
from breakzero.notifications.selectors import unread_count
from breakzero.reports import access, selectors


@roles(OFFICIALS)
def reports_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    own = access.own_region(request.user)
    context = {
        "own": own, "unread": unread_count(request.user),
        "overdue": selectors.tasks_visible_to(request.user).filter(selectors.overdue_q(today)).count(),
        "missing_plans": selectors.regions_missing_plans(own, today.year) if own else [],
        "year": today.year,
    }
    return render(request, "reports/home.html", context)


@roles(OFFICIALS)
def notification_list(request: HttpRequest) -> HttpResponse:
    """Kept for old links: the notices live in the one notice centre now."""
    return redirect("notifications:list")

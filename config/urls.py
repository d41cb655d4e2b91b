"""URL configuration: each app under its own prefix; the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from breakzero.core import health_views
from breakzero.core.permissions import public
from config.api import api

urlpatterns = [
    path("healthz", health_views.healthz, name="healthz"),
    path("readyz", health_views.readyz, name="readyz"),
    path("metrics", health_views.metrics, name="metrics"),
    path("", include("breakzero.core.urls")),
    path("accounts/", include("breakzero.accounts.urls")),
    path("regions/", include("breakzero.regions.urls")),
    path("enterprises/", include("breakzero.enterprises.urls")),
    path("patents/", include("breakzero.patents.urls")),
    path("progress/", include("breakzero.indicators.urls")),
    path("calls/", include("breakzero.calls.urls")),
    path("demonstration/", include("breakzero.demonstration.urls")),
    path("digital/", include("breakzero.digital.urls")),
    path("contests/", include("breakzero.contests.urls")),
    path("talent/", include("breakzero.talent.urls")),
    path("ipfinance/", include("breakzero.ipfinance.urls")),
    path("defence/", include("breakzero.defence.urls")),
    path("cultivation/", include("breakzero.cultivation.urls")),
    path("policies/", include("breakzero.policies.urls")),
    path("service/", include("breakzero.service_bodies.urls")),
    path("reports/", include("breakzero.reports.urls")),
    path("audit/", include("breakzero.audit.urls")),
    # The language switcher also works on the login page (before login).
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

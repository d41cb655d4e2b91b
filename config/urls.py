"""URL configuration: each app under its own prefix; the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("breakzero.core.urls")),
    path("accounts/", include("breakzero.accounts.urls")),
    path("regions/", include("breakzero.regions.urls")),
    path("enterprises/", include("breakzero.enterprises.urls")),
    path("patents/", include("breakzero.patents.urls")),
    path("progress/", include("breakzero.indicators.urls")),
    path("cultivation/", include("breakzero.cultivation.urls")),
    path("policies/", include("breakzero.policies.urls")),
    path("service/", include("breakzero.service_bodies.urls")),
    path("reports/", include("breakzero.reports.urls")),
    path("audit/", include("breakzero.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

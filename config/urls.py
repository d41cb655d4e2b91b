"""URL configuration: each app under its own prefix; the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from breakzero.core import health_views
from breakzero.core.permissions import public
from breakzero.portal import views as portal_views
from breakzero.portal.admin_access import officials_only, published_documents_only
from config.api import api

# The portal's editors' admin (Wagtail): officials with a portal group only (portal.admin_access).
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, officials_only)
# Documents attached to live portal pages are public downloads (portal.admin_access).
decorate_urlpatterns(wagtaildocs_urls.urlpatterns[:1], lambda view: public(published_documents_only(view)))

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
    path("funds/", include("breakzero.funds.urls")),
    path("policies/", include("breakzero.policies.urls")),
    path("service/", include("breakzero.service_bodies.urls")),
    path("reports/", include("breakzero.reports.urls")),
    path("reporting/", include("breakzero.reporting.urls")),
    path("audit/", include("breakzero.audit.urls")),
    path("notices/", include("breakzero.notifications.urls")),
    path("manual/", include("breakzero.manual.urls")),
    # The language switcher also works on the login page (before login).
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # The public portal (action plan §三(五) 宣传引导): its own views, then Wagtail's page tree at /portal/.
    path("portal/", include("breakzero.portal.urls")),
    path("portal-admin/", include(wagtailadmin_urls)),
    path("portal-documents/", include(wagtaildocs_urls)),
    # Named as Wagtail expects ("wagtail_serve"); reversible without a path (the portal's home).
    re_path(r"^portal/(?:((?:[\w\-]+/)+))?$", portal_views.page, name="wagtail_serve"),
]

handler500 = "breakzero.core.views.server_error"

"""Who hears of an application's move: the officials of the level it reached, and the enterprise when it
is returned or refused (one move at a time; list-level moves — 公示, publication — are announced by their
public pages)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.calls.models import Application, State
from breakzero.notifications.models import NoticeKind
from breakzero.notifications.services import notify, notify_region_officials

PROVINCE_CODE = "430000"
DECIDED = {State.RETURNED, State.REFUSED}


def application_moved(application: Application) -> None:
    """Called after each recorded move (calls.workflow)."""
    url = application.get_absolute_url()
    name = f"{application.applicant} · {application.call.programme.name}"
    region = {State.AT_COUNTY: application.county_id, State.AT_CITY: application.city_id,
              State.AT_PROVINCE: PROVINCE_CODE}.get(application.state)
    if region:
        notify_region_officials(region_code=region, kind=NoticeKind.APPLICATION_AT_LEVEL, url=url,
                                title=_("待审核的申报：%(name)s（%(state)s）") % {"name": name,
                                                                           "state": application.get_state_display()})
    if application.state in DECIDED and application.enterprise_id:  # a team has no enterprise users
        users = get_user_model().objects.filter(enterprise_id=application.enterprise_id, role=Role.ENTERPRISE,
                                                is_active=True)
        notify(users=users, kind=NoticeKind.APPLICATION_DECIDED, url=url,
               title=_("申报%(state)s：%(name)s") % {"state": application.get_state_display(), "name": name})

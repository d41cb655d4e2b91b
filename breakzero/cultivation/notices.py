"""Who hears of a cultivation application's step: the officials at the level it reached, and the
enterprise when it is returned, rejected, put to publicity or published."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.cultivation.models import Application, ApplicationStatus as S
from breakzero.notifications.models import NoticeKind
from breakzero.notifications.services import notify, notify_region_officials

PROVINCE_CODE = "430000"
DECIDED = {S.RETURNED, S.REJECTED, S.PUBLICITY, S.PUBLISHED}


def application_moved(application: Application) -> None:
    """Called after every transition (workflow.application_transition)."""
    enterprise = application.enterprise
    url = application.get_absolute_url()
    name = f"{enterprise.name} · {application.get_programme_display()}"
    level = _level_region(application)
    if level is not None:
        notify_region_officials(region_code=level, kind=NoticeKind.APPLICATION_AT_LEVEL, url=url,
                                title=_("待审核的申报：%(name)s（%(status)s）") % {"name": name, "status": application.get_status_display()})
    if application.status in DECIDED:
        users = get_user_model().objects.filter(enterprise=enterprise, role=Role.ENTERPRISE, is_active=True)
        notify(users=users, kind=NoticeKind.APPLICATION_DECIDED, url=url,
               title=_("申报%(status)s：%(name)s") % {"status": application.get_status_display(), "name": name})


def _level_region(application: Application) -> str | None:
    enterprise = application.enterprise
    if application.status == S.SUBMITTED:
        return enterprise.county_id or enterprise.city_id
    if application.status == S.COUNTY_APPROVED:
        return enterprise.city_id
    if application.status == S.CITY_APPROVED:
        return PROVINCE_CODE
    return None

"""The token look-up counts the account's recent login failures in the same statement, as
account_locked counts them (failures_since_start of its rows within the cool-off)."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from breakzero.accounts.models import ApiToken
from breakzero.accounts.tokens import account_locked, token_authenticate, token_issue

pytestmark = pytest.mark.django_db


def _fail(username: str, failures: int, ip: str, *, minutes_ago: int = 1) -> None:
    attempt = AccessAttempt.objects.create(username=username, ip_address=ip, user_agent="t", failures_since_start=failures,
                                           get_data="", post_data="")
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - dt.timedelta(minutes=minutes_ago))


@pytest.mark.parametrize(("rows", "locked"), [
    ([(3, "10.0.0.1", 1), (2, "10.0.0.2", 1)], True),  # summed over addresses
    ([(4, "10.0.0.1", 1)], False),  # under the limit
    ([(5, "10.0.0.1", 31)], False),  # before the cool-off
])
def test_token_authenticate_lockout_count_same_as_account_locked(settings, county_official, rows, locked):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
    _token, key = token_issue(user=county_official, name="t", expires_at=None)
    _fail("someone-else", 9, "10.0.0.9")
    for failures, ip, minutes_ago in rows:
        _fail(county_official.username, failures, ip, minutes_ago=minutes_ago)
    assert account_locked(username=county_official.username) is locked
    assert (token_authenticate(key) is None) is locked
    assert token_authenticate(key, suspended_ok=True) == county_official


def test_token_authenticate_expired_revoked_or_unknown_refused(county_official):
    token, key = token_issue(user=county_official, name="t", expires_at=None)
    user = token_authenticate(key)
    assert user == county_official and user.region.code == county_official.region_id
    assert token_authenticate(key + "x") is None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert token_authenticate(key) is None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + dt.timedelta(days=1), revoked_at=timezone.now())
    assert token_authenticate(key) is None

"""What one submission costs and writes: its queries are pinned (the last days of a window bring
50 a second), and its audit entries are the same whether written one by one or together."""

import datetime as dt

import pytest
from django.utils import timezone

from breakzero.accounts.models import Role
from breakzero.audit.models import AuditEntry
from conftest import make_user
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.reporting.tests.factories import WindowFactory
from breakzero.reporting.tests.test_api import GOOD, _put, _token_client

# token (with its user and lock-out count), "last used", window, data set version, the locked
# report, period locks, last year's register row, previous report, [savepoint,] insert or update,
# event, the audit entries in one INSERT. Before the prepared look-ups and the batched audit: 17.
FIRST_SUBMISSION_QUERIES = 15
AGAIN_QUERIES = 13


@pytest.fixture
def window(db):
    today = timezone.localdate()
    return WindowFactory(period=str(today.year - 1), year=today.year - 1, opens_on=today - dt.timedelta(days=10),
                         due_on=today + dt.timedelta(days=5), closes_on=today + dt.timedelta(days=20))


def _reporter(name: str):
    return make_user(name, Role.ENTERPRISE, enterprise=EnterpriseFactory(county_id="430104"))


def test_submission_put_first_and_again_query_count_pinned(window, django_assert_max_num_queries):
    assert _put(_token_client(_reporter("t-warm")), window, {"values": GOOD}).status_code == 200  # data set read once
    client = _token_client(_reporter("t-pinned"))
    with django_assert_max_num_queries(FIRST_SUBMISSION_QUERIES):
        assert _put(client, window, {"values": GOOD}).status_code == 200
    with django_assert_max_num_queries(AGAIN_QUERIES):
        assert _put(client, window, {"values": {**GOOD, "employees": 81}}).status_code == 200


def test_submission_put_audit_entries_before_and_after_of_each_write(window):
    user = _reporter("t-audited")
    client = _token_client(user)
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    assert _put(client, window, {"values": GOOD}).status_code == 200
    assert _put(client, window, {"values": {**GOOD, "employees": 81}}).status_code == 200
    entries = list(AuditEntry.objects.filter(id__gt=start, object_type__startswith="reporting.").order_by("id"))
    assert [(e.action, e.object_type) for e in entries] == [
        ("create", "reporting.submission"), ("create", "reporting.submissionevent"),
        ("update", "reporting.submission"), ("create", "reporting.submissionevent"),
    ]
    assert all(e.user_id == user.pk and e.username == user.username and e.role == Role.ENTERPRISE for e in entries)
    first, _event, update, _event2 = entries
    assert first.changes["status"] == [None, "submitted"] and first.object_id == update.object_id
    # The update's "before" is the row as it was (read under the lock), field by field.
    assert update.changes["values"][0]["employees"] == "80" and update.changes["values"][1]["employees"] == "81"
    assert "status" not in update.changes and "enterprise" not in update.changes
    assert first.at <= _event.at <= update.at

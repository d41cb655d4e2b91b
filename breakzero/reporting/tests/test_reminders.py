"""Reminders go to the right people once, however often the command runs."""

import datetime as dt

import pytest
from django.core.management import call_command

from breakzero.accounts.models import Role
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.indicators.models import Participant
from breakzero.notifications.models import Notice, NoticeKind
from breakzero.reporting.models import Submission
from breakzero.reporting.reminders import reminders_send
from breakzero.reporting.tests.factories import WindowFactory
from conftest import make_user


@pytest.fixture
def setup(db):
    window = WindowFactory()  # due 2026-04-30, closes 2026-05-31
    done, missing = EnterpriseFactory(county_id="430104"), EnterpriseFactory(county_id="430104")
    for firm in (done, missing):
        Participant.objects.create(enterprise=firm, year=window.year)
        user = make_user(f"u{firm.pk}", Role.ENTERPRISE, enterprise=firm)
        user.email = f"u{firm.pk}@example.cn"
        user.save(update_fields=["email"])
    Submission.objects.create(window=window, enterprise=done, status=Submission.Status.SUBMITTED)
    county = make_user("county", Role.COUNTY_OFFICIAL, "430104")
    county.email = "county@example.cn"
    county.save(update_fields=["email"])
    return window, missing


def test_due_soon_reminds_only_missing_enterprise_once(setup):
    _window, missing = setup
    assert reminders_send(today=dt.date(2026, 4, 28)) == {"due_soon": 1, "county_late": 0}
    notices = list(Notice.objects.all())
    assert [(n.user.username, n.kind) for n in notices] == [(f"u{missing.pk}", NoticeKind.WINDOW)]
    assert "2026-04-30 截止" in notices[0].title and notices[0].url.endswith("/report/")
    assert reminders_send(today=dt.date(2026, 4, 29)) == {"due_soon": 0, "county_late": 0}
    assert Notice.objects.count() == 1


def test_too_early_sends_nothing(setup):
    assert reminders_send(today=dt.date(2026, 4, 1)) == {"due_soon": 0, "county_late": 0}


def test_after_due_county_reminded_once_a_day_with_count(setup):
    assert reminders_send(today=dt.date(2026, 5, 2))["county_late"] == 1
    assert reminders_send(today=dt.date(2026, 5, 2))["county_late"] == 0
    notice = Notice.objects.get()
    assert notice.user.username == "county" and "尚有 1 家企业未提交" in notice.body
    assert reminders_send(today=dt.date(2026, 5, 3))["county_late"] == 1


def test_command_runs(setup, capsys, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 4, 28))
    call_command("send_reporting_reminders")
    assert "提醒企业 1 家" in capsys.readouterr().out


def test_scheduled_task_sends_the_days_reminders_once(setup, monkeypatch):
    from breakzero.core import schedule
    from breakzero.reporting.tasks import reporting_reminders_task

    entry = next(e for e in schedule.entries() if e.name == "reporting_reminders")
    assert entry.task is reporting_reminders_task and entry.daily_at is not None
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 4, 28))
    assert reporting_reminders_task.call()["due_soon"] == 1
    assert reporting_reminders_task.call()["due_soon"] == 0  # a second tick (another scheduler) sends nothing

"""The notice centre, e-mail by the worker, preferences, import events and scheduled reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from breakzero.core import todo
from breakzero.notifications.models import Notice, NoticeKind, ReminderLog
from breakzero.notifications.services import notify, preferences_save
from breakzero.regions.models import Region
from breakzero.reports.services.supervision import task_create


def test_notify_creates_one_in_app_notice_per_user_and_no_mail_by_default(county_official, city_official):
    notices = notify(users=[county_official, city_official, county_official], kind=NoticeKind.OTHER, title="测试")
    assert len(notices) == 2
    assert mail.outbox == []


def test_notify_mails_after_commit_only_those_who_chose_it(county_official, city_official,
                                                            django_capture_on_commit_callbacks):
    county_official.email, city_official.email = "county@example.cn", "city@example.cn"
    county_official.save(), city_official.save()
    preferences_save(user=county_official, email_kinds=[NoticeKind.TASK_ISSUED])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[county_official, city_official], kind=NoticeKind.TASK_ISSUED, title="新的督办事项", url="/reports/tasks/1/")
    assert mail.outbox == []  # nothing is sent inside the request's transaction
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["county@example.cn"]]
    assert "新的督办事项" in mail.outbox[0].subject and "/reports/tasks/1/" in mail.outbox[0].body
    assert Notice.objects.get(user=county_official).emailed_at is not None


def test_notice_centre_lists_unread_and_marks_all_read(client_for, county_official):
    notify(users=[county_official], kind=NoticeKind.OTHER, title="第一条")
    notify(users=[county_official], kind=NoticeKind.OTHER, title="第二条")
    client = client_for(county_official)
    html = client.get(reverse("notifications:list") + "?unread=1").content.decode()
    assert "第一条" in html and "第二条" in html and "未读 2 条" in html
    client.post(reverse("notifications:read"), {"all": "1"})
    assert not Notice.objects.filter(user=county_official, read_at__isnull=True).exists()
    assert "第一条" not in client.get(reverse("notifications:list") + "?unread=1").content.decode()


def test_notice_open_marks_read_and_follows_link_another_users_is_404(client_for, county_official, city_official):
    mine = notify(users=[county_official], kind=NoticeKind.OTHER, title="看这里", url="/reports/")[0]
    theirs = notify(users=[city_official], kind=NoticeKind.OTHER, title="别人的")[0]
    client = client_for(county_official)
    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response.url == "/reports/"
    mine.refresh_from_db()
    assert mine.is_read
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404


def test_notice_open_refuses_offsite_link(client_for, county_official):
    notice = notify(users=[county_official], kind=NoticeKind.OTHER, title="x", url="https://evil.example/")[0]
    response = client_for(county_official).get(reverse("notifications:open", args=[notice.pk]))
    assert response.url == reverse("notifications:list")


def test_preferences_page_saves_email_kinds(client_for, county_official):
    client = client_for(county_official)
    client.post(reverse("notifications:preferences"), {"email_kinds": [NoticeKind.TASK_OVERDUE, NoticeKind.IMPORT_FAILED]})
    html = client.get(reverse("notifications:preferences")).content.decode()
    assert html.count("checked") == 2


def test_unread_notices_count_in_header_badge(client_for, county_official):
    todo.invalidate()
    client = client_for(county_official)
    assert 'data-count="0"' in client.get("/").content.decode()
    notify(users=[county_official], kind=NoticeKind.OTHER, title="新")
    assert 'data-count="1"' in client.get("/").content.decode()
    client.post(reverse("notifications:read"), {"all": "1"})
    assert 'data-count="0"' in client.get("/").content.decode()


def test_task_issued_notifies_the_region(city_official, county_official):
    task_create(user=city_official, region=Region.objects.get(code="430104"), title="督办破零",
                description="请说明", due_date=dt.date(2030, 1, 1))
    notice = Notice.objects.get(user=county_official)
    assert notice.kind == NoticeKind.TASK_ISSUED


def test_send_reminders_due_soon_and_overdue_once(city_official, county_official):
    region = Region.objects.get(code="430104")
    task_create(user=city_official, region=region, title="三日内到期", description="-", due_date=dt.date(2030, 1, 3))
    task_create(user=city_official, region=region, title="已逾期", description="-", due_date=dt.date(2029, 12, 1))
    Notice.objects.all().delete()
    call_command("send_reminders", date="2030-01-01", verbosity=0)
    call_command("send_reminders", date="2030-01-01", verbosity=0)  # idempotent
    kinds = sorted(Notice.objects.values_list("user__username", "kind"))
    assert kinds == sorted([
        (county_official.username, NoticeKind.TASK_DUE_SOON),
        (county_official.username, NoticeKind.TASK_OVERDUE),
        (city_official.username, NoticeKind.TASK_OVERDUE),
    ])
    assert ReminderLog.objects.count() == 2


def test_send_reminders_service_body_missed_last_month(county_official):
    from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceEventFactory

    met = ServiceBodyFactory()
    ServiceEventFactory(body=met, held_on=dt.date(2021, 4, 10))
    missed = ServiceBodyFactory()
    call_command("send_reminders", date="2021-05-03", verbosity=0)
    call_command("send_reminders", date="2021-05-20", verbosity=0)
    titles = list(Notice.objects.filter(user=county_official).values_list("title", flat=True))
    assert titles == [f"{missed.name} 2021 年 4 月未举办服务活动"]


def test_import_failure_notifies_the_user_who_started_it(county_official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from breakzero.core import imports

    upload = SimpleUploadedFile("名单.xlsx", b"not a spreadsheet")
    job = imports.import_job_create(kind="participants", user=county_official, upload=upload)
    imports.import_job_validate(job_id=job.pk)
    notice = Notice.objects.get(user=county_official)
    assert notice.kind == NoticeKind.IMPORT_FAILED and "名单.xlsx" in notice.title

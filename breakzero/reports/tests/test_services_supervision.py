"""Supervision tasks: create within scope, answer with attachments, close/reopen, overdue with fixed today."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from breakzero.core.errors import DomainError
from breakzero.regions.models import Region
from breakzero.notifications.models import Notice as Notification
from breakzero.reports.models import SupervisionTask, TaskAttachment
from breakzero.reports.selectors import TaskFilters, is_overdue, task_list
from breakzero.reports.services.supervision import task_answer, task_close, task_create, task_reopen
from breakzero.reports.tests import factories as f

pytestmark = pytest.mark.django_db
FUTURE = timezone.localdate() + dt.timedelta(days=10)


def _create(user, code="430104", **extra):
    values = {"title": "破零进度滞后", "description": "请说明原因与措施", "due_date": FUTURE} | extra
    return task_create(user=user, region=Region.objects.get(code=code), **values)


def test_task_create_notifies_region_officials(city_official, county_official):
    task = _create(city_official, indicator="break_zero", year=2021)
    assert task.creator_region_id == "430100" and task.status == "open"
    assert Notification.objects.filter(user=county_official, url=task.get_absolute_url()).exists()


@pytest.mark.parametrize(("persona", "code"), [
    ("city_official", "430100"), ("city_official", "430602"), ("county_official", "430104"),
    ("province_official", "430000"),
])
def test_task_create_outside_or_own_region_refused(request, persona, code):
    with pytest.raises(DomainError, match="下辖"):
        _create(request.getfixturevalue(persona), code)


def test_task_create_unknown_indicator_and_past_due_refused(city_official):
    with pytest.raises(DomainError, match="未知的指标"):
        _create(city_official, indicator="nonsense")
    with pytest.raises(DomainError, match="不能早于今天"):
        _create(city_official, due_date=timezone.localdate() - dt.timedelta(days=1))


def test_task_answer_with_attachments_sets_answered(city_official, county_official):
    task = _create(city_official)
    files = [f.pdf_upload("说明.pdf"), SimpleUploadedFile("现场.png", f.PNG_BYTES), f.xlsx_upload()]
    task_answer(user=county_official, task_id=task.pk, text="已走访10家企业", uploads=files)
    task.refresh_from_db()
    assert task.status == "answered"
    assert sorted(TaskAttachment.objects.values_list("file_kind", flat=True)) == ["pdf", "png", "xlsx"]
    assert Notification.objects.filter(user=city_official, url=task.get_absolute_url()).exists()


def test_task_answer_bad_attachment_saves_nothing(city_official, county_official):
    task = _create(city_official)
    bad = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00binary")
    with pytest.raises(DomainError, match="不是允许的类型"):
        task_answer(user=county_official, task_id=task.pk, text="答复", uploads=[f.pdf_upload(), bad])
    assert not task.entries.exists() and not TaskAttachment.objects.exists()


def test_task_answer_by_parent_refused(city_official, province_official):
    task = _create(city_official)
    with pytest.raises(DomainError, match="被督办地区"):
        task_answer(user=province_official, task_id=task.pk, text="x")


def test_task_close_and_reopen_by_creator_level(city_official, county_official):
    task = _create(city_official)
    with pytest.raises(DomainError, match="发起督办"):
        task_close(user=county_official, task_id=task.pk)
    task_close(user=city_official, task_id=task.pk, comment="已整改")
    with pytest.raises(DomainError, match="已办结"):
        task_answer(user=county_official, task_id=task.pk, text="x")
    with pytest.raises(DomainError, match="说明原因"):
        task_reopen(user=city_official, task_id=task.pk, comment="")
    task_reopen(user=city_official, task_id=task.pk, comment="数据仍未更新", due_date=FUTURE + dt.timedelta(days=5))
    task.refresh_from_db()
    assert task.status == "open" and task.closed_at is None and task.due_date == FUTURE + dt.timedelta(days=5)
    assert list(task.entries.values_list("kind", flat=True)) == ["close", "reopen"]


def test_is_overdue_only_open_tasks_past_due(city_official):
    today = dt.date(2021, 6, 15)
    due_yesterday = f.task("430104", city_official, due=dt.date(2021, 6, 14))
    due_today = f.task("430104", city_official, due=dt.date(2021, 6, 15))
    answered = f.task("430104", city_official, due=dt.date(2021, 6, 1), status="answered")
    closed = f.task("430104", city_official, due=dt.date(2021, 6, 1), status="closed")
    assert [is_overdue(t, today) for t in (due_yesterday, due_today, answered, closed)] == [True, False, False, False]


def test_task_list_overdue_filter_visible_to_parent_level(province_official, city_official, other_city_official):
    today = dt.date(2021, 6, 15)
    late = f.task("430104", city_official, due=dt.date(2021, 6, 1))
    f.task("430102", city_official, due=dt.date(2021, 7, 1))
    other = f.task("430602", other_city_official, due=dt.date(2021, 6, 1))
    overdue = TaskFilters(is_overdue=True)
    assert set(task_list(user=province_official, filters=overdue, today=today)) == {late, other}
    assert list(task_list(user=city_official, filters=overdue, today=today)) == [late]
    by_region = task_list(user=province_official, filters=TaskFilters(region_code="430600"), today=today)
    assert list(by_region) == [other]
    assert SupervisionTask.objects.count() == 3

"""Pages through the client, with and without HX-Request; outside the user's scope → 404."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from breakzero.reports.models import Bulletin, ImplementationPlan, SupervisionTask, TaskAttachment
from breakzero.reports.tests import factories as f

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
FUTURE = (timezone.localdate() + dt.timedelta(days=7)).isoformat()


@pytest.mark.parametrize("name", ["reports:home", "reports:plan-list", "reports:bulletin-list", "reports:task-list",
                                  "reports:task-create", "reports:notification-list"])
def test_pages_full_and_htmx_render(client_for, city_official, name):
    client = client_for(city_official)
    full = client.get(reverse(name))
    partial = client.get(reverse(name), headers=HX)
    assert full.status_code == partial.status_code == 200
    assert b"<html" in full.content


@pytest.mark.parametrize("name", ["reports:plan-list", "reports:task-list", "reports:bulletin-list",
                                  "reports:notification-list"])
def test_list_pages_htmx_returns_partial_only(client_for, city_official, name):
    partial = client_for(city_official).get(reverse(name), headers=HX)
    assert b"<html" not in partial.content and b'id="results"' in partial.content


def test_pages_hidden_from_enterprise_users(client_for, enterprise_user):
    assert client_for(enterprise_user).get(reverse("reports:plan-list")).status_code == 404


def test_plan_list_upload_then_review_through_views(client, county_official, city_official):
    client.force_login(county_official)
    response = client.post(reverse("reports:plan-list"), {"period": "2021", "file": f.pdf_upload()})
    plan = ImplementationPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    client.force_login(city_official)
    assert b'name="decision"' in client.get(plan.get_absolute_url()).content
    assert client.get(plan.get_absolute_url(), headers=HX).content.strip().startswith(b'<section id="history"')
    client.post(reverse("reports:plan-review", args=[plan.pk]), {"decision": "return", "comment": "补充措施"})
    plan.refresh_from_db()
    assert plan.status == "returned"
    assert client.get(reverse("reports:plan-file", args=[plan.pk])).status_code == 200


def test_plan_list_upload_bad_type_shows_chinese_error(client_for, county_official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(county_official).post(
        reverse("reports:plan-list"), {"period": "2021", "file": SimpleUploadedFile("a.pdf", b"hello")})
    assert response.status_code == 200 and "不是允许的类型" in response.content.decode()
    assert not ImplementationPlan.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("province_official", 200), ("city_official", 200),
                                                 ("county_official", 200), ("other_city_official", 404),
                                                 ("other_county_official", 404)])
def test_plan_detail_scoping(client_for, request, persona, status):
    plan = f.plan("430104")
    user = request.getfixturevalue(persona)
    assert client_for(user).get(plan.get_absolute_url()).status_code == status
    assert client_for(user).get(reverse("reports:plan-file", args=[plan.pk])).status_code in {status, 404}


def test_plan_review_by_non_reviewer_is_refused(client_for, province_official):
    plan = f.plan("430104")
    response = client_for(province_official).post(reverse("reports:plan-review", args=[plan.pk]),
                                                  {"decision": "approve"})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_task_create_prefilled_from_link_and_posted(client_for, city_official):
    client = client_for(city_official)
    url = reverse("reports:task-create") + "?region=430104&indicator=break_zero&year=2021"
    page = client.get(url).content.decode()
    assert 'value="430104" selected' in page and 'value="break_zero" selected' in page
    response = client.post(url, {"region": "430104", "title": "破零滞后", "description": "请说明", "due_date": FUTURE,
                                 "indicator": "break_zero", "year": "2021"})
    task = SupervisionTask.objects.get()
    assert response.status_code == 302 and task.indicator == "break_zero" and task.year == 2021


@pytest.mark.parametrize(("persona", "code"), [("city_official", "430602"), ("city_official", "430100"),
                                               ("county_official", "430104")])
def test_task_create_link_outside_scope_404(client_for, request, persona, code):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("reports:task-create") + f"?region={code}").status_code == 404


@pytest.mark.parametrize(("persona", "status"), [("province_official", 200), ("city_official", 200),
                                                 ("county_official", 200), ("other_city_official", 404),
                                                 ("other_county_official", 404)])
def test_task_detail_scoping(client_for, request, city_official, persona, status):
    task = f.task("430104", city_official, due=dt.date(2030, 1, 1))
    assert client_for(request.getfixturevalue(persona)).get(task.get_absolute_url()).status_code == status


def test_task_answer_close_through_views(client, city_official, county_official):
    task = f.task("430104", city_official, due=dt.date(2030, 1, 1))
    client.force_login(county_official)
    response = client.post(reverse("reports:task-action", args=[task.pk, "answer"]),
                           {"text": "已整改", "files": [f.pdf_upload("整改.pdf"), f.docx_upload("说明.docx")]})
    assert response.status_code == 302 and TaskAttachment.objects.count() == 2
    attachment = TaskAttachment.objects.first()
    assert client.get(reverse("reports:attachment-download", args=[attachment.pk])).status_code == 200
    assert client.post(reverse("reports:task-action", args=[task.pk, "close"]), {}).status_code == 200  # refused
    client.force_login(city_official)
    client.post(reverse("reports:task-action", args=[task.pk, "close"]), {"comment": "好"})
    task.refresh_from_db()
    assert task.status == "closed"


def test_task_detail_htmx_returns_entries_partial(client_for, city_official):
    task = f.task("430104", city_official, due=dt.date(2030, 1, 1))
    content = client_for(city_official).get(task.get_absolute_url(), headers=HX).content
    assert content.strip().startswith(b'<section id="entries"')


def test_attachment_download_outside_scope_404(client_for, city_official, county_official, other_city_official):
    from breakzero.reports.services.supervision import task_answer

    task = f.task("430104", city_official, due=dt.date(2030, 1, 1))
    task_answer(user=county_official, task_id=task.pk, text="x", uploads=[f.pdf_upload()])
    url = reverse("reports:attachment-download", args=[TaskAttachment.objects.get().pk])
    assert client_for(other_city_official).get(url).status_code == 404


def test_task_list_filters_and_export(client_for, city_official, other_city_official):
    late = f.task("430104", city_official, due=dt.date(2020, 1, 1), title="逾期事项")
    f.task("430102", city_official, due=dt.date(2030, 1, 1), title="未到期事项")
    f.task("430602", other_city_official, due=dt.date(2020, 1, 1), title="岳阳事项")
    client = client_for(city_official)
    page = client.get(reverse("reports:task-list") + "?overdue=on", headers=HX).content.decode()
    assert late.title in page and "未到期事项" not in page and "岳阳事项" not in page
    export = client.get(reverse("reports:task-export") + "?overdue=on")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_task_list_query_count_is_constant(client_for, city_official):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(city_official)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("reports:task-list"), headers=HX)
        return len(context)

    f.task("430104", city_official, due=dt.date(2030, 1, 1))
    count_queries()  # the first request also touches the session
    few = count_queries()
    for index in range(6):
        f.task("430102", city_official, due=dt.date(2030, 1, 1), title=f"事项{index}")
    assert count_queries() == few


def test_bulletin_generate_view_enqueues_and_detail_polls(client_for, province_official,
                                                         django_capture_on_commit_callbacks):
    client = client_for(province_official)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reports:bulletin-list"),
                               {"region": "430000", "period_type": "year", "year": "2021", "period": ""})
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and len(callbacks) == 1
    pending = client.get(bulletin.get_absolute_url(), headers=HX).content.decode()
    assert 'hx-trigger="every 2s"' in pending and "<html" not in pending
    callbacks[0]()  # the task runs (immediate backend in tests)
    done = client.get(bulletin.get_absolute_url(), headers=HX).content.decode()
    assert "hx-trigger" not in done and reverse("reports:bulletin-file", args=[bulletin.pk, "pdf"]) in done
    links = re.findall(r'href="(/progress/records/\?[^"]+)"', done)  # every figure opens its records
    assert len(links) >= len(Bulletin.objects.get().summary["summary"])
    assert all(client.get(html.unescape(link)).status_code == 200 for link in links[:12])
    assert client.get(reverse("reports:bulletin-file", args=[bulletin.pk, "xlsx"])).status_code == 200


@pytest.mark.parametrize(("persona", "status"), [("province_official", 200), ("city_official", 200),
                                                 ("county_official", 200), ("other_city_official", 404),
                                                 ("other_county_official", 404)])
def test_city_bulletin_visibility(client_for, request, city_official, persona, status):
    bulletin = Bulletin.objects.create(period_type="year", year=2021, region_id="430100", created_by=city_official)
    assert client_for(request.getfixturevalue(persona)).get(bulletin.get_absolute_url()).status_code == status


def test_bulletin_form_county_cannot_generate(client_for, county_official):
    response = client_for(county_official).post(reverse("reports:bulletin-list"),
                                                {"region": "430104", "period_type": "year", "year": "2021"})
    assert response.status_code == 200 and not Bulletin.objects.exists()


def test_notifications_mark_read(client_for, city_official, county_official):
    from breakzero.reports.models import Notification
    from breakzero.reports.services.plans import plan_upload
    from breakzero.regions.models import Region

    plan_upload(user=county_official, region=Region.objects.get(code="430104"), period="2021", upload=f.pdf_upload())
    client = client_for(city_official)
    assert "请审核" in client.get(reverse("reports:notification-list")).content.decode()
    client.post(reverse("reports:notification-read"))
    assert not Notification.objects.filter(user=city_official, read_at__isnull=True).exists()

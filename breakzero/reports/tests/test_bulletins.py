"""Bulletin generation: the background task writes both files; the command prints their paths."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from breakzero.core.errors import DomainError
from breakzero.regions.models import Region
from breakzero.reports.bulletins.periods import make_period
from breakzero.notifications.models import Notice as Notification
from breakzero.reports.models import Bulletin
from breakzero.reports.services.bulletins import bulletin_generate, bulletin_request
from breakzero.reports.tests import factories as f

pytestmark = pytest.mark.django_db


def test_bulletin_task_produces_xlsx_and_pdf(province_official, django_capture_on_commit_callbacks):
    f.refreshed(2021)
    f.value("break_zero", "430000", 2021, 120)
    f.value("break_zero", "430100", 2021, 40)
    f.value("break_zero", "430100", 2021, 30, month=4)  # Q2 year-to-date = Apr 30 + Jun 10 = 40
    f.value("break_zero", "430100", 2021, 10, month=6)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = bulletin_request(user=province_official, region=Region.objects.get(code="430000"),
                                    period_type="quarter", year=2021, period=2)
    bulletin.refresh_from_db()
    assert bulletin.status == "done" and bulletin.generated_at is not None
    pdf = bulletin.pdf.read()
    assert pdf.startswith(b"%PDF") and b"STSong-Light" in pdf and pdf.count(b"/Type /Page\n") >= 2
    book = CalamineWorkbook.from_filelike(io.BytesIO(bulletin.xlsx.read()))
    assert book.sheet_names == ["汇总", "各市州排名", "滞后地区", "缺报地区", "填报及时率"]
    rows = book.get_sheet_by_name("各市州排名").to_python()
    # Numbers are numeric cells people can compute with (the ratio a fraction shown as 0%), never text.
    assert rows[3][:3] == ["指标", "名次", "地区"] and rows[4][1:4] == [1.0, "长沙市", 40.0]
    assert isinstance(rows[4][5], float) or rows[4][5] == "—"
    assert bulletin.summary["label"] == "2021年第2季度" and bulletin.summary["tables"]["汇总"]
    assert Notification.objects.filter(user=province_official, url=bulletin.get_absolute_url()).exists()


def test_bulletin_generate_twice_is_safe(province_official):
    bulletin = bulletin_request(user=province_official, region=Region.objects.get(code="430000"),
                                period_type="year", year=2021, period=None, enqueue=False)
    first = bulletin_generate(bulletin_id=bulletin.pk, today=dt.date(2022, 1, 10))
    again = bulletin_generate(bulletin_id=bulletin.pk, today=dt.date(2022, 1, 10))
    assert first.status == again.status == "done" and first.pdf.name == again.pdf.name


@pytest.mark.parametrize(("persona", "code"), [("city_official", "430000"), ("city_official", "430600"),
                                               ("county_official", "430104"), ("county_official", "430100")])
def test_bulletin_request_outside_scope_refused(request, persona, code):
    with pytest.raises(DomainError):
        bulletin_request(user=request.getfixturevalue(persona), region=Region.objects.get(code=code),
                         period_type="year", year=2021, period=None, enqueue=False)
    assert not Bulletin.objects.exists()


def test_make_period_rejects_bad_month_and_future_period():
    today = dt.date(2021, 5, 10)
    with pytest.raises(DomainError, match="月份"):
        make_period(period_type="month", year=2021, period=13, today=today)
    with pytest.raises(DomainError, match="尚未开始"):
        make_period(period_type="quarter", year=2021, period=3, today=today)
    assert make_period(period_type="month", year=2021, period=5, today=today).as_of(today) == today


def test_bulletin_command_prints_both_paths(tmp_path, capsys):
    call_command("bulletin", "--year", "2021", "--month", "3", "--region", "430100", "--out", str(tmp_path),
                 "--today", "2021-06-30")
    paths = capsys.readouterr().out.split()
    assert [p.rsplit(".", 1)[-1] for p in paths] == ["xlsx", "pdf"]
    assert all(p.startswith(str(tmp_path)) for p in paths)
    assert open(paths[1], "rb").read(5) == b"%PDF-"


def test_bulletin_command_unknown_region_fails():
    with pytest.raises(CommandError, match="区划代码不存在"):
        call_command("bulletin", "--year", "2021", "--region", "999999")


def test_demo_seed_creates_plans_and_tasks_once():
    import random

    from breakzero.reports import demo
    from breakzero.reports.models import ImplementationPlan, SupervisionTask

    out = io.StringIO()
    demo.seed(rng=random.Random(1), enterprises=0, stdout=out)
    plans = ImplementationPlan.objects.count()
    assert plans > 5 and SupervisionTask.objects.count() == 3
    assert ImplementationPlan.objects.first().file.read(5) == b"%PDF-"
    demo.seed(rng=random.Random(1), enterprises=0, stdout=out)
    assert ImplementationPlan.objects.count() == plans and "skipped" in out.getvalue()

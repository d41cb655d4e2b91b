"""Participant roster import: rows outside the user's region or unknown are rejected; the shell refreshes summaries."""

import io

import pytest
from django.core.management import call_command

from breakzero.core.imports import get_importer, run_file
from breakzero.indicators.models import IndicatorValue, Participant
from breakzero.indicators.tests import fixtures


def _file(tmp_path, lines):
    path = tmp_path / "roster.csv"
    path.write_text("统一社会信用代码,年度,备注\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_participants_import_city_official_rows_outside_city_rejected(tmp_path, city_official):
    firms = fixtures.build()
    path = _file(tmp_path, [f"{firms['a'].uscc},2021,推荐", f"{firms['c'].uscc},2021,", "91430100MA4L0000XX,2021,", f"{firms['a'].uscc},21,"])
    outcome = run_file(get_importer("participants"), path, user=city_official, apply=True, skip_invalid=False)
    reasons = [r.reason for r in outcome.rejected]
    assert [r.row for r in outcome.rejected] == [3, 4, 5]
    # Another city's enterprise reads exactly as an unknown one: its existence is not told.
    assert reasons[0] == reasons[1] and "未找到本辖区内的该企业" in reasons[0] and "年度" in reasons[2]
    assert not Participant.objects.filter(year=2021).exists()


@pytest.mark.django_db
def test_import_participants_command_applies_and_refreshes_summaries(tmp_path):
    firms = fixtures.build()
    path = _file(tmp_path, [f"{firms['a'].uscc},2021,", f"{firms['c'].uscc},2021,"])
    out = io.StringIO()
    call_command("import_participants", str(path), stdout=out)
    assert out.getvalue().strip().endswith("created=2 updated=0 unchanged=0 rejected=0")
    value = IndicatorValue.objects.get(indicator="participants", region_id="430000", year=2021, month=None)
    assert value.value == 2

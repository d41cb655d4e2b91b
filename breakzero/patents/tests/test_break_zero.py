"""The break-zero rule and the break_zero command on a fixture with hand-computed answers.

Hand-computed from conftest.messy_rows (bad row 8 skipped):
* 星辰 (small in 2021, nearest earlier year for 2022): B publication 2022-06-10 → 2022, counts.
  Its utility model (granted 2021-09-10) does not count.
* 智造 via former name: granted 2022-03-01, large in 2022 → event 2022, does not count.
* 洞庭 (no size data): granted 2023-01-10 → 2023, counts, size unknown. Its 2020 design: no.
* 蓝海 via its branch: 2022-09-09 → 2022, counts (size unknown).
* 启明: only a near match holds a grant (waits for review) and a pending application → none.
* 老牌: 2018-07-01 → before the programme (year 2018), later lapse does not undo it.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from breakzero.core.imports import get_importer, run_file
from breakzero.patents.break_zero import break_zero_recompute
from breakzero.patents.models import BreakZeroEvent, Patent, ReviewItem
from breakzero.patents.services import review_item_confirm
from breakzero.patents.tests.factories import number, write_csv

pytestmark = pytest.mark.django_db


def load(path):
    importer = get_importer("patents")
    outcome = run_file(importer, str(path), apply=True, skip_invalid=True)
    importer.after_apply(outcome, in_process=True)
    return outcome


def events():
    return {e.enterprise.name: e for e in BreakZeroEvent.objects.select_related("enterprise", "patent")}


def test_break_zero_hand_computed_events(register, good_file):
    load(good_file)
    found = {name: (e.break_zero_date, e.year, e.is_sme, e.size_known) for name, e in events().items()}
    assert found == {
        "湖南星辰科技有限公司": (dt.date(2022, 6, 10), 2022, True, True),
        "长沙智造装备有限公司": (dt.date(2022, 3, 1), 2022, False, True),
        "岳阳洞庭新材料股份有限公司": (dt.date(2023, 1, 10), 2023, True, False),
        "湖南蓝海电子有限公司": (dt.date(2022, 9, 9), 2022, True, False),
        "湖南老牌机械有限公司": (dt.date(2018, 7, 1), 2018, True, False),
    }
    assert events()["湖南老牌机械有限公司"].is_before_programme
    assert events()["湖南星辰科技有限公司"].patent.application_number == number(2021, "invention", 123456)


def test_break_zero_command_csv_hand_computed(register, good_file):
    load(good_file)
    out = io.StringIO()
    call_command("break_zero", "--year", "2022", stdout=out)
    star, blue = register["star"], register["blue"]
    assert out.getvalue().splitlines() == [
        "uscc,name,county_code,application_number,grant_date",
        f"{star.uscc},湖南星辰科技有限公司,430104,{number(2021, 'invention', 123456)},2022-06-10",
        f"{blue.uscc},湖南蓝海电子有限公司,430104,{number(2021, 'invention', 456789)},2022-09-09",
    ]


def test_break_zero_command_region_scopes_rows(register, good_file):
    load(good_file)
    out = io.StringIO()
    call_command("break_zero", "--year", "2023", "--region", "430100", stdout=out)
    assert out.getvalue().splitlines() == ["uscc,name,county_code,application_number,grant_date"]
    out = io.StringIO()
    call_command("break_zero", "--year", "2023", "--region", "430600", stdout=out)
    assert len(out.getvalue().splitlines()) == 2


def test_break_zero_command_xlsx_written(register, good_file, tmp_path):
    load(good_file)
    target = tmp_path / "out.xlsx"
    call_command("break_zero", "--year", "2022", "--format", "xlsx", "--out", str(target))
    assert target.read_bytes().startswith(b"PK")


def test_break_zero_earlier_grant_in_later_file_moves_date(register, good_file, tmp_path):
    load(good_file)
    earlier = [[number(2019, "invention", 77), "2019-01-01", "发明", "更早的发明", "湖南星辰科技有限公司",
                "CN110000000B", "2021-02-02", "2021-02-02", "授权", ""]]  # fmt: skip
    load(write_csv(tmp_path / "e.csv", earlier))
    event = events()["湖南星辰科技有限公司"]
    assert (event.break_zero_date, event.patent.application_number) == (dt.date(2021, 2, 2), number(2019, "invention", 77))


def test_break_zero_rejected_after_grant_withdrawn(register, good_file, tmp_path, messy_rows):
    load(good_file)
    row = list(messy_rows[4])
    row[8] = "全部无效"
    load(write_csv(tmp_path / "inv.csv", [row]))
    assert "湖南蓝海电子有限公司" not in events()


def test_break_zero_review_confirmation_attributes_and_recomputes(register, good_file, province_official):
    load(good_file)
    assert "湖南启明光电有限公司" not in events()
    review_item_confirm(item=ReviewItem.objects.get(), user=province_official, in_process=True)
    assert events()["湖南启明光电有限公司"].break_zero_date == dt.date(2022, 5, 5)


def test_break_zero_confirmed_alias_used_by_later_import(register, good_file, tmp_path, province_official):
    load(good_file)
    review_item_confirm(item=ReviewItem.objects.get(), user=province_official, in_process=True)
    other = [[number(2022, "invention", 4242), "2022-01-01", "发明", "又一件", "湖南启明光点有限公司",
              "", "", "", "审中", ""]]  # fmt: skip
    load(write_csv(tmp_path / "again.csv", other))
    from breakzero.patents.models import PatentApplicant

    latest = PatentApplicant.objects.get(patent__application_number=number(2022, "invention", 4242))
    assert (latest.enterprise, latest.match_method) == (register["dawn"], "review")


def test_break_zero_recompute_twice_changes_nothing(register, good_file):
    load(good_file)
    assert break_zero_recompute() == 0


@override_settings(BREAK_ZERO_BASIS="application")
def test_break_zero_application_basis_uses_first_application(register, good_file):
    load(good_file)
    found = events()
    assert found["湖南星辰科技有限公司"].break_zero_date == dt.date(2021, 3, 5)
    assert found["湖南启明光电有限公司"].break_zero_date == dt.date(2023, 2, 1)
    assert found["湖南星辰科技有限公司"].basis == "application"


def _event_rows():
    return set(BreakZeroEvent.objects.values_list("enterprise_id", "patent_id", "break_zero_date", "year", "size",
                                                 "is_sme", "size_known", "basis"))


def test_break_zero_by_ids_recomputes_only_those(register, good_file):
    load(good_file)
    full = _event_rows()
    star, blue = register["star"], register["blue"]
    BreakZeroEvent.objects.all().delete()
    assert break_zero_recompute(enterprise_ids=[star.pk, blue.pk]) == 2
    assert {row[0] for row in _event_rows()} == {star.pk, blue.pk}
    assert _event_rows() == {row for row in full if row[0] in (star.pk, blue.pk)}


def test_break_zero_by_ids_equals_full_recompute(register, good_file):
    load(good_file)
    full = _event_rows()
    everyone = [e.pk for e in register.values()]
    BreakZeroEvent.objects.update(year=1999)  # stale rows: every listed enterprise must be rewritten
    assert break_zero_recompute(enterprise_ids=everyone) == len(full)
    assert _event_rows() == full
    assert break_zero_recompute(enterprise_ids=everyone) == 0


def test_break_zero_by_ids_deletes_stale_event_of_listed_only(register, good_file):
    load(good_file)
    star, blue = register["star"], register["blue"]
    Patent.objects.filter(applicants__enterprise__in=[star, blue]).update(legal_status="withdrawn")
    assert break_zero_recompute(enterprise_ids=[star.pk]) == 1
    assert not BreakZeroEvent.objects.filter(enterprise=star).exists()
    assert BreakZeroEvent.objects.filter(enterprise=blue).exists()  # not listed: left as it was


def test_break_zero_many_ids_recompute_everyone(register, good_file, monkeypatch):
    from breakzero.patents import break_zero

    load(good_file)
    full = _event_rows()
    BreakZeroEvent.objects.all().delete()
    monkeypatch.setattr(break_zero, "FULL_RECOMPUTE_MIN_IDS", 1)
    break_zero_recompute(enterprise_ids=[register["star"].pk])
    assert _event_rows() == full

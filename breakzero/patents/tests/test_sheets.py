"""The patent import on messy files: attribution, rejects, idempotency, history, review queue."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from breakzero.core.imports import get_importer, run_file
from breakzero.core.sheets import write_xlsx
from breakzero.patents.models import Patent, PatentApplicant, PatentChange, ReviewItem
from breakzero.patents.tests.factories import HEADERS, number, write_csv

pytestmark = pytest.mark.django_db


def run(path, *, apply=True, skip_invalid=True):
    return run_file(get_importer("patents"), str(path), apply=apply, skip_invalid=skip_invalid)


def applicant(name):
    return PatentApplicant.objects.filter(name=name).order_by("pk").first()


def test_import_messy_file_with_bad_row_writes_nothing(register, messy_file):
    outcome = run(messy_file, skip_invalid=False)
    assert not outcome.applied
    assert [r.row for r in outcome.rejected] == [9]
    assert "校验位" in outcome.rejected[0].reason
    assert Patent.objects.count() == 0


def test_import_skip_invalid_stores_good_rows(register, messy_file):
    outcome = run(messy_file)
    assert outcome.applied
    assert (outcome.counts.created, outcome.counts.updated, outcome.rejected_count) == (9, 0, 1)
    assert Patent.objects.get(application_number=number(2021, "invention", 123456)).source_file == "导出1.csv"


def test_import_attribution_each_method_recorded(register, good_file):
    run(good_file)
    star = applicant("湖南星辰科技有限公司")
    assert (star.enterprise, star.match_method) == (register["star"], "name")
    former = applicant("长沙智造机械有限公司")
    assert (former.enterprise, former.match_method) == (register["smart"], "former_name")
    spaced = PatentApplicant.objects.get(name_normalized="岳阳洞庭新材料股份有限公司", patent__kind="invention")
    assert spaced.enterprise == register["lake"]
    branch = applicant("湖南蓝海电子有限公司岳麓分公司")
    assert (branch.enterprise, branch.match_method) == (register["blue"], "branch")


def test_import_co_applicants_kept_in_order_with_types(register, good_file):
    run(good_file)
    patent = Patent.objects.get(application_number=number(2021, "invention", 123456))
    rows = list(patent.applicants.values_list("position", "name", "applicant_type", "match_method"))
    assert rows == [(1, "湖南星辰科技有限公司", "enterprise", "name"), (2, "中南大学", "university", "none")]
    assert applicant("张三").applicant_type == "person"


def test_import_near_match_waits_for_review(register, good_file):
    outcome = run(good_file)
    near = applicant("湖南启明光点有限公司")
    assert near.enterprise is None and near.applicant_type == "unregistered"
    item = ReviewItem.objects.get()
    assert (item.enterprise, item.status) == (register["dawn"], "pending")
    assert item.score >= 88
    assert outcome.summary["applicants_review"] == 1


def test_import_summary_counts_applicant_kinds(register, good_file):
    summary = run(good_file).summary
    assert summary["applicants_enterprise"] == 8
    assert summary["applicants_person"] == 1
    assert summary["applicants_university"] == 1
    assert summary["applicants_unregistered"] == 1


def test_import_uscc_column_wins_over_name(register, tmp_path):
    headers = [*HEADERS, "申请人统一社会信用代码"]
    row = [number(2022, "invention", 9), "2022-01-01", "发明", "x", "Star Tech Co Ltd；李四", "", "", "", "审中", "",
           f"{register['star'].uscc}；"]  # fmt: skip
    run(write_csv(tmp_path / "u.csv", [row], headers))
    found = applicant("Star Tech Co Ltd")
    assert (found.enterprise, found.match_method, found.uscc) == (register["star"], "uscc", register["star"].uscc)


def test_reimport_same_file_changes_nothing(register, good_file):
    run(good_file)
    before = list(Patent.objects.values_list("pk", "updated_at").order_by("pk"))
    outcome = run(good_file)
    assert (outcome.counts.created, outcome.counts.updated, outcome.counts.unchanged) == (0, 0, 9)
    assert list(Patent.objects.values_list("pk", "updated_at").order_by("pk")) == before
    assert PatentChange.objects.count() == 0


def test_reimport_status_change_updates_and_keeps_history(register, good_file, tmp_path, messy_rows):
    run(good_file)
    later = [list(messy_rows[3])]
    later[0][8] = "未缴年费专利权终止"
    outcome = run(write_csv(tmp_path / "导出2.csv", later))
    assert (outcome.counts.created, outcome.counts.updated) == (0, 1)
    patent = Patent.objects.get(application_number=number(2021, "invention", 345678))
    assert patent.legal_status == "lapsed"
    change = patent.changes.get(field="legal_status")
    assert (change.old_value, change.new_value, change.source_file) == ("granted", "lapsed", "导出2.csv")


def test_reimport_new_grant_date_updates(register, good_file, tmp_path, messy_rows):
    run(good_file)
    later = [list(messy_rows[8])]
    later[0][5:9] = ["CN116000000B", "2024-04-01", "2024-04-01", "授权"]
    run(write_csv(tmp_path / "导出3.csv", later))
    patent = Patent.objects.get(application_number=number(2023, "invention", 789012))
    assert patent.grant_date == dt.date(2024, 4, 1)
    assert set(patent.changes.values_list("field", flat=True)) >= {"grant_date", "legal_status", "publication_number"}


def test_reimport_dropped_co_applicant_removed(register, good_file, tmp_path, messy_rows):
    run(good_file)
    later = [list(messy_rows[0])]
    later[0][4] = "湖南星辰科技有限公司"
    outcome = run(write_csv(tmp_path / "导出4.csv", later))
    assert outcome.counts.updated == 1
    assert Patent.objects.get(application_number=number(2021, "invention", 123456)).applicants.count() == 1


def test_duplicate_number_in_file_rejected(register, tmp_path, messy_rows):
    outcome = run(write_csv(tmp_path / "d.csv", [messy_rows[0], messy_rows[0]]), skip_invalid=False)
    assert [r.row for r in outcome.rejected] == [3]
    assert "重复" in outcome.rejected[0].reason


def test_preview_writes_nothing(register, good_file):
    outcome = run(good_file, apply=False)
    assert outcome.counts.created == 9
    assert Patent.objects.count() == 0 and ReviewItem.objects.count() == 0


def test_import_xlsx_gbk_variants_headers(register, tmp_path, messy_rows):
    buffer = io.BytesIO()
    headers = ["申请号", "申请日", "名称", "申请人", "公开(公告)号", "公开(公告)日", "授权公告日", "当前法律状态", "主分类号"]
    row = messy_rows[4]
    write_xlsx(buffer, headers, [[row[0], row[1], row[3], row[4], row[5], row[6], row[7], row[8], row[9]]])
    path = tmp_path / "x.xlsx"
    path.write_bytes(buffer.getvalue())
    assert run(path).counts.created == 1
    assert applicant("湖南蓝海电子有限公司岳麓分公司").enterprise == register["blue"]


def test_import_command_prints_summary_then_counts(register, good_file):
    out = io.StringIO()
    call_command("import_patents", str(good_file), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == "created=9 updated=0 unchanged=0 rejected=0"
    assert "applicants_enterprise=8" in lines and "applicants_review=1" in lines

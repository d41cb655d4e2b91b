"""Enterprise register import: messy files, row errors, duplicates, idempotence, updates."""

import io

import pytest
from django.utils import timezone

from breakzero.core.imports import get_importer, run_file
from breakzero.core.sheets import SheetError
from breakzero.enterprises.models import Enterprise, FormerName, UsccOverride
from breakzero.enterprises.tests.fixtures.builders import (
    ENTERPRISE_HEADERS,
    bad_check,
    csv_bytes,
    enterprise_row,
    uscc,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def _run(data: bytes, *, apply: bool = True, skip_invalid: bool = False, user=None):
    return run_file(get_importer("enterprises"), io.BytesIO(data), user=user, apply=apply, skip_invalid=skip_invalid)


def test_import_gbk_csv_with_title_row_creates_enterprises():
    data = csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2)], encoding="gbk", title="2024年企业名录,,,")
    outcome = _run(data)
    assert outcome.applied and outcome.line() == "created=2 updated=0 unchanged=0 rejected=0"
    enterprise = Enterprise.objects.get(uscc=uscc(1))
    assert (enterprise.name, enterprise.county_id, enterprise.city_id) == ("湖南测试1科技有限公司", "430104", "430100")
    assert (enterprise.industry_code, enterprise.industry_section) == ("3911", "C")
    assert enterprise.founded_on.isoformat() == "2016-05-20"


def test_import_utf8_bom_csv_fullwidth_headers_any_order_maps_columns():
    headers = ["　企业名称　", "所在区县（代码）", "统一社会信用代码【必填】", "行业代码（GB/T 4754-2017）"]
    row = ["湖南全角（长沙）科技有限公司", "４３０１０４", uscc(3).replace("9", "９", 1), "Ｃ３９１１"]
    outcome = _run(csv_bytes(headers, [row], encoding="utf-8-sig"))
    assert outcome.rejected == [] and outcome.counts.created == 1
    enterprise = Enterprise.objects.get(uscc=uscc(3))
    assert enterprise.name_normalized == "湖南全角(长沙)科技有限公司"
    assert enterprise.industry_code == "3911"


def test_import_same_file_twice_changes_nothing():
    rows = [enterprise_row(1, former="旧名一；旧名二", chains="工程机械、C10"), enterprise_row(2)]
    data = xlsx_bytes(ENTERPRISE_HEADERS, rows)
    assert _run(data).line() == "created=2 updated=0 unchanged=0 rejected=0"
    stamp = Enterprise.objects.get(uscc=uscc(1)).updated_at
    assert _run(data).line() == "created=0 updated=0 unchanged=2 rejected=0"
    assert Enterprise.objects.get(uscc=uscc(1)).updated_at == stamp
    assert FormerName.objects.count() == 2


def test_import_changed_values_counts_updates_and_keeps_old_name():
    _run(csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2), enterprise_row(3)]))
    rows = [
        enterprise_row(1, name="湖南改名科技有限公司"),
        enterprise_row(2, chains="生物医药"),
        enterprise_row(3, former="湖南旧名科技有限公司"),
    ]
    outcome = _run(csv_bytes(ENTERPRISE_HEADERS, rows))
    assert outcome.line() == "created=0 updated=3 unchanged=0 rejected=0"
    renamed = Enterprise.objects.get(uscc=uscc(1))
    assert renamed.name == "湖南改名科技有限公司"
    assert list(renamed.former_names.values_list("name", flat=True)) == ["湖南测试1科技有限公司"]
    assert list(Enterprise.objects.get(uscc=uscc(2)).chains.values_list("name", flat=True)) == ["生物医药"]


def test_import_blank_optional_cells_keep_stored_values():
    _run(csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1, chains="工程机械")]))
    outcome = _run(csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1, founded="", person="", phone="", chains="")]))
    assert outcome.counts.unchanged == 1
    enterprise = Enterprise.objects.get(uscc=uscc(1))
    assert (enterprise.contact_person, enterprise.contact_phone) == ("张三", "0731-88886666")
    assert enterprise.chains.count() == 1


def test_import_identical_duplicate_rows_count_once():
    outcome = _run(csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(1)]))
    assert outcome.line() == "created=1 updated=0 unchanged=0 rejected=0"
    assert outcome.summary["重复行（已合并）"] == 1


def test_import_conflicting_duplicate_rejects_later_row_naming_earlier():
    rows = [enterprise_row(1), enterprise_row(2), enterprise_row(1, name="另一个名称有限公司")]
    outcome = _run(csv_bytes(ENTERPRISE_HEADERS, rows), skip_invalid=True)
    assert [r.row for r in outcome.rejected] == [4]
    assert "与第 2 行" in outcome.rejected[0].reason
    assert Enterprise.objects.get(uscc=uscc(1)).name == "湖南测试1科技有限公司"


def test_import_bad_rows_without_skip_saves_nothing():
    rows = [enterprise_row(1), enterprise_row(2, uscc=bad_check(uscc(2)))]
    outcome = _run(csv_bytes(ENTERPRISE_HEADERS, rows))
    assert not outcome.applied and Enterprise.objects.count() == 0
    assert outcome.counts.created == 1  # the preview still counts the good row
    assert outcome.rejected[0].row == 3
    assert outcome.rejected[0].errors[0].column == "统一社会信用代码"
    assert "校验码错误" in outcome.rejected[0].reason


def test_import_bad_check_code_accepted_only_with_override(system_admin):
    code = bad_check(uscc(5))
    data = csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(5, uscc=code)])
    assert _run(data).rejected_count == 1
    UsccOverride.objects.create(uscc=code, reason="营业执照原件核对", confirmed_by=system_admin, confirmed_at=timezone.now())
    outcome = _run(data)
    assert outcome.rejected == [] and outcome.counts.created == 1
    assert Enterprise.objects.get(uscc=code).is_check_override is True


def test_import_every_bad_cell_reported_with_column_and_reason():
    row = enterprise_row(1, county="430101", industry="99", founded="2099-01-01", phone="abc", chains="不存在的链")
    outcome = _run(csv_bytes(ENTERPRISE_HEADERS, [row]))
    columns = {e.column for e in outcome.rejected[0].errors}
    assert columns == {"所在区县", "行业代码", "成立日期", "联系电话", "所属产业链"}
    assert "不是区县级代码" in outcome.rejected[0].reason  # 市辖区 placeholder: ask for the real county


def test_import_historical_county_code_maps_to_successor_with_note():
    outcome = _run(csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1, county="430124")]))
    assert Enterprise.objects.get(uscc=uscc(1)).county_id == "430182"
    assert "430124 宁乡县 已变更为 430182 宁乡市" in outcome.summary["提示明细"]


def test_import_county_by_name_and_excel_serial_date_and_formula():
    rows = [enterprise_row(1, county="长沙市岳麓区", founded=("date", 42510), industry=("=\"C\"&\"3911\"", "C3911"))]
    outcome = _run(xlsx_bytes(ENTERPRISE_HEADERS, rows, title="企业名录"))
    assert outcome.rejected == []
    enterprise = Enterprise.objects.get(uscc=uscc(1))
    assert enterprise.founded_on.isoformat() == "2016-05-20" and enterprise.industry_code == "3911"


def test_import_missing_required_column_is_a_clear_error():
    with pytest.raises(SheetError, match="缺少必填列：所在区县"):
        _run(csv_bytes(["统一社会信用代码", "企业名称", "行业代码"], [[uscc(1), "甲公司", "3911"]]))


def test_import_county_official_cannot_import_outside_county(county_official):
    rows = [enterprise_row(1), enterprise_row(2, county="430602")]
    outcome = _run(csv_bytes(ENTERPRISE_HEADERS, rows), user=county_official, skip_invalid=True)
    assert [r.row for r in outcome.rejected] == [3]
    assert Enterprise.objects.count() == 1


def test_override_admin_form_accepts_only_check_failures():
    from breakzero.enterprises.admin import UsccOverrideForm

    assert UsccOverrideForm({"uscc": bad_check(uscc(7)), "reason": "原件核对"}).is_valid()
    assert not UsccOverrideForm({"uscc": uscc(7), "reason": "原件核对"}).is_valid()  # passes: nothing to confirm
    assert not UsccOverrideForm({"uscc": "123", "reason": "x"}).is_valid()  # wrong length: never


def test_canonical_uscc_fast_check_agrees_with_parse_uscc():
    """The importer's fast check accepts exactly the canonical codes parse_uscc accepts."""
    import random

    from breakzero.enterprises.sheets.enterprise_import import _is_canonical_valid
    from breakzero.rules.errors import InvalidCode
    from breakzero.rules.uscc import ALPHABET, parse_uscc

    rng = random.Random(18)
    codes = [uscc(n) for n in range(1, 200)] + [bad_check(uscc(n)) for n in range(1, 50)]
    codes += ["".join(rng.choice(ALPHABET + "IOSVZ-a ") for _ in range(rng.choice((17, 18, 19)))) for _ in range(3000)]
    for code in codes[:150]:  # one character changed: mostly a check failure
        k = rng.randrange(18)
        codes.append(code[:k] + rng.choice(ALPHABET) + code[k + 1 :])
    for code in codes:
        try:
            accepted = parse_uscc(code).code == code
        except InvalidCode:
            accepted = False
        assert _is_canonical_valid(code) is accepted, code


def test_import_same_bad_county_and_industry_on_many_rows_reports_every_row():
    """Counties and industry codes are worked out once per distinct cell: each row still gets its error."""
    rows = [enterprise_row(n, county="不存在县", industry="X99") for n in range(1, 4)] + [enterprise_row(4)]
    outcome = _run(csv_bytes(ENTERPRISE_HEADERS, rows), skip_invalid=True)
    assert outcome.line() == "created=1 updated=0 unchanged=0 rejected=3"
    assert [r.row for r in outcome.rejected] == [2, 3, 4]
    assert all(len(r.errors) == 2 and {e.column for e in r.errors} == {"所在区县", "行业代码"} for r in outcome.rejected)
    assert len({r.reason for r in outcome.rejected}) == 1

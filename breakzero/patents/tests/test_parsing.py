"""Row parsing: numbers in every printed form, statuses, applicants, grant documents (no DB)."""

import datetime as dt

import pytest
from hypothesis import event, given, note, settings
from hypothesis import strategies as st

from breakzero.core.copy_text import copy_line
from breakzero.patents.cells import APPLICANT_SEPARATORS, agreeing_kinds, map_legal_status
from breakzero.patents.parsing import RowParser
from breakzero.rules.names import normalize_company_name
from breakzero.rules.patent_numbers import KIND_BY_TYPE_DIGIT, kind_agrees, kind_from_label, make_application_number

N = make_application_number(2021, "invention", 123456)  # 202110123456.7


def parse(**values):
    row = {"application_number": N, "applicants": "湖南星辰科技有限公司", **values}
    return RowParser().parse(row)


@pytest.mark.parametrize(
    "printed",
    ["CN202110123456.7", "ZL 2021 1 0123456.7", "２０２１１０１２３４５６．７", "202110123456", " cn2021101234567 "],
)
def test_number_any_printed_form_normalised(printed):
    row, errors = parse(application_number=printed)
    assert errors == []
    assert row.application_number == "202110123456.7"
    assert row.kind == "invention"


def test_number_wrong_check_digit_reported():
    row, errors = parse(application_number="202110123456.3")
    assert row is None
    assert errors[0][0] == "申请号" and "校验位" in errors[0][2]


def test_number_publication_number_given_reported():
    _, errors = parse(application_number="CN113000000B")
    assert "公开号" in errors[0][2]


def test_kind_label_disagreeing_with_number_reported():
    _, errors = parse(kind_label="实用新型")
    assert errors[0][0] == "专利类型" and "不符" in errors[0][2]


def test_kind_label_agreeing_accepted():
    row, errors = parse(kind_label="发明专利")
    assert errors == [] and row.kind == "invention"


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("有效", "granted"), ("授权", "granted"), ("专利权维持", "granted"), ("审中", "pending"),
        ("实质审查的生效", "pending"), ("公开", "pending"), ("驳回", "rejected"),
        ("发明专利申请公布后的驳回", "rejected"), ("视为撤回", "withdrawn"), ("撤回", "withdrawn"),
        ("失效", "lapsed"), ("未缴年费专利权终止", "lapsed"), ("期限届满", "lapsed"), ("权利终止", "lapsed"),
        ("无效", "invalidated"), ("全部无效", "invalidated"), ("部分无效", "granted"),
        ("权利转移", "transferred"), ("稀奇古怪", "other"), ("granted", "granted"),
    ],
)  # fmt: skip
def test_legal_status_chinese_mapped(raw, status):
    assert map_legal_status(raw) == status


def test_legal_status_unknown_keeps_raw_text():
    row, _ = parse(legal_status="质押登记")
    assert row.legal_status == "other" and row.legal_status_raw == "质押登记"


def test_applicants_all_separators_split_in_order():
    row, _ = parse(applicants="湖南甲科技有限公司；中南大学;张三、湖南省农业科学院\n李四")
    assert [a.name for a in row.applicants] == ["湖南甲科技有限公司", "中南大学", "张三", "湖南省农业科学院", "李四"]
    assert [a.applicant_class for a in row.applicants] == ["enterprise", "university", "person", "institute", "person"]
    assert [a.position for a in row.applicants] == [1, 2, 3, 4, 5]


def test_applicant_full_width_brackets_normalised():
    row, _ = parse(applicants="湖南某某（长沙）科技有限公司")
    assert row.applicants[0].name_normalized == "湖南某某(长沙)科技有限公司"


def test_branch_parent_derived():
    row, _ = parse(applicants="湖南蓝海电子有限公司岳麓分公司")
    assert row.applicants[0].branch_parent == "湖南蓝海电子有限公司"


def test_applicants_empty_reported():
    _, errors = parse(applicants=" ")
    assert errors[0][0] == "申请人"


def test_uscc_count_mismatch_reported():
    _, errors = parse(applicants="甲公司;乙公司", applicant_usccs="91430104MA4L000011")
    assert "个数" in errors[0][2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(44287, dt.date(2021, 4, 1)), ("2021-03-05", dt.date(2021, 3, 5)), ("2021.03.05", dt.date(2021, 3, 5)),
     ("2021/3/5", dt.date(2021, 3, 5)), ("20210305", dt.date(2021, 3, 5))],
)  # fmt: skip
def test_dates_every_format_parsed(value, expected):
    row, _ = parse(application_date=value)
    assert row.application_date == expected


def test_date_invalid_reported_with_column():
    _, errors = parse(grant_date="2021-02-30")
    assert errors[0][0] == "授权公告日"


def test_grant_document_b_sets_grant_date_from_publication():
    row, _ = parse(publication_number="CN 113000000 B", publication_date="2022-06-10")
    assert row.grant_date == dt.date(2022, 6, 10)


@pytest.mark.parametrize("doc", ["CN113000000A", "CN113000000C1", "CN113000000C3"])
def test_application_or_partial_invalidation_document_not_a_grant(doc):
    row, _ = parse(publication_number=doc, publication_date="2022-06-10")
    assert row.grant_date is None


def test_several_errors_in_one_row_all_reported():
    _, errors = parse(application_number="abc", grant_date="x", applicants="")
    assert {e[0] for e in errors} == {"申请号", "授权公告日", "申请人"}


@pytest.mark.parametrize("label", ["发明", "发明专利", "实用新型", "外观设计", "PCT发明", "PCT实用新型", "不知道", "发明授权"])
def test_agreeing_kinds_equals_kind_agrees(label):
    label_kind = kind_from_label(label)
    expected = {k for k in KIND_BY_TYPE_DIGIT.values() if label_kind and kind_agrees(label_kind, k)}
    assert agreeing_kinds(label) == expected


NUMBERS = st.one_of(
    st.builds(lambda y, k, s: make_application_number(y, k, s), st.integers(2003, 2099),
              st.sampled_from(["invention", "utility_model", "design", "pct_invention"]), st.integers(0, 9_999_999)),
    st.text(alphabet="0123456789.XxCNZL ０１２３", min_size=0, max_size=18),
)  # fmt: skip
CELLS = st.text(alphabet="湖南星辰科技有限公司大学张三（）() ;；、\t\\＼\n-.0123456789abcX", max_size=30)
DATES = st.sampled_from(["", "2021-03-05", "2021.03.05", "2021/3/5", "20210305", "2021-02-30", "44287", "昨天"])
LABELS = st.sampled_from(["", "发明", "实用新型", "外观设计", "PCT发明", "发明专利", "未知"])


@given(number=NUMBERS, dates=st.tuples(DATES, DATES, DATES), label=LABELS, title=CELLS, names=CELLS,
       publication=st.sampled_from(["", "CN113000000B", "cn 215000001 u", "CN116000000A"]),
       status=st.sampled_from(["", "授权", "审中", "未缴年费专利权终止", "奇怪"]), ipc=CELLS)  # fmt: skip
@settings(max_examples=400)
def test_fast_path_gives_what_full_parsing_gives(number, dates, label, title, names, publication, status, ipc):
    mapping = {"application_number": 0, "application_date": 1, "kind_label": 2, "title": 3, "applicants": 4,
               "publication_number": 5, "publication_date": 6, "grant_date": 7, "legal_status": 8, "ipc_main": 9}
    parser, fresh = RowParser(), RowParser()  # fresh: full parsing without the fast path's caches
    parser.configure(mapping)
    fresh.configure(mapping)
    raw = [number, dates[0], label, title, names, publication, dates[1], dates[2], status, ipc]
    note(repr(raw))
    fast = parser.fast(list(raw), 7)
    copied = parser.fast_copy(list(raw), 7)
    rows, errors, _ = fresh.staged(list(raw), 7)
    event("fast path" if fast is not None else "full parsing only")
    if fast is not None:
        assert not errors and fast == rows
        assert copied is not None and copied[0] == "".join(copy_line(r) for r in rows)
    else:
        assert copied is None


@given(cell=st.text(alphabet="湖南星辰科技有限公司分大学张三（）() ;；、|\t\r\n\u3000", max_size=30))
@settings(max_examples=400)
def test_cell_names_one_name_shortcut_equals_separator_split(cell):
    """A cell without separators skips the regular expression: the names and their keys are
    what splitting on cells.APPLICANT_SEPARATORS and the rules' name key give."""
    names = RowParser()._cell_names(cell)
    expected = [n for n in APPLICANT_SEPARATORS.split(cell) if n]
    assert [info.name for info in names] == [n[:200] for n in expected]
    assert [info.key for info in names] == [normalize_company_name(n)[:200] for n in expected]

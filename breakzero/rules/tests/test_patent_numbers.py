"""Tests for breakzero.rules.patent_numbers against shared/reference/codes.md §2."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.errors import InvalidCode
from breakzero.rules.patent_numbers import (
    KIND_BY_TYPE_DIGIT,
    KIND_LABELS_ZH,
    ApplicationNumber,
    is_valid_application_number,
    kind_agrees,
    kind_from_label,
    make_application_number,
    parse_application_number,
    patent_check_character,
    patent_check_character_of,
)

PROPERTY = settings(database=None, deadline=None, max_examples=300)
FULL_WIDTH = str.maketrans("0123456789.XZLCN", "０１２３４５６７８９．ＸＺＬＣＮ")
KINDS = sorted(KIND_LABELS_ZH)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("202110123456.7", ApplicationNumber("202110123456.7", 2021, "invention", "7", False)),
        ("202115000103.X", ApplicationNumber("202115000103.X", 2021, "invention", "X", False)),
        ("202080000777.1", ApplicationNumber("202080000777.1", 2020, "pct_invention", "1", False)),
        ("02112345.4", ApplicationNumber("02112345.4", 2002, "invention", "4", True)),
    ],
)
def test_parse_application_number_codes_md_examples_parsed(text: str, expected: ApplicationNumber) -> None:
    assert parse_application_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "CN202110123456.7",
        "cn202110123456.7",
        "ZL 2021 1 0123456.7",
        "ZL202110123456.7",
        "zl202110123456.7",
        "ZL 202110123456.7",
        "CN 2021 10123456 .7",
        "2021101234567",  # 13 characters, no dot: the last is the check
        "202110123456",  # no check character: computed
        "２０２１１０１２３４５６．７",
        "２０２１１０１２３４５６。７",
        "ＺＬ２０２１１０１２３４５６.７",
        "\u00a0202110123456.7\u3000",
        "2021\u200b10123456.7",
    ],
)
def test_parse_application_number_printed_forms_give_canonical_number(text: str) -> None:
    assert parse_application_number(text).number == "202110123456.7"


@pytest.mark.parametrize("text", ["202115000103.x", "CN202115000103x", "２０２１１５０００１０３．ｘ"])
def test_parse_application_number_lowercase_x_check_accepted(text: str) -> None:
    assert parse_application_number(text).number == "202115000103.X"


@pytest.mark.parametrize(
    ("text", "year", "kind"),
    [
        ("99212345.3", 1999, "utility_model"),
        ("021123454", 2002, "invention"),
        ("03312345.4", 2003, "design"),
        ("96804321.6", 1996, "pct_invention"),
        ("89200001.5", 1989, "utility_model"),
    ],
)
def test_parse_application_number_old_format_two_digit_year_expanded(text: str, year: int, kind: str) -> None:
    parsed = parse_application_number(text)
    assert (parsed.year, parsed.kind, parsed.is_old_format) == (year, kind, True)


def test_parse_application_number_1985_to_1988_without_check_keeps_eight_digits() -> None:
    parsed = parse_application_number("88100005")
    assert parsed.number == "88100005"
    assert parsed.year == 1988
    assert parsed.check == patent_check_character("88100005")


def test_parse_application_number_1985_to_1988_with_check_verified_and_dropped() -> None:
    check = patent_check_character("85100001")
    assert parse_application_number(f"85100001.{check}").number == "85100001"


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("202110123456.3", "应为 7，实为 3"),
        ("02112345.5", "应为 4，实为 5"),
        ("202115000103.0", "应为 X，实为 0"),
    ],
)
def test_parse_application_number_wrong_check_rejected_as_patent_check(text: str, detail: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_application_number(text)
    assert caught.value.reason == "patent_check"
    assert detail in caught.value.message_zh
    assert "should be" in caught.value.message_en


@pytest.mark.parametrize(
    "text", ["CN102822194A", "CN102822194B", "202110123456.7B", "CN2021100123456U", "CN1378750C1"]
)
def test_parse_application_number_kind_code_suffix_rejected_as_format(text: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_application_number(text)
    assert caught.value.reason == "format"
    assert "公开号" in caught.value.message_zh


@pytest.mark.parametrize(
    "text",
    [
        "20211012345.6",  # 11-digit body
        "2021101234567.8",  # 13-digit body
        "202110123456.",  # dot without check
        "202110123456.77",  # two check characters
        "2021.10123456.7",  # two dots
        "20211012345X6",  # X inside the body
        "200210123456.1",  # 2002 is before the 12-digit format
        "210010123456.1",  # 2100 is past the accepted range
        "202140123456.1",  # type digit 4
        "202150123456.1",  # type digit 5
        "04112345.1",  # 2004 is after the 8-digit format
        "84112345.1",  # 1984 is before it
        "89100001",  # 1989 numbers carry a check character
        "1234567",
    ],
)
def test_parse_application_number_unknown_shape_rejected_as_format(text: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_application_number(text)
    assert caught.value.reason == "format"


@pytest.mark.parametrize(
    "text", ["2021A0123456.7", "ZL2021ZL10123456.7", "202110123456/7", "2021-10123456.7"]
)
def test_parse_application_number_stray_character_rejected_as_charset(text: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_application_number(text)
    assert caught.value.reason == "charset"


@pytest.mark.parametrize("text", ["", "  ", "CN", "ZL "])
def test_parse_application_number_blank_rejected_as_empty(text: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_application_number(text)
    assert caught.value.reason == "empty"


def test_application_number_patent_number_prefixes_zl() -> None:
    assert parse_application_number("202110123456.7").patent_number == "ZL202110123456.7"


@pytest.mark.parametrize(
    ("body", "check"),
    [("202110123456", "7"), ("202115000103", "X"), ("202080000777", "1"), ("02112345", "4")],
)
def test_patent_check_character_codes_md_bodies_give_check(body: str, check: str) -> None:
    assert patent_check_character(body) == check


@PROPERTY
@given(st.integers(0, 10**12 - 1))
def test_patent_check_character_of_integer_body_equals_text_rule(body: int) -> None:
    assert patent_check_character_of(body) == patent_check_character(f"{body:012d}")


@pytest.mark.parametrize("body", ["2021101234", "20211012345A", "０２１１２３４５", ""])
def test_patent_check_character_bad_body_raises_format(body: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        patent_check_character(body)
    assert caught.value.reason == "format"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2021, "invention", 123456), "202110123456.7"),
        ((2020, "pct_invention", 777), "202080000777.1"),
        ((2002, "invention", 12345), "02112345.4"),
        ((2003, "design", 1), "200330000001.9"),
        ((1988, "invention", 5), "88100005"),
    ],
)
def test_make_application_number_known_inputs_give_number(args: tuple[int, str, int], expected: str) -> None:
    assert make_application_number(*args) == expected


@pytest.mark.parametrize(
    "args",
    [
        (2021, "trademark", 1),
        (1984, "invention", 1),
        (2100, "invention", 1),
        (2021, "design", 10**7),
        (1999, "design", 10**5),
        (2021, "design", -1),
    ],
)
def test_make_application_number_out_of_range_raises_format(args: tuple[int, str, int]) -> None:
    with pytest.raises(InvalidCode) as caught:
        make_application_number(*args)
    assert caught.value.reason == "format"


def _printed_forms(number: str) -> list[str]:
    body, _, check = number.partition(".")
    forms = [number, "CN" + number, "ZL" + number, "ZL " + number, "cn " + number.lower(), body + check]
    forms.append(" ".join(number))  # spaces anywhere
    forms.append(number.translate(FULL_WIDTH))
    forms.append(("ZL" + number).translate(FULL_WIDTH).replace("．", "。"))
    if len(body) == 12:
        forms.append(f"ZL {body[:4]} {body[4]} {body[5:]}.{check}")
        forms.append(body)  # check omitted: computed
    return forms


@PROPERTY
@given(
    year=st.integers(min_value=1985, max_value=2099),
    kind=st.sampled_from(KINDS),
    data=st.data(),
)
def test_parse_application_number_every_printed_form_round_trips(
    year: int, kind: str, data: st.DataObject
) -> None:
    serial = data.draw(st.integers(min_value=0, max_value=99_999 if year < 2003 else 9_999_999))
    number = make_application_number(year, kind, serial)
    for form in _printed_forms(number):
        parsed = parse_application_number(form)
        assert (parsed.number, parsed.year, parsed.kind) == (number, year, kind), form
        assert parsed.is_old_format == (year < 2003)


@PROPERTY
@given(
    year=st.integers(min_value=1989, max_value=2099),
    kind=st.sampled_from(KINDS),
    serial=st.integers(min_value=0, max_value=99_999),
    data=st.data(),
)
def test_parse_application_number_any_single_digit_change_is_detected(
    year: int, kind: str, serial: int, data: st.DataObject
) -> None:
    number = make_application_number(year, kind, serial)
    digit_positions = [i for i, c in enumerate(number) if c != "."]
    position = data.draw(st.sampled_from(digit_positions))
    replacement = data.draw(st.sampled_from([c for c in "0123456789X" if c != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    assert not is_valid_application_number(changed)


@PROPERTY
@given(text=st.text(max_size=25))
def test_is_valid_application_number_arbitrary_text_never_raises(text: str) -> None:
    assert is_valid_application_number(text) in (True, False)


def test_kind_labels_zh_cover_every_type_digit_kind() -> None:
    assert set(KIND_LABELS_ZH) == set(KIND_BY_TYPE_DIGIT.values())
    assert KIND_LABELS_ZH["pct_utility_model"] == "PCT实用新型"


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("发明", "invention"),
        ("发明专利", "invention"),
        ("发明申请", "invention"),
        ("发明授权", "invention"),
        ("发明专利申请", "invention"),
        ("发明公开", "invention"),
        (" 发明 专利 ", "invention"),
        ("Invention patent", "invention"),
        ("实用新型", "utility_model"),
        ("实用新型专利", "utility_model"),
        ("utility model", "utility_model"),
        ("外观设计", "design"),
        ("外观设计专利", "design"),
        ("外观", "design"),
        ("PCT发明", "pct_invention"),
        ("ＰＣＴ发明专利", "pct_invention"),
        ("发明（PCT）", "pct_invention"),
        ("PCT实用新型", "pct_utility_model"),
    ],
)
def test_kind_from_label_common_column_values_mapped(label: str, kind: str) -> None:
    assert kind_from_label(label) == kind


@pytest.mark.parametrize("label", ["", "专利", "商标", "软件著作权", "PCT外观设计", "PCT"])
def test_kind_from_label_unknown_value_gives_none(label: str) -> None:
    assert kind_from_label(label) is None


@pytest.mark.parametrize(
    ("label_kind", "number_kind", "agrees"),
    [
        ("invention", "invention", True),
        ("invention", "pct_invention", True),
        ("utility_model", "pct_utility_model", True),
        ("pct_invention", "pct_invention", True),
        ("pct_invention", "invention", False),
        ("invention", "utility_model", False),
        ("design", "invention", False),
        ("utility_model", "pct_invention", False),
    ],
)
def test_kind_agrees_label_and_number_kinds_give_expected(
    label_kind: str, number_kind: str, agrees: bool
) -> None:
    assert kind_agrees(label_kind, number_kind) is agrees

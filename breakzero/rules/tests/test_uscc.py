"""Tests for breakzero.rules.uscc against shared/reference/codes.md §1."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.data.hunan_divisions import CURRENT_DIVISION_CODES, HISTORICAL_DIVISION_CODES
from breakzero.rules.errors import InvalidCode
from breakzero.rules.uscc import (
    ALPHABET,
    is_valid_uscc,
    make_uscc,
    normalize_uscc,
    org_check_character,
    parse_uscc,
    uscc_check_character,
)

PROPERTY = settings(database=None, deadline=None, max_examples=300)
SHARED_REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "reference"
VALID_EXAMPLE = "91430100MA4T00019U"

# codes.md §1.3: the worked example and the two further synthetic valid codes.
VALID_CODES = ["91430100MA4T00019U", "91430211123456788A", "92431102MA4R8K2Q24"]

# codes.md §1.6: the six constructed invalid codes and the reason each must give.
INVALID_CODES = [
    ("91430100MA4T00019W", "uscc_check", "第18位应为 U，实为 W"),
    ("91430100MA4I00019U", "charset", "'I'"),
    ("9143010MA4T00019U", "length", "实为 17 位"),
    ("91431000MA4T00019U", "uscc_check", "第18位应为 3，实为 U"),
    ("91430100MA4T00015F", "org_check", "第17位应为 9，实为 5"),
    ("914301O0MA4T00019U", "admin_code", "第 7 位"),
]

bodies = st.text(alphabet=ALPHABET, min_size=8, max_size=8)
divisions = st.text(alphabet="0123456789", min_size=6, max_size=6)
prefixes = st.sampled_from(["91", "92", "93", "11", "12", "13", "51", "52", "Y1", "N2"])


@pytest.mark.parametrize("code", VALID_CODES)
def test_parse_uscc_codes_md_valid_examples_accepted_without_warnings(code: str) -> None:
    parsed = parse_uscc(code)
    assert parsed.code == code
    assert parsed.warnings == ()


def test_parse_uscc_worked_example_parts_split_by_position() -> None:
    parsed = parse_uscc(VALID_EXAMPLE)
    assert (parsed.authority, parsed.category) == ("9", "1")
    assert parsed.division_code == "430100"
    assert parsed.org_code == "MA4T00019"


@pytest.mark.parametrize(("code", "reason", "detail"), INVALID_CODES)
def test_parse_uscc_codes_md_invalid_examples_rejected_with_reason(
    code: str, reason: str, detail: str
) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_uscc(code)
    assert caught.value.reason == reason
    assert detail in caught.value.message_zh


def test_parse_uscc_wrong_check_message_names_expected_and_actual_in_both_languages() -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_uscc("91430100MA4T00019W")
    assert str(caught.value) == (
        "校验码错误：第18位应为 U，实为 W / check character wrong: position 18 should be U, got W"
    )
    assert caught.value.message_en == "check character wrong: position 18 should be U, got W"


@pytest.mark.parametrize(
    "text",
    [
        "９１４３０１００ＭＡ４Ｔ０００１９Ｕ",  # full-width
        "91430100ma4t00019u",  # lower case
        " 9143 0100 MA4T 0001 9U ",
        "9143\u30000100\u00a0MA4T\u200b0001\u200c9U\ufeff",  # ideographic, no-break, zero-width
        "91430100-MA4T0001-9U",
        "91430100—MA4T0001–9U",  # em and en dash
        "91430100－MA4T0001‐9U",  # full-width hyphen-minus, Unicode hyphen
        "\t91430100MA4T00019U\n",
    ],
)
def test_parse_uscc_decorated_input_normalised_to_canonical_code(text: str) -> None:
    assert parse_uscc(text).code == VALID_EXAMPLE


@pytest.mark.parametrize("text", ["", "   ", "\u3000\u200b", "--"])
def test_parse_uscc_blank_input_rejected_as_empty(text: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_uscc(text)
    assert caught.value.reason == "empty"


@pytest.mark.parametrize("text", ["91430100MA4T00019U1", "91430100MA4T0001"])
def test_parse_uscc_wrong_length_rejected_as_length(text: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_uscc(text)
    assert caught.value.reason == "length"


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("S1430100MA4T00019U", 1),
        ("91430100MA4T0001#U", 17),
        ("914301#0MA4T00019U", 7),
        ("91430100MA4TZ0019U", 13),
    ],
)
def test_parse_uscc_character_outside_alphabet_rejected_as_charset(text: str, position: int) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_uscc(text)
    assert caught.value.reason == "charset"
    assert f"第 {position} 位" in caught.value.message_zh


def test_parse_uscc_letter_in_division_code_rejected_as_admin_code() -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_uscc("9143A100MA4T00019U")
    assert caught.value.reason == "admin_code"


def test_parse_uscc_non_sme_prefix_accepted_with_review_warning() -> None:
    parsed = parse_uscc(make_uscc("11", "430100", "MA4T0001"))
    assert len(parsed.warnings) == 1
    assert "91/92/93" in parsed.warnings[0]


def test_parse_uscc_registered_outside_hunan_accepted_with_warning() -> None:
    parsed = parse_uscc(make_uscc("91", "110108", "MA4T0001"))
    assert len(parsed.warnings) == 1
    assert "43" in parsed.warnings[0]


def test_parse_uscc_unknown_hunan_division_accepted_with_warning() -> None:
    parsed = parse_uscc(make_uscc("91", "439999", "MA4T0001"))
    assert len(parsed.warnings) == 1
    assert "439999" in parsed.warnings[0]


@pytest.mark.parametrize("division", ["430124", "430122", "430271", "430101", "430000", "433101"])
def test_parse_uscc_historical_or_current_hunan_division_gives_no_warning(division: str) -> None:
    assert parse_uscc(make_uscc("91", division, "MA4T0001")).warnings == ()


def test_uscc_check_character_worked_example_gives_u() -> None:
    assert uscc_check_character("91430100MA4T00019") == "U"


def test_uscc_check_character_wrong_length_raises_length() -> None:
    with pytest.raises(InvalidCode) as caught:
        uscc_check_character("91430100MA4T0001")
    assert caught.value.reason == "length"


@pytest.mark.parametrize(
    ("body", "check"), [("MA4T0001", "9"), ("MA4T0006", "X"), ("MA4T0000", "0"), ("12345678", "8")]
)
def test_org_check_character_known_bodies_give_gb11714_check(body: str, check: str) -> None:
    assert org_check_character(body) == check


def test_org_check_character_lowercase_body_raises_charset() -> None:
    with pytest.raises(InvalidCode) as caught:
        org_check_character("ma4t0001")
    assert caught.value.reason == "charset"


def test_make_uscc_worked_example_parts_build_codes_md_code() -> None:
    assert make_uscc("91", "430100", "MA4T0001") == VALID_EXAMPLE


@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        (("91", "43010", "MA4T0001"), "length"),
        (("9", "430100", "MA4T0001"), "length"),
        (("91", "4301A0", "MA4T0001"), "admin_code"),
        (("91", "430100", "MA4I0001"), "charset"),
    ],
)
def test_make_uscc_malformed_part_raises_reason(parts: tuple[str, str, str], reason: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        make_uscc(*parts)
    assert caught.value.reason == reason


@pytest.mark.parametrize("value", [None, 91430100, b"91430100MA4T00019U", "not a code", ""])
def test_is_valid_uscc_bad_input_returns_false(value: object) -> None:
    assert is_valid_uscc(value) is False  # type: ignore[arg-type]


def test_normalize_uscc_mixed_decoration_gives_bare_upper_code() -> None:
    assert normalize_uscc(" ９１４３-0100 ma4t ") == "91430100MA4T"


@PROPERTY
@given(prefix=prefixes, division=divisions, body=bodies)
def test_make_uscc_any_parts_parse_back_to_same_parts(prefix: str, division: str, body: str) -> None:
    code = make_uscc(prefix, division, body)
    parsed = parse_uscc(code)
    assert parsed.code == code
    assert parsed.authority + parsed.category == prefix
    assert parsed.division_code == division
    assert parsed.org_code[:8] == body


@PROPERTY
@given(
    division=divisions,
    body=bodies,
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from(ALPHABET + "IOSVZ#"),
)
def test_parse_uscc_any_single_character_change_is_detected(
    division: str, body: str, position: int, replacement: str
) -> None:
    code = make_uscc("91", division, body)
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    assert not is_valid_uscc(changed)


@PROPERTY
@given(division=divisions, body=bodies, position=st.integers(min_value=0, max_value=15))
def test_parse_uscc_adjacent_swap_within_first17_is_detected(division: str, body: str, position: int) -> None:
    code = make_uscc("91", division, body)
    if code[position] == code[position + 1]:
        return
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert not is_valid_uscc(swapped)


@PROPERTY
@given(text=st.text(max_size=30))
def test_is_valid_uscc_arbitrary_text_never_raises(text: str) -> None:
    assert is_valid_uscc(text) in (True, False)


@pytest.mark.skipif(not SHARED_REFERENCE.is_dir(), reason="shared/reference not beside the repository")
def test_hunan_division_table_matches_shared_reference_csvs() -> None:
    def codes(name: str) -> frozenset[str]:
        with (SHARED_REFERENCE / name).open(encoding="utf-8") as handle:
            return frozenset(row["code"] for row in csv.DictReader(handle))

    assert codes("hunan-divisions.csv") == CURRENT_DIVISION_CODES
    assert codes("hunan-divisions-historical.csv") == HISTORICAL_DIVISION_CODES

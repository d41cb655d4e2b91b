"""Tests for breakzero.rules.industries against shared/reference/codes.md §4."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from breakzero.rules.data.industry_gbt4754 import INDUSTRY_GBT4754
from breakzero.rules.industries import (
    DIVISION_NAMES,
    SECTION_NAMES,
    SECTION_RANGES,
    division_of,
    industry_name,
    normalize_industry_code,
    section_of,
)

SHARED_CSV = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "industry-gbt4754.csv"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C", "C"),
        ("c", "C"),
        ("13", "13"),
        ("131", "131"),
        ("1311", "1311"),
        ("C13", "13"),
        ("C1311", "1311"),
        ("c 1311", "1311"),
        ("Ｃ１３１１", "1311"),
        ("０１", "01"),
        ("A0111", "0111"),
        (" K7010\u3000", "7010"),
    ],
)
def test_normalize_industry_code_accepted_forms_give_canonical_code(text: str, expected: str) -> None:
    assert normalize_industry_code(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", " ", "1", "13111", "98", "00", "99", "U", "Z13", "C01", "A13", "CC13", "13C", "13.11", "制造业"],
)
def test_normalize_industry_code_unknown_or_malformed_raises_bilingual_value_error(text: str) -> None:
    with pytest.raises(ValueError, match=" / "):
        normalize_industry_code(text)


def test_normalize_industry_code_wrong_section_prefix_message_names_right_section() -> None:
    with pytest.raises(ValueError, match="section C, not A"):
        normalize_industry_code("A13")


@pytest.mark.parametrize(
    ("code", "section"),
    [
        ("01", "A"), ("05", "A"), ("06", "B"), ("12", "B"), ("13", "C"), ("3911", "C"),
        ("43", "C"), ("44", "D"), ("46", "D"), ("47", "E"), ("50", "E"), ("51", "F"),
        ("52", "F"), ("53", "G"), ("5910", "G"), ("60", "G"), ("61", "H"), ("62", "H"),
        ("63", "I"), ("65", "I"), ("66", "J"), ("69", "J"), ("7010", "K"), ("71", "L"),
        ("72", "L"), ("73", "M"), ("75", "M"), ("76", "N"), ("79", "N"), ("80", "O"),
        ("82", "O"), ("83", "P"), ("84", "Q"), ("85", "Q"), ("86", "R"), ("90", "R"),
        ("91", "S"), ("96", "S"), ("97", "T"), ("Q", "Q"),
    ],
)  # fmt: skip
def test_section_of_division_range_edges_give_codes_md_section(code: str, section: str) -> None:
    assert section_of(code) == section


def test_section_ranges_agree_with_shipped_table_for_every_division() -> None:
    for code, (_, section) in INDUSTRY_GBT4754.items():
        if code.isdigit():
            assert section_of(code) == section, code


def test_shipped_table_has_20_sections_and_97_divisions() -> None:
    assert len(SECTION_NAMES) == 20
    assert sorted(DIVISION_NAMES) == [f"{n:02d}" for n in range(1, 98)]
    assert [row[0] for row in SECTION_RANGES] == sorted(SECTION_NAMES)


@pytest.mark.parametrize(("code", "division"), [("1311", "13"), ("131", "13"), ("13", "13"), ("A0111", "01")])
def test_division_of_finer_code_gives_leading_two_digits(code: str, division: str) -> None:
    assert division_of(code) == division


def test_division_of_section_letter_raises_value_error() -> None:
    with pytest.raises(ValueError, match="spans several divisions"):
        division_of("C")


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("C", "制造业"),
        ("11", "开采专业及辅助性活动"),
        ("2511", "石油、煤炭及其他燃料加工业"),
        ("58", "多式联运和运输代理业"),
    ],
)
def test_industry_name_code_gives_2017_edition_name(code: str, name: str) -> None:
    assert industry_name(code) == name


@pytest.mark.skipif(not SHARED_CSV.is_file(), reason="shared/reference not beside the repository")
def test_shipped_table_matches_shared_reference_csv() -> None:
    with SHARED_CSV.open(encoding="utf-8") as handle:
        rows = {row["code"]: (row["name"], row["section"]) for row in csv.DictReader(handle)}
    assert rows == INDUSTRY_GBT4754

"""工信 provincial technology centre (programme-rules-2 §2.2): regime by date, edges, 发改委 never counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from breakzero.rules.results import CriterionStatus
from breakzero.rules.tech_centres import (
    ApplicantType,
    CentreRecognition,
    CentreScheme,
    TechCentreFacts,
    evaluate_centre_recognition,
    evaluate_tech_centre,
)

MET, UNMET, UNKNOWN = CriterionStatus.MET, CriterionStatus.UNMET, CriterionStatus.UNKNOWN


def old_facts(**overrides: object) -> TechCentreFacts:
    base = dict(
        as_of=date(2021, 12, 31),
        operating_revenue_prev=D(20000),
        equipment_value=D(600),
        rd_expense_prev=D(30),
        product_sales_revenue_prev=D(1000),
        valid_invention_patents=1,
    )
    return TechCentreFacts(**{**base, **overrides})  # type: ignore[arg-type]


def new_facts(**overrides: object) -> TechCentreFacts:
    base = dict(
        as_of=date(2022, 1, 1),
        applicant_type=ApplicantType.MANUFACTURING,
        is_registered_in_hunan=True,
        is_independent_legal_person=True,
        operating_years=D(2),
        centre_years=D(2),
        has_management_systems=True,
        main_business_revenue_prev=D(6000),
        rd_expense_prev=D(300),
    )
    return TechCentreFacts(**{**base, **overrides})  # type: ignore[arg-type]


def test_tech_centre_regime_chosen_by_date() -> None:
    assert evaluate_tech_centre(old_facts()).rule_set == "hnjxw-2014-197"
    assert evaluate_tech_centre(new_facts()).rule_set == "hngxt-2022-275"


def test_tech_centre_197_all_at_threshold_passes_and_marks_likely() -> None:
    result = evaluate_tech_centre(old_facts())
    assert result.passed is True
    assert "很可能" in result.item("revenue").name_zh


@pytest.mark.parametrize(
    ("code", "field", "below", "at", "above"),
    [
        ("revenue", "operating_revenue_prev", D("19999.99"), D(20000), D("20000.01")),
        ("equipment", "equipment_value", D("599.99"), D(600), D("600.01")),
        ("rd_ratio", "rd_expense_prev", D("29.99"), D(30), D("30.01")),  # 3% of 1000
        ("inventions", "valid_invention_patents", 0, 1, 2),
    ],
)
def test_tech_centre_197_edges(code: str, field: str, below: object, at: object, above: object) -> None:
    for value, expected in ((below, UNMET), (at, MET), (above, MET)):
        assert evaluate_tech_centre(old_facts(**{field: value})).item(code).status is expected, (field, value)


@pytest.mark.parametrize(
    ("code", "field", "below", "at", "above"),
    [
        ("operating_years", "operating_years", D("1.99"), D(2), D("2.01")),
        ("centre_years", "centre_years", D("1.99"), D(2), D("2.01")),
        ("revenue", "main_business_revenue_prev", D("5999.99"), D(6000), D("6000.01")),
        ("rd_expense", "rd_expense_prev", D("299.99"), D(300), D("300.01")),
    ],
)
def test_tech_centre_275_edges(code: str, field: str, below: object, at: object, above: object) -> None:
    for value, expected in ((below, UNMET), (at, MET), (above, MET)):
        result = evaluate_tech_centre(new_facts(**{field: value}))
        assert result.item(code).status is expected, (field, value)
    assert evaluate_tech_centre(new_facts(**{field: below})).passed is False


def test_tech_centre_275_rd_design_revenue_edge() -> None:
    for value, expected in ((D("2999.99"), UNMET), (D(3000), MET), (D("3000.01"), MET)):
        facts = new_facts(applicant_type=ApplicantType.RD_DESIGN, main_business_revenue_prev=value)
        assert evaluate_tech_centre(facts).item("revenue").status is expected
    assert evaluate_tech_centre(new_facts(applicant_type=None)).item("revenue").status is UNKNOWN


def test_tech_centre_275_never_passes_while_band_table_unknown() -> None:
    result = evaluate_tech_centre(new_facts())
    assert result.passed is None
    assert result.item("rd_ratio_band").status is UNKNOWN
    assert "待确认" in result.item("rd_ratio_band").reason_zh


@pytest.mark.parametrize("facts", [old_facts(scheme=CentreScheme.NDRC), new_facts(scheme=CentreScheme.NDRC)])
def test_tech_centre_ndrc_never_satisfies_miit_check(facts: TechCentreFacts) -> None:
    result = evaluate_tech_centre(facts)
    assert result.passed is False
    assert result.item("scheme").status is UNMET
    assert "发展改革委" in result.item("scheme").reason_zh


def test_centre_recognition_275_valid_three_years_from_recognition_year() -> None:
    recognition = CentreRecognition(CentreScheme.MIIT_PROVINCIAL, date(2022, 11, 10))
    assert evaluate_centre_recognition(recognition, on=date(2024, 12, 31)).passed is True
    assert evaluate_centre_recognition(recognition, on=date(2025, 1, 1)).passed is False


def test_centre_recognition_retained_at_review_extends_unconfirmed() -> None:
    recognition = CentreRecognition(
        CentreScheme.MIIT_PROVINCIAL, date(2022, 11, 10), review_year=2025, review_retained=True
    )
    result = evaluate_centre_recognition(recognition, on=date(2027, 6, 1))
    assert result.passed is True
    assert "待确认" in result.item("validity").reason_zh
    failed = CentreRecognition(
        CentreScheme.MIIT_PROVINCIAL, date(2022, 11, 10), review_year=2025, review_retained=False
    )
    assert evaluate_centre_recognition(failed, on=date(2024, 1, 1)).passed is False


def test_centre_recognition_revoked_or_ndrc_never_counts() -> None:
    ndrc = CentreRecognition(CentreScheme.NDRC, date(2023, 1, 1))
    assert evaluate_centre_recognition(ndrc, on=date(2023, 6, 1)).passed is False
    revoked = CentreRecognition(CentreScheme.MIIT_PROVINCIAL, date(2019, 1, 1), revoked_on=date(2020, 1, 1))
    assert evaluate_centre_recognition(revoked, on=date(2019, 12, 31)).passed is True
    assert evaluate_centre_recognition(revoked, on=date(2020, 1, 1)).passed is False

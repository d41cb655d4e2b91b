"""New-product rules (programme-rules-2.md §1.2, §1.3, §1.5): every threshold at, below and above."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

import pytest

from breakzero.rules.products import (
    ProductFacts, TechLevel, evaluate_industrial_new_product, evaluate_product_innovation_project,
    evaluate_provincial_new_product,
)
from breakzero.rules.results import CriterionStatus

AS_OF = dt.date(2023, 7, 1)
GOOD = ProductFacts(as_of=AS_OF, is_hunan_legal_person=True, passed_acceptance=True,
                    tech_level=TechLevel.PROVINCIAL_ADVANCED, has_own_ip=True, has_batch_production=True,
                    needs_licence=False, passed_appraisal=True, user_count=2, has_breakthrough=True, supports_chain=True,
                    production_start=dt.date(2022, 1, 1), total_investment=D("5000"), investment_in_year=D("3000"),
                    completed_on=dt.date(2020, 7, 1))


def test_provincial_new_product_all_met_passes():
    assert evaluate_provincial_new_product(GOOD).passed is True


@pytest.mark.parametrize(("level", "passed"), [(TechLevel.BELOW_PROVINCIAL, False), (TechLevel.PROVINCIAL_ADVANCED, True),
                                               (TechLevel.NATIONAL_ADVANCED, True)])
def test_provincial_new_product_level_threshold(level, passed):
    assert evaluate_provincial_new_product(replace(GOOD, tech_level=level)).passed is passed


def test_provincial_new_product_licence_needed_but_missing_fails_and_unknown_stays_open():
    assert evaluate_provincial_new_product(replace(GOOD, needs_licence=True, holds_licence=False)).passed is False
    assert evaluate_provincial_new_product(replace(GOOD, needs_licence=True, holds_licence=True)).passed is True
    result = evaluate_provincial_new_product(replace(GOOD, needs_licence=None))
    assert result.passed is None and result.item("c5.licence").status is CriterionStatus.UNKNOWN


@pytest.mark.parametrize(("users", "passed"), [(1, False), (2, True), (3, True)])
def test_industrial_new_product_two_users(users, passed):
    assert evaluate_industrial_new_product(replace(GOOD, user_count=users)).passed is passed


@pytest.mark.parametrize(("start", "passed"), [(dt.date(2021, 12, 31), False), (dt.date(2022, 1, 1), True),
                                               (dt.date(2022, 1, 2), True)])
def test_industrial_new_product_window(start, passed):
    assert evaluate_industrial_new_product(replace(GOOD, production_start=start)).passed is passed


def test_industrial_new_product_window_is_per_call():
    later = evaluate_industrial_new_product(GOOD, window_start=dt.date(2023, 1, 1))
    assert later.passed is False and later.item("c4.window").status is CriterionStatus.UNMET


def test_industrial_new_product_needs_appraisal_and_breakthrough():
    assert evaluate_industrial_new_product(replace(GOOD, passed_appraisal=False)).passed is False
    assert evaluate_industrial_new_product(replace(GOOD, has_breakthrough=False)).passed is False


@pytest.mark.parametrize(("total", "passed"), [(D("4999.99"), False), (D("5000"), True), (D("5000.01"), True)])
def test_strong_base_total_investment(total, passed):
    assert evaluate_product_innovation_project(replace(GOOD, total_investment=total)).passed is passed


@pytest.mark.parametrize(("in_year", "passed"), [(D("2999.99"), False), (D("3000"), True), (D("3000.01"), True)])
def test_strong_base_investment_in_year(in_year, passed):
    assert evaluate_product_innovation_project(replace(GOOD, investment_in_year=in_year)).passed is passed


@pytest.mark.parametrize(("completed", "passed"), [(dt.date(2020, 6, 30), False), (dt.date(2020, 7, 1), True),
                                                   (dt.date(2020, 7, 2), True)])
def test_strong_base_completed_within_three_years(completed, passed):
    assert evaluate_product_innovation_project(replace(GOOD, completed_on=completed)).passed is passed


def test_strong_base_marks_likely_floor():
    assert "很可能" in evaluate_product_innovation_project(GOOD).notes[0]

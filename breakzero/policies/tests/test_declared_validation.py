"""Screening must not contradict itself: declared facts are validated, and a verdict and its
explanation come from the same evaluation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from breakzero.policies import declared as spec, screening, services
from breakzero.policies.evaluation import enterprise_evaluate
from breakzero.policies.models import Screening
from breakzero.policies.tests.factories import FULL_DECLARATION, DeclaredFactsFactory, enterprise_with_years

AS_OF = dt.date(2025, 6, 30)
TODAY = dt.date(2025, 6, 30)


# ----------------------------------------------------------- pure validation (no database)


def test_declared_errors_staff_above_employees_refused():
    errors = spec.declared_errors({"rd_staff": 278}, year=2024, platform={"employees": 100}, founded_on=None,
                                  today=TODAY)
    assert "研发人员（278）不能大于从业人员（100）" in errors["rd_staff"]


def test_declared_errors_declared_whole_blamed_when_part_is_platform():
    errors = spec.declared_errors({"employees": 10}, year=2024, platform={"rd_staff": 20}, founded_on=None,
                                  today=TODAY)
    assert set(errors) == {"employees"}


def test_declared_errors_platform_whole_wins_over_declared():
    # the declared 300 employees are ignored by the rules when the platform holds 100
    errors = spec.declared_errors({"rd_staff": 150, "employees": 300}, year=2024, platform={"employees": 100},
                                  founded_on=None, today=TODAY)
    assert "rd_staff" in errors


@pytest.mark.parametrize(("key", "value", "ok"), [
    ("niche_market_share_pct", Decimal("100"), True), ("niche_market_share_pct", Decimal("100.01"), False),
    ("niche_market_share_pct", Decimal("0"), True), ("niche_market_share_pct", Decimal("-0.01"), False),
    ("rd_expense_domestic_pct", Decimal("278"), False),
    ("equity_financing_2y", Decimal("-1"), False), ("equity_financing_2y", Decimal("0"), True),
    ("net_profit_prev", Decimal("-50"), True),  # a loss is a real value
    ("digital_level", 0, False), ("digital_level", 1, True), ("digital_level", 4, True), ("digital_level", 5, False),
    ("rd_staff", -1, False),
])
def test_declared_errors_bounds(key, value, ok):
    errors = spec.declared_errors({key: value}, year=2024, platform={}, founded_on=None, today=TODAY)
    assert (key not in errors) is ok
    if not ok:
        assert spec.BY_KEY[key].label in errors[key]


@pytest.mark.parametrize(("year", "founded", "ok"), [
    (2025, None, True), (2026, None, False), (2014, None, False), (2015, None, True),
    (2019, dt.date(2020, 3, 1), False), (2020, dt.date(2020, 3, 1), True),
])
def test_declared_errors_year_in_range(year, founded, ok):
    errors = spec.declared_errors({}, year=year, platform={}, founded_on=founded, today=TODAY)
    assert ("year" not in errors) is ok


def test_declared_errors_parts_of_wholes_at_edge():
    at = spec.declared_errors({"main_business_revenue": Decimal("8000"), "equity_financing_2y": Decimal(5),
                               "equity_financing_3y": Decimal(5)}, year=2024,
                              platform={"operating_revenue": Decimal("8000")}, founded_on=None, today=TODAY)
    assert at == {}
    above = spec.declared_errors({"main_business_revenue": Decimal("8000.01"), "equity_financing_2y": Decimal(6),
                                  "equity_financing_3y": Decimal(5)}, year=2024,
                                 platform={"operating_revenue": Decimal("8000")}, founded_on=None, today=TODAY)
    assert set(above) == {"main_business_revenue", "equity_financing_2y"}


def test_declared_errors_class1_subsets_against_platform_patents():
    typed = {"ip_class1_self_developed": 3, "ip_class1_other": 1}
    assert spec.declared_errors(typed, year=2024, platform={}, founded_on=None, today=TODAY, invention_grants=2) == {}
    errors = spec.declared_errors(typed, year=2024, platform={}, founded_on=None, today=TODAY, invention_grants=1)
    assert "Ⅰ类知识产权总数（2 项）" in errors["ip_class1_self_developed"]


# ----------------------------------------------------------- the service refuses


@pytest.mark.django_db
def test_declared_facts_save_staff_ratio_above_100_refused(enterprise_user):
    from breakzero.enterprises.tests.factories import EnterpriseYearFactory

    enterprise = enterprise_user.enterprise
    EnterpriseYearFactory(enterprise=enterprise, year=2024, employees=100)
    with pytest.raises(ValidationError) as caught:
        services.declared_facts_save(enterprise=enterprise, year=2024, data={"st_staff": 278}, actor=enterprise_user)
    assert "科技人员（278）不能大于从业人员（100）" in caught.value.message_dict["st_staff"][0]
    assert not enterprise.declared_facts.exists()


@pytest.mark.django_db
def test_declared_facts_save_bad_format_and_future_year_refused(enterprise_user):
    enterprise = enterprise_user.enterprise
    with pytest.raises(ValidationError) as caught:
        services.declared_facts_save(enterprise=enterprise, year=2100, data={"niche_years": "abc"},
                                     actor=enterprise_user)
    assert set(caught.value.message_dict) == {"year", "niche_years"}


@pytest.mark.django_db
def test_declare_view_shows_field_error_in_chinese(client_for, enterprise_user):
    from breakzero.enterprises.tests.factories import EnterpriseYearFactory

    enterprise = enterprise_user.enterprise
    year = dt.date.today().year - 1
    EnterpriseYearFactory(enterprise=enterprise, year=year, employees=100)
    response = client_for(enterprise_user).post(reverse("policies:declare", args=[enterprise.pk]),
                                                {"year": year, "rd_staff": "278"})
    assert response.status_code == 200
    assert "研发人员（278）不能大于从业人员（100）" in response.content.decode()
    assert not enterprise.declared_facts.exists()


# ----------------------------------------------------------- stored bad data is not used


@pytest.mark.django_db
def test_stored_staff_ratio_278_percent_not_accepted():
    enterprise = enterprise_with_years(last_year=2024)  # platform employees 120
    DeclaredFactsFactory(enterprise=enterprise, year=2024, data={**FULL_DECLARATION, "st_staff": 278})
    source, outcomes = enterprise_evaluate(enterprise_id=enterprise.pk, as_of=AS_OF)
    assert "st_staff" in source.declared_rejected and "st_staff" not in source.declared
    hnte = next(o for o in outcomes if o.rule.code == "hnte").evaluation
    staff = hnte.item("condition.st_staff_share")
    assert staff.status == "met" and staff.value < 100  # falls back to the platform's R&D staff: 20 / 120


@pytest.mark.django_db
def test_checkup_page_lists_rejected_declared_values(client_for, enterprise_user):
    from breakzero.enterprises.tests.factories import EnterpriseYearFactory

    enterprise = enterprise_user.enterprise
    year = dt.date.today().year - 1
    EnterpriseYearFactory(enterprise=enterprise, year=year, employees=100)
    DeclaredFactsFactory(enterprise=enterprise, year=year, data={"rd_staff": 278, "niche_market_share_pct": "150"})
    html = client_for(enterprise_user).get(reverse("policies:checkup", args=[enterprise.pk])).content.decode()
    assert 'id="declared-rejected"' in html
    assert "主导产品全国细分市场占有率" in html and "不能大于 100%" in html


# ----------------------------------------------------------- verdict and explanation agree


@pytest.mark.django_db
def test_screening_passed_row_carries_no_gap():
    """创新型 qualifies by a direct condition (valid HNTE) while its score stays below 60."""
    enterprise = enterprise_with_years(last_year=2024, rd="0")
    DeclaredFactsFactory(enterprise=enterprise, year=2024, data={**FULL_DECLARATION, "has_valid_hnte": True,
                                                                   "is_strategic_emerging_field": False})
    source, outcomes = enterprise_evaluate(enterprise_id=enterprise.pk, as_of=AS_OF)
    innovative = next(o for o in outcomes if o.rule.code == "innovative_sme")
    assert innovative.passed is True
    assert innovative.evaluation.item("score.total").status == "unmet"  # the alternative route failed
    screening.screening_run(as_of=AS_OF, enterprise_ids=[enterprise.pk])
    row = Screening.objects.get(enterprise=enterprise, rule="innovative_sme")
    assert row.passed is True
    assert row.first_gap == "" and row.unmet_count == 0
    assert innovative.gaps == []


@pytest.mark.django_db
def test_screening_rows_agree_with_evaluation_for_every_rule():
    enterprise = enterprise_with_years(last_year=2024, rd="192")
    DeclaredFactsFactory(enterprise=enterprise, year=2024, data={**FULL_DECLARATION, "has_valid_hnte": True})
    _, outcomes = enterprise_evaluate(enterprise_id=enterprise.pk, as_of=AS_OF)
    screening.screening_run(as_of=AS_OF, enterprise_ids=[enterprise.pk])
    for outcome in outcomes:
        row = Screening.objects.get(enterprise=enterprise, rule=outcome.rule.code)
        assert row.passed == outcome.passed
        assert row.unmet_count == len(outcome.gaps)
        if outcome.passed is True:
            assert row.first_gap == ""
        elif outcome.gaps:
            assert row.first_gap.startswith(outcome.gaps[0].name_zh)


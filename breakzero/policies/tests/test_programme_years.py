"""Check-ups dated in the programme years 2020 to July 2022 run on the rule sets of that time."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from breakzero.policies.evaluation import enterprise_evaluate, outcome_as_dict
from breakzero.policies.tests.factories import FULL_DECLARATION, DeclaredFactsFactory

pytestmark = pytest.mark.django_db
TIERS = ("innovative_sme", "srdi_sme", "little_giant")


@pytest.fixture
def enterprise_2021(enterprise_user):
    from breakzero.enterprises.tests.factories import EnterpriseYearFactory

    enterprise = enterprise_user.enterprise
    for year in (2018, 2019, 2020):
        EnterpriseYearFactory(enterprise=enterprise, year=year, operating_revenue=Decimal("8000"),
                              main_business_revenue=Decimal("7600"), rd_expense=Decimal("320"))
    DeclaredFactsFactory(enterprise=enterprise, year=2020, data=dict(FULL_DECLARATION))
    return enterprise


@pytest.mark.parametrize("as_of", [dt.date(2020, 6, 30), dt.date(2021, 6, 30), dt.date(2022, 7, 31)])
def test_tier_checkups_in_programme_years_have_rule_sets(enterprise_2021, as_of):
    _, outcomes = enterprise_evaluate(enterprise_id=enterprise_2021.pk, as_of=as_of)
    by_code = {o.rule.code: o for o in outcomes}
    for code in TIERS:
        assert by_code[code].error_zh == "", by_code[code].error_zh  # was "no rule set in force"
    assert by_code["little_giant"].evaluation.rule_set.startswith("miit-202") and "batch" in \
        by_code["little_giant"].evaluation.rule_set
    assert by_code["srdi_sme"].evaluation.retroactive is True
    innovative = by_code["innovative_sme"]
    assert innovative.evaluation.applicable is False and innovative.passed is False
    assert outcome_as_dict(by_code["srdi_sme"])["retroactive"] is True


def test_checkup_page_shows_retroactive_and_not_applicable(client_for, enterprise_user, enterprise_2021):
    url = reverse("policies:checkup", args=[enterprise_2021.pk])
    html = client_for(enterprise_user).get(url, {"as_of": "2021-06-30"}).content.decode()
    assert "追溯适用（待确认）" in html
    assert "not-applicable" in html and "创新型中小企业层级由工信部企业〔2022〕63号设立" in html
    assert "无法评估" not in html


def test_api_checkup_carries_retroactive_flag(client_for, enterprise_user, enterprise_2021):
    response = client_for(enterprise_user).get(f"/api/v1/enterprises/{enterprise_2021.pk}/evaluation",
                                               {"as_of": "2021-06-30"})
    assert response.status_code == 200
    rows = {r["rule"]: r for r in response.json()}
    assert rows["srdi_sme"]["retroactive"] is True and rows["innovative_sme"]["applicable"] is False

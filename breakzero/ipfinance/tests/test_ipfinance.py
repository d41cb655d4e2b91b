"""Transfers and pledge loans name existing patent records; the pool's exposure per bank and year (§7.4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.ipfinance import selectors, services
from breakzero.ipfinance.models import PatentDeal, PledgeLoan
from breakzero.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


def test_deal_with_unknown_patent_number_refused_known_linked(county_official):
    firm, patent = EnterpriseFactory(county_id="430104"), PatentFactory()
    values = {"kind": "transfer", "counterparty": "中南大学", "value": Decimal("80"), "signed_on": dt.date(2022, 6, 1)}
    with pytest.raises(DomainError, match="未在专利库中找到"):
        services.deal_record(actor=county_official, enterprise=firm, patent_numbers=["CN000"], values=values)
    assert not PatentDeal.objects.exists()
    deal = services.deal_record(actor=county_official, enterprise=firm,
                                patent_numbers=[patent.application_number.lower()], values=values)
    assert list(deal.patents.all()) == [patent]


def test_exposure_by_bank_and_year_caps_and_splits_defaults(county_official):
    firm, patent = EnterpriseFactory(county_id="430104"), PatentFactory()
    base = {"term_months": 12, "is_in_pool": True}
    for bank, amount, lent_on, default in (("长沙银行", "600", dt.date(2022, 3, 1), None),
                                           ("长沙银行", "100", dt.date(2022, 9, 1), Decimal("100")),
                                           ("建设银行", "200", dt.date(2021, 5, 1), None)):
        services.loan_record(actor=county_official, enterprise=firm, patent_numbers=[patent.application_number],
                             values={**base, "bank": bank, "amount": Decimal(amount), "lent_on": lent_on,
                                     "defaulted_on": lent_on + dt.timedelta(days=200) if default else None, "loss": default})
    rows = {(r["bank"], r["year"]): r for r in selectors.exposure_by_bank_year(PledgeLoan.objects.all())}
    changsha = rows[("长沙银行", 2022)]
    assert changsha["amount"] == Decimal("700") and changsha["exposure"] == Decimal("270.00")  # 45%×500 + 45%×100
    assert changsha["defaults"] == 1 and changsha["pool_loss"] == Decimal("45.00")
    assert rows[("建设银行", 2021)]["exposure"] == Decimal("90.00")


def test_loan_default_without_loss_refused(enterprise_user):
    with pytest.raises(DomainError, match="同时填写"):
        services.loan_record(actor=enterprise_user, enterprise=enterprise_user.enterprise, patent_numbers=["X"], values={
            "bank": "长沙银行", "amount": Decimal(100), "term_months": 12, "lent_on": dt.date(2022, 3, 1),
            "defaulted_on": dt.date(2022, 9, 1), "loss": None})


def test_loan_list_shows_own_region_and_exposure(client_for, county_official):
    patent = PatentFactory()
    for county, bank in (("430104", "岳麓银行"), ("430602", "岳阳银行")):
        loan = PledgeLoan.objects.create(enterprise=EnterpriseFactory(county_id=county), bank=bank, amount=Decimal(100),
                                         term_months=12, lent_on=dt.date(2022, 3, 1))
        loan.patents.add(patent)
    body = client_for(county_official).get(reverse("ipfinance:loan-list")).content.decode()
    assert "岳麓银行" in body and "岳阳银行" not in body and "45.00" in body

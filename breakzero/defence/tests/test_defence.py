"""民参军 qualifications: scoped entry and lists; the core-technology programme type on the engine."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.calls.registry import get_programme_type
from breakzero.core.errors import DomainError
from breakzero.defence import services
from breakzero.defence.models import Qualification
from breakzero.enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
VALUES = {"kind": "supplier", "number": "ZC-001", "fields": "电子元器件", "valid_from": dt.date(2021, 1, 1),
          "valid_until": dt.date(2025, 12, 31)}


def test_qualification_other_region_or_reversed_period_refused(county_official):
    with pytest.raises(DomainError, match="不能为该企业"):
        services.qualification_record(actor=county_official, enterprise=EnterpriseFactory(county_id="430602"), values=VALUES)
    with pytest.raises(DomainError, match="有效期"):
        services.qualification_record(actor=county_official, enterprise=EnterpriseFactory(county_id="430104"),
                                      values={**VALUES, "valid_until": dt.date(2020, 1, 1)})
    assert not Qualification.objects.exists()


def test_qualification_list_scoped_and_validity(client_for, county_official):
    own = services.qualification_record(actor=county_official, enterprise=EnterpriseFactory(county_id="430104"), values=VALUES)
    Qualification.objects.create(enterprise=EnterpriseFactory(county_id="430602"), **{**VALUES, "number": "ZC-乙"})
    body = client_for(county_official).get(reverse("defence:qualification-list")).content.decode()
    assert "ZC-001" in body and "ZC-乙" not in body
    assert own.is_valid_on(dt.date(2025, 12, 31)) and not own.is_valid_on(dt.date(2026, 1, 1))


def test_core_technology_programme_registered_without_invented_eligibility():
    kind = get_programme_type("defence_core_technology")
    assert kind.eligibility is None and {f.key for f in kind.form_fields} >= {"qualification", "project", "funding"}


def test_published_project_of_a_fund_linked_call_becomes_a_fund_project(province_official):
    """Payments of a 民参军 project run through the special-funds module: publication creates the fund project
    (万元 → 元), once; a call without a fund link has no money effect."""
    from decimal import Decimal

    from breakzero.calls import services as calls
    from breakzero.calls.models import Programme
    from breakzero.defence.programme_types import fund_project_from_application
    from breakzero.funds import services as funds
    from breakzero.funds.models import FundProject
    from breakzero.funds.tests.factories import fund_with_budget

    today = dt.date.today()
    programme = calls.programme_create(name="民参军核心技术项目", owner_department="国防科工处",
                                       programme_type="defence_core_technology", grants=Programme.Grant.FUNDS)

    def call(number):
        return calls.call_create(programme=programme, actor=province_official, document_number=number,
                                 title=f"{today.year}年度民参军核心技术项目", year=today.year,
                                 opens_on=today - dt.timedelta(days=3), enterprise_deadline=today + dt.timedelta(days=5))

    form = {"qualification": "装备承制单位资格 ZC-001", "project": "高可靠连接器", "funding": "80"}
    linked, unlinked = call("湘国防科工〔2026〕1号"), call("湘国防科工〔2026〕2号")
    _, budget, category = fund_with_budget(province_official, year=today.year)
    funds.fund_call_link(actor=province_official, call=linked, budget=budget, category=category)
    firm = EnterpriseFactory(county_id="430104")
    application = calls.application_create(call=linked, enterprise=firm, actor=None, form_data=form)
    linked.published_on, linked.published_document_number = today, "湘国防科工〔2026〕9号"
    application.call = linked
    project = fund_project_from_application(application)
    assert (project.approved_amount, project.name, project.enterprise) == (Decimal("800000.00"), "高可靠连接器", firm)
    assert fund_project_from_application(application) == project and FundProject.objects.count() == 1
    other = calls.application_create(call=unlinked, enterprise=EnterpriseFactory(county_id="430104"), actor=None,
                                     form_data=form)
    assert fund_project_from_application(other) is None and FundProject.objects.count() == 1

"""Service vouchers through the page: the province issues, the service body redeems by code against
its own service record (creating its voucher project), every reader sees only its scope, xlsx export."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds import services
from breakzero.funds.models import FundProject, Voucher
from breakzero.funds.tests.factories import finance, fund_with_budget
from breakzero.service_bodies.models import ServiceBodyMember
from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceRecordFactory
from conftest import make_user

pytestmark = pytest.mark.django_db
URL = "/funds/vouchers/"


@pytest.fixture
def voucher(province_official):
    fund, _, _ = fund_with_budget(province_official)
    return services.voucher_issue(actor=province_official, fund=fund, year=2026,
                                  enterprise=EnterpriseFactory(county_id="430104"), face_value="20000",
                                  issued_on=dt.date(2026, 3, 1), expires_on=dt.date(2026, 12, 31))


def test_voucher_route_name():
    assert reverse("funds:voucher-list") == URL


def test_province_issues_voucher_and_bad_input_keeps_what_was_typed(client_for, province_official):
    fund, _, _ = fund_with_budget(province_official)
    enterprise = EnterpriseFactory(county_id="430104")
    client = client_for(province_official)
    form = {"action": "issue", "fund": fund.pk, "year": "2026", "uscc": enterprise.uscc, "face_value": "5000.5",
            "issued_on": "2026-03-01", "expires_on": "2026-02-01"}
    page = client.post(URL, form)
    assert page.status_code == 200 and "有效期不能早于发放日期" in page.content.decode()
    assert 'value="5000.5"' in page.content.decode() and not Voucher.objects.exists()
    assert client.post(URL, {**form, "expires_on": "2026-12-31"}).status_code == 302
    assert Voucher.objects.get().face_value == 5000.50


def test_city_official_cannot_issue(client_for, province_official, city_official):
    fund, _, _ = fund_with_budget(province_official)
    enterprise = EnterpriseFactory(county_id="430104")
    client_for(city_official).post(URL, {"action": "issue", "fund": fund.pk, "year": "2026", "uscc": enterprise.uscc,
                                         "face_value": "100", "issued_on": "2026-03-01", "expires_on": "2026-12-31"})
    assert not Voucher.objects.exists()


def test_body_redeems_by_code_against_its_own_record(client_for, voucher):
    body = ServiceBodyFactory()
    member = make_user("t-body", "service_body")
    ServiceBodyMember.objects.create(user=member, body=body)
    record = ServiceRecordFactory(body=body, enterprise=voucher.enterprise, served_on=dt.date(2026, 5, 1))
    foreign = ServiceRecordFactory(body=ServiceBodyFactory(), enterprise=voucher.enterprise, served_on=dt.date(2026, 5, 1))
    client = client_for(member)
    found = client.get(URL + f"?code={voucher.code.lower()}").content.decode()
    assert voucher.enterprise.name in found and f'value="{record.pk}"' in found and f'value="{foreign.pk}"' not in found
    client.post(URL, {"action": "redeem", "code": voucher.code, "record": foreign.pk})
    assert Voucher.objects.get().status == "issued"
    client.post(URL, {"action": "redeem", "code": voucher.code, "record": record.pk})
    project = FundProject.objects.get(voucher__code=voucher.code)
    assert project.service_body == body and project.support_mode == "voucher"
    assert voucher.code in client.get(URL).content.decode()


def test_voucher_list_scoped_by_region_and_exported(client_for, voucher, province_official, city_official,
                                                   other_city_official):
    assert voucher.code in client_for(city_official).get(URL).content.decode()
    assert voucher.code in client_for(finance("t-fin-cs", "430100")).get(URL).content.decode()
    assert voucher.code not in client_for(other_city_official).get(URL).content.decode()
    assert voucher.code not in client_for(make_user("t-body-x", "service_body")).get(URL).content.decode()
    owner = make_user("t-owner", "enterprise", enterprise=voucher.enterprise)
    assert voucher.code in client_for(owner).get(URL).content.decode()
    export = client_for(province_official).get(URL + "?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")

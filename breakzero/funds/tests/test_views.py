"""Pages through the client: role × region access (not visible → 404), payments through the page,
exports (audited), execution figures linking to their payments."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from breakzero.audit.models import AuditEntry
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds.models import Payment
from breakzero.funds.services import payment_record
from breakzero.funds.tests.factories import finance, project
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def changsha_project(province_official):
    return project(province_official, enterprise=EnterpriseFactory(county_id="430104"))


def test_project_page_scoped_by_role_and_region(client_for, changsha_project, province_official, city_official,
                                                other_city_official, county_official, other_county_official):
    url = changsha_project.get_absolute_url()
    expected = {province_official: 200, city_official: 200, county_official: 200, other_city_official: 404,
                other_county_official: 404, finance(): 200, finance("t-fin-yy", "430600"): 404,
                make_user("t-other-ent", "enterprise", enterprise=EnterpriseFactory(county_id="430104")): 404,
                make_user("t-own-ent", "enterprise", enterprise=changsha_project.enterprise): 200,
                make_user("t-expert", "expert"): 404}
    got = {user: client_for(user).get(url).status_code for user in expected}
    assert got == expected


def test_finance_records_payment_through_the_page_and_overpayment_is_refused(client_for, changsha_project):
    client = client_for(finance("t-fin-cs", "430100"))
    form = {"action": "pay", "amount": "300000.00", "budget_document": "湘财企指〔2026〕1号", "paid_on": "2026-07-01",
            "payee_account": "6222000011112345"}
    assert client.post(changsha_project.get_absolute_url(), form).status_code == 302
    page = client.post(changsha_project.get_absolute_url(), form, follow=True)
    assert "超过批准金额" in page.content.decode()
    assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("300000.00")]
    assert "6222********2345" in page.content.decode() and "6222000011112345" not in page.content.decode()


def test_city_official_cannot_pay(client_for, changsha_project, city_official):
    form = {"action": "pay", "amount": "1", "budget_document": "x", "paid_on": "2026-07-01", "payee_account": "6222000011112345"}
    client_for(city_official).post(changsha_project.get_absolute_url(), form)
    assert not Payment.objects.exists()


def test_execution_page_links_paid_figures_to_payments_and_exports_audited(client_for, changsha_project, province_official):
    payment_record(actor=finance(), project=changsha_project, amount="123456.78", budget_document="湘财企指〔2026〕1号",
                   paid_on=dt.date(2026, 7, 1), payee_account="6222000011112345")
    client = client_for(province_official)
    budget = changsha_project.category.budget
    page = client.get(reverse("funds:budget-execution", args=[budget.pk]) + "?by=category").content.decode()
    assert "12.35" in page and f"category={changsha_project.category_id}" in page
    listing = client.get(reverse("funds:payment-list") + f"?fund={budget.fund_id}&year=2026&category={changsha_project.category_id}")
    assert "123,456.78" in listing.content.decode()
    for by in ("city", "month"):
        assert client.get(reverse("funds:budget-execution", args=[budget.pk]) + f"?by={by}").status_code == 200
    export = client.get(reverse("funds:budget-execution", args=[budget.pk]) + "?by=category&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="export", detail__what="funds.execution").exists()
    report = client.get(reverse("funds:budget-self-evaluation", args=[budget.pk]))
    assert report.status_code == 200 and report["Content-Type"].startswith("application/vnd.openxmlformats")


def test_support_view_lists_every_grant_and_is_scoped(client_for, changsha_project, province_official, other_city_official):
    url = reverse("funds:support", args=["enterprise", changsha_project.enterprise_id])
    page = client_for(province_official).get(url)
    assert page.status_code == 200 and changsha_project.name in page.content.decode()
    assert client_for(other_city_official).get(url).status_code == 404
    assert client_for(province_official).get(url + "?format=xlsx").status_code == 200


def test_budget_pages_refuse_enterprises(client_for, changsha_project, enterprise_user):
    budget = changsha_project.category.budget
    for url in (reverse("funds:fund-list"), budget.get_absolute_url(), reverse("funds:payment-list")):
        assert client_for(enterprise_user).get(url).status_code == 404


def test_budget_page_with_htmx(client_for, changsha_project, province_official):
    response = client_for(province_official).get(changsha_project.category.budget.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_project_list_queries_do_not_grow_with_rows(client_for, changsha_project, province_official,
                                                    django_assert_max_num_queries):
    from breakzero.funds import services

    client = client_for(province_official)
    client.get(reverse("funds:project-list"))  # warm the session
    for n in range(3):
        services.project_create(fund=changsha_project.fund, year=2026, enterprise=EnterpriseFactory(county_id="430602"),
                                name=f"项目{n}", approved_amount="1.00", approved_on=dt.date(2026, 6, 1))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("funds:project-list"))
    assert page.content.decode().count("/funds/projects/") >= 4


def test_project_page_flags_payment_overdue_by_the_fund_setting(client_for, changsha_project, province_official):
    from django.utils import timezone

    from breakzero.funds.models import FundProject

    client = client_for(province_official)
    FundProject.objects.filter(pk=changsha_project.pk).update(approved_on=timezone.localdate() - dt.timedelta(days=60))
    assert "已超期未拨付" in client.get(changsha_project.get_absolute_url()).content.decode()
    FundProject.objects.filter(pk=changsha_project.pk).update(approved_on=timezone.localdate())
    assert "已超期未拨付" not in client.get(changsha_project.get_absolute_url()).content.decode()


def test_enterprise_sees_its_own_support_only(client_for, changsha_project):
    own = make_user("t-own", "enterprise", enterprise=changsha_project.enterprise)
    client = client_for(own)
    assert client.get(reverse("funds:support", args=["enterprise", changsha_project.enterprise_id])).status_code == 200
    other = EnterpriseFactory(county_id="430104")
    assert client.get(reverse("funds:support", args=["enterprise", other.pk])).status_code == 404
    assert client.get(reverse("funds:support", args=["nonsense", other.pk])).status_code == 404


def test_project_list_exports_and_links_beneficiary_support(client_for, changsha_project, province_official):
    client = client_for(province_official)
    page = client.get(reverse("funds:project-list") + "?year=2026").content.decode()
    assert reverse("funds:support", args=["enterprise", changsha_project.enterprise_id]) in page
    export = client.get(reverse("funds:project-list") + "?year=2026&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="export", detail__what="funds.projects", detail__rows=1).exists()


def test_menus_lead_finance_and_beneficiaries_to_the_fund_pages(client_for, changsha_project):
    from breakzero.core import nav

    payer = finance("t-fin-cs", "430100")
    menu = {link.key for link in nav.links_for(payer)}
    assert "funds" in menu and "fund-projects" not in menu
    owner = make_user("t-own-menu", "enterprise", enterprise=changsha_project.enterprise)
    assert "fund-projects" in {link.key for link in nav.links_for(owner)}
    fund_list = client_for(payer).get(reverse("funds:fund-list")).content.decode()
    for name in ("funds:project-list", "funds:payment-list", "funds:execution", "funds:opinion-list"):
        assert reverse(name) in fund_list


def test_enterprise_page_links_to_its_support(client_for, changsha_project, province_official):
    page = client_for(province_official).get(changsha_project.enterprise.get_absolute_url()).content.decode()
    assert reverse("funds:support", args=["enterprise", changsha_project.enterprise_id]) in page


def test_support_view_marks_possible_double_funding(client_for, changsha_project, province_official):
    """The same project name under another fund, or another fund's grant the same year, is marked."""
    from breakzero.funds import services

    enterprise = changsha_project.enterprise
    other = services.fund_create(actor=province_official, name="制造强省专项资金", code="mfg")
    services.project_create(fund=other, year=2026, enterprise=enterprise, name=" 数字化 改造", approved_amount="1000",
                            approved_on=dt.date(2026, 9, 1))
    services.project_create(fund=other, year=2024, enterprise=enterprise, name="另一项目", approved_amount="1000",
                            approved_on=dt.date(2024, 9, 1))
    client = client_for(province_official)
    url = reverse("funds:support", args=["enterprise", enterprise.pk])
    rows = client.get(url).context["rows"]
    marks = {(r.fund, r.year): r.warning for r in rows}
    assert marks[("湖南省中小企业发展专项资金", 2026)] == "同名项目另获支持；同年度另获其他资金支持"
    assert marks[("制造强省专项资金", 2026)] == "同名项目另获支持；同年度另获其他资金支持"
    assert marks[("制造强省专项资金", 2024)] == ""
    assert "同年度另获其他资金支持" in client.get(url).content.decode()

"""Finance reports: execution by fund, category, city, county and month, each figure linking to its
payments; xlsx and PDF (CJK font, China Standard Time); the payment list behind a figure."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from breakzero.audit.models import AuditEntry
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds import selectors, services
from breakzero.funds.models import Allocation, AllocationLine
from breakzero.funds.pdf import china_time
from breakzero.funds.tests.factories import finance, project

pytestmark = pytest.mark.django_db
DOC = "湘财企指〔2026〕1号"


@pytest.fixture
def paid_project(province_official):
    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"))
    payer = finance()
    first = services.payment_record(actor=payer, project=p, amount="200000.00", budget_document=DOC,
                                    paid_on=dt.date(2026, 7, 1), payee_account="6222000011112345")
    services.payment_record(actor=payer, project=p, amount="100000.00", budget_document=DOC,
                            paid_on=dt.date(2026, 8, 3), payee_account="6222000011112345")
    services.payment_reverse(actor=payer, payment=first, reason="账户错误", on=dt.date(2026, 8, 5))
    return p


def _pass_on(budget, city="430100", county="430104", amount="800000.00"):
    allocation = Allocation.objects.create(budget=budget, parent_region_id=city, amount=Decimal(amount),
                                           status=Allocation.Status.APPROVED)
    AllocationLine.objects.create(allocation=allocation, region_id=county, amount=Decimal(amount))


def test_execution_by_county_shows_city_pass_on_and_net_paid(paid_project, province_official):
    budget = paid_project.category.budget
    _pass_on(budget)
    rows = {r.key: r for r in selectors.execution(user=province_official, budget=budget, by="county")}
    row = rows["430104"]
    assert (row.allocated, row.approved, row.paid) == (Decimal("800000.00"), Decimal("500000.00"), Decimal("100000.00"))
    assert row.outstanding == Decimal("400000.00") and "county=430104" in row.query


def test_execution_by_county_hides_other_cities_counties(paid_project, other_city_official):
    _pass_on(paid_project.category.budget)
    assert selectors.execution(user=other_city_official, budget=paid_project.category.budget, by="county") == []


def test_execution_by_month_counts_documents_approvals_and_reversals(paid_project, province_official):
    budget = paid_project.category.budget
    services.budget_document_add(actor=province_official, budget=budget, document_number=DOC, issued_on=dt.date(2026, 3, 2),
                                 amount="6000000.00")
    rows = {r.key: r for r in selectors.execution(user=province_official, budget=budget, by="month")}
    assert rows[3].allocated == Decimal("6000000.00") and rows[6].approved == Decimal("500000.00")
    assert (rows[7].paid, rows[8].paid) == (Decimal("200000.00"), Decimal("-100000.00"))


def test_execution_by_fund_sums_every_fund_of_the_year(paid_project, province_official):
    rows = selectors.execution_by_fund(user=province_official, year=2026)
    total = selectors.execution_total(rows)
    assert [r.label for r in rows] == [paid_project.fund.name]
    assert (total.allocated, total.approved, total.paid) == (Decimal("10000000.00"), Decimal("500000.00"),
                                                             Decimal("100000.00"))


def test_overview_page_links_every_figure_to_payments(client_for, paid_project, province_official):
    page = client_for(province_official).get(reverse("funds:execution") + "?year=2026").content.decode()
    link = f'{reverse("funds:payment-list")}?fund={paid_project.fund_id}&amp;year=2026"'
    assert page.count(link) == 5 and "1,000.00" in page


def test_payment_list_behind_a_figure_sums_net_and_exports(client_for, paid_project, province_official):
    client = client_for(province_official)
    url = reverse("funds:payment-list") + f"?fund={paid_project.fund_id}&year=2026&county=430104"
    assert "100,000.00" in client.get(url).content.decode()
    assert "暂无拨付记录" in client.get(reverse("funds:payment-list") + "?county=none").content.decode()
    export = client.get(url + "&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="export", detail__what="funds.payments").exists()


def test_execution_pdf_has_cjk_font_and_links_to_payments(client_for, paid_project, province_official):
    budget = paid_project.category.budget
    response = client_for(province_official).get(reverse("funds:budget-execution", args=[budget.pk]) + "?by=city&format=pdf")
    body = response.content
    assert response["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert b"STSong-Light" in body
    assert f"/funds/payments/?fund={budget.fund_id}&year=2026&city=430100".encode() in body
    assert AuditEntry.objects.filter(action="export", detail__what="funds.execution.pdf").exists()


def test_china_time_shows_beijing_time():
    assert china_time(dt.datetime(2026, 12, 6, 12, 5, tzinfo=dt.UTC)) == "2026-12-06 20:05（北京时间）"


def test_unknown_dimension_is_not_found(client_for, paid_project, province_official):
    url = reverse("funds:budget-execution", args=[paid_project.category.budget.pk]) + "?by=planet"
    assert client_for(province_official).get(url).status_code == 404


def test_self_evaluation_summarises_targets_money_and_acceptance(client_for, paid_project, province_official):
    """绩效自评: the page's figures and the xlsx's summary rows come from the targets, actuals and payments."""
    import io

    from openpyxl import load_workbook

    from breakzero.funds.models import PerformanceTarget

    owner = paid_project.enterprise
    for indicator, target, actual in (("新增产值", "500", "520"), ("研发投入", "80", "60"), ("新增专利", "3", None)):
        PerformanceTarget.objects.create(project=paid_project, indicator=indicator, unit="万元", target_value=Decimal(target),
                                         deadline=dt.date(2027, 6, 30),
                                         actual_value=None if actual is None else Decimal(actual))
    services.project_accept(actor=province_official, project=paid_project, passed=True, note="完成")
    budget = paid_project.category.budget
    rows = selectors.self_evaluation_rows(user=province_official, budget=budget)
    summary = selectors.self_evaluation_summary(rows)
    assert (summary.projects, summary.targets, summary.met, summary.unmet, summary.unreported) == (1, 3, 1, 1, 1)
    assert summary.payment_rate == Decimal("20.00") and summary.target_rate == Decimal("50.00")  # 10万 of 50万
    assert summary.accepted == 1 and summary.failed == 0
    client = client_for(province_official)
    page = client.get(budget.get_absolute_url()).content.decode()
    assert 'id="payment-rate">20.00%' in page and 'id="targets-met">1 / 1 / 1' in page
    book = load_workbook(io.BytesIO(client.get(reverse("funds:budget-self-evaluation", args=[budget.pk])).content))
    assert book.sheetnames == ["绩效目标明细", "汇总"]
    cells = [[c for c in row if c not in (None, "")] for row in book["绩效目标明细"].iter_rows(values_only=True)]
    assert any(row[:2] == [paid_project.name, owner.name] and "未完成" in row for row in cells)
    figures = {row[0].value: row[1] for row in book["汇总"].iter_rows(min_row=2)}
    assert figures["项目数"].value == 1 and figures["已完成目标数"].value == 1
    # rates are numbers shown as percentages, not text like '20.00%'
    assert (figures["拨付率"].value, figures["拨付率"].number_format) == (0.2, "0.00%")
    assert (figures["目标完成率（已填报）"].value, figures["目标完成率（已填报）"].number_format) == (0.5, "0.00%")
    assert figures["批准金额（万元）"].value == 50


def test_self_evaluation_report_page_and_pdf(client_for, paid_project, province_official, other_city_official):
    """The 绩效自评 report as a page and as a PDF (Chinese font, time in China Standard Time), scoped."""
    from breakzero.funds.models import PerformanceTarget

    PerformanceTarget.objects.create(project=paid_project, indicator="新增产值", unit="万元", target_value=Decimal("500"),
                                     deadline=dt.date(2027, 6, 30), actual_value=Decimal("520"))
    budget = paid_project.category.budget
    url = reverse("funds:budget-self-evaluation-report", args=[budget.pk])
    client = client_for(province_official)
    page = client.get(url).content.decode()
    assert "年度绩效自评报告" in page and "20.00%" in page and "100.00%" in page and paid_project.name in page
    assert "?format=pdf" in page and "500 万元" in page
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert b"STSong-Light" in pdf.content and "%E7%BB%A9%E6%95%88%E8%87%AA%E8%AF%84" in pdf["Content-Disposition"]
    assert AuditEntry.objects.filter(action="export", detail__what="funds.self_evaluation.pdf").exists()
    assert paid_project.name not in client_for(other_city_official).get(url).content.decode()


def test_self_evaluation_pdf_prints_rates_and_normalised_values():
    from breakzero.funds.pdf import figure_text

    assert figure_text(Decimal("0.2"), "rate") == "20.00%" and figure_text(None, "rate") == "—"
    assert figure_text(Decimal("12345.6"), "wan") == "12,345.60" and figure_text(3, "count") == "3"

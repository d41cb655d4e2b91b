"""Reporting pages through the client: fill, question, review, completeness, lock, rules."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from breakzero.enterprises.models import EnterpriseYear
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.indicators.models import Participant
from breakzero.reporting.models import PeriodLock, Submission, ValidationRule
from breakzero.reporting.tests.factories import WindowFactory

GOOD = {"operating_revenue": "1000", "rd_expense": "50", "new_product_revenue": "300", "employees": "80",
        "rd_staff": "8", "total_cost": "900", "has_rd_institution": "是"}


@pytest.fixture
def window(db):
    today = timezone.localdate()
    return WindowFactory(period=str(today.year - 1), year=today.year - 1, opens_on=today - dt.timedelta(days=10),
                         due_on=today + dt.timedelta(days=5), closes_on=today + dt.timedelta(days=20))


def test_enterprise_fills_answers_question_and_county_accepts(client_for, enterprise_user, county_official, window):
    url = f"/reporting/windows/{window.pk}/report/"
    client = client_for(enterprise_user)
    assert "成本费用总额（万元）" in client.get(url).content.decode()
    page = client.post(url, {**GOOD, "rd_expense": "400", "submit": "1"}).content.decode()
    assert "研发投入强度超过 30%，请说明原因" in page and 'name="explain_intensity"' in page
    response = client.post(url, {**GOOD, "rd_expense": "400", "explain_intensity": "中试线投入", "submit": "1"})
    assert response.status_code == 302
    sub = Submission.objects.get(enterprise=enterprise_user.enterprise)
    assert sub.status == "submitted"
    detail = client_for(county_official).get(f"/reporting/submissions/{sub.pk}/").content.decode()
    assert "中试线投入" in detail and "审核通过" in detail
    client_for(county_official).post(f"/reporting/submissions/{sub.pk}/review/", {"action": "accept"})
    assert EnterpriseYear.objects.get(enterprise=enterprise_user.enterprise, year=window.year).rd_expense == Decimal(400)


def test_hard_rule_shows_chinese_error_and_saves_nothing(client_for, enterprise_user, window):
    page = client_for(enterprise_user).post(f"/reporting/windows/{window.pk}/report/",
                                            {**GOOD, "rd_expense": "950", "submit": "1"}).content.decode()
    assert "研发费用不能超过成本费用总额" in page
    assert not Submission.objects.exists()


def test_other_county_cannot_see_or_review(client_for, enterprise_user, other_county_official, window):
    client = client_for(enterprise_user)
    client.post(f"/reporting/windows/{window.pk}/report/", {**GOOD, "submit": "1"})
    sub = Submission.objects.get()
    other = client_for(other_county_official)
    assert other.get(f"/reporting/submissions/{sub.pk}/").status_code == 404
    assert other.post(f"/reporting/submissions/{sub.pk}/review/", {"action": "accept"}).status_code == 404
    assert Submission.objects.get().status == "submitted"


def test_official_report_for_enterprise_outside_region_is_404(client_for, other_county_official, window):
    firm = EnterpriseFactory(county_id="430104")
    assert client_for(other_county_official).get(f"/reporting/windows/{window.pk}/report/?enterprise={firm.pk}").status_code == 404


def test_completeness_counts_and_ranks_and_exports(client_for, enterprise_user, county_official, city_official, window):
    late = EnterpriseFactory(county_id="430105")
    for firm in (enterprise_user.enterprise, late, EnterpriseFactory(county_id="430104")):
        Participant.objects.create(enterprise=firm, year=window.year)
    client_for(enterprise_user).post(f"/reporting/windows/{window.pk}/report/", {**GOOD, "submit": "1"})
    page = client_for(city_official).get(f"/reporting/windows/{window.pk}/completeness/")
    rows = page.context["rows"]
    assert [(r["code"], r["expected"], r["submitted"], r["missing"]) for r in rows] == [("430104", 2, 1, 1), ("430105", 1, 0, 1)]
    assert page.context["total"]["on_time_rate"] == pytest.approx(33.3)
    export = client_for(city_official).get(f"/reporting/windows/{window.pk}/completeness/?format=xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    assert sheet[0][0] == "地区" and sheet[1][1] == 2


def test_completeness_other_region_is_404(client_for, county_official, window):
    assert client_for(county_official).get(f"/reporting/windows/{window.pk}/completeness/?region=430602").status_code == 404


def test_county_locks_own_region_by_view(client_for, county_official, window):
    client_for(county_official).post(f"/reporting/windows/{window.pk}/lock/")
    assert PeriodLock.objects.filter(window=window, region_id="430104").exists()


def test_rules_page_province_edits_county_404(client_for, province_official, county_official, window):
    url = f"/reporting/datasets/{window.dataset.pk}/rules/"
    assert client_for(county_official).get(url).status_code == 404
    client = client_for(province_official)
    assert "研发费用 ≤ 成本费用总额" in client.get(url).content.decode()
    bad = client.post(url, {"code": "x", "kind": "hard", "field": "nonexistent", "operator": "required", "message_zh": "m"})
    assert "数据集中没有该字段" in bad.content.decode()
    client.post(url, {"code": "profit_le_revenue", "kind": "hard", "field": "rd_staff", "operator": "le",
                      "other_field": "employees", "message_zh": "研发人员不能多于从业人员", "is_active": "on"})
    assert ValidationRule.objects.filter(code="profit_le_revenue", other_field="employees").exists()
    again = client.post(url, {"code": "profit_le_revenue", "kind": "hard", "field": "rd_staff", "operator": "required",
                              "message_zh": "m"})
    assert "已有此规则代码" in again.content.decode()


def test_rules_and_fields_pages_read_field_names_not_keys_and_rules_accept_names(client_for, province_official, window):
    client = client_for(province_official)
    rules = client.get(f"/reporting/datasets/{window.dataset.pk}/rules/").content.decode()
    fields = client.get(f"/reporting/datasets/{window.dataset.pk}/fields/").content.decode()
    assert "新产品销售收入 ≤ 营业收入" in rules and '<option value="new_product_revenue">新产品销售收入</option>' in rules
    assert ">new_product_revenue<" not in rules and "可用字段：" not in rules
    assert "<td>新产品销售收入</td>" in fields and ">new_product_revenue<" not in fields
    client.post(f"/reporting/datasets/{window.dataset.pk}/rules/", {
        "code": "new_le_main", "kind": "hard", "field": "新产品销售收入", "operator": "le", "other_field": "营业收入",
        "message_zh": "新产品销售收入不能超过营业收入", "is_active": "on"})
    assert ValidationRule.objects.filter(code="new_le_main", field="new_product_revenue",
                                         other_field="operating_revenue").exists()


def test_province_creates_window(client_for, province_official, window):
    url = f"/reporting/datasets/{window.dataset.pk}/windows/new/"
    client_for(province_official).post(url, {"period": "2026", "year": 2026, "opens_on": "2027-03-01",
                                             "due_on": "2027-04-30", "closes_on": "2027-05-31"})
    assert window.dataset.windows.filter(period="2026").exists()
    bad = client_for(province_official).post(url, {"period": "2027", "year": 2027, "opens_on": "2027-03-01",
                                                   "due_on": "2027-02-01", "closes_on": "2027-05-31"})
    assert bad.status_code == 200 and not window.dataset.windows.filter(period="2027").exists()


def test_home_lists_open_window_for_enterprise(client_for, enterprise_user, window):
    assert "未填报" in client_for(enterprise_user).get("/reporting/").content.decode()


def test_xlsx_template_filled_and_uploaded_fills_the_form(client_for, enterprise_user, window):
    from breakzero.core.sheets import write_xlsx

    client = client_for(enterprise_user)
    template = client.get(f"/reporting/windows/{window.pk}/report/?format=xlsx")
    headers = CalamineWorkbook.from_filelike(io.BytesIO(template.content)).get_sheet_by_index(0).to_python()[0]
    assert "研发费用(万元)" in headers
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, [[{"营业收入(万元)": 1234, "研发费用(万元)": 56}.get(h, "") for h in headers]], sheet="填报")
    buffer.seek(0)
    buffer.name = "report.xlsx"
    page = client.post(f"/reporting/windows/{window.pk}/report/", {"file": buffer})
    assert page.context["form"]["operating_revenue"].value() == "1234"
    assert not Submission.objects.exists()  # read for checking, nothing saved yet


def test_xlsx_upload_with_two_rows_is_refused_in_chinese(client_for, enterprise_user, window):
    from breakzero.core.sheets import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(buffer, ["营业收入(万元)"], [[1], [2]], sheet="填报")
    buffer.seek(0)
    buffer.name = "report.xlsx"
    page = client_for(enterprise_user).post(f"/reporting/windows/{window.pk}/report/", {"file": buffer}, follow=True)
    assert "只填写一行" in page.content.decode()


def test_dashboard_shows_completeness_line_and_it_changes_on_accept(client_for, enterprise_user, county_official, window):
    Participant.objects.create(enterprise=enterprise_user.enterprise, year=window.year)
    client_for(enterprise_user).post(f"/reporting/windows/{window.pk}/report/", {**GOOD, "submit": "1"})
    assert "/reporting/completeness-line/?region=430104" in client_for(county_official).get(f"/progress/?year={window.year}").content.decode()
    line = f"/reporting/completeness-line/?year={window.year}"
    assert "应报 1 家，已通过 0，待审核 1" in client_for(county_official).get(line).content.decode()
    sub = Submission.objects.get()
    client_for(county_official).post(f"/reporting/submissions/{sub.pk}/review/", {"action": "accept"})
    assert "应报 1 家，已通过 1，待审核 0" in client_for(county_official).get(line).content.decode()
    assert client_for(county_official).get(line + "&region=430602").status_code == 404


def test_province_adds_a_field_and_the_form_shows_it(client_for, province_official, county_official, enterprise_user, window):
    url = f"/reporting/datasets/{window.dataset.pk}/fields/"
    assert client_for(county_official).get(url).status_code == 404
    client_for(province_official).post(url, {"code": "export_revenue", "label": "出口收入", "kind": "amount",
                                             "unit": "万元", "order": 20})
    duplicate = client_for(province_official).post(url, {"code": "export_revenue", "label": "x", "kind": "text", "order": 1})
    assert duplicate.status_code == 200 and window.dataset.fields.filter(code="export_revenue").count() == 1
    assert "出口收入（万元）" in client_for(enterprise_user).get(f"/reporting/windows/{window.pk}/report/").content.decode()


def test_dashboard_line_ranks_regions_by_timeliness(client_for, province_official, window):
    firms = [EnterpriseFactory(county_id=c) for c in ("430104", "430104", "430602")]
    for firm in firms:
        Participant.objects.create(enterprise=firm, year=window.year)
    Submission.objects.create(window=window, enterprise=firms[0], county_id="430104", status=Submission.Status.SUBMITTED,
                              is_late=True)
    Submission.objects.create(window=window, enterprise=firms[2], county_id="430602", status=Submission.Status.SUBMITTED)
    body = client_for(province_official).get(f"/reporting/completeness-line/?year={window.year}").content.decode()
    ranking = body[body.index("各地按时填报率排名"):]
    assert ranking.index("岳阳市") < ranking.index("长沙市")  # 100 % on time before 0 %
    assert "1. <a" in ranking and "岳阳市</a> 100.0%" in ranking and "长沙市</a> 0.0%" in ranking


def test_province_creates_quarterly_dataset_for_a_chosen_list(client_for, province_official, county_official):
    from breakzero.reporting.models import DataSet
    from breakzero.reporting.selectors import expected_enterprises

    firm = EnterpriseFactory(county_id="430104")
    assert client_for(county_official).get("/reporting/datasets/new/").status_code == 404
    page = client_for(province_official)
    bad = page.post("/reporting/datasets/new/", {"code": "quarterly", "name": "季度监测", "period_type": "quarter",
                                                 "reporters": "list", "chosen_usccs": "91430000XXXXXXXXXX", "is_active": "on"})
    assert "企业名录中没有" in bad.content.decode() and not DataSet.objects.filter(code="quarterly").exists()
    page.post("/reporting/datasets/new/", {"code": "quarterly", "name": "季度监测", "period_type": "quarter",
                                           "reporters": "list", "chosen_usccs": f" {firm.uscc.lower()} \n", "is_active": "on"})
    dataset = DataSet.objects.get(code="quarterly")
    assert dataset.period_type == "quarter" and list(dataset.chosen.all()) == [firm]
    url = f"/reporting/datasets/{dataset.pk}/windows/new/"
    dates = {"opens_on": "2026-04-01", "due_on": "2026-04-15", "closes_on": "2026-04-30"}
    wrong = page.post(url, {"period": "2026", "year": "2026", **dates}).content.decode()
    assert "报告期格式应为 2025Q1" in wrong
    assert "报告期与年度不一致" in page.post(url, {"period": "2025Q1", "year": "2026", **dates}).content.decode()
    page.post(url, {"period": "2026Q1", "year": "2026", **dates})
    window = dataset.windows.get()
    assert window.period == "2026Q1" and list(expected_enterprises(window)) == [firm]

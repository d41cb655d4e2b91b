"""Percentile bands: a summary table refreshed from accepted data, read (never computed) by the soft
rule on web submissions, xlsx uploads and officials' imports; small groups fall back to wider ones."""

import datetime as dt
import io
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.urls import reverse

from breakzero.core import hooks
from breakzero.core.imports import get_importer, run_file
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from breakzero.enterprises.tests.fixtures.builders import YEARLY_HEADERS, csv_bytes, uscc, yearly_row
from breakzero.reporting import bands, services, sheets
from breakzero.reporting.models import PercentileBand, Submission, ValidationRule
from breakzero.reporting.tests.factories import WindowFactory

IN_WINDOW = dt.date(2026, 4, 1)
GOOD = {"operating_revenue": "1000", "rd_expense": "50", "new_product_revenue": "300", "employees": "80",
        "rd_staff": "8", "total_cost": "900", "has_rd_institution": "是"}


def _peers(n: int, county: str, year: int = 2024, start: int = 0) -> None:
    """`n` enterprises of division 39 in `county` with revenues 1000, 1010, … in `year`."""
    for i in range(start, start + n):
        firm = EnterpriseFactory(county_id=county, uscc=uscc(500 + i, county))
        EnterpriseYearFactory(enterprise=firm, year=year, operating_revenue=Decimal(1000 + 10 * i))


@pytest.fixture
def window(db):
    window = WindowFactory()  # year 2025: compared with the accepted figures of 2024
    ValidationRule.objects.create(dataset=window.dataset, code="revenue_band", kind="soft", field="operating_revenue",
                                  operator="percentile_within", message_zh="营业收入超出同行业 1%–99% 分位区间，请核实")
    return window


def test_refresh_stores_nearest_rank_percentiles_per_county_city_and_province(window):
    _peers(25, "430104")
    assert bands.bands_refresh() > 0  # the 2025 window needs 2024
    county = PercentileBand.objects.get(year=2024, region_id="430104", industry="39", field="operating_revenue")
    assert (county.count, county.low, county.high) == (25, Decimal(1000), Decimal(1240))
    assert PercentileBand.objects.filter(year=2024, region_id__in=["430100", "430000"], industry="39",
                                         field="operating_revenue", count=25).count() == 2


def test_small_county_group_falls_back_to_city_and_the_question_says_so(window, enterprise_user):
    _peers(5, "430104")
    _peers(20, "430105", start=5)
    bands.bands_refresh()
    with pytest.raises(services.ExplanationNeeded) as exc:
        services.submission_save(actor=enterprise_user, window=window, enterprise=enterprise_user.enterprise,
                                 values={**GOOD, "operating_revenue": "90000", "total_cost": "900"}, submit=True,
                                 today=IN_WINDOW)
    question = next(q for q in exc.value.questions if q["code"] == "revenue_band")
    assert "本地同行业不足 20 家" in question["message_zh"] and "长沙市" in question["message_zh"]
    assert "25 家企业" in question["message_zh"]


def test_min_count_setting_decides_the_group(window, enterprise_user, settings):
    settings.REPORTING_BAND_MIN_COUNT = 5
    _peers(5, "430104")
    bands.bands_refresh()
    found = bands.bands_for(enterprise=enterprise_user.enterprise, report_year=2025,
                            fields={"operating_revenue": "operating_revenue"})
    assert "本地同行业" not in found["operating_revenue"][2] and "5 家企业" in found["operating_revenue"][2]
    settings.REPORTING_BAND_MIN_COUNT = 6  # the county's 5 are too few, and so are the city's and province's
    assert bands.bands_for(enterprise=enterprise_user.enterprise, report_year=2025,
                           fields={"operating_revenue": "operating_revenue"}) == {}


def test_web_submission_reads_the_summary_and_never_computes_percentiles(window, enterprise_user):
    _peers(25, "430104")
    bands.bands_refresh()
    with mock.patch("breakzero.reporting.bands._refresh_year", side_effect=AssertionError("computed per submission")):
        sub = services.submission_save(actor=enterprise_user, window=window, enterprise=enterprise_user.enterprise,
                                       values={**GOOD, "operating_revenue": "1100"}, submit=True, today=IN_WINDOW)
        assert sub.questions == []  # inside the band
        with pytest.raises(services.ExplanationNeeded):
            services.submission_save(actor=enterprise_user, window=window, enterprise=enterprise_user.enterprise,
                                     values={**GOOD, "operating_revenue": "5000"}, submit=True, today=IN_WINDOW)


def test_xlsx_upload_then_submit_gets_the_percentile_question(window, enterprise_user):
    _peers(25, "430104")
    bands.bands_refresh()
    fields = list(window.dataset.fields.all())
    book = openpyxl.load_workbook(io.BytesIO(sheets.report_template(fields)))
    sheet = book.active
    row = {"营业收入(万元)": 90000, "研发费用(万元)": 50, "新产品销售收入(万元)": 300, "从业人员(人)": 80,
           "研发人员(人)": 8, "成本费用总额(万元)": 900, "是否设有研发机构": "是"}
    sheet.append([row.get(c.value) for c in sheet[1]])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    values = services.parse_values(fields, sheets.report_read(upload, fields))  # as the form's upload does
    with pytest.raises(services.ExplanationNeeded) as exc:
        services.submission_save(actor=enterprise_user, window=window, enterprise=enterprise_user.enterprise,
                                 values=values, submit=True, today=IN_WINDOW)
    assert "营业收入超出同行业 1%–99% 分位区间，请核实（比较组：岳麓区" in exc.value.message
    assert not Submission.objects.filter(status="submitted").exists()


def test_official_import_reports_the_question_per_row_and_quality_page_lists_it(window, client, province_official):
    _peers(25, "430104")
    bands.bands_refresh()
    firm = EnterpriseFactory(county_id="430104", uscc=uscc(1))
    rows = [yearly_row(firm.uscc, 2025, operating=90000, main=7600)]
    outcome = run_file(get_importer("enterprise-years"), io.BytesIO(csv_bytes(YEARLY_HEADERS, rows)), user=None,
                       apply=True, skip_invalid=False)
    assert not outcome.rejected  # a soft rule never refuses a row
    assert "第 2 行：营业收入：营业收入超出同行业 1%–99% 分位区间，请核实（比较组：岳麓区" in outcome.summary["提示明细"]
    hooks._REFRESHERS["reporting_official_entries"].func(sources=["yearly"], enterprise_ids=outcome.changed_ids)
    sub = Submission.objects.get(window=window, enterprise=firm)
    assert "revenue_band" in [q["code"] for q in sub.questions]
    client.force_login(province_official)
    page = client.get(reverse("reporting:data-quality", args=[window.pk])).content.decode()
    assert firm.name in page and "比较组：岳麓区" in page


def test_yearly_import_refreshes_the_bands(window):
    _peers(25, "430104")
    hooks._REFRESHERS["reporting_percentile_bands"].func(sources=["yearly"], enterprise_ids=[1])
    assert PercentileBand.objects.filter(year=2024, region_id="430104").exists()
    hooks._REFRESHERS["reporting_percentile_bands"].func(sources=["patents"], enterprise_ids=[1])
    assert PercentileBand.objects.filter(year=2024).count() > 0

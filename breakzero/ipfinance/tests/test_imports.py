"""xlsx imports of the empowerment areas (digital, talent, 民参军, IP finance)' per-enterprise records (core.record_imports): row-by-row report,
scoped to the importing user's region, a second load updates instead of duplicating."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from breakzero.core.imports import NOT_FOUND_IN_SCOPE, get_importer, run_file
from breakzero.core.sheets import write_xlsx
from breakzero.defence.models import Qualification
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.ipfinance.models import PledgeLoan
from breakzero.patents.tests.factories import PatentFactory
from breakzero.talent.models import LeadingTalent


def _file(kind: str, rows: list[tuple]) -> io.BytesIO:
    buffer = io.BytesIO()
    write_xlsx(buffer, [c.header for c in get_importer(kind).columns], rows)
    buffer.seek(0)
    return buffer


def _run(kind: str, rows: list[tuple], user, *, apply: bool = True, skip_invalid: bool = False):
    return run_file(get_importer(kind), _file(kind, rows), user=user, apply=apply, skip_invalid=skip_invalid)


def test_talent_import_other_county_row_rejected_own_written_and_reload_unchanged(county_official):
    own, other = EnterpriseFactory(county_id="430104"), EnterpriseFactory(county_id="430103")
    rows = [(own.uscc, "创新团队", "星火团队", "芙蓉计划", "2022", "材料"),
            (other.uscc, "", "李四", "芙蓉计划", "2022", "")]
    outcome = _run("leading_talents", rows, county_official, skip_invalid=True)
    assert [r.errors[0].reason for r in outcome.rejected] == [NOT_FOUND_IN_SCOPE] and outcome.rejected[0].row == 3
    talent = LeadingTalent.objects.get()
    assert (talent.enterprise, talent.kind, talent.year) == (own, "team", 2022)
    again = _run("leading_talents", rows[:1], county_official)
    assert (again.counts.created, again.counts.unchanged) == (0, 1) and LeadingTalent.objects.count() == 1


def test_talent_import_bad_year_and_kind_reported_per_column_nothing_written(county_official):
    own = EnterpriseFactory(county_id="430104")
    outcome = _run("leading_talents", [(own.uscc, "专家", "张三", "芙蓉计划", "二〇二二", "")], county_official)
    assert {e.column for e in outcome.rejected[0].errors} == {"类型", "入选年度"}
    assert not outcome.applied and not LeadingTalent.objects.exists()


def test_qualification_import_period_reversed_rejected_valid_written(county_official):
    own = EnterpriseFactory(county_id="430104")
    rows = [(own.uscc, "保密资格", "BM-1", "电子", "2022-01-01", "2026-12-31"),
            (own.uscc, "保密资格", "BM-2", "", "2026-01-01", "2022-12-31")]
    outcome = _run("defence_qualifications", rows, county_official, skip_invalid=True)
    assert [(r.row, r.errors[0].column) for r in outcome.rejected] == [(3, "有效期至")]
    assert Qualification.objects.get().valid_until == dt.date(2026, 12, 31)


def test_pledge_loan_import_unknown_patent_rejected_known_linked(county_official):
    own, patent = EnterpriseFactory(county_id="430104"), PatentFactory()
    rows = [(own.uscc, "长沙银行", "300", "12", "2022-09-01", patent.application_number, ""),
            (own.uscc, "华融湘江银行", "100", "12", "2022-10-01", "CN000000000000.0", "否")]
    outcome = _run("pledge_loans", rows, county_official)
    assert [r.errors[0].column for r in outcome.rejected] == ["质押专利申请号"]
    assert not outcome.applied and not PledgeLoan.objects.exists()  # a bad row stops the whole file unless skipped
    _run("pledge_loans", rows, county_official, skip_invalid=True)
    loan = PledgeLoan.objects.get()
    assert (loan.amount, loan.is_in_pool, list(loan.patents.all())) == (Decimal("300"), True, [patent])


def test_digital_use_import_unknown_kind_rejected_and_second_load_updates_provider(county_official):
    from breakzero.digital.models import DigitalUse

    own = EnterpriseFactory(county_id="430104")
    outcome = _run("digital_uses", [(own.uscc, "2022", "上网", "天翼云", "", "", "")], county_official)
    assert [r.errors[0].column for r in outcome.rejected] == ["类型"] and not DigitalUse.objects.exists()
    _run("digital_uses", [(own.uscc, "2022", "上云", "天翼云", "", "", "")], county_official)
    again = _run("digital_uses", [(own.uscc, "2022", "上云", "移动云", "", "", "")], county_official)
    assert again.counts.updated == 1 and DigitalUse.objects.get().provider == "移动云"


def test_patent_deal_import_links_patents_and_value(county_official):
    from breakzero.ipfinance.models import PatentDeal

    own, patent = EnterpriseFactory(county_id="430104"), PatentFactory()
    _run("patent_deals", [(own.uscc, "许可", "湖南大学", "20.5", "2022-08-01", patent.application_number)], county_official)
    deal = PatentDeal.objects.get()
    assert (deal.kind, deal.value, list(deal.patents.all())) == ("licence", Decimal("20.5"), [patent])


def test_flexible_expert_import_days_over_a_year_rejected(county_official):
    from breakzero.talent.models import FlexibleExpert

    own = EnterpriseFactory(county_id="430104")
    rows = [(own.uscc, "李四", "中南大学", "2022-01-01", "2024-12-31", "400"),
            (own.uscc, "王五", "湖南大学", "2022-01-01", "2024-12-31", "60")]
    outcome = _run("flexible_experts", rows, county_official, skip_invalid=True)
    assert [(r.row, r.errors[0].column) for r in outcome.rejected] == [(2, "每年服务天数")]
    assert FlexibleExpert.objects.get().name == "王五"


def test_digital_project_import_dates_reversed_rejected_reload_updates(county_official):
    from breakzero.digital.models import TransformationProject

    own = EnterpriseFactory(county_id="430104")
    rows = [(own.uscc, "2023", "MES 系统建设", "生产执行", "树根互联", "120", "2023-03-01", "2023-10-31", ""),
            (own.uscc, "2023", "WMS 改造", "仓储物流", "", "", "2023-05-01", "2023-04-01", "")]
    outcome = _run("digital_projects", rows, county_official, skip_invalid=True)
    assert [(r.row, r.errors[0].column) for r in outcome.rejected] == [(3, "完成日期")]
    assert TransformationProject.objects.get().investment == Decimal("120")
    again = _run("digital_projects", [(*rows[0][:8], "交付周期缩短20%")], county_official)
    stored = TransformationProject.objects.get()
    assert again.counts.updated == 1 and (stored.outcome, stored.supplier) == ("交付周期缩短20%", "树根互联")

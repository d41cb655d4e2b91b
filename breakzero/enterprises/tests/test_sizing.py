"""Size classification of yearly rows and the enterprise's latest size."""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.enterprises.sizing import _classify, classify_year, latest_size_refresh, sizes_recompute
from breakzero.rules.sme_size import classify_size
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory


def test_classify_year_prefers_main_business_revenue_for_y():
    size, note = classify_year(industry_code="3911", employees=350, operating_revenue=Decimal("50000"),
                               main_business_revenue=Decimal("1000"), total_assets=None)  # fmt: skip
    assert (size, note) == ("small", "按主营业务收入划型")


def test_classify_year_falls_back_to_operating_revenue():
    size, note = classify_year(industry_code="3911", employees=350, operating_revenue=Decimal("18000"),
                               main_business_revenue=None, total_assets=None)  # fmt: skip
    assert (size, note) == ("medium", "按营业收入划型")


def test_classify_year_missing_indicator_gives_empty_size_and_reason():
    size, note = classify_year(industry_code="3911", employees=None, operating_revenue=Decimal("18000"),
                               main_business_revenue=None, total_assets=None)  # fmt: skip
    assert size == "" and "缺少从业人员" in note


def test_classify_year_without_industry_never_guesses():
    assert classify_year(industry_code="", employees=1, operating_revenue=1, main_business_revenue=None,
                         total_assets=1) == ("", "缺少行业代码，无法划型")  # fmt: skip


@pytest.mark.django_db
def test_sizes_recompute_after_industry_change_updates_rows_and_latest():
    year = EnterpriseYearFactory(year=2022, employees=150, operating_revenue=Decimal("1200"),
                                 main_business_revenue=None, size="")  # fmt: skip
    firm = year.enterprise
    assert sizes_recompute(enterprise_ids=[firm.pk]) == 1
    year.refresh_from_db()
    firm.refresh_from_db()
    assert year.size == "small" and (firm.latest_size, firm.latest_year) == ("small", 2022)
    firm.industry_code = "6511"
    firm.save(update_fields=["industry_code"])
    sizes_recompute(enterprise_ids=[firm.pk])
    firm.refresh_from_db()
    assert firm.latest_size == "medium"  # software: X ≥ 100 and Y ≥ 1000


@pytest.mark.django_db
def test_latest_size_prefers_newest_classified_year():
    firm = EnterpriseFactory()
    EnterpriseYearFactory(enterprise=firm, year=2022, size="small")
    EnterpriseYearFactory(enterprise=firm, year=2023, size="", size_note="缺少从业人员")
    assert latest_size_refresh() >= 1
    firm.refresh_from_db()
    assert (firm.latest_year, firm.latest_size) == (2022, "small")
    assert latest_size_refresh(enterprise_ids=[firm.pk]) == 0


@settings(max_examples=400, deadline=None)
@given(
    code=st.sampled_from(["3911", "C", "0111", "4710", "5121", "5211", "5410", "5910", "6010", "6110", "6210",
                          "6311", "6511", "7010", "7020", "7030", "7110", "7320", "8510", "6612", "8310", "70"]),
    employees=st.one_of(st.none(), st.integers(min_value=0, max_value=3000)),
    revenue=st.one_of(st.none(), st.decimals(min_value=0, max_value=300000, places=2)),
    assets=st.one_of(st.none(), st.decimals(min_value=0, max_value=300000, places=2)),
)  # fmt: skip
def test_classify_fast_path_equals_rule(code, employees, revenue, assets):
    try:
        expected = classify_size(code, employees, revenue, assets)
    except ValueError as exc:
        with pytest.raises(ValueError, match=re.escape(str(exc))):
            _classify(code, employees, revenue, assets)
    else:
        assert _classify(code, employees, revenue, assets) == expected

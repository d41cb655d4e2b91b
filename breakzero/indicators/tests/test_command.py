"""`manage.py progress` against hand-computed values."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from breakzero.indicators.models import IndicatorTarget, SummaryRefresh
from breakzero.indicators.tests import fixtures

EXPECTED_2022 = """indicator,region_code,year,actual,target,ratio,status
break_zero,430000,2022,2,300,0.0067,off_track
sme_invention_grants,430000,2022,2,2,1.0000,on_track
rd_intensity,430000,2022,0.0400,0.0200,2.0000,on_track
new_product_revenue,430000,2022,500.00,200.00,2.5000,on_track
new_product_profit,430000,2022,65.00,20.00,3.2500,on_track
little_giants,430000,2022,1,2,0.5000,off_track
participants,430000,2022,3,1000,0.0030,off_track
platforms,430000,2022,0,10,0.0000,off_track
core_institutions,430000,2022,0,100,0.0000,off_track
innovation_engineers,430000,2022,0,1000,0.0000,off_track
cloud_enterprises,430000,2022,0,,,n/a
platform_enterprises,430000,2022,0,,,n/a
digital_level3_plus,430000,2022,0,,,n/a
digital_assessed,430000,2022,0,,,n/a
contest_entries,430000,2022,0,,,n/a
contest_winners,430000,2022,0,,,n/a
leading_talents,430000,2022,0,,,n/a
title_approvals,430000,2022,0,,,n/a
defence_projects,430000,2022,0,,,n/a
patent_deals,430000,2022,0,,,n/a
patent_deal_value,430000,2022,,,,n/a
pledge_loans,430000,2022,0,,,n/a
pledge_loan_amount,430000,2022,,,,n/a
digital_level_1,430000,2022,0,,,n/a
digital_level_2,430000,2022,0,,,n/a
digital_level_3,430000,2022,0,,,n/a
digital_level_4,430000,2022,0,,,n/a
flexible_experts,430000,2022,0,,,n/a
training_courses,430000,2022,0,,,n/a
training_attendees,430000,2022,0,,,n/a
exchange_visits,430000,2022,0,,,n/a
achievements_listed,430000,2022,0,,,n/a
navigation_projects,430000,2022,0,,,n/a
"""


def _run(**options):
    out = io.StringIO()
    call_command("progress", stdout=out, stderr=io.StringIO(), today="2023-01-15", **options)
    return out.getvalue()


@pytest.mark.django_db
def test_progress_command_stale_summaries_refresh_and_match_hand_computed_values():
    fixtures.build()
    assert _run(year=2022) == EXPECTED_2022
    assert SummaryRefresh.objects.count() == 1


@pytest.mark.django_db
def test_progress_command_region_target_overrides_default_rule():
    fixtures.build()
    IndicatorTarget.objects.create(indicator="break_zero", region_id="430100", year=2022, value=4, set_at="2022-01-01T00:00Z")
    rows = json.loads(_run(year=2022, region="430100", format="json"))
    break_zero = next(r for r in rows if r["indicator"] == "break_zero")
    assert break_zero == {"indicator": "break_zero", "region_code": "430100", "year": 2022, "actual": "1",
                          "target": "4", "ratio": "0.2500", "status": "off_track"}


@pytest.mark.django_db
def test_progress_command_zero_baseline_reports_not_applicable():
    fixtures.build()
    rows = json.loads(_run(year=2022, region="430602", format="json"))
    grants = next(r for r in rows if r["indicator"] == "sme_invention_grants")
    assert (grants["actual"], grants["target"], grants["status"]) == ("1", "", "n/a")


@pytest.mark.django_db
def test_progress_command_unknown_region_fails_with_chinese_message():
    with pytest.raises(CommandError, match="区划代码不存在"):
        _run(year=2022, region="999999")

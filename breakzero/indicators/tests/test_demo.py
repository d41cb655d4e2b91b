"""Demo seeder: targets add up down the hierarchy (except the deliberate 岳阳 2022 gap), rosters, titles."""

import io
import random

import pytest

from breakzero.indicators import demo
from breakzero.indicators.models import IndicatorTarget, IndicatorValue, Participant
from breakzero.indicators.target_selectors import allocation_gaps
from breakzero.indicators.tests import fixtures
from breakzero.regions.models import Region


@pytest.mark.django_db
def test_demo_seed_allocates_targets_and_refreshes_summaries():
    fixtures.build()
    out = io.StringIO()
    demo.seed(rng=random.Random(1), enterprises=4, stdout=out)
    province = IndicatorTarget.objects.get(indicator="break_zero", region_id="430000", year=2021)
    cities = IndicatorTarget.objects.filter(indicator="break_zero", region__level="prefecture", year=2021)
    assert province.value == 300 and sum(t.value for t in cities) == 300
    assert allocation_gaps(parent=Region.objects.get(code="430100"), year=2022) == []
    gaps = allocation_gaps(parent=Region.objects.get(code="430600"), year=2022)
    assert [g["indicator"].id for g in gaps] == ["break_zero"]
    assert Participant.objects.filter(year=2022).count() >= 3  # fixture's 3 plus the demo roster
    assert IndicatorValue.objects.exists() and "summaries" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["430000", "430100", "430104", "430600"])
def test_demo_command_and_api_agree_for_every_level(code, province_official, client_for):
    import json

    from django.core.management import call_command
    from django.utils import timezone

    fixtures.build()
    demo.seed(rng=random.Random(7), enterprises=4, stdout=io.StringIO())
    out = io.StringIO()
    call_command("progress", year=2022, region=code, format="json", today=timezone.localdate().isoformat(), stdout=out,
                 stderr=io.StringIO())
    shell = json.loads(out.getvalue())
    api = client_for(province_official).get(f"/api/v1/progress?year=2022&region={code}").json()["rows"]
    keys = ("indicator", "region_code", "year", "actual", "target", "ratio", "status")
    assert [{k: r[k] for k in keys} for r in api] == shell
    page = client_for(province_official).get(f"/progress/?year=2022&region={code}").content.decode()
    from breakzero.core.numbers import indicator_value
    from breakzero.indicators import definitions

    for row in shell:
        if row["actual"]:  # as the page prints it (a fraction as a percentage, thousands separated)
            assert f">{indicator_value(row['actual'], definitions.get(row['indicator']))}</a>" in page


@pytest.mark.django_db
def test_demo_seed_twice_adds_no_targets_or_history():
    from breakzero.indicators.models import TargetChange

    fixtures.build()
    demo.seed(rng=random.Random(1), enterprises=4, stdout=io.StringIO())
    counts = (IndicatorTarget.objects.count(), TargetChange.objects.count(), Participant.objects.count())
    demo.seed(rng=random.Random(1), enterprises=4, stdout=io.StringIO())
    assert (IndicatorTarget.objects.count(), TargetChange.objects.count(), Participant.objects.count()) == counts

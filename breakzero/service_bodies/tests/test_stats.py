"""Service-system counts for the progress dashboard, by region and year."""

import datetime as dt

import pytest

from breakzero.service_bodies import stats
from breakzero.service_bodies.models import EngineerTraining, ServiceBody
from breakzero.service_bodies.tests.factories import EngineerFactory, ServiceBodyFactory, ServiceEventFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2023, 1, 15)


@pytest.fixture
def world():
    ServiceBodyFactory(region_id="430104", recognized_on=dt.date(2020, 6, 1))  # valid 2020-06-01 … 2023-05-31
    ServiceBodyFactory(region_id="430100", recognized_on=dt.date(2021, 3, 1))  # city-level body
    ServiceBodyFactory(region_id="430602", recognized_on=dt.date(2018, 1, 1))  # expired 2020-12-31
    ServiceBodyFactory(region_id="430104", kind=ServiceBody.Kind.CORE_INSTITUTION, recognized_on=dt.date(2021, 1, 1))
    trained = EngineerFactory(county_id="430104")
    EngineerTraining.objects.create(engineer=trained, course="破零", hours=8, trained_on=dt.date(2021, 5, 1))
    EngineerFactory(county_id="430602", city_id="430600", certificate_number="C1", certified_on=dt.date(2022, 2, 1))
    EngineerFactory(county_id="430602", city_id="430600")  # neither trained nor certified: not counted


def test_platform_counts_valid_at_year_end_by_region(world):
    assert stats.platform_counts(2020) == {"430104": 1, "430602": 1}
    assert stats.platform_counts(2021) == {"430104": 1, "430100": 1}
    assert stats.core_institution_counts(2021) == {"430104": 1}


def test_engineer_counts_cumulative_trained_or_certified(world):
    assert stats.engineer_counts(2021) == {"430104": 1}
    assert stats.engineer_counts(2022) == {"430104": 1, "430602": 1}


def test_inner_sql_rolls_up_by_level_through_indicators(world):
    from breakzero.indicators.computations import count_by_level

    rows = {(r.region, r.year): int(r.value) for r in count_by_level(stats.platforms_inner(years=[2021], today=TODAY), [2021])}
    assert rows == {("430104", 2021): 1, ("430100", 2021): 2, ("430000", 2021): 2}
    engineers = {(r.region, r.year): int(r.value) for r in count_by_level(stats.engineers_inner(years=[2022], today=TODAY), [2022])}
    assert engineers[("430000", 2022)] == 2 and engineers[("430600", 2022)] == 1


def test_event_counts_by_body_region(world):
    body = ServiceBody.objects.filter(region_id="430104").first()
    ServiceEventFactory(body=body, held_on=dt.date(2021, 4, 1))
    assert stats.event_counts(2021) == {"430104": 1}
    from breakzero.indicators.computations import count_by_level

    rows = {(r.region, r.month): int(r.value) for r in count_by_level(stats.events_inner(years=[2021], today=TODAY), [2021])}
    assert rows[("430100", 4)] == 1

"""小巨人 doubling: each level its own line, doubling on the levels in one setting, recommendations never count."""

import datetime as dt

import pytest
from django.core.cache import cache

from django.utils import timezone

from breakzero.calls import services as calls
from breakzero.calls.models import Application, State
from breakzero.calls.tests.factories import make_call
from breakzero.cultivation import services as cultivation
from breakzero.cultivation.models import ProgrammeListing, Title
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.indicators import definitions, records
from breakzero.indicators.models import IndicatorValue
from breakzero.indicators.summaries import summaries_refresh
from breakzero.regions.models import Region

TODAY = dt.date(2023, 1, 15)
pytestmark = pytest.mark.django_db


def _value(region="430000", year=2022):
    return IndicatorValue.objects.get(indicator="little_giants", region_id=region, year=year, month__isnull=True)


@pytest.fixture
def titles():
    """A: national + provincial (one firm); B: provincial only; C: national only (other city)."""
    a, b = EnterpriseFactory(county_id="430104"), EnterpriseFactory(county_id="430102")
    c = EnterpriseFactory(county_id="430602")
    for enterprise, level, day in ((a, "national", dt.date(2021, 7, 19)), (a, "provincial", dt.date(2020, 7, 28)),
                                   (b, "provincial", dt.date(2020, 7, 28)), (c, "national", dt.date(2022, 8, 1))):
        Title.objects.create(enterprise=enterprise, tier="little_giant", level=level, batch="第一批", recognized_on=day,
                             valid_until=day.replace(year=day.year + 3))
    return {"a": a, "b": b, "c": c}


def test_little_giants_default_counts_both_levels_once_per_firm_with_level_lines(titles):
    summaries_refresh(today=TODAY)
    row = _value()
    assert row.value == 3
    assert row.details["levels"] == {"national": 2, "provincial": 2}
    assert row.details["counted_levels"] == ["national", "provincial"]


def test_little_giants_setting_national_only_counts_national(titles, settings):
    settings.LITTLE_GIANT_DOUBLING_LEVELS = ("national",)
    summaries_refresh(today=TODAY)
    assert _value().value == 2 and _value("430100").value == 1
    assert _value().details["levels"] == {"national": 2, "provincial": 2}
    listing = records.listing(indicator=definitions.get("little_giants"), region=Region.objects.get(code="430000"),
                              year=2022, month=None)
    assert listing.figure() == 2
    provincial = records.listing(indicator=definitions.get("little_giants"), region=Region.objects.get(code="430000"),
                                 year=2022, month=None, level="provincial")
    assert provincial.figure() == 2


def test_little_giants_unknown_level_in_setting_refused(settings):
    settings.LITTLE_GIANT_DOUBLING_LEVELS = ("city",)
    with pytest.raises(ValueError, match="LITTLE_GIANT_DOUBLING_LEVELS"):
        definitions.little_giant_levels()


def test_little_giants_published_recommendation_does_not_count(province_official):
    """The province's 小巨人 list (a call on the engine) is its recommendation to MIIT, published as a listing."""
    enterprise = EnterpriseFactory(county_id="430104")
    programme = calls.programme_create(name="小巨人推荐", owner_department="中小企业发展处",
                                       programme_type="tier_little_giant")
    call = make_call(programme=programme, document_number="湘工信中小〔2022〕1号")
    application = calls.application_create(call=call, enterprise=enterprise, actor=None)
    Application.objects.filter(pk=application.pk).update(state=State.SELECTED)
    calls.call_publicity_start(call=call, actor=province_official, start=timezone.localdate() - dt.timedelta(days=30))
    calls.call_publish(call=call, actor=province_official, document_number="湘工信中小〔2022〕9号")
    assert ProgrammeListing.objects.filter(enterprise=enterprise, programme="tier_little_giant").exists()
    summaries_refresh(today=TODAY)
    assert not IndicatorValue.objects.filter(indicator="little_giants", year=2022, value__gt=0).exists()
    cultivation.title_recognize(enterprise=enterprise, tier="little_giant", level="national", batch="第四批",
                                recognized_on=dt.date(2022, 8, 1), actor=province_official)
    summaries_refresh(today=TODAY)
    assert _value().value == 1 and _value().details["levels"] == {"national": 1, "provincial": 0}


def test_dashboard_little_giants_shows_level_lines_linked_and_unconfirmed(titles, province_official, client_for):
    cache.clear()
    summaries_refresh(today=TODAY)
    html = client_for(province_official).get("/progress/?region=430000&year=2022").content.decode()
    assert "待确认" in html
    assert "/progress/records/?indicator=little_giants&region=430000&year=2022&level=national" in html
    response = client_for(province_official).get("/progress/records/?indicator=little_giants&region=430000&year=2022"
                                                  "&level=provincial")
    assert response.status_code == 200 and "仅列出层级" in response.content.decode()


def test_little_giants_setting_change_makes_summaries_stale(titles, settings):
    from breakzero.indicators.summaries import summaries_refresh_if_stale

    summaries_refresh(today=TODAY)
    assert summaries_refresh_if_stale(today=TODAY) is None
    settings.LITTLE_GIANT_DOUBLING_LEVELS = ("national",)
    assert summaries_refresh_if_stale(today=TODAY) is not None and _value().value == 2


def test_bulletin_little_giants_line_names_each_level_and_unconfirmed(titles):
    from breakzero.reports.bulletins.assembly import assemble
    from breakzero.reports.bulletins.periods import BulletinPeriod

    summaries_refresh(today=TODAY)
    data = assemble(region=Region.objects.get(code="430000"), period=BulletinPeriod("year", 2022), today=TODAY)
    line = next(row for row in data.summary if row.indicator == "little_giants")
    assert line.label == "专精特新“小巨人”企业数（国家级2、省级2；倍增按国家级+省级计，待确认）"

"""National 创客中国 results recorded by the province flow into the tier check-ups (63号: national top 500 within
近三年 → 专精特新 direct condition, top 50 → 小巨人), at the window's edges."""

import datetime as dt

import pytest

from breakzero.contests import services
from breakzero.contests.models import Contest, Entry
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.policies.assembly import enterprise_facts, load_sources

pytestmark = pytest.mark.django_db


def _entry(firm, year, *, stage="final", kind="maker_china"):
    contest = Contest.objects.get_or_create(kind=kind, year=year, defaults={
        "name": f"{year}大赛", "registration_opens_on": dt.date(year, 4, 1), "registration_closes_on": dt.date(year, 5, 31)})[0]
    return Entry.objects.create(contest=contest, group="enterprise", enterprise=firm, project="项目", county_id="430104",
                                city_id="430100", registered_on=dt.date(year, 4, 10), stage=stage)


def _facts(firm, as_of):
    return enterprise_facts(load_sources(as_of=as_of, enterprise_ids=[firm.pk])[firm.pk])


def test_national_result_only_by_the_province_for_a_finalist(province_official, county_official):
    firm = EnterpriseFactory(county_id="430104")
    with pytest.raises(DomainError, match="主办单位录入"):
        services.entry_national_result(actor=county_official, entry=_entry(firm, 2023), result="top500")
    with pytest.raises(DomainError, match="决赛"):
        services.entry_national_result(actor=province_official, entry=_entry(EnterpriseFactory(), 2023, stage="semi_final"),
                                       result="top500")
    finalist = Entry.objects.get(enterprise=firm)
    with pytest.raises(DomainError, match="被推荐"):  # a finalist the province has not recommended
        services.entry_national_result(actor=province_official, entry=finalist, result="top50")
    with pytest.raises(DomainError, match="获奖"):  # §5.2: awarded → recommended to national
        services.entry_recommend_national(actor=province_official, entry=finalist)
    services.entry_award(actor=province_official, entry=finalist, award="second")
    with pytest.raises(DomainError, match="省级"):
        services.entry_recommend_national(actor=county_official, entry=finalist)
    services.entry_recommend_national(actor=province_official, entry=finalist)
    entry = services.entry_national_result(actor=province_official, entry=finalist, result="top50")
    assert Entry.objects.get(pk=entry.pk).national_result == "top50"


@pytest.mark.parametrize(("year", "as_of", "top500", "top50"), [
    (2023, dt.date(2025, 1, 1), True, None),  # the as_of year and the two before it: 2023 is the window's first
    (2022, dt.date(2025, 1, 1), None, None),  # one year earlier: outside
    (2025, dt.date(2025, 1, 1), True, None),  # the as_of year itself
    (2026, dt.date(2025, 12, 31), None, None),  # a later edition never counts
])
def test_top500_counts_within_the_three_year_window(year, as_of, top500, top50):
    firm = EnterpriseFactory(county_id="430104")
    Entry.objects.filter(pk=_entry(firm, year).pk).update(national_result="top500")
    facts = _facts(firm, as_of)
    assert (facts.is_maker_china_top500_3y, facts.is_maker_china_top50_3y) == (top500, top50)


def test_top50_implies_top500_and_other_contests_do_not_count():
    firm, other = EnterpriseFactory(county_id="430104"), EnterpriseFactory(county_id="430104")
    Entry.objects.filter(pk=_entry(firm, 2024).pk).update(national_result="top50")
    Entry.objects.filter(pk=_entry(other, 2024, kind="ai_innovation").pk).update(national_result="top50")
    facts = _facts(firm, dt.date(2025, 3, 1))
    assert (facts.is_maker_china_top500_3y, facts.is_maker_china_top50_3y) == (True, True)
    assert _facts(other, dt.date(2025, 3, 1)).is_maker_china_top500_3y is None

"""Digital services: level from the score (2022) or as entered (2024), pilot acceptance, scoping of writes."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.core.errors import DomainError
from breakzero.digital import services
from breakzero.digital.models import Assessment, DigitalUse
from breakzero.enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _values(**extra):
    return {"version": "2022", "assessed_on": dt.date(2023, 5, 10), "score": Decimal("60"), "level": None, **extra}


def test_assessment_record_2022_computes_level_from_score(county_official):
    firm = EnterpriseFactory(county_id="430104")
    a = services.assessment_record(actor=county_official, enterprise=firm, values=_values(score=Decimal("59.99")))
    assert a.level == 2
    again = services.assessment_record(actor=county_official, enterprise=firm, values=_values())
    assert again.pk == a.pk and again.level == 3  # same enterprise, version, date: corrected, not duplicated


def test_assessment_record_2022_below_20_has_no_level(county_official):
    firm = EnterpriseFactory(county_id="430104")
    assert services.assessment_record(actor=county_official, enterprise=firm,
                                      values=_values(score=Decimal("19.5"))).level is None


def test_assessment_record_2022_level_disagreeing_with_score_refused(county_official):
    firm = EnterpriseFactory(county_id="430104")
    with pytest.raises(DomainError, match="不一致"):
        services.assessment_record(actor=county_official, enterprise=firm, values=_values(score=Decimal(80), level=3))
    assert not Assessment.objects.exists()


def test_assessment_record_2024_needs_the_level_as_input(county_official):
    firm = EnterpriseFactory(county_id="430104")
    with pytest.raises(DomainError, match="请录入等级"):
        services.assessment_record(actor=county_official, enterprise=firm, values=_values(version="2024"))
    a = services.assessment_record(actor=county_official, enterprise=firm,
                                   values=_values(version="2024", score=None, level=4))
    assert a.level == 4


def test_assessment_record_other_region_refused(county_official):
    firm = EnterpriseFactory(county_id="430602")
    with pytest.raises(DomainError):
        services.assessment_record(actor=county_official, enterprise=firm, values=_values())
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(("mode", "version", "passed"), [
    ("on_site", "2024", True), ("self", "2024", False), ("on_site", "2022", False)])
def test_pilot_acceptance_needs_on_site_2024_rating(county_official, mode, version, passed):
    firm = EnterpriseFactory(county_id="430104")
    values = _values(version=version, mode=mode, is_pilot=True, is_evaluation_passed=True)
    if version == "2024":
        values.update(score=None, level=3)
    a = services.assessment_record(actor=county_official, enterprise=firm, values=values)
    assert services.pilot_acceptance(a).passed is passed


def test_use_record_platform_without_platform_name_refused(enterprise_user):
    firm = enterprise_user.enterprise
    with pytest.raises(DomainError, match="平台名称"):
        services.use_record(actor=enterprise_user, enterprise=firm, year=2023, kind="platform", values={"provider": "树根"})
    use = services.use_record(actor=enterprise_user, enterprise=firm, year=2023, kind="cloud",
                              values={"provider": "天翼云", "services": "云主机"})
    services.use_record(actor=enterprise_user, enterprise=firm, year=2023, kind="cloud", values={"provider": "华为云"})
    assert DigitalUse.objects.get(pk=use.pk).provider == "华为云" and DigitalUse.objects.count() == 1

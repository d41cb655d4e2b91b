"""The application state machine: county → city → province → publicity → published, and illegal moves."""

import datetime as dt

import pytest

from breakzero.core.errors import DomainError
from breakzero.cultivation import services
from breakzero.cultivation.models import ApplicationStatus as S, Objection, ProgrammeListing, Title
from breakzero.cultivation.workflow import add_working_days, application_transition
from breakzero.policies.tests.factories import DeclaredFactsFactory, enterprise_with_years

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(enterprise_user):
    enterprise = enterprise_user.enterprise
    DeclaredFactsFactory(enterprise=enterprise, year=dt.date.today().year - 1)
    return services.application_create(enterprise=enterprise, programme="tier_srdi", batch="2025年第1批",
                                       actor=enterprise_user)


def _through_reviews(application, county, city, province):
    application = application_transition(application=application, actor=county, action="approve", comment="同意")
    application = application_transition(application=application, actor=city, action="approve", comment="同意")
    return application_transition(application=application, actor=province, action="approve", comment="拟认定")


def test_application_create_snapshot_attached_and_submitted(application):
    assert application.status == S.SUBMITTED
    assert {r["rule"] for r in application.evaluation} >= {"innovative_sme", "srdi_sme", "little_giant"}
    assert application.facts["declared_keys"]
    assert application.steps.get().action == "submit"


def test_transition_full_flow_publishes_title(application, county_official, city_official, province_official):
    application = _through_reviews(application, county_official, city_official, province_official)
    assert application.status == S.PUBLICITY
    assert application.publicity_end == add_working_days(application.publicity_start, 5)
    objection = services.objection_file(application=application, actor=county_official, text="数据不实")
    services.objection_resolve(objection=objection, actor=province_official, upheld=False, resolution="经核实无误")
    type(application).objects.filter(pk=application.pk).update(publicity_end=dt.date.today() - dt.timedelta(days=1))
    application.refresh_from_db()
    application = application_transition(application=application, actor=province_official, action="publish")
    assert application.status == S.PUBLISHED
    title = Title.objects.get(enterprise=application.enterprise)
    assert (title.tier, title.level, title.batch) == ("srdi_sme", "provincial", "2025年第1批")
    assert title.valid_until.year == title.recognized_on.year + 3
    assert [s.to_status for s in application.steps.all()] == [
        S.SUBMITTED, S.COUNTY_APPROVED, S.CITY_APPROVED, S.PUBLICITY, S.PUBLISHED]


def test_transition_other_county_official_refused(application, other_county_official):
    with pytest.raises(DomainError, match="无权"):
        application_transition(application=application, actor=other_county_official, action="approve")


def test_transition_city_before_county_refused(application, city_official):
    with pytest.raises(DomainError):
        application_transition(application=application, actor=city_official, action="approve")


def test_transition_publish_from_submitted_illegal(application, province_official):
    with pytest.raises(DomainError, match="不能执行"):
        application_transition(application=application, actor=province_official, action="publish")


def test_transition_return_without_comment_refused(application, county_official):
    with pytest.raises(DomainError, match="意见"):
        application_transition(application=application, actor=county_official, action="return")


def test_transition_return_then_resubmit(application, county_official, enterprise_user):
    application = application_transition(application=application, actor=county_official, action="return",
                                         comment="请补充研发费用证明")
    assert application.status == S.RETURNED
    application = services.application_resubmit(application=application, actor=enterprise_user, statement="已补充")
    assert application.status == S.SUBMITTED


def test_publish_during_publicity_refused(application, county_official, city_official, province_official):
    application = _through_reviews(application, county_official, city_official, province_official)
    with pytest.raises(DomainError, match="公示期"):
        application_transition(application=application, actor=province_official, action="publish")


def test_publish_with_upheld_objection_refused(application, county_official, city_official, province_official):
    application = _through_reviews(application, county_official, city_official, province_official)
    objection = services.objection_file(application=application, actor=city_official, text="存在失信记录")
    services.objection_resolve(objection=objection, actor=province_official, upheld=True, resolution="属实")
    type(application).objects.filter(pk=application.pk).update(publicity_end=dt.date.today() - dt.timedelta(days=1))
    application.refresh_from_db()
    with pytest.raises(DomainError, match="成立的公示异议"):
        application_transition(application=application, actor=province_official, action="publish")
    application = application_transition(application=application, actor=province_official, action="reject",
                                         comment="异议成立")
    assert application.status == S.REJECTED
    assert Objection.objects.get().status == Objection.Status.UPHELD


def test_objection_resolve_by_city_official_refused(application, county_official, city_official, province_official):
    application = _through_reviews(application, county_official, city_official, province_official)
    objection = services.objection_file(application=application, actor=county_official, text="异议")
    with pytest.raises(DomainError, match="省级"):
        services.objection_resolve(objection=objection, actor=city_official, upheld=False, resolution="无")


def test_application_create_duplicate_open_refused(application, enterprise_user):
    with pytest.raises(DomainError, match="重复"):
        services.application_create(enterprise=enterprise_user.enterprise, programme="tier_srdi", batch="2025年第2批",
                                    actor=enterprise_user)


def test_whitelist_published_creates_listing(enterprise_user, county_official, city_official, province_official):
    application = services.application_create(enterprise=enterprise_user.enterprise, programme="whitelist",
                                              batch="2025年", actor=enterprise_user)
    application = _through_reviews(application, county_official, city_official, province_official)
    type(application).objects.filter(pk=application.pk).update(publicity_end=dt.date.today() - dt.timedelta(days=1))
    application.refresh_from_db()
    application_transition(application=application, actor=province_official, action="publish")
    assert ProgrammeListing.objects.filter(programme="whitelist", enterprise=enterprise_user.enterprise).exists()


def test_add_working_days_skips_weekend():
    assert add_working_days(dt.date(2025, 6, 6), 5) == dt.date(2025, 6, 12)  # Friday + 5 working days


def test_enterprise_with_years_helper_used_for_other_enterprises():
    assert enterprise_with_years().years.count() == 3


def test_transition_notifies_the_next_level_and_the_enterprise(county_official, city_official, province_official,
                                                               enterprise_user, application):
    from breakzero.notifications.models import Notice, NoticeKind

    assert Notice.objects.filter(user=county_official, kind=NoticeKind.APPLICATION_AT_LEVEL).count() == 1
    application_transition(application=application, actor=county_official, action="approve", comment="同意")
    assert Notice.objects.filter(user=city_official, kind=NoticeKind.APPLICATION_AT_LEVEL).count() == 1
    application_transition(application=application, actor=city_official, action="return", comment="补充材料")
    assert Notice.objects.filter(user=enterprise_user, kind=NoticeKind.APPLICATION_DECIDED).count() == 1
    assert not Notice.objects.filter(user=province_official).exists()

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
    """A conforming application: its own check-up (the srdi rule in the snapshot) says 符合."""
    application = _apply(enterprise_user, "tier_srdi")
    _set_check(application, "srdi_sme", passed=True)
    return application


def _apply(enterprise_user, programme: str, batch: str = "2025年第1批"):
    DeclaredFactsFactory(enterprise=enterprise_user.enterprise, year=dt.date.today().year - 1)
    return services.application_create(enterprise=enterprise_user.enterprise, programme=programme, batch=batch,
                                       actor=enterprise_user)


def _set_check(application, rule: str, *, passed: bool) -> None:
    application.evaluation = [{**r, "passed": passed} if r["rule"] == rule else r for r in application.evaluation]
    type(application).objects.filter(pk=application.pk).update(evaluation=application.evaluation)


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


def _published(application, county, city, province):
    application = _through_reviews(application, county, city, province)
    type(application).objects.filter(pk=application.pk).update(publicity_end=dt.date.today() - dt.timedelta(days=1))
    application.refresh_from_db()
    return application_transition(application=application, actor=province, action="publish")


def test_little_giant_recommendation_published_records_recommendation_not_title(
    enterprise_user, county_official, city_official, province_official
):
    application = _apply(enterprise_user, "tier_little_giant")
    _set_check(application, "little_giant", passed=True)
    _published(application, county_official, city_official, province_official)
    assert not Title.objects.filter(enterprise=enterprise_user.enterprise).exists()
    listing = ProgrammeListing.objects.get(enterprise=enterprise_user.enterprise)
    assert (listing.programme, listing.batch) == ("tier_little_giant", "2025年第1批")


def test_title_recognize_national_little_giant_keeps_level_batch_date_and_authority(enterprise_user, province_official):
    title = services.title_recognize(enterprise=enterprise_user.enterprise, tier="little_giant", level="national",
                                     batch="第四批", recognized_on=dt.date(2022, 8, 1), document="工信部企业函〔2022〕191号",
                                     actor=province_official)
    assert (title.level, title.batch, title.authority) == ("national", "第四批", "工业和信息化部")
    assert title.recorded_by == province_official and title.valid_until == dt.date(2025, 8, 1)


@pytest.mark.parametrize("batch", ["", "  "])
def test_title_recognize_without_batch_refused(enterprise_user, province_official, batch):
    with pytest.raises(DomainError, match="批次"):
        services.title_recognize(enterprise=enterprise_user.enterprise, tier="little_giant", level="provincial",
                                 batch=batch, recognized_on=dt.date(2020, 7, 28), actor=province_official)


def test_title_recognize_by_city_official_refused(enterprise_user, city_official):
    with pytest.raises(DomainError, match="省级"):
        services.title_recognize(enterprise=enterprise_user.enterprise, tier="little_giant", level="national",
                                 batch="第三批", recognized_on=dt.date(2021, 7, 19), actor=city_official)


def test_approve_nonconforming_without_override_reason_refused(application, county_official):
    _set_check(application, "srdi_sme", passed=False)
    with pytest.raises(DomainError, match="不符合"):
        application_transition(application=application, actor=county_official, action="approve", comment="同意")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_approve_nonconforming_with_override_reason_recorded(application, county_official, client_for):
    _set_check(application, "srdi_sme", passed=False)
    application_transition(application=application, actor=county_official, action="approve", comment="同意",
                           override_reason="研发费用以审计报告为准，已核实")
    step = application.steps.get(action="approve")
    assert step.override_reason == "研发费用以审计报告为准，已核实"
    html = client_for(county_official).get(application.get_absolute_url()).content.decode()
    assert "不符合仍通过" in html and "研发费用以审计报告为准，已核实" in html


def test_approve_conforming_ignores_override_reason(application, county_official):
    application_transition(application=application, actor=county_official, action="approve", override_reason="无")
    assert application.steps.get(action="approve").override_reason == ""


def test_recognize_view_province_official_creates_title(enterprise_user, province_official, client_for):
    response = client_for(province_official).post("/cultivation/titles/recognize/", {
        "uscc": enterprise_user.enterprise.uscc, "tier": "little_giant", "level": "provincial", "batch": "2020年",
        "recognized_on": "2020-07-28", "document": "湘工信中小发展〔2020〕109号"})
    assert response.status_code == 302
    title = Title.objects.get(enterprise=enterprise_user.enterprise)
    assert (title.level, title.authority, title.source) == ("provincial", "湖南省工业和信息化厅", "湘工信中小发展〔2020〕109号")


def test_recognize_view_city_official_refused(city_official, client_for):
    assert client_for(city_official).get("/cultivation/titles/recognize/").status_code in (403, 404)


def test_migration_turns_titles_from_published_recommendations_into_listings(enterprise_user):
    from importlib import import_module

    from django.apps import apps as django_apps

    application = _apply(enterprise_user, "tier_little_giant")
    wrong = Title.objects.create(enterprise=application.enterprise, tier="little_giant", level="national",
                                 recognized_on=dt.date(2022, 6, 1), valid_until=dt.date(2025, 6, 1), batch="2022年",
                                 source=f"平台审核发布（申报 #{application.pk}）")
    imported = Title.objects.create(enterprise=application.enterprise, tier="little_giant", level="national",
                                    recognized_on=dt.date(2022, 8, 1), valid_until=dt.date(2025, 8, 1), batch="第四批",
                                    source="导入：第四批名单.xlsx")
    migration = import_module("breakzero.cultivation.migrations.0004_recommendations_are_not_titles")
    migration.recommendations_from_titles(django_apps, None)
    assert list(Title.objects.values_list("pk", flat=True)) == [imported.pk]
    assert not Title.objects.filter(pk=wrong.pk).exists()
    listing = ProgrammeListing.objects.get(enterprise=application.enterprise)
    assert (listing.programme, listing.listed_on, listing.application_id) == ("tier_little_giant", dt.date(2022, 6, 1),
                                                                              application.pk)

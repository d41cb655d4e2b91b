"""Migration cultivation 0006: applications from before the move (the old cultivation review) become engine
applications with their whole history; titles and list memberships point at them; old addresses still lead
there. Run with MigrationExecutor: back to 0005, old rows written with the historical models, forward."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from breakzero.calls.models import Application, Call, Objection, Transition
from breakzero.cultivation.models import MovedApplication, ProgrammeListing, Title
from breakzero.enterprises.tests.factories import EnterpriseFactory

BEFORE = [("cultivation", "0005_engine_links")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_rows(apps, *, enterprise, no_county, county, city, province, owner):
    Old = apps.get_model("cultivation", "Application")
    Step = apps.get_model("cultivation", "ApplicationStep")
    OldObjection = apps.get_model("cultivation", "Objection")
    OldTitle = apps.get_model("cultivation", "Title")
    OldListing = apps.get_model("cultivation", "ProgrammeListing")
    now = timezone.now()
    own_rule = [{"rule": "srdi_sme", "name": "专精特新", "passed": True, "rule_set": "63号",
                 "items": [{"code": "rd", "name": "研发费用", "status": "met", "reason": "达标", "value": "120"}]}]
    published = Old.objects.create(enterprise_id=enterprise.pk, programme="tier_srdi", batch="2025年第1批",
                                   status="published", as_of=dt.date(2025, 3, 1), facts={"revenue": "3000"},
                                   evaluation=own_rule, statement="专注液压件", submitted_at=now,
                                   publicity_start=dt.date(2025, 5, 5), publicity_end=dt.date(2025, 5, 9),
                                   published_on=dt.date(2025, 5, 20), created_by_id=owner.pk)
    moves = [("submit", "draft", "submitted", owner, ""), ("approve", "submitted", "county_approved", county, ""),
             ("approve", "county_approved", "city_approved", city, ""),
             ("approve", "city_approved", "publicity", province, "已核实研发台账"),
             ("publish", "publicity", "published", province, "")]
    for i, (action, src, dst, actor, override) in enumerate(moves):
        Step.objects.create(application=published, actor_id=actor.pk, action=action, from_status=src, to_status=dst,
                            comment="同意", override_reason=override, at=now + dt.timedelta(minutes=i))
    OldObjection.objects.create(application=published, filed_by_id=owner.pk, text="营收有误", status="dismissed",
                                resolution="经核实无误", resolved_by_id=province.pk, resolved_at=now)
    OldTitle.objects.create(enterprise_id=enterprise.pk, tier="srdi_sme", level="provincial", batch="2025年第1批",
                            recognized_on=dt.date(2025, 5, 20), valid_until=dt.date(2028, 5, 20),
                            source=f"平台审核发布（申报 #{published.pk}）")
    listed = Old.objects.create(enterprise_id=enterprise.pk, programme="whitelist", batch="2025年白名单",
                                status="published", as_of=dt.date(2025, 3, 1), published_on=dt.date(2025, 6, 1))
    OldListing.objects.create(enterprise_id=enterprise.pk, programme="whitelist", batch="2025年白名单",
                              listed_on=dt.date(2025, 6, 1), application=listed)
    waiting = Old.objects.create(enterprise_id=no_county.pk, programme="tier_innovative", batch="2026年", status="submitted",
                                 as_of=dt.date(2026, 3, 1), submitted_at=now)
    Step.objects.create(application=waiting, actor_id=None, action="submit", from_status="draft", to_status="submitted",
                        at=now)
    returned = Old.objects.create(enterprise_id=enterprise.pk, programme="tier_innovative", batch="2026年",
                                  status="returned", as_of=dt.date(2026, 3, 1))
    Step.objects.create(application=returned, actor_id=county.pk, action="return", from_status="submitted",
                        to_status="returned", comment="补充审计报告", at=now)
    return {"published": published.pk, "listed": listed.pk, "waiting": waiting.pk, "returned": returned.pk}


@pytest.mark.django_db(transaction=True)
def test_migration_copies_applications_with_history_onto_engine(county_official, city_official, province_official,
                                                                  enterprise_user, client_for):
    enterprise = enterprise_user.enterprise
    no_county = EnterpriseFactory(county_id="430102", city_id="430100")
    type(no_county).objects.filter(pk=no_county.pk).update(county_id=None)  # a city-level enterprise
    latest = _latest()
    old_apps = _migrate(BEFORE)
    try:
        old = _old_rows(old_apps, enterprise=enterprise, no_county=no_county, county=county_official,
                        city=city_official, province=province_official, owner=enterprise_user)
    finally:
        _migrate(latest)

    moved = dict(MovedApplication.objects.values_list("old_id", "application_id"))
    assert set(moved) == set(old.values())
    published = Application.objects.get(pk=moved[old["published"]])
    assert (published.state, published.call.programme.programme_type, published.call.document_number) == (
        "published", "tier_srdi_sme", "2025年第1批")
    assert published.eligibility_passed is True and published.form_data == {"statement": "专注液压件"}
    assert list(published.transitions.values_list("action", flat=True)) == [
        "submit", "recommend", "recommend", "recommend", "publicity", "publish"]
    against = published.transitions.get(action="recommend", level="province")
    assert against.against_eligibility and "已核实研发台账" in against.reason
    assert (published.call.publicity_start, published.call.publicity_end, published.call.published_on) == (
        dt.date(2025, 5, 5), dt.date(2025, 5, 9), dt.date(2025, 5, 20))
    objection = Objection.objects.get(application=published)
    assert (objection.status, objection.reason, objection.resolution) == ("dismissed", "营收有误", "经核实无误")
    assert Title.objects.get(enterprise=enterprise).application_id == published.pk
    assert ProgrammeListing.objects.get(programme="whitelist").call_application_id == moved[old["listed"]]
    assert Application.objects.get(pk=moved[old["waiting"]]).state == "at_city"  # no county: the city reviews first
    returned = Application.objects.get(pk=moved[old["returned"]])
    assert returned.state == "returned" and returned.transitions.get().reason == "补充审计报告"
    assert returned.call_id == Application.objects.get(pk=moved[old["waiting"]]).call_id  # one call per batch
    assert Call.objects.get(document_number="2026年").status == "open"

    response = client_for(county_official).get(reverse("cultivation:application-detail", args=[old["returned"]]))
    assert response.status_code == 302 and response.url == returned.get_absolute_url()
    assert client_for(county_official).get(response.url).status_code == 200
    stranger = EnterpriseFactory(county_id="430602")
    from breakzero.accounts.models import Role, User

    other = User.objects.create_user(username="other-ent", password="Pw-for-tests-2020", role=Role.ENTERPRISE,
                                     enterprise=stranger)
    assert client_for(other).get(reverse("cultivation:application-detail", args=[old["returned"]])).status_code == 404
    assert Transition.objects.filter(application__moved_from__isnull=False).count() == 8


@pytest.mark.django_db(transaction=True)
def test_migration_backwards_removes_only_the_copies(enterprise_user, county_official):
    latest = _latest()
    old_apps = _migrate(BEFORE)
    try:
        Old = old_apps.get_model("cultivation", "Application")
        Old.objects.create(enterprise_id=enterprise_user.enterprise_id, programme="tier_srdi", batch="2026年",
                           status="draft", as_of=dt.date(2026, 3, 1))
        _migrate([("cultivation", "0006_applications_onto_engine")])
        assert Application.objects.count() == 1
        _migrate(BEFORE)
        assert Application.objects.count() == 0 and Call.objects.count() == 0
        assert Old.objects.count() == 1
    finally:
        _migrate(latest)

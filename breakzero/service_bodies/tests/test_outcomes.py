"""Compliance calendar, client outcomes and evaluation ranking on a fixture with hand-computed answers."""

import datetime as dt
from decimal import Decimal as D

import pytest

from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.patents.models import BreakZeroEvent, Patent, PatentApplicant
from breakzero.service_bodies.models import EvaluationIndicator, EvaluationScheme, ServiceBody, ServiceRating
from breakzero.service_bodies.selectors.compliance import body_calendar
from breakzero.service_bodies.selectors.outcomes import body_outcomes
from breakzero.service_bodies.services import evaluation as ev
from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceEventFactory, ServiceRecordFactory

TODAY = dt.date(2022, 1, 15)
_numbers = iter(range(1, 10_000))


def _grant(enterprise, day):
    patent = Patent.objects.create(application_number=f"2020100{next(_numbers):05d}", kind="invention", grant_date=day)
    PatentApplicant.objects.create(patent=patent, position=1, name=enterprise.name, name_normalized=enterprise.name,
                                   enterprise=enterprise, applicant_type="enterprise")
    return patent


def _break_zero(enterprise, day):
    BreakZeroEvent.objects.create(enterprise=enterprise, patent=_grant(enterprise, day), break_zero_date=day, year=day.year)


@pytest.fixture
def world(db):
    a = ServiceBodyFactory(name="甲平台", recognized_on=dt.date(2020, 6, 1))
    b = ServiceBodyFactory(name="乙机构", kind=ServiceBody.Kind.CORE_INSTITUTION, recognized_on=dt.date(2021, 7, 1))
    for month, count in {1: 1, 2: 2, 4: 3, **{m: 1 for m in range(5, 13)}}.items():
        for day in range(count):
            ServiceEventFactory(body=a, held_on=dt.date(2021, month, 10 + day))
    ServiceEventFactory(body=b, held_on=dt.date(2021, 7, 5))
    ServiceEventFactory(body=b, held_on=dt.date(2021, 9, 5))
    ServiceEventFactory(body=b, held_on=dt.date(2020, 8, 5))  # another year: ignored
    e = {n: EnterpriseFactory(county_id="430104", industry_section="C", latest_size="small") for n in range(1, 7)}
    e[7] = EnterpriseFactory(county_id="430104", industry_section="C", latest_size="medium")
    r1 = ServiceRecordFactory(body=a, enterprise=e[1], served_on=dt.date(2021, 3, 10))
    r2 = ServiceRecordFactory(body=a, enterprise=e[2], served_on=dt.date(2021, 4, 1))
    ServiceRecordFactory(body=a, enterprise=e[2], served_on=dt.date(2021, 6, 1))
    ServiceRecordFactory(body=a, enterprise=e[3], served_on=dt.date(2021, 5, 1))
    rb = ServiceRecordFactory(body=b, enterprise=e[1], served_on=dt.date(2021, 8, 1))
    ServiceRating.objects.create(record=r1, score=5)
    ServiceRating.objects.create(record=r2, score=4)
    ServiceRating.objects.create(record=rb, score=3)
    _break_zero(e[1], dt.date(2021, 9, 1))
    _grant(e[2], dt.date(2020, 10, 1)), _grant(e[2], dt.date(2021, 8, 1)), _grant(e[2], dt.date(2021, 12, 1))
    _break_zero(e[3], dt.date(2019, 1, 1))
    for day in ("2020-06-01", "2021-01-01", "2021-06-01", "2021-07-01", "2021-08-01"):
        _grant(e[3], dt.date.fromisoformat(day))
    _break_zero(e[4], dt.date(2021, 6, 1))
    _grant(e[5], dt.date(2020, 12, 1)), _grant(e[5], dt.date(2021, 5, 1))
    _break_zero(e[7], dt.date(2021, 6, 1))  # other size: never in the comparison group
    return {"a": a, "b": b, "e": e}


def test_body_calendar_months_met_missed_and_before_recognition(world):
    cal_a = body_calendar(world["a"], year=2021, today=TODAY)
    assert [m.events for m in cal_a.months] == [1, 2, 0, 3, 1, 1, 1, 1, 1, 1, 1, 1]
    assert cal_a.compliant == 11 and cal_a.missed == [3]
    cal_b = body_calendar(world["b"], year=2021, today=TODAY)
    assert [m.status for m in cal_b.months[:6]] == ["n/a"] * 6
    assert cal_b.compliant == 2 and cal_b.missed == [8, 10, 11, 12]


def test_body_outcomes_clients_and_comparison_group_hand_computed(world):
    out = body_outcomes([world["a"].pk, world["b"].pk])
    a, b = out[world["a"].pk], out[world["b"].pk]
    # A: e1 breaks zero after service; e2 not yet; e3 broke zero before → base 2, hits 1.
    # e2 grants 1 before / 2 after → doubled; e3 2 before / 3 after → not doubled.
    assert (a.clients.size, a.clients.new_base, a.clients.new_break_zero) == (3, 2, 1)
    assert (a.clients.old_base, a.clients.old_doubled) == (2, 1)
    # comparison (e4-e6, ref 2021-03-10): e4 breaks zero 2021-06-01 → 1 of 3; e5 1 before / 1 after.
    assert (a.control.size, a.control.new_base, a.control.new_break_zero) == (3, 3, 1)
    assert (a.control.old_base, a.control.old_doubled) == (1, 0)
    assert a.clients.break_zero_rate == 0.5 and a.control.break_zero_rate == pytest.approx(1 / 3)
    # B serves e1 on 2021-08-01 (break zero 2021-09-01); comparison ref 2021-08-01: e4 already broke zero
    # (its 2021-06-01 grant is 1 before / 0 after), e5 has 2 before / 0 after → base 2, none doubled.
    assert (b.clients.new_base, b.clients.new_break_zero, b.clients.old_base) == (1, 1, 0)
    assert (b.control.new_base, b.control.new_break_zero, b.control.old_base, b.control.old_doubled) == (2, 0, 2, 0)


def _scheme(*, manual: bool = False) -> EvaluationScheme:
    scheme = EvaluationScheme.objects.create(name="测试方案", year=2021)
    specs = [("events", 40, "events_held", 12), ("months", 30, "months_compliant", 12),
             ("served", 20, "enterprises_served", None), ("rating", 10, "avg_rating", 5)]
    if manual:
        specs.append(("quality", 10, "manual", None))
    for code, weight, source, full in specs:
        EvaluationIndicator.objects.create(scheme=scheme, code=code, name=code, weight=D(weight), computed_from=source,
                                           full_marks_at=D(full) if full else None)
    return scheme


def test_evaluation_compute_scores_and_ranks_hand_computed(world):
    results = ev.evaluation_compute(scheme=_scheme(), today=TODAY)
    # A: (40×100 + 30×91.67 + 20×100 + 10×90)/100 = 96.50; B: (40×16.67 + 30×16.67 + 20×33.33 + 10×60)/100 = 24.34
    assert [(r.body.name, r.score, r.rank) for r in results] == [("甲平台", D("96.50"), 1), ("乙机构", D("24.34"), 2)]
    assert results[0].details["served"] == {"value": "3", "score": "100.00", "adjusted": ""}


def test_adjustment_by_expert_changes_score_hand_computed(world, django_user_model):
    scheme = _scheme(manual=True)
    expert = django_user_model.objects.create_user("expert-x", role="expert")
    quality = scheme.indicators.get(code="quality")
    ev.adjustment_submit(expert=expert, indicator=quality, body=world["b"], score=D(80), reason="典型案例突出")
    results = {r.body.name: r.score for r in ev.evaluation_compute(scheme=scheme, today=TODAY)}
    # weights now sum to 110: A 9650.1/110 = 87.73; B (2433.5 + 800)/110 = 29.40
    assert results == {"甲平台": D("87.73"), "乙机构": D("29.40")}


def test_adjustment_submit_conflicted_expert_refused(world, django_user_model):
    scheme = _scheme(manual=True)
    expert = django_user_model.objects.create_user("expert-y", role="expert")
    quality = scheme.indicators.get(code="quality")
    ev.adjustment_submit(expert=expert, indicator=quality, body=world["a"], score=D(10), reason="初评")
    ev.conflict_declare(expert=expert, body=world["a"], reason="曾在该机构任职")
    with pytest.raises(DomainError, match="利益关联"):
        ev.adjustment_submit(expert=expert, indicator=quality, body=world["a"], score=D(100), reason="复评")
    # the earlier adjustment is withdrawn: A's quality counts 0, as without any adjustment
    results = {r.body.name: r.score for r in ev.evaluation_compute(scheme=scheme, today=TODAY)}
    assert results["甲平台"] == D("87.73")


def test_subsidy_plan_threshold_cap_and_approval_freezes(world, province_official):
    scheme = _scheme()
    ev.evaluation_compute(scheme=scheme, today=TODAY)
    plan = ev.subsidy_plan_create(scheme=scheme, user=province_official, budget=D(100), threshold=D(30), cap=D(60))
    amounts = {a.body.name: a.amount for a in plan.allocations.select_related("body")}
    assert amounts == {"甲平台": D("60.00"), "乙机构": D("0.00")}  # B under threshold; A capped at 60
    ev.subsidy_plan_approve(plan=plan, user=province_official)
    with pytest.raises(DomainError):
        ev.subsidy_plan_delete(plan=plan)
    with pytest.raises(DomainError):
        ev.subsidy_plan_approve(plan=plan, user=province_official)

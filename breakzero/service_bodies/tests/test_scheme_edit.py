"""The province edits the evaluation scheme on one grid; versions are kept; the ranking uses the one in force."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from breakzero.core.errors import DomainError
from breakzero.service_bodies.models import EvaluationIndicator, SubsidyPlan
from breakzero.service_bodies.scoring import SchemeRow, check_scheme
from breakzero.service_bodies.services.evaluation import evaluation_compute, scheme_create_default, scheme_revise
from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceEventFactory

SOURCES = EvaluationIndicator.Source.values


def _row(code, weight, source="events_held", full=None):
    return SchemeRow(code=code, name=f"指标{code}", weight=Decimal(weight), source=source,
                     full_marks_at=None if full is None else Decimal(full))


def test_check_scheme_weights_not_100_refused():
    errors = check_scheme([_row("a", 60), _row("b", 30)], sources=SOURCES)
    assert errors == ["各指标权重合计须为 100，现为 90。"]


def test_check_scheme_duplicate_code_unknown_source_and_zero_full_marks_each_reported():
    errors = check_scheme([_row("a", 50, full=0), _row("a", 50, source="nope")], sources=SOURCES)
    assert any("重复" in e for e in errors) and any("数据来源" in e for e in errors) and any("满分值" in e for e in errors)


def test_check_scheme_weights_100_accepted():
    assert check_scheme([_row("a", "33.5"), _row("b", "66.5")], sources=SOURCES) == []


@pytest.mark.django_db
def test_scheme_revise_replaces_indicators_and_keeps_history(province_official):
    scheme = scheme_create_default(year=2021)
    scheme_revise(scheme=scheme, user=province_official, rows=[_row("events", 70, full=10), _row("new", 30, "manual")],
                  reason="降低满意度权重")
    assert list(scheme.indicators.values_list("code", "weight")) == [("events", Decimal("70.00")), ("new", Decimal("30.00"))]
    first, second = scheme.revisions.order_by("number")
    assert len(first.indicators) == 7 and first.changed_by is None
    assert second.number == 2 and second.changed_by == province_official and second.reason == "降低满意度权重"
    assert [i["code"] for i in second.indicators] == ["events", "new"]


@pytest.mark.django_db
def test_scheme_revise_weights_not_100_saves_nothing(province_official):
    scheme = scheme_create_default(year=2021)
    with pytest.raises(ValidationError):
        scheme_revise(scheme=scheme, user=province_official, rows=[_row("events", 50)])
    assert scheme.indicators.count() == 7 and scheme.revisions.count() == 1


@pytest.mark.django_db
def test_scheme_revise_by_city_official_refused(city_official):
    scheme = scheme_create_default(year=2021)
    with pytest.raises(DomainError):
        scheme_revise(scheme=scheme, user=city_official, rows=[_row("events", 100)])


@pytest.mark.django_db
def test_scheme_revise_after_subsidy_approved_refused(province_official):
    scheme = scheme_create_default(year=2021)
    SubsidyPlan.objects.create(scheme=scheme, budget=10, threshold=0, status=SubsidyPlan.Status.APPROVED)
    with pytest.raises(DomainError):
        scheme_revise(scheme=scheme, user=province_official, rows=[_row("events", 100)])


@pytest.mark.django_db
def test_evaluation_compute_after_revision_uses_scheme_in_force(province_official):
    strong, weak = ServiceBodyFactory(), ServiceBodyFactory()
    for month in (1, 2, 3, 4):
        ServiceEventFactory(body=strong, held_on=dt.date(2021, month, 5))
    ServiceEventFactory(body=weak, held_on=dt.date(2021, 1, 5))
    scheme = scheme_create_default(year=2021)
    scheme_revise(scheme=scheme, user=province_official, rows=[_row("events", 100, full=4)])
    scores = {r.body_id: r.score for r in evaluation_compute(scheme=scheme, today=dt.date(2022, 1, 1))}
    assert scores == {strong.pk: Decimal("100.00"), weak.pk: Decimal("25.00")}


def _grid(rows, reason=""):
    data = {"ind-TOTAL_FORMS": str(len(rows)), "ind-INITIAL_FORMS": "0", "reason": reason}
    for n, (code, weight, source, full) in enumerate(rows):
        data.update({f"ind-{n}-code": code, f"ind-{n}-name": f"指标{code}", f"ind-{n}-weight": weight,
                     f"ind-{n}-computed_from": source, f"ind-{n}-full_marks_at": full, f"ind-{n}-evidence_required": ""})
    return data


@pytest.mark.django_db
def test_scheme_edit_page_bad_weights_shows_error_and_keeps_input(client_for, province_official):
    scheme = scheme_create_default(year=2021)
    url = reverse("service_bodies:evaluation-edit", args=[scheme.pk])
    response = client_for(province_official).post(url, _grid([("events", "60", "events_held", "24"), ("xyz", "30", "manual", "")]))
    page = response.content.decode()
    assert response.status_code == 200 and "权重合计须为 100" in page and 'value="xyz"' in page
    assert scheme.indicators.count() == 7


@pytest.mark.django_db
def test_scheme_edit_page_valid_grid_saved_and_history_listed(client_for, province_official):
    scheme = scheme_create_default(year=2021)
    client = client_for(province_official)
    url = reverse("service_bodies:evaluation-edit", args=[scheme.pk])
    response = client.post(url, _grid([("events", "60", "events_held", "24"), ("quality", "40", "manual", "")], "2021 调整"))
    assert response.status_code == 302
    assert sorted(scheme.indicators.values_list("code", flat=True)) == ["events", "quality"]
    page = client.get(reverse("service_bodies:evaluation-detail", args=[scheme.pk])).content.decode()
    assert "2021 调整" in page and "现行第 2 版" in page


@pytest.mark.django_db
def test_scheme_edit_page_expert_forbidden(client_for, django_user_model):
    from breakzero.accounts.models import Role

    expert = django_user_model.objects.create_user("t-expert2", role=Role.EXPERT)
    scheme = scheme_create_default(year=2021)
    response = client_for(expert).post(reverse("service_bodies:evaluation-edit", args=[scheme.pk]),
                                       _grid([("events", "100", "events_held", "")]))
    assert response.status_code in (403, 404) and scheme.indicators.count() == 7

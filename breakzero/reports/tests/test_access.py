"""Scoping matrix (role × region) for plans and supervision tasks."""

import datetime as dt

import pytest

from breakzero.regions.models import Region
from breakzero.reports import access
from breakzero.reports.tests import factories as f

pytestmark = pytest.mark.django_db
PERSONAS = ["province_official", "city_official", "other_city_official", "county_official", "other_county_official"]


def _region(code):
    return Region.objects.get(code=code)


@pytest.mark.parametrize(("persona", "code", "expected"), [
    ("province_official", "430104", True), ("city_official", "430104", True), ("other_city_official", "430104", False),
    ("county_official", "430104", True), ("other_county_official", "430104", False),
    ("county_official", "430100", False), ("city_official", "430600", False),
])
def test_can_view_plans_of_matrix(request, persona, code, expected):
    assert access.can_view_plans_of(request.getfixturevalue(persona), _region(code)) is expected


@pytest.mark.parametrize(("persona", "code", "expected"), [
    ("province_official", "430100", True), ("province_official", "430104", False),
    ("city_official", "430104", True), ("city_official", "430100", False), ("city_official", "430602", False),
    ("other_city_official", "430104", False), ("county_official", "430104", False),
])
def test_can_review_plan_matrix(request, persona, code, expected):
    assert access.can_review_plan(request.getfixturevalue(persona), _region(code)) is expected


@pytest.mark.parametrize(("persona", "code", "expected"), [
    ("province_official", "430000", False), ("city_official", "430100", True), ("city_official", "430104", False),
    ("county_official", "430104", True), ("county_official", "430100", False), ("other_county_official", "430104", False),
])
def test_can_upload_plan_matrix(request, persona, code, expected):
    assert access.can_upload_plan(request.getfixturevalue(persona), _region(code)) is expected


@pytest.mark.parametrize(("persona", "code", "expected"), [
    ("province_official", "430100", True), ("province_official", "430104", True), ("province_official", "430000", False),
    ("city_official", "430104", True), ("city_official", "430100", False), ("city_official", "430602", False),
    ("other_city_official", "430104", False), ("county_official", "430104", False), ("county_official", "430102", False),
])
def test_can_create_task_for_matrix(request, persona, code, expected):
    assert access.can_create_task_for(request.getfixturevalue(persona), _region(code)) is expected


@pytest.mark.parametrize(("persona", "sees", "answers", "closes"), [
    ("province_official", True, False, False), ("city_official", True, False, True),
    ("other_city_official", False, False, False), ("county_official", True, True, False),
    ("other_county_official", False, False, False),
])
def test_task_access_matrix_for_city_task_to_county(request, city_official, persona, sees, answers, closes):
    task = f.task("430104", city_official, due=dt.date(2030, 1, 1))
    user = request.getfixturevalue(persona)
    assert (access.can_view_task(user, task), access.can_answer_task(user, task), access.can_close_task(user, task)) \
        == (sees, answers, closes)


def test_non_official_sees_nothing(enterprise_user, system_admin, city_official):
    task = f.task("430104", city_official, due=dt.date(2030, 1, 1))
    for user in (enterprise_user, system_admin):
        assert not access.can_view_task(user, task)
        assert not access.can_view_plans_of(user, _region("430104"))
        assert not access.can_create_task_for(user, _region("430104"))

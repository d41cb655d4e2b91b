"""Each role's home: the to-do items with counts and one click to act, and the role's figures."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.accounts.models import Role
from breakzero.core import todo
from breakzero.regions.models import Region
from breakzero.reports.services.supervision import task_create
from conftest import make_user

pytestmark = pytest.mark.django_db


def _items(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return {item.key: item for item in response.context["items"]}, response


def test_home_county_official_sees_task_to_answer_with_due_date_and_link(client_for, city_official, county_official):
    due = dt.date.today() + dt.timedelta(days=2)
    task_create(user=city_official, region=Region.objects.get(code="430104"), title="破零督办", description="-", due_date=due)
    items, response = _items(client_for(county_official))
    item = items["supervision-answer"]
    assert item.count == 1 and item.due == due and not item.is_late
    assert client_for(county_official).get(item.url).status_code == 200
    assert 'data-todo="supervision-answer"' in response.content.decode()


def test_home_city_official_sees_answered_task_to_close(client_for, city_official, county_official):
    from breakzero.reports.services.supervision import task_answer

    task = task_create(user=city_official, region=Region.objects.get(code="430104"), title="督办", description="-",
                       due_date=dt.date.today())
    task_answer(user=county_official, task_id=task.pk, text="已落实")
    items, _ = _items(client_for(city_official))
    assert items["supervision-close"].count == 1


def test_home_enterprise_sees_its_checkup_and_open_applications(client_for, enterprise_user):
    response = client_for(enterprise_user).get(reverse("core:home"))
    keys = {figure.key for figure in response.context["figures"]}
    assert {"policy-checkup", "cultivation-open"} <= keys


def test_home_official_sees_break_zero_against_target_for_the_period_year(client_for, county_official):
    response = client_for(county_official).get(reverse("core:home"))
    figure = {f.key: f for f in response.context["figures"]}["indicator-break_zero"]
    assert "2022" in figure.label and "岳麓区" in figure.label


def test_home_expert_sees_no_empty_items_and_only_openable_tiles(client_for):
    expert = make_user("t-expert", Role.EXPERT)
    response = client_for(expert).get(reverse("core:home"))
    assert response.context["items"] == []
    for tile in response.context["tiles"]:
        assert client_for(expert).get(tile.url, follow=True).status_code == 200


def test_todo_registry_accepts_a_new_source_without_editing_core(client_for, county_official):
    source = todo.TodoSource("test-extra", lambda user, today: [todo.TodoItem("extra", "新事项", 3, "/")])
    todo.register(source)
    try:
        items, _ = _items(client_for(county_official))
        assert items["extra"].count == 3
        assert todo.open_count(county_official) >= 3
    finally:
        todo._SOURCES.pop("test-extra")
        todo.invalidate()


def test_badge_count_is_cached_and_dropped_when_a_watched_row_changes(city_official, county_official,
                                                                      django_assert_num_queries):
    todo.invalidate()
    before = todo.open_count(county_official)
    with django_assert_num_queries(0):
        assert todo.open_count(county_official) == before
    task_create(user=city_official, region=Region.objects.get(code="430104"), title="新督办", description="-",
                due_date=dt.date.today() + dt.timedelta(days=9))
    assert todo.cached_count(county_official) is None
    assert todo.open_count(county_official) == before + 2  # the task and the notice announcing it


def test_help_link_opens_the_section_of_the_current_area(client_for, county_official):
    client = client_for(county_official)
    html = client.get("/reports/").content.decode()
    assert 'href="/manual/#reports"' in html
    assert client.get("/help/").url == "/manual/"  # the old address still leads to the manual
    help_html = client.get("/manual/").content.decode()
    assert 'id="reports"' in help_html and "各级管理员操作手册" in help_html

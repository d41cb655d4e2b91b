"""Forms that work in Chinese: ISO date values, and what the user typed kept when refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from breakzero.core.forms import IsoDateInput

pytestmark = pytest.mark.django_db


def test_iso_date_input_renders_iso_value_in_chinese():
    with translation.override("zh-hans"):
        html = IsoDateInput().render("d", dt.date(2021, 5, 1))
    assert 'value="2021-05-01"' in html and 'type="date"' in html


def test_task_form_in_chinese_shows_its_date_default_in_iso(client_for, city_official):
    html = client_for(city_official).get(reverse("reports:task-create") + "?region=430104").content.decode()
    assert 'type="date"' in html
    assert "/" not in html.split('name="due_date"')[1].split(">")[0]  # never 2021/05/01


def test_task_form_refused_keeps_what_was_typed(client_for, city_official):
    data = {"region": "430104", "title": "", "description": "请说明原因并限期整改", "due_date": "2030-01-05"}
    response = client_for(city_official).post(reverse("reports:task-create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "请说明原因并限期整改" in html and 'value="2030-01-05"' in html

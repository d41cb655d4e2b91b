"""Talent records: phones masked unless the viewer may see them; region scoping; course rule; green channel type."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from breakzero.calls.registry import get_programme_type
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.regions.models import Region
from breakzero.talent import services
from breakzero.talent.models import FlexibleExpert, LeadingTalent

pytestmark = pytest.mark.django_db


def test_talent_phone_masked_for_province_shown_to_county(client_for, province_official, county_official):
    firm = EnterpriseFactory(county_id="430104")
    LeadingTalent.objects.create(enterprise=firm, name="李四", programme="芙蓉计划", year=2022, contact_phone="13812345678")
    assert "138****5678" in client_for(province_official).get(reverse("talent:talent-list")).content.decode()
    assert "13812345678" in client_for(county_official).get(reverse("talent:talent-list")).content.decode()


def test_talent_create_through_form_and_other_region_refused(client_for, county_official):
    own, other = EnterpriseFactory(county_id="430104"), EnterpriseFactory(county_id="430602")
    client = client_for(county_official)
    data = {"kind": "person", "name": "王五", "programme": "湖湘青年英才", "year": "2022", "field": "新材料"}
    assert client.post(reverse("talent:talent-create"), {**data, "uscc": own.uscc}).status_code == 302
    response = client.post(reverse("talent:talent-create"), {**data, "uscc": other.uscc, "name": "赵六"})
    assert response.status_code == 200 and list(LeadingTalent.objects.values_list("name", flat=True)) == ["王五"]


def test_expert_agreement_end_before_start_refused(enterprise_user):
    with pytest.raises(DomainError, match="协议"):
        services.expert_create(actor=enterprise_user, enterprise=enterprise_user.enterprise, values={
            "name": "陈教授", "from_organisation": "中南大学", "agreement_start": dt.date(2023, 6, 1),
            "agreement_end": dt.date(2023, 1, 1), "days_per_year": 30})
    assert not FlexibleExpert.objects.exists()


def test_course_certificates_beyond_attendees_or_outside_region_refused(county_official):
    values = {"organiser": "省企业科协联合会", "course": "TRIZ 创新工程师训练营", "held_on": dt.date(2022, 5, 1),
              "hours": Decimal(16), "attendees": 40, "certificates": 41}
    with pytest.raises(DomainError, match="发证人数"):
        services.course_create(actor=county_official, county=Region.objects.get(code="430104"), values=values)
    with pytest.raises(DomainError, match="本辖区"):
        services.course_create(actor=county_official, county=Region.objects.get(code="430602"),
                               values={**values, "certificates": 30})
    course = services.course_create(actor=county_official, county=Region.objects.get(code="430104"),
                                    values={**values, "certificates": 30})
    assert course.city_id == "430100"


def test_title_green_channel_registered_on_the_engine_without_invented_rules():
    kind = get_programme_type("title_green_channel")
    assert kind.eligibility is None and "待确认" in kind.notes_zh
    assert {f.key for f in kind.form_fields} >= {"person", "specialty", "title_level"}

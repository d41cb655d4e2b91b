"""Pick an enterprise by typing part of its name: suggestions scoped to what the user may pick."""

import pytest
from django.urls import reverse

from breakzero.accounts.models import Role
from breakzero.enterprises.tests.factories import EnterpriseFactory
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    return (EnterpriseFactory(name="湖南星火精密机械有限公司", county_id="430104", city_id="430100"),
            EnterpriseFactory(name="岳阳星火化工有限公司", county_id="430602", city_id="430600"))


def test_autocomplete_county_official_sees_only_own_region(client_for, county_official, two):
    html = client_for(county_official).get(reverse("enterprises:enterprise-autocomplete"), {"enterprise_uscc": "星火"}).content.decode()
    assert two[0].uscc in html and "湖南星火精密机械有限公司" in html
    assert two[1].uscc not in html


def test_autocomplete_needs_two_characters(client_for, province_official, two):
    html = client_for(province_official).get(reverse("enterprises:enterprise-autocomplete"), {"q": "星"}).content.decode()
    assert "<option" not in html


def test_autocomplete_service_body_staff_pick_from_their_bodies_cities(client_for, two):
    from breakzero.service_bodies.models import ServiceBodyMember
    from breakzero.service_bodies.tests.factories import ServiceBodyFactory

    staff = make_user("t-body-staff", Role.SERVICE_BODY)
    ServiceBodyMember.objects.create(user=staff, body=ServiceBodyFactory(region_id="430602"))
    html = client_for(staff).get(reverse("enterprises:enterprise-autocomplete"), {"q": "星火"}).content.decode()
    assert two[1].uscc in html and two[0].uscc not in html


def test_autocomplete_closed_to_enterprise_users(client_for, enterprise_user):
    assert client_for(enterprise_user).get(reverse("enterprises:enterprise-autocomplete"), {"q": "星火"}).status_code == 404


def test_record_form_renders_the_picker_with_htmx(client_for, province_official):
    from breakzero.service_bodies.forms import RecordForm

    html = str(RecordForm()["enterprise_uscc"])
    assert 'hx-get="/enterprises/suggest/"' in html and "<datalist" in html and 'list="id_enterprise_uscc-options"' in html

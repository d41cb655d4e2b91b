"""The enterprise detail page's cultivation section: scoped like the enterprise."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.cultivation.models import Title
from breakzero.enterprises.tests.factories import EnterpriseFactory


@pytest.mark.django_db
def test_enterprise_fragment_lists_titles_for_region_official(client_for, county_official):
    enterprise = EnterpriseFactory(county_id="430104")
    Title.objects.create(enterprise=enterprise, tier="little_giant", level="national", batch="第三批",
                         recognized_on=dt.date(2021, 7, 1), valid_until=dt.date(2024, 6, 30))
    response = client_for(county_official).get(reverse("cultivation:enterprise-fragment", args=[enterprise.pk]))
    assert response.status_code == 200
    assert "第三批" in response.content.decode()


@pytest.mark.django_db
def test_enterprise_fragment_outside_region_is_404(client_for, other_county_official):
    enterprise = EnterpriseFactory(county_id="430104")
    response = client_for(other_county_official).get(reverse("cultivation:enterprise-fragment", args=[enterprise.pk]))
    assert response.status_code == 404

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


@pytest.mark.django_db
def test_enterprise_fragment_lists_cultivation_applications_on_the_engine(client_for, county_official):
    from breakzero.calls import services
    from breakzero.calls.models import Application, State
    from breakzero.calls.tests.factories import make_call

    enterprise = EnterpriseFactory(county_id="430104")
    programme = services.programme_create(name="专精特新中小企业", owner_department="中小企业发展处",
                                          programme_type="tier_srdi_sme", has_expert_review=False)
    application = services.application_create(call=make_call(programme=programme, document_number="湘工信中小〔2026〕7号"),
                                              enterprise=enterprise, actor=None)
    url = reverse("cultivation:enterprise-fragment", args=[enterprise.pk])
    assert "湘工信中小〔2026〕7号" not in client_for(county_official).get(url).content.decode()  # a draft is the enterprise's
    Application.objects.filter(pk=application.pk).update(state=State.AT_COUNTY)
    html = client_for(county_official).get(url).content.decode()
    assert "湘工信中小〔2026〕7号" in html and application.get_absolute_url() in html

"""Every denial and every download is audited, whatever the route (web page or API)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from breakzero.audit.models import AuditEntry
from breakzero.enterprises.tests.factories import EnterpriseFactory


def denials(user):
    return AuditEntry.objects.filter(action="access_denied", username=user.username)


@pytest.mark.django_db
def test_out_of_scope_page_404_audited_as_denial(client_for, other_county_official):
    enterprise = EnterpriseFactory(county_id="430104")
    url = reverse("enterprises:enterprise-detail", args=[enterprise.pk])
    assert client_for(other_county_official).get(url).status_code == 404
    entry = denials(other_county_official).get()
    assert entry.path == url and entry.detail["status"] == 404


@pytest.mark.django_db
def test_out_of_scope_api_404_audited_as_denial(client_for, other_county_official):
    enterprise = EnterpriseFactory(county_id="430104")
    url = f"/api/v1/enterprises/{enterprise.pk}"
    assert client_for(other_county_official).get(url).status_code == 404
    assert denials(other_county_official).get().path == url


@pytest.mark.django_db
def test_role_refusal_audited_once(client_for, county_official):
    assert client_for(county_official).get(reverse("audit:entry-list")).status_code == 404
    assert denials(county_official).count() == 1


@pytest.mark.django_db
def test_visible_page_not_audited_as_denial(client_for, county_official):
    enterprise = EnterpriseFactory(county_id="430104")
    assert client_for(county_official).get(enterprise.get_absolute_url()).status_code == 200
    assert not denials(county_official).exists()


@pytest.mark.django_db
def test_unknown_route_not_audited_as_denial(client_for, county_official):
    assert client_for(county_official).get("/favicon.ico").status_code == 404
    assert not denials(county_official).exists()


@pytest.mark.django_db
def test_bulletin_pdf_served_inline_audited_as_download(client_for, province_official):
    from breakzero.reports.models import Bulletin

    bulletin = Bulletin.objects.create(period_type="year", year=2021, region_id="430000", status="done")
    bulletin.pdf.save("bulletin-2021.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    response = client_for(province_official).get(reverse("reports:bulletin-file", args=[bulletin.pk, "pdf"]))
    assert response.status_code == 200 and "inline" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="export", username=province_official.username)
    assert "bulletin-2021" in entry.detail["file"]

"""Every download is audited once, and shell imports leave an audit entry."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from breakzero.audit.models import AuditEntry
from breakzero.enterprises.tests.factories import EnterpriseFactory


@pytest.mark.django_db
def test_download_export_recorded_once(client_for, city_official):
    EnterpriseFactory(county_id="430104")
    client = client_for(city_official)
    before = AuditEntry.objects.filter(action="export").count()
    response = client.get(reverse("enterprises:enterprise-export"))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="export").count() == before + 1


@pytest.mark.django_db
def test_download_without_signal_recorded_by_middleware(client_for, province_official):
    client = client_for(province_official)
    before = AuditEntry.objects.filter(action="export").count()
    response = client.get(reverse("core:import-template", args=["enterprises"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    entries = AuditEntry.objects.filter(action="export")
    assert entries.count() == before + 1


@pytest.mark.django_db
def test_shell_import_recorded(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("统一社会信用代码,企业名称,所在区县,行业代码\n", encoding="utf-8")
    before = AuditEntry.objects.filter(action="import").count()
    call_command("import_enterprises", str(path))
    assert AuditEntry.objects.filter(action="import").count() == before + 1

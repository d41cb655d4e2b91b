"""The patent page shows applicants with their attribution and the change history; scoped."""

import pytest
from django.urls import reverse

from breakzero.core.imports import get_importer, run_file
from breakzero.patents.models import Patent
from breakzero.patents.tests.factories import number, write_csv

pytestmark = pytest.mark.django_db


def test_patent_detail_shows_history_after_status_change(register, good_file, tmp_path, messy_rows, client_for,
                                                         province_official):
    run_file(get_importer("patents"), str(good_file), apply=True, skip_invalid=True)
    later = [list(messy_rows[3])]
    later[0][8] = "未缴年费专利权终止"
    run_file(get_importer("patents"), str(write_csv(tmp_path / "导出2.csv", later)), apply=True, skip_invalid=True)
    patent = Patent.objects.get(application_number=number(2021, "invention", 345678))
    body = client_for(province_official).get(reverse("patents:patent-detail", args=[patent.pk])).content.decode()
    assert patent.application_number in body
    assert "导出2.csv" in body and "失效" in body


def test_patent_detail_outside_scope_is_404(register, good_file, client_for, other_county_official):
    run_file(get_importer("patents"), str(good_file), apply=True, skip_invalid=True)
    patent = Patent.objects.filter(applicants__enterprise__county_id="430104").first()
    assert patent is not None
    response = client_for(other_county_official).get(reverse("patents:patent-detail", args=[patent.pk]))
    assert response.status_code == 404

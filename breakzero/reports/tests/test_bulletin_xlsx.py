"""A bulletin's xlsx download is always a readable workbook: a missing or broken stored file is
generated again (and stored); a generation that fails is an error page, never a broken file."""

import io
from unittest import mock

import openpyxl
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from breakzero.core.tests.test_exports_numeric import text_numbers
from breakzero.reports.models import Bulletin


def _bulletin(content: bytes | None) -> Bulletin:
    bulletin = Bulletin(period_type="year", year=2021, region_id="430100", status=Bulletin.Status.DONE,
                        generated_at=timezone.now())
    if content is not None:
        bulletin.xlsx.save("broken.xlsx", ContentFile(content), save=False)
    bulletin.save()
    return bulletin


def test_broken_stored_xlsx_is_generated_again_and_stored(client_for, province_official):
    bulletin = _bulletin(b"PK")  # what the access world stores: two bytes
    response = client_for(province_official).get(reverse("reports:bulletin-file", args=[bulletin.pk, "xlsx"]))
    assert response.status_code == 200 and len(response.content) > 1000
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 2
    assert text_numbers(response.content) == []  # what the every-page sweep checks on each export
    bulletin.refresh_from_db()
    with bulletin.xlsx.open("rb") as handle:
        assert handle.read() == response.content  # stored: the next download reads the file


def test_bulletin_without_xlsx_is_generated_on_demand(client_for, province_official):
    bulletin = _bulletin(None)
    response = client_for(province_official).get(reverse("reports:bulletin-file", args=[bulletin.pk, "xlsx"]))
    assert response.status_code == 200 and openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames


def test_failed_generation_is_a_chinese_error_page_not_a_file(client_for, province_official):
    bulletin = _bulletin(b"PK")
    with mock.patch("breakzero.reports.services.bulletins.assemble", side_effect=RuntimeError("boom")):
        response = client_for(province_official).get(reverse("reports:bulletin-file", args=[bulletin.pk, "xlsx"]))
    assert response.status_code == 500 and "text/html" in response["Content-Type"]
    assert "通报的 Excel 文件不可用" in response.content.decode()

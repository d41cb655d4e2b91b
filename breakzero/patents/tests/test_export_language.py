"""The patent list export keeps Chinese type and status labels in English mode: the file re-imports."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from breakzero.core.imports import get_importer, run_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restore_language():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def test_patent_search_export_english_chosen_keeps_chinese_labels(client_for, province_official, register, good_file):
    importer = get_importer("patents")
    importer.after_apply(run_file(importer, str(good_file), apply=True, skip_invalid=True), in_process=True)
    client = client_for(province_official)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Patent search" in client.get(reverse("patents:patent-search")).content.decode()
    response = client.get(reverse("patents:patent-search"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    kinds = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert kinds and kinds <= {"发明", "实用新型", "外观设计", "PCT发明", "PCT实用新型"}

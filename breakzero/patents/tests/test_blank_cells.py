"""A blank cell in a patent update never erases a stored value (publication, grant, status)."""

import datetime as dt

import pytest

from breakzero.core.imports import get_importer, run_file
from breakzero.patents.models import Patent
from breakzero.patents.tests.factories import PatentFactory, number, write_csv


@pytest.mark.django_db
def test_patent_import_blank_cells_keep_stored_values_and_filled_ones_change(tmp_path):
    stored = PatentFactory(
        application_number=number(2021, "invention", 700101), title="一种装置", legal_status="granted",
        legal_status_raw="授权", publication_number="CN113000101B", publication_date=dt.date(2022, 6, 10),
        grant_date=dt.date(2022, 6, 10), ipc_main="G06F16/00",
    )  # fmt: skip
    blank = [stored.application_number, "2021-03-05", "发明", "", "湖南某科技有限公司", "", "", "", "", ""]
    run_file(get_importer("patents"), str(write_csv(tmp_path / "a.csv", [blank])), apply=True, skip_invalid=False)
    patent = Patent.objects.get(pk=stored.pk)
    assert (patent.title, patent.legal_status, patent.legal_status_raw) == ("一种装置", "granted", "授权")
    assert (patent.publication_number, patent.publication_date, patent.grant_date, patent.ipc_main) == (
        "CN113000101B", dt.date(2022, 6, 10), dt.date(2022, 6, 10), "G06F16/00")
    lapsed = [*blank[:8], "未缴年费专利权终止", ""]
    outcome = run_file(get_importer("patents"), str(write_csv(tmp_path / "b.csv", [lapsed])), apply=True, skip_invalid=False)
    patent.refresh_from_db()
    assert outcome.counts.updated == 1
    assert patent.legal_status != "granted" and patent.publication_number == "CN113000101B"
    assert patent.changes.filter(field="publication_number").count() == 0

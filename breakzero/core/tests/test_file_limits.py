"""Files that expand or run long: shared-string bombs, over-long csv cells, big files from the shell."""

from __future__ import annotations

import csv
import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from breakzero.core.imports import get_importer, open_for, shell_limits, web_limits
from breakzero.core.models import ImportJob
from breakzero.core.sheets import Column, ReadLimits, SheetError, open_sheet, write_xlsx
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.enterprises.tests.factories import EnterpriseFactory

COLUMNS = (Column("name", "企业名称"),)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def shared_string_bomb(*, cells: int, length: int, index: int = 1) -> bytes:
    """An xlsx whose `cells` cells all point to shared string `index`: 1 is `length` characters
    long, 2 is "乙" (0 is the header cell "企业名称"). Tiny on disk; with index 1, cells × length
    when read."""
    strings = f'<si><t>企业名称</t></si><si><t>{"甲" * length}</t></si><si><t xml:space="preserve">乙</t></si>'
    shared = f'<sst {NS} count="{cells + 2}" uniqueCount="3">{strings}</sst>'
    rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']
    per_row = 100
    for r in range(cells // per_row):  # real cell references, as Excel writes them
        cells_xml = "".join(f'<c r="{_column(c)}{r + 2}" t="s"><v>{index}</v></c>' for c in range(per_row))
        rows.append(f'<row r="{r + 2}">{cells_xml}</row>')
    sheet = f'<worksheet {NS}><sheetData>{"".join(rows)}</sheetData></worksheet>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def _column(index: int) -> str:
    return (chr(64 + index // 26) if index >= 26 else "") + chr(65 + index % 26)


def _refused_quickly(data: bytes, limits: ReadLimits) -> str:
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(SheetError) as refused:
            open_sheet(io.BytesIO(data), COLUMNS, limits=limits)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 5, elapsed  # generous: the machine is shared (reading it took 13 s before)
    assert peak < 64 * 1024 * 1024, peak  # a few blocks, never the expansion (2 GB before)
    return str(refused.value)


def test_shared_string_bomb_small_upload_refused_quickly_with_bounded_memory(settings):
    data = shared_string_bomb(cells=20_000, length=100_000)  # 2 GB of text when read
    assert len(data) < 60_000
    message = _refused_quickly(data, web_limits())
    assert "展开后的内容过大" in message


def test_shared_string_bomb_refused_from_the_shell_limits_too(settings):
    data = shared_string_bomb(cells=60_000, length=100_000)  # 6 GB (the 56 KB file of the report)
    assert "展开后的内容过大" in _refused_quickly(data, shell_limits())


def test_workbook_with_too_many_cells_refused():
    data = shared_string_bomb(cells=5_000, length=1)
    limits = ReadLimits(max_bytes=None, max_rows=None, max_cells=1000, max_expanded_bytes=1 << 30)
    assert "单元格过多" in _refused_quickly(data, limits)


def test_workbook_within_the_limits_reads_every_cell():
    data = shared_string_bomb(cells=300, length=10)
    rows = list(open_sheet(io.BytesIO(data), COLUMNS, limits=web_limits()))
    assert len(rows) == 3 and rows[0][1]["name"] == "甲" * 10


def test_one_long_string_used_once_among_many_short_cells_is_read():
    """The cheap bound (cells × longest string) passes the limit; the exact count does not."""
    data = shared_string_bomb(cells=5_000, length=100_000, index=2)
    limits = ReadLimits(max_bytes=None, max_rows=None, max_cells=10_000, max_expanded_bytes=2 * 1024 * 1024)
    assert len(list(open_sheet(io.BytesIO(data), COLUMNS, limits=limits))) == 50


def test_regular_workbook_passes_the_expansion_guard():
    buffer = io.BytesIO()
    write_xlsx(buffer, ["企业名称"], [[f"湖南{i}科技有限公司"] for i in range(2000)], sheet="名录")
    limits = ReadLimits(max_bytes=None, max_rows=None, max_cells=2001, max_expanded_bytes=200_000)
    assert len(list(open_sheet(io.BytesIO(buffer.getvalue()), COLUMNS, limits=limits))) == 2000


# ------------------------------------------------------------------ long csv cells


def _long_cell_csv(path: Path) -> Path:
    long = "长" * (csv.field_size_limit() + 10)
    path.write_text(f"统一社会信用代码,年度,营业收入\n91430104MA4L1A2B9U,2022,\"{long}\n", encoding="utf-8")
    return path


def test_long_csv_cell_is_a_clear_sheet_error(tmp_path):
    with pytest.raises(SheetError, match="超过 .* 个字符"):
        list(open_for(get_importer("enterprise-years"), str(_long_cell_csv(tmp_path / "long.csv"))))


@pytest.mark.django_db
def test_long_csv_cell_web_upload_ends_the_job_failed_with_a_reason(tmp_path, client_for, province_official):
    client = client_for(province_official)
    with open(_long_cell_csv(tmp_path / "long.csv"), "rb") as handle:
        response = client.post("/imports/enterprise-years/", {"file": handle})
    assert response.status_code == 302
    job = ImportJob.objects.get(kind="enterprise-years")
    assert job.status == ImportJob.Status.FAILED
    assert "个字符" in job.message


@pytest.mark.django_db
def test_unexpected_error_in_a_job_ends_it_failed_not_stuck(tmp_path, client_for, province_official, monkeypatch):
    from breakzero.enterprises.sheets.yearly_import import YearlyImporter

    def boom(self, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(YearlyImporter, "run", boom)
    client = client_for(province_official)
    upload = io.BytesIO("统一社会信用代码,年度,营业收入\n91430104MA4L1A2B9U,2022,1\n".encode())
    upload.name = "a.csv"
    client.post("/imports/enterprise-years/", {"file": upload})
    job = ImportJob.objects.get(kind="enterprise-years")
    assert job.status == ImportJob.Status.FAILED and "意外错误" in job.message
    assert "disk on fire" not in job.message


@pytest.mark.django_db
def test_long_csv_cell_shell_prints_one_line_and_exits_non_zero(tmp_path):
    with pytest.raises(CommandError) as failed:
        call_command("import_yearly", str(_long_cell_csv(tmp_path / "long.csv")))
    assert "个字符" in str(failed.value) and "\n" not in str(failed.value)


# ------------------------------------------------------------------ web limits are for web uploads


@pytest.mark.django_db
def test_shell_import_takes_a_file_over_the_web_upload_limit(tmp_path):
    firm = EnterpriseFactory()
    lines = ["统一社会信用代码,年度,营业收入,备注"] + [f"{firm.uscc},{2000 + i},{i + 1},{'x' * 200}" for i in range(20)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 2048
    with override_settings(UPLOAD_MAX_BYTES=2048, UPLOAD_MAX_ROWS=5):
        with pytest.raises(SheetError, match="文件过大"):
            open_for(get_importer("enterprise-years"), str(path))  # a web upload: refused
        call_command("import_yearly", str(path), stdout=io.StringIO())
    assert EnterpriseYear.objects.filter(enterprise=firm).count() == 20
    assert Enterprise.objects.count() == 1


@pytest.mark.django_db
def test_upload_is_not_parsed_in_the_request_only_enqueued(client_for, province_official, monkeypatch):
    from types import SimpleNamespace

    queued: list[str] = []
    monkeypatch.setattr("breakzero.core.views.import_validate_task", SimpleNamespace(enqueue=queued.append))
    monkeypatch.setattr("breakzero.core.imports.open_sheet", lambda *a, **k: pytest.fail("parsed in the request"))
    upload = io.BytesIO(shared_string_bomb(cells=20_000, length=100_000))  # 50 KB
    upload.name = "炸弹.xlsx"
    response = client_for(province_official).post("/imports/enterprises/", {"file": upload})
    job = ImportJob.objects.get(kind="enterprises")
    assert response.status_code == 302 and queued == [str(job.pk)]
    assert job.status == ImportJob.Status.PENDING


@pytest.mark.django_db
def test_unexpected_error_in_a_shell_import_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    from breakzero.enterprises.sheets.yearly_import import YearlyImporter

    def boom(self, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(YearlyImporter, "run", boom)
    path = tmp_path / "a.csv"
    path.write_text("统一社会信用代码,年度,营业收入\n91430104MA4L1A2B9U,2022,1\n", encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        call_command("import_yearly", str(path))
    assert str(failed.value).startswith("导入失败，未写入任何数据") and "\n" not in str(failed.value)

"""A web job's apply step reads its validation's kept workbook rows (core.kept_rows): the same
result as reading the workbook again, and a read again whenever the kept rows are damaged."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from breakzero.core import import_reuse, kept_rows, sheets
from breakzero.core.imports import import_job_apply, import_job_create, import_job_validate
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.enterprises.tests.fixtures.builders import (
    ENTERPRISE_HEADERS,
    YEARLY_HEADERS,
    csv_bytes,
    enterprise_row,
    uscc,
    xlsx_bytes,
    yearly_row,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch, settings, tmp_path):
    """The workbook reads (calamine) made; rows kept in blocks of 3 so a file has several."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(kept_rows, "BLOCK_ROWS", 3)
    calls: list[int] = []
    original = sheets._iter_workbook

    def counted(data):
        calls.append(1)
        return original(data)

    monkeypatch.setattr(sheets, "_iter_workbook", counted)
    return calls


@pytest.fixture
def firms():
    return [EnterpriseFactory(uscc=uscc(n), industry_code="3911", industry_section="C") for n in range(1, 4)]


def yearly_file(firms) -> bytes:
    rows = [yearly_row(f.uscc, year, employees=100 + year - 2020) for f in firms for year in (2021, 2022, 2023)]
    rows += [yearly_row(uscc(99), 2022), yearly_row(firms[0].uscc, 1999), [None] * 12,
             yearly_row(firms[1].uscc, 2021, employees=999)]  # unknown, out of range, blank, a conflicting duplicate
    return xlsx_bytes(YEARLY_HEADERS, rows, title="2021–2023 年度数据")


def job_result(job) -> tuple:
    counts = (job.status, job.total_rows, job.created_count, job.updated_count, job.unchanged_count, job.rejected_count)
    years = sorted(EnterpriseYear.objects.values_list("enterprise__uscc", "year", "employees", "operating_revenue",
                                                      "size", "size_note"))  # fmt: skip
    firms = sorted(Enterprise.objects.values_list("uscc", "name", "county_id", "industry_code", "founded_on"))
    return counts, job.rejected_rows, job.summary, years, firms


def run(kind: str, user, data: bytes, *, validate: bool) -> tuple:
    job = import_job_create(kind=kind, user=user, upload=SimpleUploadedFile("导入.xlsx", data))
    if validate:
        import_job_validate(job_id=job.pk)
    job = import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True)
    assert not (import_reuse.kept_root() / str(job.pk)).exists()  # removed when the job ended
    return job_result(job)


def test_yearly_job_apply_after_validation_reads_kept_rows_with_the_same_result(firms, province_official, reads):
    data = yearly_file(firms)
    expected = run("enterprise-years", province_official, data, validate=False)
    EnterpriseYear.objects.all().delete()
    job = import_job_create(kind="enterprise-years", user=province_official, upload=SimpleUploadedFile("a.xlsx", data))
    import_job_validate(job_id=job.pk)
    assert (import_reuse.kept_root() / str(job.pk) / kept_rows.PART / kept_rows.ROWS_FILE).is_file()
    reads.clear()
    got = job_result(import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True))
    assert reads == []  # the workbook was not read again
    assert got == expected and expected[0][2] == 9 and expected[0][5] == 3


def test_register_job_with_dates_reads_kept_rows_with_the_same_result(province_official, reads):
    rows = [enterprise_row(n, founded=("date", 42500 + n)) for n in range(1, 8)] + [enterprise_row(8, county="999999")]
    data = xlsx_bytes(ENTERPRISE_HEADERS, rows)
    expected = run("enterprises", province_official, data, validate=False)
    Enterprise.objects.all().delete()
    reads.clear()
    got = run("enterprises", province_official, data, validate=True)
    assert reads == [1]  # the validation's read only
    assert got == expected and expected[4][0][4] == dt.date(2016, 5, 11)


@pytest.mark.parametrize("damage", ["truncated", "missing", "other-upload"])
def test_job_apply_with_damaged_or_stale_kept_rows_reads_the_workbook_again(firms, province_official, reads, damage):
    data = yearly_file(firms)
    expected = run("enterprise-years", province_official, data, validate=False)
    EnterpriseYear.objects.all().delete()
    job = import_job_create(kind="enterprise-years", user=province_official, upload=SimpleUploadedFile("a.xlsx", data))
    import_job_validate(job_id=job.pk)
    kept = import_reuse.kept_root() / str(job.pk) / kept_rows.PART
    if damage == "truncated":
        (kept / kept_rows.ROWS_FILE).write_bytes((kept / kept_rows.ROWS_FILE).read_bytes()[:-10])
    elif damage == "missing":
        (kept / kept_rows.ROWS_FILE).unlink()
    else:
        meta = (kept / import_reuse.META).read_text(encoding="utf-8")
        (kept / import_reuse.META).write_text(meta.replace("rows:", "rows:0"), encoding="utf-8")
    reads.clear()
    got = job_result(import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True))
    assert reads == [1]
    assert got == expected


def test_csv_job_keeps_no_rows(firms, province_official, reads):
    data = csv_bytes(YEARLY_HEADERS, [yearly_row(f.uscc, 2022) for f in firms])
    job = import_job_create(kind="enterprise-years", user=province_official, upload=SimpleUploadedFile("a.csv", data))
    import_job_validate(job_id=job.pk)
    assert not (import_reuse.kept_root() / str(job.pk) / kept_rows.PART).exists()  # (the parse is: yearly_kept)


def test_validation_with_a_missing_column_keeps_nothing(firms, province_official, reads):
    data = xlsx_bytes(("统一社会信用代码", "从业人员"), [[f.uscc, 10] for f in firms])
    job = import_job_create(kind="enterprise-years", user=province_official, upload=SimpleUploadedFile("a.xlsx", data))
    job = import_job_validate(job_id=job.pk)
    assert job.status == "failed" and not (import_reuse.kept_root() / str(job.pk)).exists()


def test_yearly_job_read_in_pieces_same_result_as_whole_read(firms, province_official, reads, monkeypatch, settings):
    """A big workbook is read by worker processes in pieces (core.sheet_chunks) during the
    validation, and its kept rows serve the apply: the job ends as with one whole read."""
    from breakzero.core import sheet_chunks

    data = yearly_file(firms)
    expected = run("enterprise-years", province_official, data, validate=True)
    EnterpriseYear.objects.all().delete()
    settings.IMPORT_PARSE_WORKERS = 2
    monkeypatch.setattr(sheet_chunks, "MIN_SHEET_BYTES", 0)
    monkeypatch.setattr(sheet_chunks, "CHUNK_XML_BYTES", 512)
    cut: list[int] = []
    original = sheet_chunks._pieces
    monkeypatch.setattr(sheet_chunks, "_pieces", lambda *args: (cut.append(1) or piece for piece in original(*args)))
    reads.clear()
    assert run("enterprise-years", province_official, data, validate=True) == expected
    assert len(cut) >= 3 and reads == []  # read in pieces, never whole; the apply used the kept rows

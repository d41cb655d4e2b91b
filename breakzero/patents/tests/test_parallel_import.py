"""Big csv files are parsed in worker processes (PostgreSQL): same result as parsing in process.

The parallel path is forced on small files (no size threshold, tiny chunks) and compared
with the sequential one on messy input: quoted cells with commas and line breaks,
characters COPY text must escape, blank lines, bad rows, duplicate numbers, CR LF.
"""

import csv

import pytest
from django.db import connection

from breakzero.core import load_indexes
from breakzero.core.tests.table_definitions import table_definitions
from breakzero.core.imports import get_importer, run_file
from breakzero.core.parallel import WorkerPool
from breakzero.patents.models import Patent, PatentApplicant, PatentChange, ReviewItem
from breakzero.patents.tests.factories import HEADERS, number, write_csv

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="workers write COPY text: PostgreSQL only"),
]


def run(path, *, apply=True):
    return run_file(get_importer("patents"), str(path), apply=apply, skip_invalid=True)


@pytest.fixture
def parallel(settings):
    settings.IMPORT_PARSE_WORKERS = 2
    settings.IMPORT_PARALLEL_MIN_BYTES = 0
    settings.IMPORT_CHUNK_BYTES = 300  # a few rows per job: many cuts, many workers' turns
    return settings


@pytest.fixture
def sequential(settings):
    settings.IMPORT_PARSE_WORKERS = 1
    return settings


@pytest.fixture
def rough_rows(messy_rows):
    """The messy export plus what only shows when rows cross chunk and process boundaries."""
    extra = [
        [number(2022, "invention", 1001), "2022-01-05", "发明", "一种带,逗号和\n换行的\"引号\"装置",
         "湖南星辰科技有限公司\n中南大学\n李四", "CN114000001A", "2022-05-05", "", "实质审查的生效", "G06F 1/00"],
        [number(2022, "invention", 1002), "2022.01.06", "发明", "反斜杠\\与制表\t符和全角＼",
         "湖南蓝海电子有限公司", "CN114000002A", "2022-05-06", "", "公开", "H01L"],
        [],
        [number(2022, "utility_model", 1003), "20220107", "实用新型", "一种结构", "长沙智造装备有限公司、王五",
         "CN216000003U", "2022-06-07", "2022-06-07", "授权", ""],
        [number(2022, "invention", 1001), "2022-01-05", "发明", "重复的申请号", "湖南星辰科技有眼公司",
         "", "", "", "审中", ""],  # duplicate of the first extra row: rejected, its near-match name too
        ["CN2022不是号码", "2022-01-08", "发明", "坏行", "湖南星辰科技有限公司", "", "", "", "", ""],
        [number(2022, "invention", 1004), "2022-13-45", "发明", "坏日期", "湖南星辰科技有限公司", "", "", "", "", ""],
        [number(2022, "invention", 1005), "2022-01-09", "外观设计", "类型不符", "湖南星辰科技有限公司", "", "", "", "", ""],
        [number(2022, "invention", 1006), "2022-01-10", "发明", "无申请人", "", "", "", "", "", ""],
        [number(2022, "invention", 1007), "2022-01-11", "发明", "一种光电器件二", "湖南启明光点有限公司",
         "CN114000007B", "2023-02-02", "2023-02-02", "授权", "H01L"],
    ]  # fmt: skip
    return messy_rows + extra * 3 + [[number(2023, "invention", 2000 + i), "2023-03-01", "发明", f"填充{i}",
                                      "湖南启明光电有限公司；中南大学", "", "", "", "审中", ""] for i in range(40)]


def snapshot(outcome):
    patents = sorted(Patent.objects.values_list(
        "application_number", "kind", "title", "application_date", "publication_number", "publication_date",
        "grant_date", "legal_status", "legal_status_raw", "ipc_main"))  # fmt: skip
    applicants = sorted(PatentApplicant.objects.values_list(
        "patent__application_number", "position", "name", "name_normalized", "uscc", "enterprise_id",
        "applicant_type", "match_method"))  # fmt: skip
    reviews = sorted(ReviewItem.objects.values_list("name_normalized", "enterprise_id", "status"))
    rejected = [(r.row, r.reason) for r in outcome.rejected]
    return outcome.line(), outcome.summary, outcome.total_rows, rejected, patents, applicants, reviews


def wipe():
    for model in (PatentChange, ReviewItem, PatentApplicant, Patent):
        model.objects.all().delete()


def test_parallel_import_gives_what_sequential_import_gives(register, tmp_path, rough_rows, settings, parallel):
    path = write_csv(tmp_path / "rough.csv", rough_rows)
    settings.IMPORT_PARSE_WORKERS = 1
    expected = snapshot(run(path))
    wipe()
    settings.IMPORT_PARSE_WORKERS = 2
    got = snapshot(run(path))
    assert got == expected
    line, summary, total, rejected, patents, applicants, _ = got
    assert line.startswith(f"created={len(patents)} ")
    # messy row 9; the extra block: 4 bad rows + a repeated number, then twice 4 bad + 5 repeated
    assert [row for row, _ in rejected] == sorted(row for row, _ in rejected) and len(rejected) == 1 + 5 + 2 * 9
    assert sum(summary[f"applicants_{kind}"] for kind in ("enterprise", "person", "university", "unregistered")) == len(
        applicants
    )
    titles = {p[2] for p in patents}
    assert "一种带,逗号和\n换行的\"引号\"装置" in titles and "反斜杠\\与制表\t符和全角\\" in titles


def test_parallel_import_reports_duplicates_and_keeps_first(register, tmp_path, rough_rows, parallel):
    path = write_csv(tmp_path / "rough.csv", rough_rows)
    outcome = run(path)
    duplicates = [r for r in outcome.rejected if "重复" in r.reason]
    assert len(duplicates) == 1 + 2 * 5  # the number repeated inside the extra block, then the block twice
    kept = Patent.objects.get(application_number=number(2022, "invention", 1001))
    assert kept.title.startswith("一种带,逗号")
    assert list(kept.applicants.values_list("name", flat=True)) == ["湖南星辰科技有限公司", "中南大学", "李四"]
    assert not ReviewItem.objects.filter(applicant_name="湖南星辰科技有眼公司").exists()
    assert ReviewItem.objects.filter(applicant_name="湖南启明光点有限公司").exists()


def test_parallel_reimport_changes_nothing(register, tmp_path, rough_rows, parallel):
    path = write_csv(tmp_path / "rough.csv", rough_rows)
    run(path)
    again = run(path)
    assert (again.counts.created, again.counts.updated) == (0, 0)
    assert PatentChange.objects.count() == 0


def test_parallel_preview_writes_nothing(register, tmp_path, rough_rows, parallel):
    outcome = run(write_csv(tmp_path / "rough.csv", rough_rows), apply=False)
    assert outcome.counts.created > 40 and not outcome.applied
    assert Patent.objects.count() == 0


def test_parallel_import_crlf_and_lone_cr_files(register, tmp_path, rough_rows, parallel, sequential):
    rows = [r for r in rough_rows if r and "\n" not in "".join(map(str, r))]
    crlf = tmp_path / "crlf.csv"
    with open(crlf, "w", encoding="gb18030", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([HEADERS, *rows])
    lone = tmp_path / "lone-cr.csv"
    lone.write_bytes(crlf.read_bytes().replace(b"\r\n", b"\r"))  # old Mac line ends: parsed in process
    parallel.IMPORT_PARSE_WORKERS = 2
    first = snapshot(run(crlf))
    wipe()
    assert snapshot(run(lone)) == first


def test_big_first_load_rebuilds_keys_and_indexes_as_they_were(register, tmp_path, rough_rows, parallel, monkeypatch):
    def definitions():
        return table_definitions("patents_patent", "patents_patentapplicant")

    before = definitions()
    monkeypatch.setattr(load_indexes, "MIN_ROWS", 1)
    outcome = run(write_csv(tmp_path / "rough.csv", rough_rows))
    assert outcome.counts.created > 40
    assert definitions() == before
    assert any("patentchange" in c[0] for c in before[0]) and any(i[1] == "patent_applicant_ent_ix" for i in before[1])


def test_parallel_import_parses_in_process_when_workers_do_not_start(
    register, tmp_path, rough_rows, settings, parallel, monkeypatch
):
    path = write_csv(tmp_path / "rough.csv", rough_rows)
    settings.IMPORT_PARSE_WORKERS = 1
    expected = snapshot(run(path))
    wipe()
    settings.IMPORT_PARSE_WORKERS = 2
    monkeypatch.setattr(WorkerPool, "is_ready", lambda self: False)  # e.g. a script without a main guard
    assert snapshot(run(path)) == expected


def test_parallel_import_through_an_uploaded_job(register, tmp_path, rough_rows, parallel, province_official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from breakzero.core.imports import import_job_apply, import_job_create, import_job_validate

    data = write_csv(tmp_path / "rough.csv", rough_rows).read_bytes()
    job = import_job_create(kind="patents", user=province_official, upload=SimpleUploadedFile("导出.csv", data))
    job = import_job_validate(job_id=job.pk)
    assert (job.status, job.rejected_count) == ("preview", 1 + 5 + 2 * 9) and Patent.objects.count() == 0
    job = import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True)
    assert job.status == "done" and Patent.objects.count() == job.created_count > 40


def test_in_process_job_import_reports_progress_without_blocking_its_copy(
    register, tmp_path, rough_rows, sequential, province_official, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from breakzero.core.imports import import_job_apply, import_job_create
    from breakzero.patents import sheets

    monkeypatch.setattr(sheets, "PROGRESS_EVERY", 2)  # a count while the staging COPY is open
    data = write_csv(tmp_path / "rough.csv", rough_rows).read_bytes()
    job = import_job_create(kind="patents", user=province_official, upload=SimpleUploadedFile("导出.csv", data))
    job = import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True)
    assert job.status == "done" and job.processed_rows == job.total_rows > 40


def test_parallel_import_long_cell_is_a_clear_sheet_error(register, tmp_path, rough_rows, parallel):
    from breakzero.core.sheets import SheetError

    long = ["x"] * len(HEADERS)
    long[0], long[3] = number(2022, "invention", 4001), "长" * (csv.field_size_limit() + 10)
    path = write_csv(tmp_path / "long.csv", [*rough_rows, long, *rough_rows[:3]])
    with pytest.raises(SheetError, match="个字符"):
        run(path)
    assert not Patent.objects.exists()

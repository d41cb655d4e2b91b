"""A web job's apply step reuses its validation's parse (patents.kept_parse): same result as
parsing again, and a parse again whenever the kept one is stale or missing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from breakzero.core import import_reuse
from breakzero.core.imports import import_job_apply, import_job_create, import_job_validate
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.patents import kept_parse, sheets
from breakzero.patents.models import Patent, PatentApplicant, PatentChange, ReviewItem
from breakzero.patents.tests.factories import write_csv
from breakzero.patents.tests.test_parallel_import import rough_rows  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the kept parse is COPY text: PostgreSQL only"),
]


@pytest.fixture
def parallel(settings, tmp_path):
    settings.IMPORT_PARSE_WORKERS = 2
    settings.IMPORT_PARALLEL_MIN_BYTES = 0
    settings.IMPORT_CHUNK_BYTES = 300
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture
def parses(monkeypatch):
    """The calls of the parse (sheets._parse_into, kept_parse.load_into) and of the kept parse's load."""
    calls: list[str] = []
    parse_into, load_kept = sheets._parse_into, kept_parse.load_into

    def parsed(*args, **kwargs):
        calls.append("parse")
        return parse_into(*args, **kwargs)

    def loaded(*args, **kwargs):
        calls.append("kept")
        return load_kept(*args, **kwargs)

    monkeypatch.setattr(sheets, "_parse_into", parsed)
    monkeypatch.setattr(kept_parse, "load_into", loaded)
    return calls


def stored(job):
    patents = sorted(Patent.objects.values_list("application_number", "kind", "title", "application_date",
                                                "legal_status", "ipc_main"))  # fmt: skip
    applicants = sorted(PatentApplicant.objects.values_list(
        "patent__application_number", "position", "name", "uscc", "enterprise_id", "applicant_type", "match_method"))
    reviews = sorted(ReviewItem.objects.values_list("name_normalized", "enterprise_id", "status"))
    counts = (job.status, job.total_rows, job.created_count, job.updated_count, job.unchanged_count, job.rejected_count)
    return counts, job.rejected_rows, job.summary, patents, applicants, reviews


def wipe():
    for model in (PatentChange, ReviewItem, PatentApplicant, Patent):
        model.objects.all().delete()


def applied_without_validation(user, data):
    """The reference: a job applied straight away parses its file."""
    job = import_job_create(kind="patents", user=user, upload=SimpleUploadedFile("导出.csv", data))
    return stored(import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True))


def validated(user, data):
    job = import_job_create(kind="patents", user=user, upload=SimpleUploadedFile("导出.csv", data))
    return import_job_validate(job_id=job.pk)


def test_job_apply_after_its_validation_reuses_the_parse_with_the_same_result(
    register, tmp_path, rough_rows, parallel, province_official, parses  # noqa: F811
):
    data = write_csv(tmp_path / "rough.csv", rough_rows).read_bytes()
    expected = applied_without_validation(province_official, data)
    wipe()
    job = validated(province_official, data)
    assert (import_reuse.kept_root() / str(job.pk) / kept_parse.PART / kept_parse.COPY_FILE).is_file()
    parses.clear()
    job = import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True)
    assert parses == ["kept"]
    assert stored(job) == expected and expected[0][2] > 40
    assert not (import_reuse.kept_root() / str(job.pk)).exists()  # removed when the job ended


def test_job_apply_after_the_register_changed_parses_again(
    register, tmp_path, rough_rows, parallel, province_official, parses  # noqa: F811
):
    data = write_csv(tmp_path / "rough.csv", rough_rows).read_bytes()
    job = validated(province_official, data)
    EnterpriseFactory(name="湖南启明光点有限公司", county_id="430104")  # a firm of the file is now registered
    parses.clear()
    got = stored(import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True))
    assert parses == ["parse"]
    wipe()
    assert got == applied_without_validation(province_official, data)


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_job_apply_with_a_damaged_kept_parse_parses_again(
    register, tmp_path, rough_rows, parallel, province_official, parses, damage  # noqa: F811
):
    data = write_csv(tmp_path / "rough.csv", rough_rows).read_bytes()
    job = validated(province_official, data)
    copy = import_reuse.kept_root() / str(job.pk) / kept_parse.PART / kept_parse.COPY_FILE
    if damage == "truncated":
        copy.write_bytes(copy.read_bytes()[:-10])
    else:
        copy.unlink()
    parses.clear()
    got = stored(import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True))
    assert parses == ["parse"]
    wipe()
    assert got == applied_without_validation(province_official, data)


def test_kept_parse_of_another_upload_is_not_used(register, tmp_path, rough_rows, parallel, province_official):  # noqa: F811
    first = validated(province_official, write_csv(tmp_path / "a.csv", rough_rows).read_bytes())
    other = import_reuse.JobParse(str(first.pk), lambda: open(write_csv(tmp_path / "b.csv", rough_rows[:-1]), "rb"),
                                  keeping=False)
    from breakzero.patents.attribution import build_lookup

    assert kept_parse.find(other, kept_parse.parse_key(other, build_lookup())) is None

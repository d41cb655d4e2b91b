"""core.imports job life cycle with the enterprise importer: preview, refusal, skip-invalid, error xlsx."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from breakzero.core.errors import DomainError
from breakzero.core.imports import import_job_apply, import_job_create, import_job_validate, rejected_rows_xlsx, template_xlsx
from breakzero.core.imports import ProgressReporter, get_importer
from breakzero.core.models import ImportJob
from breakzero.enterprises.models import Enterprise
from breakzero.enterprises.tests.fixtures.builders import ENTERPRISE_HEADERS, bad_check, csv_bytes, enterprise_row, uscc

pytestmark = pytest.mark.django_db


def _job(user, rows):
    upload = SimpleUploadedFile("企业.csv", csv_bytes(ENTERPRISE_HEADERS, rows, encoding="gbk"))
    job = import_job_create(kind="enterprises", user=user, upload=upload)
    return import_job_validate(job_id=job.pk)


def test_job_with_bad_rows_refused_then_skip_invalid_saves_good_rows_and_error_xlsx(province_official):
    job = _job(province_official, [enterprise_row(1), enterprise_row(2, uscc=bad_check(uscc(2)))])
    assert (job.status, job.created_count, job.rejected_count) == (ImportJob.Status.PREVIEW, 1, 1)
    with pytest.raises(DomainError, match="跳过错误行"):
        import_job_apply(job_id=job.pk, skip_invalid=False)
    assert Enterprise.objects.count() == 0
    job = import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True)
    assert job.status == ImportJob.Status.DONE and Enterprise.objects.count() == 1
    sheet = openpyxl.load_workbook(io.BytesIO(rejected_rows_xlsx(job))).active
    rows = list(sheet.values)
    assert rows[0][0] == "行号" and rows[0][-1] == "错误原因"
    assert rows[1][0] == 3 and rows[1][1] == bad_check(uscc(2)) and "校验码错误" in rows[1][-1]


def test_job_too_large_upload_is_refused(province_official, settings):
    settings.UPLOAD_MAX_BYTES = 50
    with pytest.raises(DomainError, match="文件过大"):
        _job(province_official, [enterprise_row(1), enterprise_row(2)])


def test_job_not_a_spreadsheet_fails_with_message(province_official):
    job = import_job_create(kind="enterprises", user=province_official, upload=SimpleUploadedFile("a.csv", b"\x00\x01\x02"))
    job = import_job_validate(job_id=job.pk)
    assert job.status == ImportJob.Status.FAILED and "不是表格" in job.message


def test_job_enterprise_user_may_not_import(enterprise_user):
    with pytest.raises(DomainError, match="没有导入此类数据的权限"):
        _job(enterprise_user, [enterprise_row(1)])


def test_template_lists_every_column_with_example_rows():
    sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx(get_importer("enterprise-years")))).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("统一社会信用代码", "年度") and len(rows) == 3


@pytest.mark.django_db(transaction=True)
def test_progress_reporter_writes_on_its_own_connection_visible_at_once(province_official):
    job = ImportJob.objects.create(kind="patents", created_by=province_official, original_name="a.csv")
    reporter = ProgressReporter(job.pk)
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:  # the import's transaction, a COPY open
            cursor.execute("CREATE TEMP TABLE t (a integer) ON COMMIT DROP")
            with cursor.cursor.copy("COPY t (a) FROM STDIN") as copy:
                copy.write("1\n")
                reporter(20_000)
                reporter(40_000)
                reporter.close()
            assert ImportJob.objects.filter(pk=job.pk).values_list("processed_rows", flat=True).get() == 40_000
    else:  # SQLite: one writer at a time; the reporter skips a count while the import holds the lock
        reporter(40_000)
        reporter.close()
        assert ImportJob.objects.filter(pk=job.pk).values_list("processed_rows", flat=True).get() == 40_000

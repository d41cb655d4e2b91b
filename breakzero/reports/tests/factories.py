"""Small builders for reports tests: plan files by content, plans, tasks, summary rows."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from breakzero.indicators.models import IndicatorTarget, IndicatorValue, SummaryRefresh
from breakzero.reports.models import ImplementationPlan, SupervisionTask

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name: str = "方案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def zip_upload(name: str, member: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def docx_upload(name: str = "方案.docx") -> SimpleUploadedFile:
    return zip_upload(name, "word/document.xml")


def xlsx_upload(name: str = "台账.xlsx") -> SimpleUploadedFile:
    return zip_upload(name, "xl/workbook.xml")


def plan(region_code: str, period: str = "2021", status: str = "submitted", version: int = 1) -> ImplementationPlan:
    return ImplementationPlan.objects.create(
        region_id=region_code, period=period, version=version, file=f"plans/{region_code}.pdf",
        original_name="方案.pdf", file_kind="pdf", file_size=10, status=status,
    )


def task(region_code: str, creator, *, due: dt.date, status: str = "open", title: str = "督办") -> SupervisionTask:
    return SupervisionTask.objects.create(
        region_id=region_code, creator_region_id=creator.region_id, created_by=creator, title=title,
        description="请说明进展", due_date=due, status=status,
    )


def value(indicator: str, region: str, year: int, amount: str | int, month: int | None = None) -> IndicatorValue:
    return IndicatorValue.objects.create(indicator=indicator, region_id=region, year=year, month=month,
                                         value=Decimal(str(amount)))


def target(indicator: str, region: str, year: int, amount: str | int) -> IndicatorTarget:
    return IndicatorTarget.objects.create(indicator=indicator, region_id=region, year=year, value=Decimal(str(amount)),
                                          set_at=timezone.now())


def refreshed(*years: int) -> SummaryRefresh:
    """A summary refresh covering `years` (counts there without a row read as 0)."""
    now = timezone.now()
    return SummaryRefresh.objects.create(started_at=now, finished_at=now, duration_ms=1, covered_years=list(years))

"""Upload checks by content: PDF magic, DOCX = zip with word/document.xml, size limits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from breakzero.core.errors import DomainError
from breakzero.reports.files import ATTACHMENT_KINDS, PLAN_KINDS, check_upload
from breakzero.reports.tests import factories as f


def test_check_upload_pdf_by_magic_accepted():
    assert check_upload(f.pdf_upload(), allowed=PLAN_KINDS, max_bytes=1000).kind == "pdf"


def test_check_upload_docx_zip_with_document_xml_accepted():
    assert check_upload(f.docx_upload(), allowed=PLAN_KINDS, max_bytes=10_000).kind == "docx"


def test_check_upload_renamed_text_as_pdf_rejected_in_chinese():
    fake = SimpleUploadedFile("方案.pdf", b"just some text, not a pdf")
    with pytest.raises(DomainError, match="不是允许的类型"):
        check_upload(fake, allowed=PLAN_KINDS, max_bytes=1000)


def test_check_upload_xlsx_as_plan_rejected():
    with pytest.raises(DomainError, match="PDF"):
        check_upload(f.xlsx_upload("方案.docx"), allowed=PLAN_KINDS, max_bytes=10_000)


def test_check_upload_zip_without_word_part_rejected():
    with pytest.raises(DomainError):
        check_upload(f.zip_upload("方案.docx", "other/file.xml"), allowed=PLAN_KINDS, max_bytes=10_000)


def test_check_upload_too_large_rejected_before_reading():
    with pytest.raises(DomainError, match="文件过大"):
        check_upload(f.pdf_upload(), allowed=PLAN_KINDS, max_bytes=10)


def test_check_upload_empty_file_rejected():
    with pytest.raises(DomainError, match="文件为空"):
        check_upload(SimpleUploadedFile("a.pdf", b""), allowed=PLAN_KINDS, max_bytes=10)


def test_check_upload_attachment_image_and_xlsx_accepted():
    png = SimpleUploadedFile("照片.png", f.PNG_BYTES)
    assert check_upload(png, allowed=ATTACHMENT_KINDS, max_bytes=1000).kind == "png"
    assert check_upload(f.xlsx_upload(), allowed=ATTACHMENT_KINDS, max_bytes=10_000).kind == "xlsx"


def test_check_upload_attachment_executable_rejected():
    exe = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00" + b"\x00" * 20)
    with pytest.raises(DomainError):
        check_upload(exe, allowed=ATTACHMENT_KINDS, max_bytes=1000)

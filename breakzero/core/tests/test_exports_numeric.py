"""Exports people can compute with: every xlsx download holds numbers as numeric cells and dates as
date cells, never as text, and masks personal data as the pages do (个人信息保护法; CONTRACTS: exports).

Every GET route is requested, as each role, against the access world with every object built (one walk
with the page sweep: test_chinese_interface); each response that is an xlsx workbook is opened (python-calamine, typed cells) and searched for text
cells that read as a number, a percentage or a date. Codes that are digits (区划代码, 统一社会信用代码,
phone numbers, patent numbers …) stay text: their columns are recognised by the header.
"""

from __future__ import annotations

import io
import re

from breakzero.accounts.models import Role
from breakzero.enterprises.access import can_see_personal_data

NUMBER_TEXT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*%?$")
DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE_HEADERS = re.compile(r"代码|编号|号码|电话|手机|证号|账号|帐号|编码|号$|邮编|批次|版本|序号|口令|标识|质押专利|所在区县|token|code|id$", re.IGNORECASE)
PHONE = "13900001111"  # the side-B enterprise's contact phone (access_world._enterprise)


def text_numbers(content: bytes) -> list[str]:
    """'sheet!cell header=value' for every text cell that should have been a number or a date."""
    from python_calamine import CalamineWorkbook

    found = []
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as error:  # a download that says xlsx but does not open is the worst export of all
        return [f"not a readable workbook ({len(content)} bytes): {error}"]
    for name in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if not rows:
            continue
        header_row = _header_row(rows)
        headers = [str(h) for h in rows[header_row]]
        for r, row in enumerate(rows[header_row + 1:], start=header_row + 2):
            for c, value in enumerate(row):
                header = headers[c] if c < len(headers) else ""
                if not isinstance(value, str) or CODE_HEADERS.search(header):
                    continue
                text = value.strip()
                if NUMBER_TEXT.match(text) or DATE_TEXT.match(text):
                    found.append(f"{name}!R{r}C{c + 1} {header}={text!r}")
    return found


def _header_row(rows: list[list]) -> int:
    """The first row whose cells are all text (a title line may come first)."""
    for index, row in enumerate(rows[:5]):
        cells = [v for v in row if v not in ("", None)]
        if len(cells) >= 2 and all(isinstance(v, str) for v in cells):
            return index
    return 0


def xlsx_content(response) -> bytes | None:
    if response.status_code != 200:
        return None
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content if content[:2] == b"PK" and "sheet" in response.get("Content-Type", "") + response.get(
        "Content-Disposition", "") + ".xlsx" else None


EXPORTING_ROLES = {Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL, Role.ENTERPRISE, Role.SERVICE_BODY, Role.FINANCE}


def export_findings(url: str, content: bytes, user, enterprise) -> list[str]:
    """What is wrong with one xlsx download for `user` (the every-page walk in test_chinese_interface
    calls this for each export it reaches, as each role)."""
    problems = [f"{url}: {f}" for f in text_numbers(content)]
    if problems and "not a readable workbook" in problems[0]:
        return problems
    if not can_see_personal_data(user, enterprise) and _contains(content, PHONE):
        problems.append(f"{url}: the contact phone {PHONE} is not masked")
    return problems


def _contains(content: bytes, needle: str) -> bool:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(needle.encode() in archive.read(n) for n in archive.namelist() if n.endswith(".xml"))


def test_text_numbers_text_amount_reported():
    from breakzero.core.sheet_writer import write_xlsx

    target = io.BytesIO()
    write_xlsx(target, ["区划代码", "金额（万元）", "完成率", "日期"], [["430100", "1,234.50", "87.6%", "2024-06-30"]])
    found = text_numbers(target.getvalue())
    assert len(found) == 3 and not any("区划代码" in f for f in found)


def test_text_numbers_typed_cells_pass():
    import datetime as dt
    from decimal import Decimal

    from breakzero.core.sheet_writer import write_xlsx

    target = io.BytesIO()
    write_xlsx(target, ["金额（万元）", "日期", "企业"], [[Decimal("1234.5"), dt.date(2024, 6, 30), "甲方"]])
    assert text_numbers(target.getvalue()) == []

"""Budget-execution reports as PDF for finance: A4 landscape, Chinese through the Adobe CID font
STSong-Light (built into reportlab, no font file), times in China Standard Time, and every figure a
link to the payments behind it (the same filters as the page's links)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from breakzero.funds.money import wan

CJK_FONT = "STSong-Light"
CHINA = ZoneInfo("Asia/Shanghai")
HEADERS = ("维度", "下达/类别预算（万元）", "批准（万元）", "已拨付（万元）", "未拨付（万元）", "已追回（万元）")
FIGURES = ("allocated", "approved", "paid", "outstanding", "recovered")


def china_time(moment: dt.datetime) -> str:
    """"2026-12-06 20:10（北京时间）" — an aware datetime shown in China Standard Time."""
    return f"{moment.astimezone(CHINA):%Y-%m-%d %H:%M}（北京时间）"


def execution_pdf(*, title: str, subtitle: str, rows: Sequence[Any], total: Any, payments_url: str,
                  generated_at: dt.datetime) -> bytes:
    """One table of execution rows plus the 合计 row; `payments_url` is the absolute payment-list URL
    to which each row's `query` is appended."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    heading = ParagraphStyle("h", fontName=CJK_FONT, fontSize=15, leading=21, spaceAfter=4)
    body = ParagraphStyle("b", fontName=CJK_FONT, fontSize=9, leading=12)
    number = ParagraphStyle("n", parent=body, alignment=2)

    def figure(row: Any, name: str) -> Any:
        text = wan(getattr(row, name))
        if not row.query:
            return Paragraph(text, number)
        href = escape(f"{payments_url}?{row.query}", {'"': "&quot;"})
        return Paragraph(f'<a href="{href}" color="#1a4f8b">{text}</a>', number)

    cells: list[list[Any]] = [[Paragraph(h, body) for h in HEADERS]]
    for row in [*rows, total]:
        cells.append([Paragraph(escape(str(row.label)), body), *(figure(row, name) for name in FIGURES)])
    table = Table(cells, repeatRows=1, hAlign="LEFT", colWidths=[70 * mm] + [38 * mm] * 5)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF7")),
        ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F4F4F4")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    story = [Paragraph(escape(title), heading),
             Paragraph(escape(f"{subtitle}；生成时间 {china_time(generated_at)}；金额单位：万元；点击数字查看对应拨付记录。"), body),
             table]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title, author="破零倍增平台")
    doc.build(story)
    return buffer.getvalue()

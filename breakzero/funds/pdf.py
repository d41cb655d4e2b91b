"""Budget-execution and 绩效自评 reports as PDF for finance: A4 landscape, Chinese through the Adobe CID font
STSong-Light (built into reportlab, no font file), times in China Standard Time, and every figure a
link to the payments behind it (the same filters as the page's links)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
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


def figure_text(value: Any, kind: str) -> str:
    """A 绩效自评 figure as printed: a rate 0.85 → "85.00%", 万元 with separators, "—" for nothing."""
    if value is None or value == "":
        return "—"
    if kind == "rate":
        return f"{value * 100:.2f}%"
    if kind == "wan":
        return f"{value:,.2f}"
    return str(value)


def self_evaluation_pdf(*, title: str, subtitle: str, figures: Sequence[tuple[str, Any, str]],
                        headers: Sequence[str], detail: Sequence[Sequence[Any]], generated_at: dt.datetime) -> bytes:
    """The fund year's 绩效自评 report: the summary figures, then one row per performance target
    (A4 landscape, Chinese in STSong-Light, the generation time in China Standard Time)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    heading = ParagraphStyle("h", fontName=CJK_FONT, fontSize=15, leading=21, spaceAfter=4)
    section = ParagraphStyle("s", fontName=CJK_FONT, fontSize=11, leading=16, spaceBefore=6, spaceAfter=3)
    body = ParagraphStyle("b", fontName=CJK_FONT, fontSize=8, leading=11)

    def cell(value: Any) -> Any:
        if isinstance(value, dt.date):
            text = f"{value:%Y-%m-%d}"
        elif isinstance(value, Decimal):
            text = f"{value:,f}"  # a normalised 500 is Decimal("5E+2"): print it as 500
        else:
            text = "" if value is None else str(value)
        return Paragraph(escape(text), body)

    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF7"))])
    summary = Table([[cell("汇总项目"), cell("数值")], *[[cell(label), cell(figure_text(value, kind))]
                                                     for label, value, kind in figures]],
                    hAlign="LEFT", colWidths=[60 * mm, 40 * mm])
    summary.setStyle(grid)
    widths = [50, 40, 20, 20, 35, 12, 18, 18, 15, 20, 20]
    rows = Table([[cell(h) for h in headers], *[[cell(v) for v in row] for row in detail]], repeatRows=1, hAlign="LEFT",
                 colWidths=[w * mm for w in widths[:len(headers)]])
    rows.setStyle(grid)
    story = [Paragraph(escape(title), heading),
             Paragraph(escape(f"{subtitle}；生成时间 {china_time(generated_at)}；金额单位：万元。"), body),
             Paragraph("一、汇总", section), summary, Spacer(1, 4 * mm), Paragraph("二、绩效目标完成情况", section), rows]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title, author="破零倍增平台")
    doc.build(story)
    return buffer.getvalue()

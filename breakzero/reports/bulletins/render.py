"""Render assembled bulletin data as xlsx (five sheets) and as a PDF with a CJK font (STSong-Light)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from breakzero.core import numbers
from breakzero.core.sheets import safe_cell
from breakzero.reports.bulletins.assembly import BulletinData, Line

SUMMARY_HEADERS = ["指标", "单位", "实际值", "目标值", "完成率", "预测全年", "进度状态"]
RANKING_HEADERS = ["指标", "名次", "地区", "实际值", "目标值", "完成率", "进度状态"]
LAGGING_HEADERS = ["地区", "指标", "实际值", "目标值", "完成率", "预测全年", "进度状态"]
MISSING_HEADERS = ["地区", "所属市州", "缺报情况"]
REPORTING_HEADERS = ["填报期", "及时率名次", "地区", "应报", "已报", "按时", "已通过", "待审核", "已退回", "未报", "及时率",
                     "通过率"]
CJK_FONT = "STSong-Light"


@dataclass(frozen=True)
class Figure:
    """A number in a bulletin table: a value with its decimals, or a completion ratio (a fraction).
    The xlsx keeps it a numeric cell with a number format; the PDF and the page show its text."""

    value: Decimal | int | None
    decimals: int = 0
    is_ratio: bool = False

    def __str__(self) -> str:
        if self.is_ratio:
            return numbers.ratio(self.value)
        return numbers.thousands(self.value, self.decimals)

    @property
    def num_format(self) -> str:
        if self.is_ratio:
            return "0%"
        return "#,##0" + ("." + "0" * self.decimals if self.decimals else "")


def number(value: Decimal | None, decimals: int) -> str:
    return str(Figure(value, decimals))


def percent(value: Decimal | None) -> str:
    """A completion ratio as people read it: 0.2071 → "21 %"."""
    return str(Figure(value, is_ratio=True))


def typed_rows(data: BulletinData) -> dict[str, list[list[Any]]]:
    """The five tables with numbers as `Figure`s (shared by both renderers, so they always agree)."""
    return {
        "汇总": [[r.label, r.unit, Figure(r.actual, r.decimals), Figure(r.target, r.decimals),
                 Figure(r.ratio, is_ratio=True), Figure(r.forecast, r.decimals), r.status_label] for r in data.summary],
        "各地排名": [[r.label, Figure(r.rank) if r.rank else "—", r.region_name, Figure(r.actual, r.decimals),
                   Figure(r.target, r.decimals), Figure(r.ratio, is_ratio=True), r.status_label]
                  for rows in data.rankings.values() for r in rows],
        "滞后地区": [_lagging(r) for r in data.lagging],
        "缺报地区": [[m.region_name, m.parent_name or "—", "；".join(m.reasons)] for m in data.missing],
        "填报及时率": [[r.window, r.rank or "合计", r.region_name, r.expected, r.submitted, r.on_time, r.accepted, r.pending,
                    r.returned, r.missing, _rate(r.on_time_rate), _rate(r.accepted_rate)] for r in data.reporting],
    }


def table_rows(data: BulletinData) -> dict[str, list[list[Any]]]:
    """The five tables as display text (the PDF, the bulletin page's stored summary)."""
    return {name: [[str(v) if isinstance(v, Figure) else v for v in row] for row in rows]
            for name, rows in typed_rows(data).items()}


def render_xlsx(data: BulletinData) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    title = book.add_format({"bold": True, "font_size": 14})
    tables = typed_rows(data)
    formats: dict[str, Any] = {}
    sheets = [("汇总", SUMMARY_HEADERS), (_ranking_sheet(data), RANKING_HEADERS), ("滞后地区", LAGGING_HEADERS),
              ("缺报地区", MISSING_HEADERS), ("填报及时率", REPORTING_HEADERS)]
    for (name, headers), rows in zip(sheets, tables.values(), strict=True):
        sheet = book.add_worksheet(name)
        sheet.write(0, 0, f"{data.region_name}{data.label}破零倍增调度通报 — {name}", title)
        sheet.write(1, 0, f"数据截至 {data.as_of:%Y-%m-%d}；汇总刷新于 {data.data_refreshed_at or '—'}")
        sheet.write_row(3, 0, headers, bold)
        sheet.freeze_panes(4, 0)
        for col, header in enumerate(headers):
            sheet.set_column(col, col, 34 if header in {"指标", "缺报情况", "填报期"} else 14)
        for index, row in enumerate(rows, start=4):
            for col, value in enumerate(row):
                if isinstance(value, Figure):
                    if value.value is None:
                        sheet.write_string(index, col, "—")
                    else:
                        cell_format = formats.setdefault(value.num_format, book.add_format({"num_format": value.num_format}))
                        sheet.write_number(index, col, float(value.value), cell_format)
                else:
                    sheet.write(index, col, safe_cell(value) if isinstance(value, str) else value)
    book.close()
    return buffer.getvalue()


def render_pdf(data: BulletinData) -> bytes:
    """A4 landscape PDF; Chinese via the Adobe CID font STSong-Light (no font file needed)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    heading = ParagraphStyle("h", fontName=CJK_FONT, fontSize=16, leading=22, spaceAfter=6)
    sub = ParagraphStyle("s", fontName=CJK_FONT, fontSize=11, leading=16, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("b", fontName=CJK_FONT, fontSize=8, leading=11)
    style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), CJK_FONT), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF7")), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("REPEATROWS", (0, 0), (-1, 0)),
    ])

    def table(headers: Sequence[str], rows: list[list[Any]]) -> Table:
        cells = [list(headers)] + [[Paragraph(str(v), body) for v in row] for row in rows]
        if not rows:
            cells.append([Paragraph("无", body)] + [""] * (len(headers) - 1))
        return Table(cells, repeatRows=1, style=style, hAlign="LEFT")

    tables = table_rows(data)
    story: list[Any] = [
        Paragraph(f"{data.region_name}{data.label}中小企业技术创新“破零倍增”调度通报", heading),
        Paragraph(f"数据截至 {data.as_of:%Y年%m月%d日}；指标汇总刷新于 {data.data_refreshed_at or '—'}", body),
        Paragraph("一、总体进展", sub), table(SUMMARY_HEADERS, tables["汇总"]),
        Paragraph("二、滞后地区（滞后、有风险）", sub), table(LAGGING_HEADERS, tables["滞后地区"]),
        Paragraph("三、缺报地区", sub), table(MISSING_HEADERS, tables["缺报地区"]),
        Paragraph("四、企业数据填报：已通过、待审核、未报及各地及时率排名", sub),
        table(REPORTING_HEADERS, tables["填报及时率"]),
        PageBreak(), Paragraph(f"附：{_ranking_sheet(data)}", sub), table(RANKING_HEADERS, tables["各地排名"]),
        Spacer(1, 4 * mm),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=f"{data.region_name}{data.label}调度通报")
    doc.build(story)
    return buffer.getvalue()


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _lagging(r: Line) -> list[Any]:
    return [r.region_name, r.label, Figure(r.actual, r.decimals), Figure(r.target, r.decimals),
            Figure(r.ratio, is_ratio=True), Figure(r.forecast, r.decimals), r.status_label]


def _ranking_sheet(data: BulletinData) -> str:
    return "各区县排名" if data.region_code != "430000" else "各市州排名"

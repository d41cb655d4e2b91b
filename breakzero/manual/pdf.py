"""The manual of one role as a PDF (reportlab, the STSong-Light CID font for Chinese), screenshots included."""

from __future__ import annotations

import io

from django.utils import timezone

from breakzero.manual.content import Manual
from breakzero.manual.selectors import screenshot_dir, sections_with_shots

FONT = "STSong-Light"


def manual_pdf(manual: Manual) -> bytes:
    """The whole manual: title, contents, then each section with its text, steps and screenshot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, ListFlowable, Paragraph, SimpleDocTemplate, Spacer

    _register_font()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
    heading = ParagraphStyle("h2", parent=body, fontSize=14, leading=20, spaceBefore=10, spaceAfter=4)
    title = ParagraphStyle("h1", parent=body, fontSize=20, leading=28, spaceAfter=8)
    story: list = [Paragraph(_escape(manual.title), title),
                   Paragraph(_escape(f"破零倍增平台 · 生成于 {timezone.localdate():%Y-%m-%d}"), body), Spacer(1, 6 * mm)]
    story += [Paragraph(_escape(f"{n}. {s.title}"), body) for n, (s, _shot) in enumerate(sections_with_shots(manual), 1)]
    width = A4[0] - 40 * mm
    for number, (section, shot) in enumerate(sections_with_shots(manual), 1):
        story.append(Paragraph(_escape(f"{number}. {section.title}"), heading))
        story += [Paragraph(_escape(text), body) for text in section.text]
        if section.steps:
            story.append(ListFlowable([Paragraph(_escape(step), body) for step in section.steps],
                                      bulletType="1", bulletFontName=FONT))
        if shot:
            image = Image(str(screenshot_dir() / shot))
            image.drawHeight, image.drawWidth = image.drawHeight * width / image.drawWidth, width
            story += [Spacer(1, 3 * mm), image]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=str(manual.title),
                      topMargin=18 * mm, bottomMargin=18 * mm).build(story)
    return buffer.getvalue()


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

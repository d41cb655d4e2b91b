"""The patent lists as xlsx: break-zero enterprises, candidates, patents, the review queue."""

from __future__ import annotations

import io
from typing import Any

from breakzero.core.sheets import write_xlsx


def break_zero_xlsx(events: Any) -> bytes:
    headers = ["统一社会信用代码", "企业名称", "市州", "区县", "破零日期", "年度", "申请号", "发明名称",
               "当年规模", "计入破零", "规模未知"]  # fmt: skip
    rows = (
        [e.enterprise.uscc, e.enterprise.name, e.enterprise.city.name, getattr(e.enterprise.county, "name", ""),
         e.break_zero_date, e.year, e.patent.application_number, e.patent.title, e.size, e.counts, not e.size_known]
        for e in events.iterator(chunk_size=2000)
    )  # fmt: skip
    return _xlsx(headers, rows, "破零企业")


def candidates_xlsx(applicants: Any) -> bytes:
    from breakzero.patents.selectors import expected_grant_window

    headers = ["统一社会信用代码", "企业名称", "市州", "区县", "企业规模", "申请号", "发明名称", "申请日",
               "公开状态", "预计授权最早", "预计授权最晚"]  # fmt: skip

    def row(a: Any) -> list:
        window = expected_grant_window(a.patent.application_date)
        e, p = a.enterprise, a.patent
        published = "已公开" if p.publication_number or p.publication_date else "未公开"
        return [e.uscc, e.name, e.city.name, getattr(e.county, "name", ""), e.latest_size or "未知",
                p.application_number, p.title, p.application_date, published,
                window.earliest if window else None, window.latest if window else None]  # fmt: skip

    return _xlsx(headers, (row(a) for a in applicants.iterator(chunk_size=2000)), "破零后备")


def patents_xlsx(patents: Any) -> bytes:
    headers = ["申请号", "专利类型", "发明名称", "申请（专利权）人", "申请日", "公开（公告）号", "公开（公告）日",
               "授权公告日", "法律状态", "法律状态（原文）", "主分类号"]  # fmt: skip
    rows = (
        [p.application_number, p.get_kind_display(), p.title, "；".join(a.name for a in p.applicants.all()),
         p.application_date, p.publication_number, p.publication_date, p.grant_date, p.get_legal_status_display(),
         p.legal_status_raw, p.ipc_main]
        for p in patents.iterator(chunk_size=2000)
    )  # fmt: skip
    return _xlsx(headers, rows, "专利")


def review_xlsx(items: Any) -> bytes:
    headers = ["申请人名称", "候选企业", "统一社会信用代码", "相似度", "状态", "处理人", "处理时间"]
    rows = (
        [i.applicant_name, i.enterprise.name, i.enterprise.uscc, i.score, i.get_status_display(),
         str(i.decided_by or ""), i.decided_at]
        for i in items.iterator(chunk_size=2000)
    )  # fmt: skip
    return _xlsx(headers, rows, "申请人匹配")


def _xlsx(headers: list[str], rows: Any, sheet: str) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet=sheet)
    return buffer.getvalue()

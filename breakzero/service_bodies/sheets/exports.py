"""xlsx exports of the service-system lists (rows come from scoped selectors)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from breakzero.core.sheets import write_xlsx
from breakzero.core.masking import mask_phone  # noqa: F401 (re-exported: the register export masks as the pages do)
from breakzero.service_bodies.selectors.compliance import BodyCalendar


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet=sheet)
    return buffer.getvalue()


def bodies_xlsx(bodies: Iterable[Any], *, show_phone) -> bytes:
    headers = ["名称", "类型", "统一社会信用代码", "所在地区", "认定级别", "认定日期", "有效期至", "联系人", "联系电话"]
    rows = (
        [b.name, b.get_kind_display(), b.uscc, b.region.name, b.get_recognition_level_display(), b.recognized_on,
         b.valid_until, b.contact_person, b.contact_phone if show_phone(b) else mask_phone(b.contact_phone)]
        for b in bodies
    )
    return to_xlsx(headers, rows, sheet="服务机构")


def engineers_xlsx(engineers: Iterable[Any]) -> bytes:
    headers = ["姓名", "身份证号（脱敏）", "所在企业", "所在市州", "所在区县", "证书编号", "发证日期", "培训学时"]
    rows = (
        [e.name, e.id_number_masked, e.employer.name if e.employer else e.employer_uscc, e.city.name,
         e.county.name if e.county else "", e.certificate_number, e.certified_on, e.total_hours or 0]
        for e in engineers
    )
    return to_xlsx(headers, rows, sheet="创新工程师")


def events_xlsx(events: Iterable[Any]) -> bytes:
    headers = ["活动编号", "活动日期", "活动名称", "主办机构", "形式", "主题", "地点", "参会企业数"]
    rows = (
        [e.pk, e.held_on, e.title, e.body.name, e.get_mode_display(), e.get_topic_display(), e.location, e.attendee_count]
        for e in events
    )
    return to_xlsx(headers, rows, sheet="服务活动")


def registrations_xlsx(registrations: Iterable[Any]) -> bytes:
    headers = ["企业名称", "统一社会信用代码", "所在市州", "参会人", "联系电话", "参会人数", "报名时间"]
    rows = (
        [r.enterprise.name, r.enterprise.uscc, r.enterprise.city.name if r.enterprise.city_id else "", r.attendee_name,
         r.attendee_phone, r.attendees, r.created_at.astimezone().strftime("%Y-%m-%d %H:%M")]
        for r in registrations
    )
    return to_xlsx(headers, rows, sheet="活动报名")


def calendars_xlsx(items: Iterable[BodyCalendar], *, year: int) -> bytes:
    labels = {"met": "达标", "missed": "未达标", "pending": "进行中", "n/a": "—"}
    headers = ["机构", "所在地区", *[f"{year}年{m}月" for m in range(1, 13)], "达标月数", "未达标月数"]
    rows = (
        [c.body.name, c.body.region.name, *[f"{labels[m.status]}（{m.events}场）" for m in c.months], c.compliant, len(c.missed)]
        for c in items
    )
    return to_xlsx(headers, rows, sheet="活动达标日历")


def records_xlsx(records: Iterable[Any]) -> bytes:
    headers = ["服务日期", "服务机构", "服务企业", "统一社会信用代码", "服务类别", "服务内容", "评分", "评价"]
    rows = (
        [r.served_on, r.body.name, r.enterprise.name, r.enterprise.uscc, r.get_specialty_display(), r.content,
         getattr(getattr(r, "rating", None), "score", None), getattr(getattr(r, "rating", None), "comment", "")]
        for r in records
    )
    return to_xlsx(headers, rows, sheet="服务记录")


def results_xlsx(results: Iterable[Any], indicators: Sequence[Any]) -> bytes:
    headers = ["排名", "机构", "类型", "所在地区", "总分", *[f"{i.name}（得分）" for i in indicators]]
    rows = (
        [r.rank, r.body.name, r.body.get_kind_display(), r.body.region.name, r.score,
         *[float(r.details.get(i.code, {}).get("score", 0)) for i in indicators]]
        for r in results
    )
    return to_xlsx(headers, rows, sheet="绩效评价排名")


def allocations_xlsx(rows: Iterable[Sequence[Any]]) -> bytes:
    return to_xlsx(["排名", "机构", "所在地区", "得分", "补助金额（万元）"], rows, sheet="后补助分配")

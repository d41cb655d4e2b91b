"""Progress JSON API (/api/v1/progress): the same rows as `manage.py progress`, scoped to the user."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from breakzero.indicators import selectors
from breakzero.indicators.access import region_for
from breakzero.indicators.forecast import STATUS_LABELS_ZH
from breakzero.indicators.tables import progress_record

router = Router(tags=["目标与进度 / progress"])


class ProgressQuery(Schema):
    year: int = Field(..., ge=2000, le=2100, description="年度")
    region: str = Field("", max_length=6, description="区划代码；默认为用户本人所辖地区")


class ProgressRowOut(Schema):
    indicator: str
    name_zh: str
    unit: str
    region_code: str
    year: int
    actual: str
    target: str
    ratio: str
    status: str
    status_zh: str
    forecast: str
    explanation: str
    doubling: str = Field("", description="倍增判断：doubled | not_doubled | not_applicable | unknown（仅倍增指标）")


class ProgressOut(Schema):
    region_code: str
    region_name: str
    year: int
    refreshed_at: str | None
    rows: list[ProgressRowOut]


@router.get("/progress", response=ProgressOut, summary="各项指标的实际值、目标、完成率与进度状态")
def progress(request, query: Query[ProgressQuery]):
    try:
        region = region_for(request.user, query.region or None)
    except Http404 as exc:
        raise HttpError(404, "地区不存在或不在您的管辖范围内") from exc
    rows = selectors.region_progress(user=request.user, region=region, year=query.year, today=timezone.localdate())
    refreshed = selectors.last_refresh()
    return {
        "region_code": region.code, "region_name": region.name, "year": query.year,
        "refreshed_at": refreshed.finished_at.isoformat() if refreshed else None,
        "rows": [
            {**progress_record(row), "name_zh": row.indicator.name_zh, "unit": row.indicator.unit,
             "status_zh": STATUS_LABELS_ZH[row.progress.status], "forecast": str(row.progress.forecast or ""),
             "explanation": row.progress.explanation, "doubling": str(row.doubling.state) if row.doubling else ""}
            for row in rows
        ],
    }

"""`{% reporting_completeness region year %}`: how much of a year's reported figures are accepted,
pending or missing — shown beside the indicators that rest on them (R&D intensity, new products)."""

from django import template
from django.core.cache import cache

from breakzero.reporting.models import PeriodType, ReportingWindow
from breakzero.reporting.selectors import completeness, completeness_total

register = template.Library()
TTL = 30  # seconds: the issue asks for completeness figures current within 60 s


@register.inclusion_tag("reporting/completeness_line.html")
def reporting_completeness(region, year) -> dict:
    try:
        year = int(year)
    except (TypeError, ValueError):
        return {"lines": []}
    windows = ReportingWindow.objects.filter(dataset__period_type=PeriodType.YEAR, year=year).select_related("dataset")
    lines = []
    for window in windows:
        key = f"reporting:completeness-line:{window.pk}:{region.code}"
        total = cache.get_or_set(key, lambda w=window: completeness_total(completeness(w, region)), TTL)
        pending = total["submitted"] - total["accepted"] - total["returned"]
        lines.append({"window": window, "region": region, "total": total, "pending": pending})
    return {"lines": lines}

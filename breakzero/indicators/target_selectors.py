"""Reads of the indicator targets: the target page's grid, allocation gaps between levels and the change
history (targets are set per region and year; plan §三 dispatch and supervision)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q

from breakzero.indicators import definitions
from breakzero.indicators.models import IndicatorTarget, TargetChange
from breakzero.indicators.selectors import load_summaries
from breakzero.regions.models import Region


def target_history(*, region_codes: list[str], year: int | None = None) -> Any:
    qs = TargetChange.objects.filter(region_id__in=region_codes).select_related("region", "changed_by")
    return qs.filter(year=year) if year else qs


def allocation_gaps(*, parent: Region, year: int) -> list[dict[str, Any]]:
    """Additive indicators whose children's targets do not add up to the parent's target.

    For the province this also checks every prefecture's allocation to its counties (two queries).
    """
    regions = list(Region.objects.filter(Q(code=parent.code) | Q(parent=parent) | Q(parent__parent=parent)))
    by_parent: dict[str, list[Region]] = defaultdict(list)
    for region in regions:
        if region.parent_id:
            by_parent[region.parent_id].append(region)
    targets = {(t.indicator, t.region_id): t.value
               for t in IndicatorTarget.objects.filter(region_id__in=[r.code for r in regions], year=year)}
    parents = [parent, *sorted(by_parent.get(parent.code, []), key=lambda r: r.code)]
    gaps = []
    for upper in parents:
        children = sorted(by_parent.get(upper.code, []), key=lambda r: r.code)
        gaps += _gaps_for(upper, children, targets) if children else []
    return gaps


def _gaps_for(parent: Region, children: list[Region], targets: dict[tuple[str, str], Decimal]) -> list[dict[str, Any]]:
    gaps = []
    for indicator in definitions.all_indicators():
        if indicator.id == "rd_intensity" or (indicator.id, parent.code) not in targets:
            continue  # a ratio does not add up; no parent target, nothing to allocate
        parent_value = targets[(indicator.id, parent.code)]
        allocated = sum((targets.get((indicator.id, c.code), Decimal(0)) for c in children), Decimal(0))
        missing = [c for c in children if (indicator.id, c.code) not in targets]
        if allocated != parent_value or missing:
            gaps.append({"indicator": indicator, "region": parent, "target": parent_value, "allocated": allocated,
                         "difference": parent_value - allocated, "missing": missing})
    return gaps


def target_page(*, user: Any, region: Region, year: int) -> dict[str, Any]:
    """Targets of a region and its sub-regions for a year, who may edit which, gaps and history."""
    from breakzero.indicators.access import can_set_target

    children = list(Region.objects.filter(parent=region).order_by("code")) if not region.is_county else []
    regions = [region, *children]
    summaries = load_summaries(codes=[r.code for r in regions], years=None)
    grid = []
    for indicator in definitions.all_indicators():
        cells = []
        for r in regions:
            target, is_default = summaries.target(indicator, r.code, year)
            cells.append({"region": r, "target": target, "is_default": is_default and target is not None,
                          "can_edit": can_set_target(user, r), "field": f"t-{indicator.id}-{r.code}",
                          "stored": None if is_default else target})
        grid.append({"indicator": indicator, "cells": cells})
    gaps = allocation_gaps(parent=region, year=year) if children else []
    history = list(target_history(region_codes=[r.code for r in regions], year=year)[:50])
    return {"region": region, "year": year, "regions": regions, "grid": grid, "gaps": gaps, "history": history,
            "years": list(range(2019, max(year, 2022) + 2))}

"""Reads for reporting: who is expected to report, previous periods, percentile bands, checks."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Count, IntegerField, Q, QuerySet

from breakzero.core.prepared import Param, Prepared
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.regions.models import Region
from breakzero.regions.selectors import descendants_filter
from breakzero.reporting.dataset_cache import as_check, dataset_spec  # noqa: F401 (as_check: selectors' API)
from breakzero.reporting.models import DataField, DataSet, ReportingWindow, Submission
from breakzero.rules.report_checks import CheckRule


def expected_enterprises(window: ReportingWindow) -> QuerySet[Enterprise]:
    """Who must report: the year's participant roster (行动参与企业) by default, or the chosen list."""
    dataset = window.dataset
    if dataset.reporters == DataSet.Reporters.LIST:
        return Enterprise.objects.filter(pk__in=dataset.chosen.values("pk"))
    # The roster lives downstream (indicators); read it by label, without importing that app.
    participant = apps.get_model("indicators", "Participant")
    return Enterprise.objects.filter(pk__in=participant.objects.filter(year=window.year).values("enterprise_id"))


def fields_of(dataset: DataSet) -> list[DataField]:
    """The data set's fields (kept per process: reporting.dataset_cache)."""
    return list(dataset_spec(dataset).fields)


def year_field_label(name: str) -> str:
    """The register column a field feeds, by its Chinese name ('' when the field is province-added)."""
    if not name:
        return ""
    try:
        return str(EnterpriseYear._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a column renamed since the field was set up: show nothing rather than a code
        return ""


def check_rules(dataset: DataSet) -> list[CheckRule]:
    """The data set's active rules in the pure evaluator's form (kept per process: reporting.dataset_cache)."""
    return list(dataset_spec(dataset).rules)


# The look-ups of every submission (the last days of a window), compiled once per process (core.prepared).
_WINDOW = Prepared(lambda: ReportingWindow.objects.select_related("dataset").filter(pk=Param("pk", IntegerField()))[:1])
_YEAR_ROW = Prepared(lambda: EnterpriseYear.objects.filter(
    enterprise_id=Param("enterprise", IntegerField()), year=Param("year", IntegerField())).order_by("pk")[:1])
_PREVIOUS_REPORT = Prepared(lambda: (
    Submission.objects.filter(window__dataset_id=Param("dataset", IntegerField()),
                              window__period__lt=Param("period", CharField()), enterprise_id=Param("enterprise", IntegerField()))
    .exclude(status=Submission.Status.DRAFT).order_by("-window__period").values_list("values", flat=True)[:1]
))


def window_with_dataset(pk: int) -> ReportingWindow | None:
    """A window and its data set by id (a submission's first read), or None."""
    return _WINDOW.first(pk=pk)


def previous_values(window: ReportingWindow, enterprise: Enterprise) -> dict[str, Any]:
    """The last period's figures: the previous window's report, over the register's previous year."""
    fields = fields_of(window.dataset)
    values: dict[str, Any] = {}
    year_row = _YEAR_ROW.first(enterprise=enterprise.pk, year=window.year - 1)
    if year_row is not None:
        values.update({f.code: getattr(year_row, f.year_field) for f in fields if f.year_field})
    before = _PREVIOUS_REPORT.first(dataset=window.dataset_id, period=window.period, enterprise=enterprise.pk)
    values.update({k: v for k, v in (before or {}).items() if v not in (None, "")})
    return values


def percentile_bands(window: ReportingWindow, enterprise: Enterprise) -> dict[str, tuple]:
    """The 1st–99th percentile band per field for the enterprise's region and industry, read from
    the precomputed summary (reporting.bands), with the group used in words."""
    from breakzero.reporting.bands import bands_for

    fields = {f.code: f.year_field for f in fields_of(window.dataset) if f.year_field}
    return bands_for(enterprise=enterprise, report_year=window.year, fields=fields)


def open_windows(today) -> QuerySet[ReportingWindow]:
    return ReportingWindow.objects.filter(dataset__is_active=True, opens_on__lte=today).select_related("dataset")


COMPLETENESS_KEYS = ("expected", "submitted", "on_time", "accepted", "returned", "missing")


def completeness(window: ReportingWindow, region: Region) -> list[dict]:
    """Per sub-region (cities under the province, counties under a city): expected reports,
    submitted, on time, accepted, returned and missing — three grouped queries, no per-row work."""
    group = "city_id" if region.is_province else "county_id"
    expected = expected_enterprises(window).filter(**descendants_filter(region))
    counts: dict[str, dict] = {}
    for row in expected.values(group).annotate(n=Count("pk")):
        counts.setdefault(row[group] or "", dict.fromkeys(COMPLETENESS_KEYS, 0))["expected"] = row["n"]
    subs = (
        Submission.objects.filter(window=window, enterprise__in=expected).exclude(status=Submission.Status.DRAFT)
        .values(f"enterprise__{group}")
        .annotate(submitted=Count("pk"), on_time=Count("pk", filter=Q(is_late=False)),
                  accepted=Count("pk", filter=Q(status=Submission.Status.ACCEPTED)),
                  returned=Count("pk", filter=Q(status=Submission.Status.RETURNED)))
    )
    for row in subs:
        entry = counts.setdefault(row[f"enterprise__{group}"] or "", dict.fromkeys(COMPLETENESS_KEYS, 0))
        entry.update({k: row[k] for k in ("submitted", "on_time", "accepted", "returned")})
    names = dict(Region.objects.filter(code__in=[c for c in counts if c]).values_list("code", "name"))
    rows = []
    for code, entry in counts.items():
        entry["missing"] = max(entry["expected"] - entry["submitted"], 0)
        rows.append({"code": code, "name": names.get(code, "（未分区县）"), **entry, **_rates(entry)})
    return sorted(rows, key=lambda r: (-(r["on_time_rate"] or 0), -r["expected"], r["code"]))


def completeness_total(rows: list[dict]) -> dict:
    total = {k: sum(r[k] for r in rows) for k in COMPLETENESS_KEYS}
    return {**total, **_rates(total)}


def _rates(entry: dict) -> dict:
    expected = entry["expected"]
    return {
        "submitted_rate": round(100 * entry["submitted"] / expected, 1) if expected else None,
        "on_time_rate": round(100 * entry["on_time"] / expected, 1) if expected else None,
        "accepted_rate": round(100 * entry["accepted"] / expected, 1) if expected else None,
    }

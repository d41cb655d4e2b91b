"""Bases for importing records kept per enterprise (talents, 民参军 qualifications, pledge loans, …) or placed in a region (courses, visits, achievements, navigation projects).

Each row names its enterprise by USCC; an enterprise outside the importing user's write scope reads as
unknown (NOT_FOUND_IN_SCOPE). A row is parsed by the subclass, validated with the model's own rules
(`full_clean`: field checks and constraints), matched on the subclass's natural key (a second load of the
same row updates it; a blank cell keeps the stored value) and written only when the whole file is good or
the user chose to skip bad rows. Every problem is reported per row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from breakzero.core.imports import NOT_FOUND_IN_SCOPE, OUTSIDE_SCOPE, ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text
from breakzero.rules.uscc import normalize_uscc

USCC_COLUMN = Column("uscc", "统一社会信用代码", aliases=("信用代码",))
Bad = Callable[[str, str], None]  # bad(column key, reason)


class EnterpriseRecordImporter:
    kind = ""
    title = ""
    scoped_by = "企业所在区县（企业名录中登记的）"
    columns: tuple[Column, ...] = ()
    example_rows: tuple[tuple[Any, ...], ...] = ()
    model: Any = None
    key_fields: tuple[str, ...] = ()  # natural key besides the enterprise (fields of the parsed record)

    def can_import(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_official", False))

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        """The model fields of one row (None or "" = not given); call `bad(key, reason)` for each problem."""
        raise NotImplementedError

    def related(self, record: dict[str, Any], bad: Bad) -> dict[str, list[Any]]:
        """Many-to-many values of the row (e.g. patents by application number)."""
        return {}

    def run(self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool,
            progress: Progress) -> ImportOutcome:
        outcome, parsed = ImportOutcome(), []
        labels = {c.key: c.header for c in self.columns}
        for row, values in sheet:
            outcome.total_rows += 1
            errors: list[RowError] = []

            def bad(key: str, reason: str, row: int = row, values: dict = values, errors: list = errors) -> None:
                errors.append(RowError(row, labels.get(key, ""), cell_text(values.get(key)), reason))

            uscc = normalize_uscc(cell_text(values.get("uscc")))
            if len(uscc) != 18:
                bad("uscc", "统一社会信用代码应为 18 位")
            record = self.parse(values, bad)
            links = self.related(record, bad) if not errors else {}
            if errors:
                outcome.rejected.append(Rejected(row, errors, values))
            else:
                parsed.append((row, values, uscc, record, links))
        good = self._check(parsed, outcome, scope, labels)
        return _finish(good, outcome, apply=apply, skip_invalid=skip_invalid, progress=progress)

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        """Figures are recomputed by the nightly summary refresh; nothing to enqueue."""

    def _check(self, parsed: list, outcome: ImportOutcome, scope: WriteScope, labels: dict[str, str]) -> list:
        from breakzero.enterprises.models import Enterprise

        known = Enterprise.objects.filter(uscc__in={p[2] for p in parsed}, **(scope.enterprise_filter() or {}))
        known = dict(known.values_list("uscc", "pk"))
        good, seen = [], set()
        for row, values, uscc, record, links in parsed:
            pk = known.get(uscc)
            key = (pk, *(record.get(f) for f in self.key_fields))
            reason = NOT_FOUND_IN_SCOPE if pk is None else "与前面的行重复" if key in seen else ""
            if reason:
                outcome.rejected.append(Rejected(row, [RowError(row, labels["uscc"], uscc, reason)], values))
                continue
            seen.add(key)
            _merge(self.model, {"enterprise_id": pk}, self.key_fields, record, links, row, values, labels, outcome, good)
        return good


def _merge(model: Any, place: dict[str, Any], key_fields: tuple[str, ...], record: dict[str, Any],
           links: dict[str, list[Any]], row: int, values: dict[str, Any], labels: dict[str, str],
           outcome: ImportOutcome, good: list) -> None:
    """The stored record at `place` with this key (or a new one) takes the row's non-blank cells (a blank
    cell never erases a stored value); validated, counted, and kept for writing when it changed."""
    current = model.objects.filter(**place, **{f: record.get(f) for f in key_fields}).first()
    given = {k: v for k, v in record.items() if v not in (None, "")}
    obj = current or model(**place)
    changed = current is None or any(getattr(current, k) != v for k, v in given.items()) or bool(links)
    for k, v in given.items():
        setattr(obj, k, v)
    try:
        obj.full_clean()
    except ValidationError as exc:
        errors = [RowError(row, labels.get(field, ""), cell_text(values.get(field)), message)
                  for field, messages in exc.message_dict.items() for message in messages]
        outcome.rejected.append(Rejected(row, errors, values))
        return
    if current is None:
        outcome.counts.created += 1
    elif changed:
        outcome.counts.updated += 1
    else:
        outcome.counts.unchanged += 1
    if changed:
        good.append((obj, links))


def _finish(good: list, outcome: ImportOutcome, *, apply: bool, skip_invalid: bool,
            progress: Progress) -> ImportOutcome:
    """Write the changed records (all or nothing) unless this is a preview or a bad row stops the file."""
    writes = apply and (not outcome.rejected or skip_invalid)
    with transaction.atomic():
        for obj, links in good:
            if writes:
                obj.save()
                for name, items in links.items():
                    getattr(obj, name).set(items)
    outcome.applied = writes
    outcome.rejected.sort(key=lambda r: r.row)
    progress(outcome.total_rows)
    return outcome


# For importers keyed by something other than an enterprise or a region (e.g. a service body's solutions).
merge_record = _merge
finish_records = _finish


def choice(values: dict[str, Any], key: str, choices: Any, bad: Bad, *, required: bool = True) -> str:
    """A choice given by its Chinese label (or stored value); '' when blank and not required."""
    text = cell_text(values.get(key))
    mapping = {str(label): value for value, label in choices} | {value: value for value, _ in choices}
    if not text:
        if required:
            bad(key, "请填写")
        return ""
    if text not in mapping:
        bad(key, "应为：" + " / ".join(str(label) for _, label in choices))
        return ""
    return mapping[text]


def parsed(values: dict[str, Any], key: str, parse: Callable[[Any], Any], bad: Bad, *, required: bool = True) -> Any:
    """A cell through a core.sheet_cells parser; a bad or (when required) missing value is reported."""
    try:
        value = parse(values.get(key))
    except ValueError:
        bad(key, "格式不正确")
        return None
    if value is None and required:
        bad(key, "请填写")
    return value


REGION_COLUMN = Column("region", "所在区县代码", aliases=("区县代码", "行政区划代码", "所在市州代码"),
                       help="6 位行政区划代码（区县，或市州级举办时填市州代码）")


class RegionRecordImporter:
    """A base for importing records placed in a region rather than kept by one enterprise (training courses,
    exchange visits, achievements, patent-navigation projects).

    Each row names its county (or city) by code; a row outside the importing user's write scope is rejected
    (OUTSIDE_SCOPE). Rows are matched on the subclass's natural key within the same region (a second load of
    the same row updates it; a blank cell keeps the stored value), validated with the model's own rules and
    written only when the whole file is good or the user chose to skip bad rows."""

    kind = ""
    title = ""
    scoped_by = "记录所在区县（或市州）"
    columns: tuple[Column, ...] = ()
    example_rows: tuple[tuple[Any, ...], ...] = ()
    model: Any = None
    key_fields: tuple[str, ...] = ()

    def can_import(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_official", False))

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        raise NotImplementedError

    def related(self, record: dict[str, Any], bad: Bad) -> dict[str, list[Any]]:
        return {}

    def run(self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool,
            progress: Progress) -> ImportOutcome:
        from breakzero.regions.models import Region

        regions = {r.code: r for r in Region.objects.exclude(level=Region.Level.PROVINCE)}
        outcome, good, seen = ImportOutcome(), [], set()
        labels = {c.key: c.header for c in self.columns}
        for row, values in sheet:
            outcome.total_rows += 1
            errors: list[RowError] = []

            def bad(key: str, reason: str, row: int = row, values: dict = values, errors: list = errors) -> None:
                errors.append(RowError(row, labels.get(key, ""), cell_text(values.get(key)), reason))

            code = cell_text(values.get("region"))
            region = regions.get(code)
            if region is None:
                bad("region", "应为湖南省的区县或市州 6 位行政区划代码")
            elif not scope.allows(None if region.is_prefecture else region.code, region.city_code or region.code):
                bad("region", OUTSIDE_SCOPE)
            record = self.parse(values, bad)
            links = self.related(record, bad) if not errors else {}
            if errors:
                outcome.rejected.append(Rejected(row, errors, values))
                continue
            county = None if region.is_prefecture else region
            city_code = region.code if region.is_prefecture else region.city_code
            place = {"county_id": county.code if county else None, "city_id": city_code}
            key = (*place.values(), *(record.get(f) for f in self.key_fields))
            if key in seen:
                outcome.rejected.append(Rejected(row, [RowError(row, labels["region"], code, "与前面的行重复")], values))
                continue
            seen.add(key)
            _merge(self.model, place, self.key_fields, record, links, row, values, labels, outcome, good)
        return _finish(good, outcome, apply=apply, skip_invalid=skip_invalid, progress=progress)

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        """Figures are recomputed by the nightly summary refresh; nothing to enqueue."""

"""A data set's fields and active rules, kept per process and re-read when the province edits them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections, router

from breakzero.reporting.models import DataField, DataSet, ValidationRule
from breakzero.rules.report_checks import CheckRule


@dataclass(frozen=True)
class DataSetSpec:
    """What a submission is parsed and checked against. Shared between requests: read it, never change it."""

    fields: tuple[DataField, ...]
    rules: tuple[CheckRule, ...]

    @property
    def needs_previous(self) -> bool:
        """Only a change_within rule compares with the previous period."""
        return any(r.operator == "change_within" for r in self.rules)

    @property
    def needs_bands(self) -> bool:
        """Only a percentile_within rule reads the percentile bands."""
        return any(r.operator == "percentile_within" for r in self.rules)


# dataset pk → (version, spec). Every gunicorn process (and thread) reads the same dict; the
# version query below decides per request whether it still holds, so an edit made in any process
# is seen by the next request everywhere. `_generation` moves on every edit saved in this process
# (signals), which also ends the per-request memo on the DataSet instance.
_specs: dict[int, tuple[tuple, DataSetSpec]] = {}
_generation = [0]


def dataset_spec(dataset: DataSet) -> DataSetSpec:
    """The fields and active rules of `dataset`: one small version query per request (count and
    last change of its fields and of its rules), the rows only when that version moved."""
    memo = getattr(dataset, "_reporting_spec", None)
    if memo is not None and memo[0] == _generation[0]:
        return memo[1]
    generation = _generation[0]
    # Version and rows from the same database (a GET may read the replica), rows after the
    # version: they are at least as new as the version they are stored under.
    using = router.db_for_read(ValidationRule)
    version = _version(dataset.pk, using)
    cached = _specs.get(dataset.pk)
    if cached is not None and cached[0] == version:
        spec = cached[1]
    else:
        rules = ValidationRule.objects.using(using).filter(dataset_id=dataset.pk, is_active=True)
        spec = DataSetSpec(fields=tuple(DataField.objects.using(using).filter(dataset_id=dataset.pk)),
                           rules=tuple(as_check(r) for r in rules))
        _specs[dataset.pk] = (version, spec)
    dataset._reporting_spec = (generation, spec)
    return spec


def as_check(rule: ValidationRule) -> CheckRule:
    return CheckRule(code=rule.code, kind=rule.kind, field=rule.field, operator=rule.operator,
                     message_zh=rule.message_zh, per_field=rule.per_field, other_field=rule.other_field,
                     constant=rule.constant, constant2=rule.constant2)


def forget(**_kwargs) -> None:
    """Signal receiver (post_save / post_delete of a field or rule): drop this process's copies."""
    _specs.clear()
    _generation[0] += 1


def _version(dataset_pk: int, using: str) -> tuple:
    """Count and latest updated_at of the data set's fields and of its rules, in one query. A
    saved edit moves updated_at (auto_now), an added or deleted row moves the count. Plain SQL
    (portable: scalar subqueries only) because it runs on every submission and the ORM's
    compilation of the same four subqueries cost more than the rows it saves."""
    parts = []
    for model in (DataField, ValidationRule):
        table = connections[using].ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table} WHERE dataset_id = %s), "
                     f"(SELECT MAX(updated_at) FROM {table} WHERE dataset_id = %s)")
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), [dataset_pk] * 4)
        return tuple(cursor.fetchone())

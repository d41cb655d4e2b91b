"""Validation of reported figures by rules stored as data (no eval).

A rule compares a *left* term with a *right* term. The vocabulary is closed:

* left  = a field, or the ratio of two fields in percent (``rd_expense`` / ``operating_revenue``);
* operator = ``required`` | ``le`` | ``lt`` | ``ge`` | ``gt`` | ``between`` |
  ``change_within`` (against the previous period: previous ÷ factor ≤ value ≤ previous × factor) |
  ``percentile_within`` (inside the [low, high] band given for the field, e.g. the region's
  industry 1st–99th percentile);
* right = a constant, another field, or (``between``) two constants.

Hard rules refuse a report; soft rules ask for an explanation the reviewer sees. This is how
the statistics bureau's 联网直报 (审核公式: 强制性/核实性) and DHIS2 validation rules work.
A rule whose terms are missing is skipped (``required`` is the rule for missing values).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

OPERATORS = ("required", "le", "lt", "ge", "gt", "between", "change_within", "percentile_within")
HARD, SOFT = "hard", "soft"
_SYMBOLS = {"le": "≤", "lt": "<", "ge": "≥", "gt": ">"}
Number = Decimal | int | float


@dataclass(frozen=True)
class CheckRule:
    """One rule: `field` [/ `per_field` in %] `operator` (`other_field` | `constant`[, `constant2`])."""

    code: str
    kind: str  # HARD | SOFT
    field: str
    operator: str
    message_zh: str
    per_field: str = ""
    other_field: str = ""
    constant: Decimal | None = None
    constant2: Decimal | None = None

    def __post_init__(self) -> None:
        if self.operator not in OPERATORS:
            raise ValueError(f"未知的运算符：{self.operator}")
        if self.kind not in (HARD, SOFT):
            raise ValueError(f"未知的规则类型：{self.kind}")
        if self.operator in ("le", "lt", "ge", "gt") and not self.other_field and self.constant is None:
            raise ValueError("比较规则需要另一个字段或常数")
        if self.operator == "between" and (self.constant is None or self.constant2 is None):
            raise ValueError("区间规则需要下限和上限")
        if self.operator == "change_within" and (self.constant is None or self.constant <= 1):
            raise ValueError("变动规则的倍数应大于 1")


@dataclass(frozen=True)
class Finding:
    """A rule a report broke: hard ones refuse it, soft ones need an explanation."""

    code: str
    kind: str
    field: str
    message_zh: str
    value: Decimal | None = None


def check(
    rules: Iterable[CheckRule],
    values: Mapping[str, object],
    *,
    previous: Mapping[str, object] | None = None,
    bands: Mapping[str, tuple] | None = None,
) -> list[Finding]:
    """Every rule the report `values` breaks. `previous` is the last period's report,
    `bands` the (low, high[, group in words]) percentile band per field for the enterprise's region
    and industry; the group's words are added to the question."""
    found = []
    for rule in rules:
        finding = _check_one(rule, values, previous or {}, bands or {})
        if finding is not None:
            found.append(finding)
    return found


def check_many(
    rules: Iterable[CheckRule],
    rows: Iterable[Mapping[str, object]],
    *,
    previous: Mapping[object, Mapping[str, object]] | None = None,
    bands: Mapping[object, Mapping[str, tuple]] | None = None,
    key: str = "key",
) -> dict[object, list[Finding]]:
    """`check` over many rows at once (an upload): rows carry `key`; previous and bands are
    looked up by that key. Returns only rows with findings."""
    rules = list(rules)
    previous, bands = previous or {}, bands or {}
    result: dict[object, list[Finding]] = {}
    for row in rows:
        k = row[key]
        found = check(rules, row, previous=previous.get(k), bands=bands.get(k))
        if found:
            result[k] = found
    return result


def hard(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == HARD]


def soft(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == SOFT]


def describe(rule: CheckRule, labels: Mapping[str, str] | None = None) -> str:
    """The rule as a formula a province official reads on the rules page; `labels` gives each
    field's Chinese name (a field without one shows its code)."""
    names = labels or {}
    field, per, other = (names.get(f, f) for f in (rule.field, rule.per_field, rule.other_field))
    left = f"{field} / {per} %" if rule.per_field else field
    right = other or _plain(rule.constant)
    if rule.operator == "required":
        return f"{left} 必填"
    if rule.operator == "between":
        return f"{_plain(rule.constant)} ≤ {left} ≤ {_plain(rule.constant2)}"
    if rule.operator == "change_within":
        return f"上期 ÷ {_plain(rule.constant)} ≤ {left} ≤ 上期 × {_plain(rule.constant)}"
    if rule.operator == "percentile_within":
        return f"{left} 在本地区同行业分位区间内"
    return f"{left} {_SYMBOLS[rule.operator]} {right}"


def _check_one(rule: CheckRule, values: Mapping, previous: Mapping, bands: Mapping) -> Finding | None:
    if rule.operator == "required":
        raw = values.get(rule.field)
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        return _finding(rule, None) if empty else None
    value = _term(rule, values)
    if value is None:
        return None
    if _broken(rule, value, values, previous, bands):
        band = bands.get(rule.field) if rule.operator == "percentile_within" else None
        if band is not None and len(band) > 2 and band[2]:
            # The question names the comparison group it used (a small group falls back to a wider one).
            return Finding(code=rule.code, kind=rule.kind, field=rule.field, value=value,
                           message_zh=f"{rule.message_zh}（{band[2]}）")
        return _finding(rule, value)
    return None


def _broken(rule: CheckRule, value: Decimal, values: Mapping, previous: Mapping, bands: Mapping) -> bool:
    op = rule.operator
    if op in _SYMBOLS:
        right = _number(values.get(rule.other_field)) if rule.other_field else rule.constant
        if right is None:
            return False
        return not {"le": value <= right, "lt": value < right, "ge": value >= right, "gt": value > right}[op]
    if op == "between":
        return not rule.constant <= value <= rule.constant2
    if op == "change_within":
        before = _term(rule, previous)
        if before is None or before <= 0 or value < 0:
            return False  # no comparable last period (new reporter, loss → profit) is not a jump
        return value > before * rule.constant or value * rule.constant < before
    band = bands.get(rule.field)
    if band is None:
        return False
    return not Decimal(str(band[0])) <= value <= Decimal(str(band[1]))


def _term(rule: CheckRule, values: Mapping) -> Decimal | None:
    value = _number(values.get(rule.field))
    if value is None or not rule.per_field:
        return value
    base = _number(values.get(rule.per_field))
    if not base:
        return None
    return value * 100 / base


def _number(raw: object) -> Decimal | None:
    if type(raw) is Decimal:  # the common case, first: comparing a Decimal with "" goes through the numbers ABCs
        return raw
    if raw is None or raw == "" or isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal):
        return raw
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None


def _finding(rule: CheckRule, value: Decimal | None) -> Finding:
    return Finding(code=rule.code, kind=rule.kind, field=rule.field, message_zh=rule.message_zh, value=value)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")

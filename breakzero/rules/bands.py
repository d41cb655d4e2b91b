"""Score bands, exact percentages and display formatting: the boundary convention in one place.

Global convention (policy-rules.md, "Global boundary convention"): "以上" is ≥,
"以下" is <, a band "a–b" is a ≤ x < b; percentages are computed from raw
amounts and never rounded before comparing (display rounds to 2 dp).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Context, Decimal

from breakzero.rules.indicators import Indicator
from breakzero.rules.results import DeferredText, Item

# Enough digits that no realistic pair of amounts rounds across a band edge.
PRECISION = 40
_CENT = Decimal("0.01")
# The same arithmetic as ``localcontext()`` with ``prec = PRECISION`` over the default context
# (half-even rounding, default traps), without entering and leaving a context on each call.
EXACT = Context(prec=PRECISION)
_EXACT = EXACT


def percent(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    """``numerator / denominator × 100`` computed exactly enough to compare (unrounded)."""
    if denominator == 0:
        raise ValueError("percent of a zero denominator")
    return _EXACT.divide(_EXACT.multiply(Decimal(numerator), 100), Decimal(denominator))


def money_gap(numerator: Decimal | int, denominator: Decimal | int, target_percent: Decimal) -> Decimal:
    """Amount to add to ``numerator`` (denominator fixed) to reach ``target_percent``."""
    exact = _EXACT
    return exact.subtract(exact.divide(exact.multiply(Decimal(denominator), target_percent), 100), Decimal(numerator))


def plain(value: Decimal | int) -> str:
    """A number without trailing zeros or exponent (``Decimal('3.0')`` → ``'3'``)."""
    text = format(Decimal(value).normalize(), "f")
    return text


def fmt2(value: Decimal | int) -> str:
    """Two decimals, half-up (display only)."""
    return format(Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP), "f")


def fmt_pct(value: Decimal | int) -> str:
    """``Decimal('2.4')`` → ``'2.40%'`` (display only)."""
    return f"{fmt2(value)}%"


def fmt_wan(value: Decimal | int) -> str:
    """An amount in 万元 for a sentence: ``'60.00 万元'``."""
    return f"{fmt2(value)} 万元"


@dataclass(frozen=True)
class Band:
    """A higher-is-better band: value ≥ ``lower`` (> when ``strict``); ``lower=None`` catches all.

    ``points_low`` marks a range band ("7–8 分", HNTE): ``points`` is its maximum.
    """

    points: int
    lower: Decimal | None = None
    strict: bool = False
    label: str = ""
    points_low: int | None = None

    def admits(self, value: Decimal | int) -> bool:
        """True when ``value`` falls in this band or higher."""
        if self.lower is None:
            return True
        return value > self.lower if self.strict else value >= self.lower

    @property
    def points_text(self) -> str:
        """``'8 分'`` or, for a range band, ``'7–8 分'``."""
        if self.points_low is None or self.points_low == self.points:
            return f"{self.points} 分"
        return f"{self.points_low}–{self.points} 分"


@dataclass(frozen=True)
class BandTable:
    """Bands best-first with the unit their bounds are written in (``'%'``, ``'年'``)."""

    unit: str
    bands: tuple[Band, ...]

    def find(self, value: Decimal | int) -> Band:
        """The best band ``value`` reaches."""
        for band in self.bands:
            if band.admits(value):
                return band
        raise ValueError(f"no band admits {value}")

    def better(self, band: Band) -> Band | None:
        """The band just above ``band`` (None at the top)."""
        index = self.bands.index(band)
        return self.bands[index - 1] if index > 0 else None

    def fmt(self, value: Decimal | int) -> str:
        """Display a value in this table's unit."""
        return fmt_pct(value) if self.unit == "%" else f"{plain(value)} {self.unit}".rstrip()

    @property
    def top(self) -> int:
        """Maximum points of the table."""
        return self.bands[0].points


def rising(unit: str, *rows: tuple[str | int | None, int]) -> BandTable:
    """Build a ≥-banded table from ``(lower, points)`` rows, best first, last row ``(None, 0)``.

    Labels follow the convention: top ``'≥ 5%'``, middle ``'3%–5%'`` (a ≤ x < b),
    bottom ``'< 1%'``.
    """
    bands: list[Band] = []
    for index, (lower, points) in enumerate(rows):
        low = None if lower is None else Decimal(lower)
        bands.append(Band(points=points, lower=low, label=_rising_label(unit, rows, index)))
    return BandTable(unit=unit, bands=tuple(bands))


def _rising_label(unit: str, rows: tuple[tuple[str | int | None, int], ...], index: int) -> str:
    lower = rows[index][0]
    if index == 0:
        return f"≥ {lower}{unit}"
    upper = rows[index - 1][0]
    if lower is None:
        return f"< {upper}{unit}"
    return f"{lower}{unit}–{upper}{unit}"


@dataclass(frozen=True)
class CeilingTable:
    """Lower-is-better bands (资产负债率) from ``(upper, points)`` rows, best first.

    Default edges (convention): value < upper; ``favourable_edges`` (UNCONFIRMED
    alternative) puts an edge value into the better band: value ≤ upper.
    """

    unit: str
    rows: tuple[tuple[Decimal | None, int], ...]

    def find(self, value: Decimal, *, favourable_edges: bool) -> tuple[int, str]:
        """(points, label) of the band ``value`` falls in."""
        for index, (upper, points) in enumerate(self.rows):
            if upper is None or value < upper or (favourable_edges and value == upper):
                return points, self.label(index, favourable_edges=favourable_edges)
        raise ValueError(f"no band admits {value}")

    def label(self, index: int, *, favourable_edges: bool) -> str:
        """Human-readable band, e.g. ``'< 55%'``, ``'55%–75%'``, ``'≥ 75%'``."""
        upper, _ = self.rows[index]
        if index == 0:
            return f"{'≤' if favourable_edges else '<'} {plain(upper or 0)}{self.unit}"
        previous = plain(self.rows[index - 1][0] or 0)
        if upper is None:
            return f"{'>' if favourable_edges else '≥'} {previous}{self.unit}"
        return f"{previous}{self.unit}–{plain(upper)}{self.unit}"

    @property
    def top(self) -> int:
        """Maximum points of the table."""
        return self.rows[0][1]


def falling(unit: str, *rows: tuple[str | int | None, int]) -> CeilingTable:
    """Build a lower-is-better table from ``(upper, points)`` rows, best first."""
    return CeilingTable(unit=unit, rows=tuple((None if u is None else Decimal(u), p) for u, p in rows))


GapText = Callable[[Decimal], str]


def point_gap(unit: str) -> GapText:
    """Gap wording in the table's unit: ``'还差 0.60 个百分点'`` / ``'还差 1 年'``."""

    def text(missing: Decimal) -> str:
        if unit == "%":
            return f"还差 {fmt2(missing)} 个百分点"
        return f"还差 {plain(missing)} {unit}".rstrip()

    return text


def bound(operator: str, limit: Decimal | int, unit: str) -> str:
    """A threshold for display: ``'≥ 3%'``, ``'≥ 100 万元'``, ``'≤ 70%'``."""
    key = (operator, limit, unit)  # equal limits print alike (plain normalises), so == keys are safe
    text = _BOUNDS.get(key)
    if text is None:
        text = f"{operator} {plain(limit)}{unit}" if unit == "%" else f"{operator} {plain(limit)} {unit}".rstrip()
        if len(_BOUNDS) > 4096:
            _BOUNDS.clear()
        _BOUNDS[key] = text
    return text


_BOUNDS: dict[tuple[str, Decimal | int, str], str] = {}  # thresholds are few: bulk callers reuse their text


def fmt_value(value: Decimal | int, unit: str) -> str:
    """Display a value with its unit: ``'2.40%'``, ``'60.00 万元'``, ``'7 年'``."""
    if unit == "%":
        return fmt_pct(value)
    if unit == "万元":
        return fmt_wan(value)
    return f"{plain(value)} {unit}".rstrip()


def score_item(ind: Indicator, value: Decimal | None, table: BandTable, *, gap: GapText | None = None) -> Item:
    """Score ``value`` on a ≥-banded table; the reason gives the band and the gap to the next one."""
    if value is None:
        return ind.unknown(max_points=table.top)
    band = table.find(value)
    reason = DeferredText(_score_reason, ind.name_zh, value, table, band, gap)
    return ind.scored(band.points, table.top, reason, value=value, threshold=band.label)


def _score_reason(name_zh: str, value: Decimal, table: BandTable, band: Band, gap: GapText | None) -> str:
    reason = f"{name_zh} {table.fmt(value)}，在「{band.label}」档，得 {band.points_text}"
    better = table.better(band)
    if better is not None and better.lower is not None:
        words = (gap or point_gap(table.unit))(better.lower - value)
        reason += f"；距上一档（{better.label}，{better.points_text}）{words}"
    return reason


def ceiling_item(ind: Indicator, value: Decimal | None, table: CeilingTable, *, favourable_edges: bool) -> Item:
    """Score a lower-is-better ``value`` (资产负债率) on ``table``."""
    if value is None:
        return ind.unknown(max_points=table.top)
    points, label = table.find(value, favourable_edges=favourable_edges)
    reason = DeferredText(_ceiling_reason, ind.name_zh, value, table.unit, label, points, favourable_edges)
    return ind.scored(points, table.top, reason, value=value, threshold=label)


def _ceiling_reason(name_zh: str, value: Decimal, unit: str, label: str, points: int, favourable_edges: bool) -> str:
    reason = f"{name_zh} {fmt_value(value, unit)}，在「{label}」档，得 {points} 分"
    if favourable_edges:
        reason += "（边界值按较优档计，待确认）"
    return reason


def part_exceeds_whole(
    ind: Indicator, part: Decimal | int | None, whole: Decimal | int | None, *, max_points: int | None = None
) -> Item | None:
    """An undecided item when a part (研发人员, 主营业务收入) exceeds its whole (从业人员, 营业收入).

    Such a share above 100% means the figures contradict each other: it is
    neither accepted nor scored, and the reason asks for the data to be checked.
    """
    if part is None or whole is None or whole <= 0 or part <= whole:
        return None
    ratio = percent(part, whole)
    reason = (
        f"数据矛盾：{ind.name_zh}为 {fmt_pct(ratio)}，超过 100%（{plain(part)} > {plain(whole)}），"
        "不予采用，请核实后重新填报"
    )
    return replace(ind.unknown(max_points=max_points), reason_zh=reason, value=ratio)


def ratio_item(
    ind: Indicator,
    numerator: Decimal | int | None,
    denominator: Decimal | int | None,
    table: BandTable,
    *,
    gap: Callable[[Decimal, Decimal], str] | None = None,
    part_of_whole: bool = False,
) -> Item:
    """Score numerator/denominator (percent) on ``table``; a zero denominator scores 0 and says so.

    ``gap(missing_points, denominator)`` words the gap to the next band (e.g. as money);
    ``part_of_whole`` marks a share that cannot exceed 100% (see ``part_exceeds_whole``).
    """
    if numerator is None or denominator is None:
        return ind.unknown(max_points=table.top)
    contradiction = part_exceeds_whole(ind, numerator, denominator, max_points=table.top) if part_of_whole else None
    if contradiction is not None:
        return contradiction
    if denominator <= 0:
        return ind.scored(0, table.top, f"{ind.name_zh}的分母为 {plain(denominator)}，比例无法计算，按 0 分计")
    worded = None if gap is None else (lambda missing: gap(missing, Decimal(denominator)))
    return score_item(ind, percent(numerator, denominator), table, gap=worded)


def at_least_item(
    ind: Indicator, value: Decimal | int | None, minimum: Decimal, *, unit: str, gap: GapText | None = None
) -> Item:
    """Yes/no: ``value ≥ minimum`` ("以上"/"不低于"); the reason gives the shortfall."""
    threshold = bound("≥", minimum, unit)
    if value is None:
        return ind.unknown(threshold=threshold)
    ok = value >= minimum
    reason = DeferredText(_at_least_reason, ind.name_zh, value, minimum, unit, threshold, gap)
    return ind.check(ok, reason, value=value, threshold=threshold)


def _at_least_reason(
    name_zh: str, value: Decimal | int, minimum: Decimal, unit: str, threshold: str, gap: GapText | None
) -> str:
    reason = f"{name_zh} {fmt_value(value, unit)}，需 {threshold}"
    if not value >= minimum:
        reason += f"：{(gap or point_gap(unit))(minimum - Decimal(value))}"
    return reason


def at_most_item(ind: Indicator, value: Decimal | int | None, maximum: Decimal, *, unit: str) -> Item:
    """Yes/no: ``value ≤ maximum`` ("不超过"/"不高于"); the reason gives the excess."""
    threshold = bound("≤", maximum, unit)
    if value is None:
        return ind.unknown(threshold=threshold)
    ok = value <= maximum
    reason = DeferredText(_at_most_reason, ind.name_zh, value, maximum, unit, threshold)
    return ind.check(ok, reason, value=value, threshold=threshold)


def _at_most_reason(name_zh: str, value: Decimal | int, maximum: Decimal, unit: str, threshold: str) -> str:
    reason = f"{name_zh} {fmt_value(value, unit)}，需 {threshold}"
    if not value <= maximum:
        excess = Decimal(value) - maximum
        reason += f"：超出 {fmt2(excess) + ' 个百分点' if unit == '%' else fmt_value(excess, unit)}"
    return reason


def ratio_at_least_item(
    ind: Indicator,
    numerator: Decimal | int | None,
    denominator: Decimal | int | None,
    minimum: Decimal,
    *,
    gap: Callable[[Decimal, Decimal], str] | None = None,
    part_of_whole: bool = False,
) -> Item:
    """Yes/no: numerator/denominator ≥ ``minimum`` percent, computed unrounded (``part_of_whole``: ≤ 100%)."""
    if numerator is None or denominator is None:
        return ind.unknown(threshold=bound("≥", minimum, "%"))
    contradiction = part_exceeds_whole(ind, numerator, denominator) if part_of_whole else None
    if contradiction is not None:
        return replace(contradiction, threshold=bound("≥", minimum, "%"))
    if denominator <= 0:
        return ind.check(
            False,
            f"{ind.name_zh}的分母为 {plain(denominator)}，比例无法计算，视为不满足",
            threshold=bound("≥", minimum, "%"),
        )
    worded = None if gap is None else (lambda missing: gap(missing, Decimal(denominator)))
    return at_least_item(ind, percent(numerator, denominator), minimum, unit="%", gap=worded)


def money_for_points(noun_zh: str) -> Callable[[Decimal, Decimal], str]:
    """Gap wording as money: missing percentage points × denominator → ``'约还需增加研发费用 60.00 万元'``."""

    def text(missing_points: Decimal, denominator: Decimal) -> str:
        amount = _EXACT.divide(_EXACT.multiply(missing_points, denominator), 100)
        return f"还差 {fmt2(missing_points)} 个百分点，约还需增加{noun_zh} {fmt_wan(amount)}"

    return text

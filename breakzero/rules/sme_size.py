"""SME size classification (大型/中型/小型/微型) under 工信部联企业〔2011〕300号."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from breakzero.rules.industries import division_of, normalize_industry_code, section_of

# Source: 工业和信息化部 国家统计局 国家发展改革委 财政部《中小企业划型标准规定》
# 工信部联企业〔2011〕300号, and its statistical twin 《统计上大中小微型企业划分办法
# (2017)》, as summarised in shared/reference/policy-rules.md §1: thresholds
# §1.1, GB/T 4754-2017 code -> group mapping §1.1a, combination rule §1.2.
#
# UNCONFIRMED (one place for this module; policy-rules.md marks them so):
# * Class 5910 装卸搬运 is put in group 7 仓储业 with the rest of division 59;
#   whether it belongs to group 6 交通运输业 is unconfirmed (§1.1a).
# * Groups 6 (54-58) and 16 (M, N, O, 85, R, 7030/7040/7090) are SINGLE-source.
# * P 教育 (83), 84 卫生, S and T are treated as "not covered" and raise
#   (§1.1a says raise rather than guess); J 金融业 has its own 2015 standard and
#   53 railway transport is outside 300号.
# * No revision of 300号 was found (§1.3); if one is adopted, swap SIZE_TABLE.

SIZE_CLASSES: tuple[str, ...] = ("large", "medium", "small", "micro")
SIZE_LABELS_ZH: dict[str, str] = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
INDICATOR_LABELS: dict[str, tuple[str, str]] = {
    "employees": ("从业人员 X（人）", "employees X (persons)"),
    "revenue": ("营业收入 Y（万元）", "operating revenue Y (10,000 CNY)"),
    "total_assets": ("资产总额 Z（万元）", "total assets Z (10,000 CNY)"),
}
Number = int | float | Decimal

_X, _Y, _Z = "employees", "revenue", "total_assets"


@dataclass(frozen=True)
class SizeThresholds:
    """Inclusive lower bounds of one industry group (policy-rules.md §1.1).

    ``large``, ``medium`` and ``small`` give one bound per entry of
    ``indicators``, in the same order; micro is whatever falls below small.
    """

    group: int
    name_zh: str
    indicators: tuple[str, ...]
    large: tuple[int, ...]
    medium: tuple[int, ...]
    small: tuple[int, ...]


# 300号 table; X persons, Y and Z in 万元. The one place the thresholds live.
SIZE_TABLE: tuple[SizeThresholds, ...] = (
    SizeThresholds(1, "农、林、牧、渔业", (_Y,), (20000,), (500,), (50,)),
    SizeThresholds(2, "工业", (_X, _Y), (1000, 40000), (300, 2000), (20, 300)),
    SizeThresholds(3, "建筑业", (_Y, _Z), (80000, 80000), (6000, 5000), (300, 300)),
    SizeThresholds(4, "批发业", (_X, _Y), (200, 40000), (20, 5000), (5, 1000)),
    SizeThresholds(5, "零售业", (_X, _Y), (300, 20000), (50, 500), (10, 100)),
    SizeThresholds(6, "交通运输业", (_X, _Y), (1000, 30000), (300, 3000), (20, 200)),
    SizeThresholds(7, "仓储业", (_X, _Y), (200, 30000), (100, 1000), (20, 100)),
    SizeThresholds(8, "邮政业", (_X, _Y), (1000, 30000), (300, 2000), (20, 100)),
    SizeThresholds(9, "住宿业", (_X, _Y), (300, 10000), (100, 2000), (10, 100)),
    SizeThresholds(10, "餐饮业", (_X, _Y), (300, 10000), (100, 2000), (10, 100)),
    SizeThresholds(11, "信息传输业", (_X, _Y), (2000, 100000), (100, 1000), (10, 100)),
    SizeThresholds(12, "软件和信息技术服务业", (_X, _Y), (300, 10000), (100, 1000), (10, 50)),
    SizeThresholds(13, "房地产开发经营", (_Y, _Z), (200000, 10000), (1000, 5000), (100, 2000)),
    SizeThresholds(14, "物业管理", (_X, _Y), (1000, 5000), (300, 1000), (100, 500)),
    SizeThresholds(15, "租赁和商务服务业", (_X, _Z), (300, 120000), (100, 8000), (10, 100)),
    SizeThresholds(16, "其他未列明行业", (_X,), (300,), (100,), (10,)),
)
_BY_GROUP = {row.group: row for row in SIZE_TABLE}

# §1.1a: 2-digit division -> group; None = outside 300号. Division 70 is split
# by its 3-digit groups below.
_GROUP_BY_DIVISION: dict[int, int | None] = {
    **{d: 1 for d in range(1, 6)},
    **{d: 2 for d in range(6, 47)},
    **{d: 3 for d in range(47, 51)},
    51: 4, 52: 5, 53: None,
    **{d: 6 for d in range(54, 59)},
    59: 7, 60: 8, 61: 9, 62: 10, 63: 11, 64: 11, 65: 12,
    **{d: None for d in range(66, 70)},
    71: 15, 72: 15,
    **{d: 16 for d in range(73, 83)},
    83: None, 84: None, 85: 16,
    **{d: 16 for d in range(86, 91)},
    **{d: None for d in range(91, 98)},
}  # fmt: skip
_GROUP_BY_REAL_ESTATE_GROUP = {"701": 13, "702": 14, "703": 16, "704": 16, "709": 16}
# Sections whose divisions all fall in one group, so a bare letter is enough.
_GROUP_BY_SECTION = {"A": 1, "B": 2, "C": 2, "D": 2, "E": 3, "L": 15, "M": 16, "N": 16, "O": 16, "R": 16}
_NOT_COVERED_SECTIONS = frozenset("JPST")


def size_group(industry_code: str) -> int:
    """Industry group 1-16 of 300号 for a GB/T 4754-2017 code (policy-rules.md §1.1a).

    The finest code decides: 7010 -> 13, 7020 -> 14, 7030/7040/7090 -> 16.
    Raises ``ValueError`` for a bare 70 or an ambiguous section letter (asks
    for a finer code), for industries outside the standard (53 railway, J, P,
    84, S, T) and for unknown codes.
    """
    code = normalize_industry_code(industry_code)
    if code.isalpha():
        return _group_of_section(code)
    division = division_of(code)
    if division == "70":
        if len(code) == 2:
            raise _error(
                "大类 70 房地产业分属房地产开发经营、物业管理和其他房地产业，请给出 4 位小类（如 7010）",
                "division 70 (real estate) spans several size groups: give the 4-digit class (e.g. 7010)",
            )
        if code[:3] not in _GROUP_BY_REAL_ESTATE_GROUP:
            raise _error(f"未知的房地产业代码 {code}", f"unknown real-estate code {code}")
        return _GROUP_BY_REAL_ESTATE_GROUP[code[:3]]
    group = _GROUP_BY_DIVISION[int(division)]
    if group is None:
        raise _not_covered(code)
    return group


def classify_size(
    industry_code: str,
    employees: Number | None,
    revenue: Number | None,
    total_assets: Number | None = None,
) -> str:
    """Size class 'large' | 'medium' | 'small' | 'micro' under 300号 (policy-rules.md §1).

    Combination rule §1.2: for large, medium, small in turn, the class applies
    when every indicator of the group reaches its inclusive lower bound;
    otherwise micro. Money is in 万元; int, Decimal or float is accepted and a
    float goes through ``str`` (49.99 -> Decimal('49.99')), so comparisons are
    exact, never rounded. Raises ``ValueError`` on an unknown or uncovered
    code, a negative or non-finite value, or a missing (None) indicator that
    the group needs; an indicator the group does not use may be None.
    """
    thresholds = _BY_GROUP[size_group(industry_code)]
    given = {_X: employees, _Y: revenue, _Z: total_assets}
    values = tuple(_to_decimal(name, given[name]) for name in thresholds.indicators)
    bands = (thresholds.large, thresholds.medium, thresholds.small)
    for size, bounds in zip(SIZE_CLASSES[:3], bands, strict=True):
        if all(value >= bound for value, bound in zip(values, bounds, strict=True)):
            return size
    return "micro"


def is_sme(size: str) -> bool:
    """True for medium, small and micro: 中小微 = not large (policy-rules.md §1.2)."""
    if size not in SIZE_LABELS_ZH:
        raise _error(f"未知的企业规模 {size!r}", f"unknown size class {size!r}")
    return size != "large"


def _group_of_section(section: str) -> int:
    if section in _GROUP_BY_SECTION:
        return _GROUP_BY_SECTION[section]
    if section in _NOT_COVERED_SECTIONS:
        raise _not_covered(section)
    raise _error(
        f"门类 {section} 包含多个划型行业，请给出 2 位大类或 4 位小类",
        f"section {section} spans several size groups: give the division or class code",
    )


def _to_decimal(name: str, value: Number | None) -> Decimal:
    zh, en = INDICATOR_LABELS[name]
    if value is None:
        raise _error(f"无法划型：缺少{zh}", f"cannot classify: {en} is missing")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"{name} must be int, float or Decimal, got {type(value).__name__}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or number < 0:
        raise _error(
            f"{zh}应为非负的有限数值，实为 {value}",
            f"{en} must be a finite non-negative number, got {value}",
        )
    return number


def _not_covered(code: str) -> ValueError:
    section = section_of(code)
    if section == "J":
        why = ("金融业适用《金融业企业划型标准规定》", "finance has its own size standard")
    elif code.startswith("53"):
        why = ("铁路运输业不在该标准范围内", "railway transport is excluded")
    else:
        why = ("该标准未列入此行业", "the standard does not list this industry")
    label = code if code == section else section + code
    return _error(
        f"行业 {label} 不适用《中小企业划型标准规定》（工信部联企业〔2011〕300号）：{why[0]}",
        f"industry {label} is not covered by the SME size standard (MIIT 2011 No. 300): {why[1]}",
    )


def _error(message_zh: str, message_en: str) -> ValueError:
    return ValueError(f"{message_zh} / {message_en}")

"""The versioned rule-set record and the names of the rules that have one (data lives in ``rulesets*.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Rule(StrEnum):
    """The rules that have versioned rule sets."""

    INNOVATIVE_SME = "innovative_sme"
    SRDI_SME = "srdi_sme"
    LITTLE_GIANT = "little_giant"
    HNTE = "hnte"
    SUPER_DEDUCTION = "super_deduction"
    PATENT_FEES = "patent_fees"
    PRIORITY_EXAM = "priority_exam"
    TECH_SME = "tech_sme"
    # programme-rules-2.md
    BREAK_ZERO_BENCHMARK = "break_zero_benchmark"  # §2.1
    DOUBLING_BENCHMARK = "doubling_benchmark"  # §2.1
    TECH_CENTRE = "tech_centre"  # §2.2 (工信 scheme)
    SME_FUND_CALL = "sme_fund_call"  # §6.2
    DIGITAL_LEVEL = "digital_level"  # §3.3
    MAKER_CHINA = "maker_china"  # §5.2
    HUNAN_LITTLE_GIANT = "hunan_little_giant"  # §2.5.4-2.5.5 (provincial tier before 63号)


class Confidence(StrEnum):
    """How well a threshold is sourced (programme-rules-2.md, "How to read this file")."""

    CONFIRMED = "CONFIRMED"
    LIKELY = "LIKELY"
    UNCONFIRMED = "UNCONFIRMED"


# How a mark reads in the Chinese interface (a page never shows the code).
MARKS_ZH = {Confidence.CONFIRMED: "已确认", Confidence.LIKELY: "很可能", Confidence.UNCONFIRMED: "待确认"}


@dataclass(frozen=True)
class RuleSet:
    """One version of a rule: validity window, source and its numeric thresholds.

    ``scope`` is empty for a rule set that applies to everyone; a super-deduction
    row limited to some firms names them (``'tech_sme'``, ``'manufacturing'``...).
    ``is_confirmed=False`` marks UNCONFIRMED thresholds. ``confidence`` marks
    single thresholds LIKELY or UNCONFIRMED (a threshold not listed takes the
    set's own mark); ``dates`` holds named dates (cut-offs) of a call.
    """

    rule: Rule
    id: str
    effective_from: date
    effective_to: date | None
    source: str
    is_confirmed: bool = True
    scope: str = ""
    thresholds: tuple[tuple[str, Decimal], ...] = ()
    confidence: tuple[tuple[str, Confidence], ...] = ()
    dates: tuple[tuple[str, date], ...] = ()
    note_zh: str = ""

    def threshold(self, name: str) -> Decimal:
        """A named threshold (amounts in 万元, ratios in percent); ``KeyError`` if absent."""
        for key, value in self.thresholds:
            if key == name:
                return value
        raise KeyError(f"{self.id} has no threshold {name!r}")

    def has_threshold(self, name: str) -> bool:
        """True when the set carries ``name`` (a threshold the source does not give is left out)."""
        return any(key == name for key, _ in self.thresholds)

    def date(self, name: str) -> date:
        """A named date of the rule set (a call's cut-off); ``KeyError`` if absent."""
        for key, value in self.dates:
            if key == name:
                return value
        raise KeyError(f"{self.id} has no date {name!r}")

    def confidence_of(self, name: str) -> Confidence:
        """The mark of one threshold: its own entry, else the set's (CONFIRMED or UNCONFIRMED)."""
        for key, value in self.confidence:
            if key == name:
                return value
        return Confidence.CONFIRMED if self.is_confirmed else Confidence.UNCONFIRMED

    def marked(self, name: str) -> str:
        """``''`` for a CONFIRMED threshold, else ``'（很可能）'`` (LIKELY) / ``'（待确认）'`` (UNCONFIRMED) to append to text."""
        mark = self.confidence_of(name)
        return "" if mark is Confidence.CONFIRMED else f"（{MARKS_ZH[mark]}）"

    def in_force(self, on: date) -> bool:
        """True when ``on`` lies inside the validity window (both ends inclusive)."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def t(**values: int | str) -> tuple[tuple[str, Decimal], ...]:
    """Thresholds from keyword arguments (values as ``Decimal``)."""
    return tuple((key, Decimal(value)) for key, value in values.items())


def marks(confidence: Confidence, *names: str) -> tuple[tuple[str, Confidence], ...]:
    """The same mark for several thresholds."""
    return tuple((name, confidence) for name in names)

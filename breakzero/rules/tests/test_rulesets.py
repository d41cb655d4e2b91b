"""Versioned rule sets: lookup by effective date, previews, UNCONFIRMED marks, and the no-Django guard."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from breakzero.rules.rulesets import Rule, available_rule_sets, rule_set_for, rule_sets_in_force
from breakzero.rules.unconfirmed import DEFAULT, GrowthMethod, Unconfirmed

RULES_DIR = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("rule", "on", "rule_id"),
    [
        ("innovative_sme", date(2022, 8, 1), "miit-2022-63"),
        ("innovative_sme", date(2027, 1, 1), "miit-2022-63"),
        ("srdi_sme", date(2026, 3, 31), "miit-2022-63"),
        ("srdi_sme", date(2026, 4, 1), "miit-2026-2"),
        ("little_giant", date(2026, 3, 31), "miit-2022-63"),
        ("little_giant", date(2026, 4, 1), "miit-2026-2"),
        ("patent_fees", date(2019, 6, 30), "mof-2016-78"),
        ("patent_fees", date(2019, 7, 1), "mof-2019-amendment"),
        ("hnte", date(2016, 1, 1), "most-2016-32"),
        ("tech_sme", date(2017, 5, 3), "most-2017-115"),
        ("priority_exam", date(2017, 8, 1), "cnipa-order-76"),
        ("super_deduction", date(2017, 12, 31), "mof-2015-119"),
        ("super_deduction", date(2018, 1, 1), "mof-2018-99"),
        ("super_deduction", date(2023, 1, 1), "mof-2023-7"),
    ],
)
def test_rulesets_rule_set_for_picks_the_set_in_force(rule: str, on: date, rule_id: str) -> None:
    assert rule_set_for(rule, on).id == rule_id


@pytest.mark.parametrize(
    ("rule", "day_before"),
    [
        ("innovative_sme", date(2022, 7, 31)),
        ("srdi_sme", date(2022, 7, 31)),
        ("little_giant", date(2018, 11, 25)),  # before the first national batch (programme-rules-2 §2.5.2)
        ("patent_fees", date(2016, 8, 31)),
        ("hnte", date(2015, 12, 31)),
        ("tech_sme", date(2017, 5, 2)),
        ("priority_exam", date(2017, 7, 31)),
        ("super_deduction", date(2015, 12, 31)),
    ],
)
def test_rulesets_before_first_effective_date_raises(rule: str, day_before: date) -> None:
    with pytest.raises(ValueError, match="no rule set in force"):
        rule_set_for(rule, day_before)


def test_rulesets_unknown_rule_raises() -> None:
    with pytest.raises(ValueError):
        available_rule_sets("nonsense")


def test_rulesets_available_sets_are_ordered_for_preview() -> None:
    srdi = available_rule_sets(Rule.SRDI_SME)
    assert [s.id for s in srdi] == ["miit-2022-63", "miit-2026-2"]
    assert srdi[0].is_confirmed and not srdi[1].is_confirmed


def test_rulesets_2026_thresholds_recorded_as_unconfirmed() -> None:
    giant = rule_set_for("little_giant", date(2026, 4, 1))
    assert (giant.threshold("revenue"), giant.threshold("main_share"), giant.threshold("debt_max")) == (5000, 90, 75)
    assert "待确认" in giant.source


def test_rulesets_missing_threshold_raises_key_error() -> None:
    with pytest.raises(KeyError):
        rule_set_for("hnte", date(2020, 1, 1)).threshold("nope")


def test_rulesets_scoped_deduction_rows_in_force_on_2022_year_end() -> None:
    rows = {r.id for r in rule_sets_in_force("super_deduction", date(2022, 12, 31))}
    assert rows == {"mof-2015-119", "mof-2018-99", "mof-2021-13", "mof-2022-16", "mof-2022-28"}


def test_rulesets_ids_unique_per_rule() -> None:
    for rule in Rule:
        ids = [s.id for s in available_rule_sets(rule)]
        assert len(ids) == len(set(ids)), rule


def test_rulesets_unconfirmed_defaults_follow_reference() -> None:
    assert Unconfirmed() == DEFAULT
    assert DEFAULT.debt_ratio_edge_favourable is False
    assert DEFAULT.average_growth_method is GrowthMethod.ARITHMETIC
    assert (DEFAULT.annual_fee_years_2016_rules, DEFAULT.annual_fee_years_2019_rules) == (6, 10)
    assert DEFAULT.hnte_registration_days == 365 and DEFAULT.super_deduction_2022_q4_full is False
    assert hash(DEFAULT) == hash(Unconfirmed())


def test_rulesets_rules_package_imports_no_django() -> None:
    for path in RULES_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "django" or n.startswith("django.") for n in names), path

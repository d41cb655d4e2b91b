"""数字化水平 levels (programme-rules-2 §3.3) and the pilot-city acceptance rule (§3.2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from breakzero.rules.digital import PilotAcceptanceFacts, RatingMode, evaluate_pilot_acceptance, level_from_score


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (D(0), None),
        (D("19.99"), None),
        (D(20), 1),
        (D("20.01"), 1),
        (D("39.99"), 1),
        (D(40), 2),
        (D("40.01"), 2),
        (D("59.99"), 2),
        (D(60), 3),
        (D("60.01"), 3),
        (D("79.99"), 3),
        (D(80), 4),
        (D("80.01"), 4),
        (D(100), 4),
    ],
)
def test_level_from_score_2022_band_edges(score: D, level: int | None) -> None:
    assert level_from_score(score, version="2022") == level
    assert level_from_score(score, version=2022) == level


@pytest.mark.parametrize("version", ["2024", 2024])
def test_level_from_score_2024_not_computed(version: object) -> None:
    with pytest.raises(ValueError, match="场景等级"):
        level_from_score(D(90), version=version)  # type: ignore[arg-type]


@pytest.mark.parametrize(("score", "version"), [(D("-0.01"), "2022"), (D("100.01"), "2022"), (D(50), "2019")])
def test_level_from_score_bad_input_raises(score: D, version: str) -> None:
    with pytest.raises(ValueError):
        level_from_score(score, version=version)


def test_level_from_score_rejects_float() -> None:
    with pytest.raises(TypeError):
        level_from_score(40.0, version="2022")  # type: ignore[arg-type]


def pilot(**overrides: object) -> PilotAcceptanceFacts:
    base = dict(
        as_of=date(2025, 10, 20),
        rating_mode=RatingMode.ON_SITE,
        rating_version="2024",
        level=2,
        is_evaluation_passed=True,
    )
    return PilotAcceptanceFacts(**{**base, **overrides})  # type: ignore[arg-type]


def test_pilot_acceptance_on_site_2024_rating_accepted() -> None:
    assert evaluate_pilot_acceptance(pilot()).passed is True


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        (dict(rating_mode=RatingMode.SELF), "on_site"),
        (dict(rating_version="2022"), "version_2024"),
        (dict(is_evaluation_passed=False), "accepted"),
    ],
)
def test_pilot_acceptance_refused_without_on_site_2024_rating(overrides: dict, code: str) -> None:
    result = evaluate_pilot_acceptance(pilot(**overrides))
    assert result.passed is False
    assert result.item(code).reason_zh


def test_pilot_acceptance_missing_level_is_pending_and_bad_level_raises() -> None:
    assert evaluate_pilot_acceptance(pilot(level=None)).passed is None
    with pytest.raises(ValueError, match="1–4"):
        evaluate_pilot_acceptance(pilot(level=5))

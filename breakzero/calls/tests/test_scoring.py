"""Pure scoring arithmetic (no database)."""

from decimal import Decimal as D

from breakzero.calls.scoring import aggregate, check_points

SCHEME = {"criteria": [{"key": "tech", "label": "技术", "max": 60}, {"key": "market", "label": "市场", "max": 40}]}


def test_check_points_within_max_totals():
    cleaned, total, errors = check_points(SCHEME, {"tech": "60", "market": 0})
    assert errors == [] and total == D(60) and cleaned == {"tech": "60", "market": "0"}


def test_check_points_above_max_or_missing_errors():
    _c, _t, errors = check_points(SCHEME, {"tech": "60.5"})
    assert any("技术" in e for e in errors) and any("市场" in e for e in errors)


def test_aggregate_mean_and_trimmed_mean():
    totals = [D(50), D(70), D(90)]
    assert aggregate(totals, {"aggregation": "mean"}).score == D("70.00")
    assert aggregate([D(10), D(70), D(72), D(74)], {"aggregation": "trimmed_mean"}).score == D("71.00")


def test_aggregate_flags_score_far_from_others_by_points():
    result = aggregate([D(80), D(82), D(58)], {"outlier_points": 20, "outlier_sd": 5})
    assert result.outliers == (2,)


def test_aggregate_twenty_points_exactly_not_flagged():
    assert aggregate([D(80), D(60)], {"outlier_points": 20}).outliers == ()
    assert aggregate([D(80), D("59.99")], {"outlier_points": 20}).outliers == (0, 1)


def test_aggregate_flags_by_standard_deviation():
    totals = [D(70)] * 9 + [D(85)]
    assert aggregate(totals, {"outlier_points": 100, "outlier_sd": 2}).outliers == (9,)

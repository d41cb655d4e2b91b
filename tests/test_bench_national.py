"""The nationwide extrapolation (bench/bench_national.py) fits what was measured, nothing else."""

import math

import pytest

from bench.bench_national import NATIONAL_ENTERPRISES, NATIONAL_PATENTS, growth, parse_steps, report


def _step(patents, enterprises, **figures):
    return {"patents": patents, "enterprises": enterprises, **figures}


def test_growth_linear_figure_extrapolates_linearly_by_its_driver():
    results = [_step(1_000_000, 100_000, import_s=10.0), _step(10_000_000, 1_000_000, import_s=100.0)]
    b, largest, national = growth(results, "import_s")
    assert b == pytest.approx(1.0)
    assert largest == 100.0
    assert national == pytest.approx(100.0 * NATIONAL_PATENTS / 10_000_000)


def test_growth_superlinear_figure_is_not_flattened():
    # quadratic in the register size: 4 × per doubling
    results = [_step(p, e, summaries_s=(e / 100_000) ** 2) for p, e in ((1e6, 1e5), (2e6, 2e5), (4e6, 4e5))]
    b, _, national = growth(results, "summaries_s")
    assert b == pytest.approx(2.0)
    assert national == pytest.approx(16.0 * (NATIONAL_ENTERPRISES / 400_000) ** 2)


def test_growth_needs_two_measured_steps_and_skips_failed_ones():
    assert growth([_step(1e6, 1e5, import_s=10.0)], "import_s") is None
    results = [_step(1e6, 1e5, import_s=10.0), _step(1e7, 1e6, import_s=900.0, failed="out of memory")]
    assert growth(results, "import_s") is None


def test_parse_steps_refuses_shrinking_steps():
    assert parse_steps("1000:10,2000:20") == [(1000, 10), (2000, 20)]
    with pytest.raises(SystemExit):
        parse_steps("2000:20,1000:10")


def test_report_shows_every_step_and_the_fit():
    results = [_step(1_000_000, 100_000, copy_s=5.0), _step(4_000_000, 400_000, copy_s=20.0)]
    text = report(results)
    assert "1,000,000 / 100,000" in text and "4,000,000 / 400,000" in text
    assert f"{20.0 * 10:,.1f}" in text  # 40 M patents = 10 × the largest step, linear
    assert not math.isnan(growth(results, "copy_s")[0])

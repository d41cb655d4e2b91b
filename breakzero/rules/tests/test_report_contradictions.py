"""Reported R&D against the policy declaration and the HNTE R&D-ratio condition."""

from datetime import date
from decimal import Decimal as D

from breakzero.rules.report_contradictions import rd_contradictions

ON = date(2025, 6, 1)


def _codes(**kwargs):
    base = dict(reported_rd=D(100), reported_revenue=D(2000), declared_rd=None, declares_hnte=False, as_of=ON)
    return [c.code for c in rd_contradictions(**{**base, **kwargs})]


def test_declared_rd_within_tolerance_is_consistent():
    assert _codes(declared_rd=D(105)) == []


def test_declared_rd_far_from_reported_contradicts():
    assert _codes(declared_rd=D(300)) == ["rd_vs_declared"]


def test_hnte_small_firm_needs_5_percent():
    assert _codes(declares_hnte=True, reported_rd=D(99)) == ["rd_vs_hnte"]  # 4.95 % of 2000 万
    assert _codes(declares_hnte=True, reported_rd=D(100)) == []


def test_hnte_large_firm_needs_3_percent():
    assert _codes(declares_hnte=True, reported_rd=D(1000), reported_revenue=D(30000)) == []  # 3.33 %
    assert _codes(declares_hnte=True, reported_rd=D(600), reported_revenue=D(30000)) == ["rd_vs_hnte"]  # 2 %


def test_missing_values_never_contradict():
    assert _codes(reported_rd=None, declared_rd=D(5), declares_hnte=True) == []

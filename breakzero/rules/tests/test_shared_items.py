"""The rules library shares immutable items and texts between calls (bulk screening): a shared
one must be what a fresh call builds, types included."""

from decimal import Decimal

import pytest

from breakzero.rules import bands, results
from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.indicators import Indicator

IND = Indicator("x.code", "某条件", "来源", "group", "某事实")


def test_unknown_item_shared_keeps_max_points_type():
    as_int, as_decimal = IND.unknown(max_points=5), IND.unknown(max_points=Decimal("5.0"))
    assert type(as_int.max_points) is int and type(as_decimal.max_points) is Decimal
    assert str(as_decimal.max_points) == "5.0"
    assert IND.unknown(max_points=5) is as_int  # shared
    assert IND.unknown(threshold="≥ 1") != as_int


def test_flag_item_shared_only_for_booleans():
    met = IND.flag(True, want=True, met_zh="是", unmet_zh="否")
    assert IND.flag(True, want=True, met_zh="是", unmet_zh="否") is met
    assert IND.flag(False, want=True, met_zh="是", unmet_zh="否").status is results.CriterionStatus.UNMET
    one = IND.flag(1, want=True, met_zh="是", unmet_zh="否")  # not `is True`: unmet, value 1 kept
    assert one.status is results.CriterionStatus.UNMET and type(one.value) is int


def test_flag_item_differs_by_wording():
    first = IND.flag(True, want=True, met_zh="甲", unmet_zh="乙")
    assert IND.flag(True, want=True, met_zh="丙", unmet_zh="乙").reason_zh == "丙" != first.reason_zh


def test_bound_text_equal_for_equal_limits():
    assert bands.bound("≥", Decimal("3.0"), "%") == bands.bound("≥", 3, "%") == "≥ 3%"
    assert bands.bound("≥", Decimal("100"), "万元") == "≥ 100 万元"


def test_facts_reject_float_and_name_the_field():
    with pytest.raises(TypeError, match="EnterpriseFacts.total_assets"):
        EnterpriseFacts(as_of=__import__("datetime").date(2025, 1, 1), total_assets=1.5)

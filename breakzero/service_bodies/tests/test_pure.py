"""Pure helpers: ID numbers, subsidy split, matching, scoring, monthly events rule (no database)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from breakzero.service_bodies import calendar_rules, idnumbers, matching, scoring, subsidy


def test_id_check_character_known_number_matches_standard_example():
    # GB 11643-1999 appendix example: 11010519491231002X
    assert idnumbers.id_check_character("11010519491231002") == "X"
    assert idnumbers.validate_id_number("11010519491231002x") == "11010519491231002X"


def test_validate_id_number_wrong_check_digit_raises_chinese_reason():
    with pytest.raises(ValueError, match="校验码错误"):
        idnumbers.validate_id_number("110105194912310021")


@pytest.mark.parametrize(
    "value,reason",
    [("", "为空"), ("43010219900101", "18 位"), ("43010219901301123A", "数字"), ("430102199002301234", "出生日期")],
)
def test_validate_id_number_bad_shapes_raise(value, reason):
    with pytest.raises(ValueError, match=reason):
        idnumbers.validate_id_number(value)


def test_validate_id_number_full_width_digits_normalised():
    number = idnumbers.make_id_number("43010219900101123")
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert idnumbers.validate_id_number(wide) == number


def test_mask_id_number_keeps_three_and_four():
    assert idnumbers.mask_id_number("430102199001011234") == "430***********1234"


def test_split_budget_proportional_without_cap_sums_to_budget():
    split = subsidy.split_budget(scores={"a": D(90), "b": D(60), "c": D(50)}, budget=D(100), threshold=D(55))
    # c is below the threshold; a:b = 90:60 → 60 / 40
    assert split.amounts == {"a": D("60.00"), "b": D("40.00"), "c": D("0.00")}
    assert split.allocated == D(100) and split.unallocated == D(0)


def test_split_budget_cap_redistributes_to_others():
    # 80/10/10 of 100 → a 80 capped at 50; the remaining 50 split 10:10 → 25/25
    split = subsidy.split_budget(scores={"a": D(80), "b": D(10), "c": D(10)}, budget=D(100), threshold=D(0), cap=D(50))
    assert split.amounts == {"a": D("50.00"), "b": D("25.00"), "c": D("25.00")}
    assert split.capped == frozenset({"a"})


def test_split_budget_cascading_caps_hand_computed():
    # scores 50/30/20, budget 100, cap 40: a 50→40; rest 60 split 30:20 = 36/24; all ≤ 40.
    split = subsidy.split_budget(scores={"a": D(50), "b": D(30), "c": D(20)}, budget=D(100), threshold=D(0), cap=D(40))
    assert split.amounts == {"a": D("40.00"), "b": D("36.00"), "c": D("24.00")}
    # cap 35: a→35, 65 split 30:20 = 39/26 → b→35, c gets 30 → capped to... 30 ≤ 35 fine.
    split = subsidy.split_budget(scores={"a": D(50), "b": D(30), "c": D(20)}, budget=D(100), threshold=D(0), cap=D(35))
    assert split.amounts == {"a": D("35.00"), "b": D("35.00"), "c": D("30.00")}


def test_split_budget_everyone_capped_leaves_unallocated():
    split = subsidy.split_budget(scores={"a": D(90), "b": D(80)}, budget=D(100), threshold=D(60), cap=D(30))
    assert split.amounts == {"a": D("30.00"), "b": D("30.00")}
    assert split.unallocated == D("40.00")


def test_split_budget_thirds_round_to_exact_total():
    split = subsidy.split_budget(scores={"a": D(1), "b": D(1), "c": D(1)}, budget=D(100), threshold=D(0))
    assert sum(split.amounts.values()) == D("100.00")
    assert sorted(split.amounts.values()) == [D("33.33"), D("33.33"), D("33.34")]


def test_split_budget_nobody_over_threshold_allocates_nothing():
    split = subsidy.split_budget(scores={"a": D(40)}, budget=D(100), threshold=D(60))
    assert split.amounts == {"a": D("0.00")} and split.unallocated == D(100)


def test_match_score_same_section_chain_and_words_adds_up():
    need = matching.MatchSide("n", "高端装备数字化改造", "数字化,工业互联网", "C", frozenset({1}))
    offer = matching.MatchSide("o", "工业互联网数字化转型服务", "数字化", "C", frozenset({1, 2}))
    result = matching.match_score(need, offer)
    left = matching.bigrams("高端装备数字化改造 数字化,工业互联网")
    right = matching.bigrams("工业互联网数字化转型服务 数字化")
    text = round(30 * len(left & right) / len(left | right))
    assert result.score == 40 + 30 + text
    assert text > 0 and "同产业链" in result.reasons


def test_match_score_unrelated_scores_zero():
    need = matching.MatchSide("n", "锂电池材料", "", "C", frozenset())
    offer = matching.MatchSide("o", "财务咨询", "", "L", frozenset({3}))
    assert matching.match_score(need, offer).score == 0


def test_suggest_matches_orders_best_first_and_applies_minimum():
    need = matching.MatchSide("n", "专利挖掘", "专利", "C")
    offers = [matching.MatchSide("a", "专利挖掘布局", "专利", "C"), matching.MatchSide("b", "专利代理", "", "M"),
              matching.MatchSide("c", "融资", "", "L")]
    result = matching.suggest_matches([need], offers, minimum=1)
    assert [m.offering for m in result["n"]] == ["a", "b"]


def test_score_bodies_hand_computed_weights_and_ties():
    specs = [scoring.IndicatorSpec("events", D(60), D(12)), scoring.IndicatorSpec("served", D(40))]
    values = {"x": {"events": D(12), "served": D(10)}, "y": {"events": D(6), "served": D(20)}, "z": {"events": D(6), "served": D(20)}}
    ranked = scoring.score_bodies(indicators=specs, values=values)
    # x: 60*100 + 40*50 = 8000 / 100 = 80; y,z: 60*50 + 40*100 = 7000/100 = 70
    assert [(s.key, s.total, s.rank) for s in ranked] == [("x", D("80.00"), 1), ("y", D("70.00"), 2), ("z", D("70.00"), 2)]


def test_score_bodies_adjustment_overrides_and_manual_defaults_to_zero():
    specs = [scoring.IndicatorSpec("events", D(50), D(10)), scoring.IndicatorSpec("quality", D(50), is_manual=True)]
    values = {"x": {"events": D(5)}, "y": {"events": D(10)}}
    ranked = scoring.score_bodies(indicators=specs, values=values, adjustments={"x": {"quality": [D(90), D(70)]}})
    totals = {s.key: s.total for s in ranked}
    assert totals == {"x": D("65.00"), "y": D("50.00")}  # x: (50*50 + 50*80)/100


def test_month_statuses_met_missed_pending_and_not_applicable():
    dates = [dt.date(2021, 1, 5), dt.date(2021, 3, 1), dt.date(2021, 3, 20), dt.date(2021, 3, 25)]
    statuses = calendar_rules.month_statuses(
        year=2021, event_dates=dates, today=dt.date(2021, 5, 10), active_from=dt.date(2021, 1, 1)
    )
    by_month = {s.month: s.status for s in statuses}
    assert by_month[1] == "met" and by_month[2] == "missed" and by_month[3] == "met"
    assert by_month[4] == "missed" and by_month[5] == "pending" and by_month[12] == "pending"
    assert statuses[2].is_busy and calendar_rules.compliant_months(statuses) == 2


def test_month_statuses_before_recognition_not_applicable():
    statuses = calendar_rules.month_statuses(year=2021, event_dates=[], today=dt.date(2022, 1, 1), active_from=dt.date(2021, 7, 15))
    assert [s.status for s in statuses[:6]] == ["n/a"] * 6
    assert all(s.status == "missed" for s in statuses[6:])

"""Provincial single champion, product track (programme-rules-2.md §2.3): ranks at, below and above."""

import datetime as dt
from dataclasses import replace

import pytest

from breakzero.rules.champions import ChampionFacts, evaluate_provincial_single_champion

GOOD = ChampionFacts(as_of=dt.date(2024, 5, 1), is_hunan_legal_person=True, has_good_credit=True,
                     has_own_rd_and_manufacturing=True, national_rank=3, provincial_rank=1,
                     is_technology_domestic_leading=True, has_brand_strategy=True)


@pytest.mark.parametrize(("rank", "passed"), [(2, True), (3, True), (4, False)])
def test_national_top_three(rank, passed):
    assert evaluate_provincial_single_champion(replace(GOOD, national_rank=rank)).passed is passed


@pytest.mark.parametrize(("rank", "passed"), [(1, True), (2, False)])
def test_first_in_province(rank, passed):
    assert evaluate_provincial_single_champion(replace(GOOD, provincial_rank=rank)).passed is passed


def test_unknown_rank_leaves_verdict_open():
    assert evaluate_provincial_single_champion(replace(GOOD, national_rank=None)).passed is None


def test_flags_required():
    assert evaluate_provincial_single_champion(replace(GOOD, has_good_credit=False)).passed is False

"""Risk-pool share of patent pledge loans at the cap's edges (programme-rules-2.md §7.4)."""

from decimal import Decimal

import pytest

from breakzero.rules.ip_pledge import covered_amount, loss_split, pool_exposure


@pytest.mark.parametrize(("loan", "covered"), [
    (Decimal("499.99"), Decimal("499.99")), (Decimal("500"), Decimal("500")), (Decimal("500.01"), Decimal("500")),
    (Decimal("600"), Decimal("500"))])
def test_covered_amount_capped_at_500(loan, covered):
    assert covered_amount(loan, in_pool=True) == covered


def test_loan_outside_pool_has_no_exposure():
    assert pool_exposure(Decimal("300"), in_pool=False) == 0


def test_pool_exposure_is_45_percent_of_covered():
    assert pool_exposure(Decimal("600"), in_pool=True) == Decimal("225.00")
    assert pool_exposure(Decimal("100"), in_pool=True) == Decimal("45.00")


def test_loss_split_45_45_10_and_rest_to_bank():
    split = loss_split(Decimal("600"), loan=Decimal("600"), in_pool=True)
    assert (split.pool, split.bank, split.agency, split.uncovered) == (
        Decimal("225.00"), Decimal("225.00"), Decimal("50.00"), Decimal("100"))


def test_loss_above_loan_refused():
    with pytest.raises(ValueError):
        loss_split(Decimal("101"), loan=Decimal("100"), in_pool=True)

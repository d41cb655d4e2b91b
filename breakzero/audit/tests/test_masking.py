import pytest

from breakzero.core.masking import mask_email, mask_id_number, mask_phone


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("13812345678", "138****5678"), ("+86 138-1234-5678", "138****5678"), ("0731-88881234", "0731-****1234"),
     ("", ""), (None, ""), ("123", "***")],
)
def test_mask_phone_keeps_prefix_and_last_four(raw, masked):
    assert mask_phone(raw) == masked


def test_mask_id_number_keeps_region_and_last_four():
    assert mask_id_number("43010419900101123X") == "4301**********123X"
    assert mask_id_number("1234") == "****"


def test_mask_email_keeps_first_letter_and_domain():
    assert mask_email("zhang.san@example.com") == "z********@example.com"
    assert mask_email("a@b.cn") == "a*@b.cn"
    assert mask_email("") == ""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from breakzero.accounts.models import User
from breakzero.accounts.passwords import character_classes


@pytest.mark.parametrize(
    "password",
    ["short1A!", "alllowercaseletters", "lowercase12345", "1234567890123", "password123", "Password123"],
)
def test_validate_password_weak_rejected(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="someone"))


def test_validate_password_contains_username_rejected():
    with pytest.raises(ValidationError) as info:
        validate_password("Zhangwei#2024x", User(username="zhangwei"))
    assert "用户名" in str(info.value)


@pytest.mark.parametrize("password", ["Hunan@2020demo", "lower-UPPER-only", "Xiangjiang2024"])
def test_validate_password_three_classes_accepted(password):
    validate_password(password, User(username="demo-province"))


def test_character_classes_counts_each_class_once():
    assert character_classes("aA1!") == 4
    assert character_classes("aaaa1111") == 2

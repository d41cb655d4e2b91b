"""Password rules beyond Django's validators (等保 2.0 身份鉴别: complexity)."""

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("数字", lambda c: c.isdigit()),
    ("符号", lambda c: not c.isalnum()),
)


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and symbols the password uses."""
    return sum(1 for _name, member in CLASSES if any(member(c) for c in password))


class CharacterClassValidator:
    """At least `min_classes` of the four character classes (等保; ASVS 2.1.9 disagrees)."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)s 类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)s 类。") % {"n": self.min_classes}


class NotUsernameValidator:
    """The password must not contain the user name (in either direction, case-insensitive)."""

    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").strip().lower()
        if len(username) >= 3 and (username in password.lower() or password.lower() in username):
            raise ValidationError(_("密码不能包含用户名。"), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("密码不能包含用户名。")

"""Login lockout bookkeeping (django-axes) where a success resets only the account's own count.

django-axes' own reset deletes every attempt matching the username *or* the address, so a
correct login to account B wiped the failures recorded against account A from the same
address: alternating guesses at A with logins to B never locked (等保 2.0 身份鉴别 b).
Here a success detaches the account from its attempt rows instead of deleting them: the
account's count starts again, while every address keeps its count and other accounts keep theirs.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


class AccountOnlyResetHandler(AxesDatabaseHandler):
    def reset_user_attempts(self, request: Any, credentials: dict | None = None) -> int:
        """After a successful login: forget this account's failures, keep the addresses' counts."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        return account_failures_detach(username=username)


DETACHED_PREFIX = "#reset-"  # "#" never occurs in a user name (Django allows letters, digits and @.+-_)


def account_failures_detach(*, username: str) -> int:
    """The rows stay (they still count for their address) but no longer name the account.
    Rows are unique on (username, ip, user agent): each detached row gets its own marker
    (not NULL: axes looks rows up by user name, and a NULL-named failure would then match several)."""
    marker = Concat(Value(DETACHED_PREFIX), Cast("pk", CharField()))
    return AccessAttempt.objects.filter(username=username).update(username=marker)

"""Every view declares who may use it (a guard test walks the URLconf and checks).

- `@roles(...)`: only users with one of these roles (404 for others, as for a missing page);
  object-level checks (region, enterprise) still happen in the view via the app's access module.
- `@any_user`: any logged-in user; the view scopes what it shows.
- `@public`: no login (login page, health check).
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404

from breakzero.accounts.models import ADMIN_ROLES, OFFICIAL_ROLES, Role

OFFICIALS = tuple(OFFICIAL_ROLES)
OFFICIALS_AND_ADMIN = (*OFFICIAL_ROLES, Role.SYSTEM_ADMIN)
ALL_ROLES = tuple(Role)
ADMINS = tuple(ADMIN_ROLES)


def roles(*allowed: str | Iterable[str]) -> Callable:
    flat = _flatten(allowed)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            user = request.user
            if not user.is_authenticated or user.role not in flat:  # is_superuser grants nothing (三员分立)
                _denied(request, view)
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.access_declared = ("roles", flat)
        return wrapped

    return decorator


def any_user(view: Callable) -> Callable:
    view.access_declared = ("any_user", ())
    return view


def public(view: Callable) -> Callable:
    view = login_not_required(view)
    view.access_declared = ("public", ())
    return view


def _flatten(items: tuple) -> frozenset[str]:
    result: set[str] = set()
    for item in items:
        if isinstance(item, str):
            result.add(str(item))
        else:
            result.update(str(x) for x in item)
    return frozenset(result)


def _denied(request: Any, view: Callable) -> None:
    """Access denials are audited (breakzero.audit records them when installed)."""
    from breakzero.core.signals import access_denied

    access_denied.send(sender=view, request=request)

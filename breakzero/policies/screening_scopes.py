"""The scopes a screening run is cut into, and the facts of one scope (policies.screening and
its workers, policies.screening_worker, read them the same way)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Max, Min

from breakzero.enterprises.models import Enterprise
from breakzero.policies import assembly

Scope = tuple[int, int] | list[int]  # an inclusive pk range of a whole-register run, or some ids


class Scopes:
    """The scopes of a run taken one after another, each of the size asked for: inclusive pk
    ranges over the register (enterprise_ids None), or slices of the given ids."""

    def __init__(self, enterprise_ids: list[int] | None) -> None:
        if enterprise_ids is not None:
            self.ids: list[int] | None = sorted(set(enterprise_ids))
            self.next, self.end = 0, len(self.ids)
            return
        self.ids = None
        bounds = Enterprise.objects.aggregate(low=Min("pk"), high=Max("pk"))
        self.next, self.end = (0, -1) if bounds["low"] is None else (bounds["low"], bounds["high"] + 1)

    def take(self, size: int) -> Scope | None:
        if self.next >= self.end:
            return None
        size = max(1, size)
        start, self.next = self.next, self.next + size
        return (start, start + size - 1) if self.ids is None else self.ids[start : start + size]

    def rest(self, size: int, *, first: Sequence[int] = ()) -> Iterator[Scope]:
        """The scopes left: of the sizes in `first`, then of `size`."""
        for scope_size in first:
            if (scope := self.take(scope_size)) is None:
                return
            yield scope
        while (scope := self.take(size)) is not None:
            yield scope


def scope_sources(as_of: dt.date, scope: Scope, patents: Any) -> dict[int, assembly.FactSource]:
    """The scope's FactSources; `patents`: the whole register's patent facts, read once per run
    and used for a pk range (a list of ids reads its own)."""
    if isinstance(scope, tuple):
        return assembly.load_sources(as_of=as_of, pk_range=scope, patents=patents)
    return assembly.load_sources(as_of=as_of, enterprise_ids=scope)

"""Programme types: what a programme area registers with the engine (rules, form, effects on publication).

A programme area calls `register_programme_type(...)` in its AppConfig.ready(), as apps register
refreshers with `core.hooks`. The engine never imports a programme area; it looks types up here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from breakzero.core.errors import DomainError


class EligibilityItem(Protocol):
    code: str
    name_zh: str
    status: Any
    reason_zh: str
    source: str
    threshold: str
    value: Any


class EligibilityResult(Protocol):
    """What an eligibility function returns: `breakzero.rules.results.Evaluation` fits."""

    passed: bool | None
    items: tuple[EligibilityItem, ...]
    rule_set: str


# facts_builder(enterprise_ids, as_of) -> {enterprise_id: facts}: set-based, one call per batch.
FactsBuilder = Callable[[Iterable[int], dt.date], dict[int, Any]]
# eligibility(facts, call, as_of) -> result with passed/items (facts from the builder).
Eligibility = Callable[[Any, Any, dt.date], EligibilityResult]


@dataclass(frozen=True)
class FormField:
    """One field of an application form; `prefill` names a platform value (see calls.prefill)."""

    key: str
    label: str
    kind: str = "text"  # text, textarea, number, date, choice, boolean
    required: bool = False
    prefill: str = ""
    choices: tuple[str, ...] = ()
    fact: str = ""  # the entered value is a declared fact: it overrides this field of the type's facts

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "kind": self.kind, "required": self.required,
                "prefill": self.prefill, "choices": list(self.choices), "fact": self.fact}


@dataclass(frozen=True)
class ProgrammeType:
    key: str
    name_zh: str
    facts_builder: FactsBuilder | None = None
    eligibility: Eligibility | None = None
    form_fields: tuple[FormField, ...] = ()
    attachments: tuple[dict[str, Any], ...] = ()
    scoring: dict[str, Any] = field(default_factory=dict)
    on_publish: Callable[[Any], None] | None = None
    rule_set: str = ""
    notes_zh: str = ""  # e.g. which conditions are UNCONFIRMED in the reference
    # Hooks beside the one state machine (they never move an application):
    # on_move(application, actor, transition) runs inside the move's transaction after it is recorded;
    # review_panel(application, user) -> HTML (safe) shown on the application page under the check-up.
    on_move: Callable[[Any, Any, Any], None] | None = None
    review_panel: Callable[[Any, Any], str] | None = None
    # A call of this type may spend a special fund (funds.FundCall): its published applications become
    # fund projects (the fund call itself, 民参军 core-technology projects).
    spends_funds: bool = False
    # Enterprises file their own applications on the call's page. False when the programme area puts
    # applications on the engine itself (a contest stage's entries come from registration and the
    # stage before, programme-rules-2.md §5.2): no 我要申报 button, and the engine refuses a direct filing.
    filed_by_applicants: bool = True
    # The levels' decisions (recommend, return, refuse, select) are taken on the programme area's own
    # pages, never one by one on the engine's application page or API: a contest stage's entries move
    # when a stage is closed, by their ranking (programme-rules-2.md §5.2).
    decided_in_area: bool = False


_TYPES: dict[str, ProgrammeType] = {}


def register_programme_type(
    key: str, *, name_zh: str, eligibility: Eligibility | None = None, facts_builder: FactsBuilder | None = None,
    form_fields: Iterable[FormField] = (), on_publish: Callable[[Any], None] | None = None, **extra: Any,
) -> ProgrammeType:
    """Register (or replace, on reload) a programme type under `key`."""
    if (eligibility is None) != (facts_builder is None):
        raise ValueError("eligibility and facts_builder go together")
    kind = ProgrammeType(key=key, name_zh=name_zh, facts_builder=facts_builder, eligibility=eligibility,
                         form_fields=tuple(form_fields), on_publish=on_publish, **extra)
    _TYPES[key] = kind
    return kind


def unregister_programme_type(key: str) -> None:
    _TYPES.pop(key, None)


def get_programme_type(key: str) -> ProgrammeType:
    try:
        return _TYPES[key]
    except KeyError:
        raise DomainError(f"未登记的项目类型：{key}") from None


def programme_type_of(application: Any) -> ProgrammeType | None:
    """The registered type of an application's programme (None when the type is not registered)."""
    return _TYPES.get(application.call.programme.programme_type)


def review_panel_html(application: Any, user: Any) -> str:
    """What the programme type adds to the application page for `user` ("" when nothing)."""
    kind = programme_type_of(application)
    return kind.review_panel(application, user) if kind is not None and kind.review_panel is not None else ""


def filed_by_applicants(call: Any) -> bool:
    """Whether enterprises may file on `call` themselves (an unregistered type: yes, as before)."""
    kind = _TYPES.get(call.programme.programme_type)
    return kind is None or kind.filed_by_applicants


def decided_in_area(call: Any) -> bool:
    """Whether the levels' decisions on `call` are taken on its programme area's pages only."""
    kind = _TYPES.get(call.programme.programme_type)
    return kind is not None and kind.decided_in_area


def not_filed_by_applicants() -> list[str]:
    """The registered type keys whose applications the programme area files itself (hidden from the calls list)."""
    return sorted(key for key, kind in _TYPES.items() if not kind.filed_by_applicants)


def programme_types() -> list[ProgrammeType]:
    return sorted(_TYPES.values(), key=lambda t: t.key)


def programme_type_choices() -> list[tuple[str, str]]:
    return [(t.key, t.name_zh) for t in programme_types()]

"""Reads of the manual: which manual a user gets, which section a page opens, which screenshots exist."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings

from breakzero.manual.content import MANUALS, Manual, Section

SHOT_NAME = re.compile(r"^[a-z_]+-[a-z_]+\.png$")


def manual_for(user: Any) -> Manual | None:
    """The manual of the user's role (None for an anonymous visitor or a role without one)."""
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    return next((m for m in MANUALS if role in m.roles), None)


def section_for(manual: Manual, view_name: str) -> Section:
    """The section a page's 帮助 link opens: an exact URL name first, then the page's area, else the start."""
    namespace = view_name.split(":", 1)[0] + ":*" if ":" in view_name else ""
    for wanted in (view_name, namespace):
        for section in manual.sections:
            if wanted and wanted in section.pages:
                return section
    return manual.sections[0]


def screenshot_dir() -> Path:
    """Where the browser test writes the manual's screenshots and the manual reads them from
    (setting `MANUAL_SCREENSHOT_DIR`, default var/manual/)."""
    configured = getattr(settings, "MANUAL_SCREENSHOT_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "manual"


def screenshot_path(manual: Manual, name: str) -> Path | None:
    """The file of one of `manual`'s screenshots, or None (not its own, a bad name, or not taken yet)."""
    if not SHOT_NAME.match(name) or name not in {manual.shot_name(s) for s in manual.sections if s.shot}:
        return None
    path = screenshot_dir() / name
    return path if path.is_file() else None


def sections_with_shots(manual: Manual) -> list[tuple[Section, str | None]]:
    """Each section with the name of its screenshot when one has been taken."""
    return [(s, manual.shot_name(s) if s.shot and screenshot_path(manual, manual.shot_name(s)) else None)
            for s in manual.sections]

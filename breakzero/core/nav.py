"""Navigation by role: menus and home tiles list only the pages the user can open.

Entries name URLs (strings, no import of the apps that own them); an entry is shown when the
URL exists, its view's access declaration (`core.permissions`) admits the user's role, and its
own `visible(user)` test, if any, passes. Apps added later register their entries in
AppConfig.ready() (`register(NavEntry(...))`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url_name: str
    description: str | Promise = ""
    order: int = 100
    visible: Callable[[Any], bool] | None = None
    is_tile: bool = True  # also a tile on the home page


@dataclass(frozen=True)
class Link:
    key: str
    label: str
    url: str
    description: str

    def is_current(self, path: str) -> bool:
        return path == self.url or (self.url != "/" and path.startswith(self.url))


_ENTRIES: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    _ENTRIES[entry.key] = entry


def links_for(user: Any, *, tiles_only: bool = False) -> list[Link]:
    """The menu (or the home tiles) of this user, in order."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = []
    for entry in sorted(_ENTRIES.values(), key=lambda e: (e.order, e.key)):
        if tiles_only and not entry.is_tile:
            continue
        url = _url(entry.url_name)
        if url and can_open(user, url) and (entry.visible is None or entry.visible(user)):
            found.append(Link(entry.key, str(entry.label), url, str(entry.description)))
    return found


def can_open(user: Any, path: str) -> bool:
    """Whether the view at `path` admits this user's role (its `@roles` / `@any_user` declaration)."""
    declared = _declared(path.split("?")[0])
    if declared is None:
        return False
    kind, allowed = declared
    if kind == "public":
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return kind == "any_user" or getattr(user, "role", None) in allowed


@lru_cache(maxsize=512)
def _declared(path: str) -> tuple[str, frozenset] | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    func = match.func
    declared = getattr(func, "access_declared", None)
    if declared is None and path.startswith("/admin/"):
        return ("roles", frozenset({"system_admin"}))  # Django's admin: the system administrator's
    return declared


@lru_cache(maxsize=512)
def _url(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


def _register_defaults() -> None:
    for entry in DEFAULTS:
        register(entry)


DEFAULTS = (
    NavEntry("home", _("首页"), "core:home", order=0, is_tile=False),
    NavEntry("enterprises", _("企业"), "enterprises:enterprise-list", _("企业信息、年度数据、导入导出"), order=10),
    NavEntry("patents", _("专利与破零"), "patents:break-zero-list", _("首件发明专利授权、破零候选企业"), order=20,
             visible=lambda user: user.is_official or user.role in {"system_admin", "enterprise"}),
    NavEntry("progress", _("调度进度"), "indicators:dashboard", _("目标、进度、排名与通报"), order=30),
    NavEntry("cultivation", _("梯度培育"), "cultivation:title-list", _("创新型、专精特新、小巨人"), order=40),
    NavEntry("policies", _("政策体检"), "policies:index", _("加计扣除、高企、专利费减缴、优先审查"), order=50,
             visible=lambda user: user.is_official or user.role == "system_admin"
             or (user.role == "enterprise" and bool(user.enterprise_id))),
    NavEntry("service", _("服务体系"), "service_bodies:home", _("服务平台、机构、创新工程师、服务活动"), order=60),
    NavEntry("reports", _("调度通报"), "reports:home", _("实施方案、通报、督办"), order=70),
    NavEntry("audit", _("审计日志"), "audit:entry-list", _("操作与访问记录"), order=80),
    NavEntry("security", _("安全管理"), "accounts:security", _("账户锁定、登录限制"), order=85),
    NavEntry("admin", _("系统管理"), "admin:index", _("用户、区域与基础数据"), order=90),
)

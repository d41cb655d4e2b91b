"""Officials' accounts created in bulk from an xlsx by the level above (province → cities' officials,
city → its counties' officials), with a password change at first login; the same level deactivates them.

The file is checked whole before anything is saved (STYLE §3 sheets): one bad row, nothing created.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import IO, Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role, User
from breakzero.accounts.tokens import tokens_revoke_all
from breakzero.core.errors import DomainError
from breakzero.core.sheet_cells import cell_text
from breakzero.core.sheets import Column, RowError, open_sheet
from breakzero.regions.models import Region

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
COLUMNS = [
    Column("username", "用户名"),
    Column("display_name", "姓名"),
    Column("region_code", "区划代码", aliases=("地区代码", "管辖区域代码")),
    Column("phone", "手机号", aliases=("联系电话",), required=False),
    Column("email", "电子邮箱", aliases=("邮箱",), required=False),
    Column("password", "初始密码", required=False, help="留空则由系统生成"),
]


@dataclass(frozen=True)
class CreatedOfficial:
    username: str
    display_name: str
    region_name: str
    initial_password: str  # shown once to the importer, never stored in clear


def managed_role(user: Any) -> str | None:
    """The role whose accounts `user` creates: the province creates cities', a city its counties'."""
    if not getattr(user, "is_authenticated", False):
        return None
    return {Role.PROVINCE_OFFICIAL: Role.CITY_OFFICIAL, Role.CITY_OFFICIAL: Role.COUNTY_OFFICIAL}.get(user.role)


def officials_managed_by(user: Any) -> QuerySet[User]:
    """The accounts one level below in the user's own region: all cities' officials for the province,
    the officials of the city's own counties for a city; nobody for anyone else."""
    role = managed_role(user)
    if role == Role.CITY_OFFICIAL:
        return User.objects.filter(role=role)
    if role == Role.COUNTY_OFFICIAL and user.region_id:
        return User.objects.filter(role=role, region__city_code=user.region_id)
    return User.objects.none()


def can_manage_region(user: Any, region: Region) -> bool:
    role = managed_role(user)
    if role == Role.CITY_OFFICIAL:
        return region.is_prefecture
    if role == Role.COUNTY_OFFICIAL:
        return region.is_county and region.city_code == user.region_id
    return False


@transaction.atomic
def officials_import(*, actor: Any, handle: IO[bytes]) -> list[CreatedOfficial]:
    """Create every account of the file or none: ValidationError with one line per bad row."""
    role = managed_role(actor)
    if role is None:
        raise DomainError(_("只有省级和市州管理员可以批量创建下一级管理员账户。"))
    rows, errors = _parse(actor, handle)
    if errors:
        raise ValidationError([_("第 %(row)s 行 %(column)s「%(value)s」：%(reason)s") % {
            "row": e.row, "column": e.column, "value": e.value, "reason": e.reason} for e in errors])
    created = []
    for row in rows:
        password = row["password"] or _generated_password()
        user = User(username=row["username"], display_name=row["display_name"], role=role, region=row["region"],
                    phone=row["phone"], email=row["email"], must_change_password=True)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        created.append(CreatedOfficial(user.username, user.display_name, row["region"].name,
                                       "" if row["password"] else password))
    return created


@transaction.atomic
def official_deactivate(*, actor: Any, user: User) -> User:
    """The level above deactivates an official: sessions stop working at once (Django refuses an
    inactive user's session) and every API token is revoked."""
    if not officials_managed_by(actor).filter(pk=user.pk).exists():
        raise DomainError(_("只能停用本级创建的下一级管理员账户。"))
    user.is_active = False
    user.save(update_fields=["is_active"])
    tokens_revoke_all(user=user)
    return user


def _parse(actor: Any, handle: IO[bytes]) -> tuple[list[dict], list[RowError]]:
    sheet = open_sheet(handle, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    regions = {r.code: r for r in Region.objects.all()}
    rows, errors, seen = [], [], set()
    for number, raw in sheet:
        row = {key: cell_text(raw.get(key)).strip() for key in ("username", "display_name", "region_code", "phone",
                                                              "email", "password")}
        region = regions.get(row["region_code"])
        problems = []
        if not row["username"]:
            problems.append(("用户名", "", _("必填")))
        elif row["username"] in seen:
            problems.append(("用户名", row["username"], _("文件中重复")))
        elif User.objects.filter(username=row["username"]).exists():
            problems.append(("用户名", row["username"], _("已被使用")))
        if not row["display_name"]:
            problems.append(("姓名", "", _("必填")))
        if region is None:
            problems.append(("区划代码", row["region_code"], _("不是有效的行政区划代码")))
        elif not can_manage_region(actor, region):
            problems.append(("区划代码", row["region_code"], _("不在本级可创建账户的下一级地区内")))
        if row["password"]:
            try:
                validate_password(row["password"], User(username=row["username"]))
            except ValidationError as exc:
                problems.append(("初始密码", "******", "；".join(exc.messages)))
        seen.add(row["username"])
        errors.extend(RowError(number, column, value, reason) for column, value, reason in problems)
        rows.append({**row, "region": region})
    if not rows and not errors:
        errors.append(RowError(sheet.header_row, "", "", _("文件中没有数据行")))
    return rows, errors


def _generated_password() -> str:
    """16 characters with every class the password policy asks for."""
    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _index in range(12))
    return f"{body}{secrets.choice(string.ascii_uppercase)}{secrets.choice(string.digits)}-{secrets.choice(string.ascii_lowercase)}"

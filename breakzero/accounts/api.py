"""Personal API tokens (/api/v1/tokens): issue, list and revoke your own; browser session only."""

import datetime as dt

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from breakzero.accounts.models import ApiToken, User

# A token cannot issue tokens: only a logged-in browser session (with CSRF) may.
router = Router(tags=["API 令牌 / tokens"], auth=SessionAuth(csrf=True))
MAX_LIFETIME = dt.timedelta(days=366)  # "at most one year"; a leap year has 366 days
DEFAULT_LIFETIME = dt.timedelta(days=90)
MAX_ACTIVE_TOKENS = 20


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="用途，如“统计报送脚本”")
    expires_at: dt.datetime | None = Field(None, description="过期时间，最长一年；不填为 90 天")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    is_active: bool


class TokenCreatedOut(TokenOut):
    key: str = Field(..., description="令牌全文，仅此一次返回，请妥善保存")


@router.post("/tokens", response={201: TokenCreatedOut}, summary="为自己签发 API 令牌")
def token_create(request, payload: TokenIn):
    token, key = _token_issue(user=request.user, name=payload.name.strip(), expires_at=payload.expires_at)
    return 201, _out(token) | {"key": key}


@router.get("/tokens", response=list[TokenOut], summary="我的 API 令牌")
def token_list(request):
    return [_out(token) for token in ApiToken.objects.filter(user=request.user)]


@router.delete("/tokens/{int:token_id}", response={204: None}, summary="撤销 API 令牌")
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return 204, None


@transaction.atomic
def _token_issue(*, user: User, name: str, expires_at: dt.datetime | None) -> tuple[ApiToken, str]:
    """Only the SHA-256 of the key is stored; the key itself is returned once (lifetime ≤ 1 year)."""
    now = timezone.now()
    expires_at = expires_at or now + DEFAULT_LIFETIME
    if timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if not name:
        raise HttpError(422, "令牌名称不能为空。")
    if expires_at <= now:
        raise HttpError(422, "过期时间必须晚于当前时间。")
    if expires_at > now + MAX_LIFETIME:
        raise HttpError(422, "令牌有效期最长一年。")
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise concurrent issues per user
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).count() >= MAX_ACTIVE_TOKENS:
        raise HttpError(422, f"有效令牌已达 {MAX_ACTIVE_TOKENS} 个，请先撤销不用的令牌。")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:8], expires_at=expires_at)
    return token, key


def _out(token: ApiToken) -> dict:
    fields = ("id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at", "is_active")
    return {name: getattr(token, name) for name in fields}

"""Personal API tokens (/api/v1/tokens): issue and list your own from a browser session;
revoke your own from a session or with any of your tokens (accounts.tokens holds the rules)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from breakzero.accounts import tokens
from breakzero.accounts.models import ApiToken
from breakzero.core.errors import DomainError

# A token cannot issue tokens: only a logged-in browser session (with CSRF) may.
router = Router(tags=["API 令牌 / tokens"], auth=SessionAuth(csrf=True))


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
    try:
        token, key = tokens.token_issue(user=request.user, name=payload.name.strip(), expires_at=payload.expires_at)
    except DomainError as exc:
        raise HttpError(422, exc.message) from exc
    return 201, _out(token) | {"key": key}


@router.get("/tokens", response=list[TokenOut], summary="我的 API 令牌")
def token_list(request):
    return [_out(token) for token in ApiToken.objects.filter(user=request.user)]


def _revoke_auth() -> list:
    from config.api import CsrfSessionAuth, TokenAuth

    return [CsrfSessionAuth(), TokenAuth(suspended_ok=True)]


@router.delete("/tokens/{int:token_id}", response={204: None}, summary="撤销 API 令牌", auth=_revoke_auth())
def token_revoke(request, token_id: int):
    """Your own tokens only; also with a token of yours, even while your tokens are suspended."""
    tokens.token_revoke(token=get_object_or_404(ApiToken, pk=token_id, user=request.auth))
    return 204, None


def _out(token: ApiToken) -> dict:
    fields = ("id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at", "is_active")
    return {name: getattr(token, name) for name in fields}

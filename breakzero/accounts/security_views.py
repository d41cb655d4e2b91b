"""The security administrator's page: lockouts, 2FA resets, forced password changes, policy."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from breakzero.accounts import security
from breakzero.accounts.forms import UnlockAddressForm, UserActionForm
from breakzero.accounts.models import Role, User
from breakzero.core.permissions import roles


@roles(Role.SECURITY_ADMIN)
def security_home(request: HttpRequest) -> HttpResponse:
    context = {
        "lockouts": security.lockouts_active(),
        "user_form": UserActionForm(),
        "policy": _policy(),
    }
    return render(request, "accounts/security.html", context)


@roles(Role.SECURITY_ADMIN)
@require_POST
def security_user_action(request: HttpRequest) -> HttpResponse:
    form = UserActionForm(request.POST)
    user = User.objects.filter(username=form.data.get("username", "")).first() if form.is_valid() else None
    if user is None:
        messages.error(request, "用户不存在或操作无效。")
        return redirect("accounts:security")
    action = form.cleaned_data["action"]
    if action == "reset_2fa":
        count = security.second_factor_reset(user=user)
    elif action == "force_password":
        count = bool(security.password_change_force(user=user))
    else:
        count = security.lockout_reset(username=user.username)
    _audit(request, action=action, target=user, count=count)
    messages.success(request, f"已对用户 {user.username} 执行：{dict(form.ACTIONS)[action]}。")
    return redirect("accounts:security")


@roles(Role.SECURITY_ADMIN)
@require_POST
def security_unlock_address(request: HttpRequest) -> HttpResponse:
    form = UnlockAddressForm(request.POST)
    if form.is_valid():
        count = security.lockout_reset(ip_address=form.cleaned_data["ip_address"])
        _audit(request, action="unlock_ip", target=None, count=count, ip=form.cleaned_data["ip_address"])
        messages.success(request, f"已解除地址 {form.cleaned_data['ip_address']} 的锁定。")
    else:
        messages.error(request, "IP 地址无效。")
    return redirect("accounts:security")


def _policy() -> list[tuple[str, str]]:
    return [
        ("密码最小长度", "10 位"),
        ("字符类别", "大写字母、小写字母、数字、符号中至少 3 类；不得包含用户名；不得为常见密码"),
        ("定期更换（官员、管理员）", f"{settings.PASSWORD_MAX_AGE_DAYS} 天" if settings.PASSWORD_MAX_AGE_DAYS else "未启用"),
        ("登录失败锁定", f"连续 {settings.AXES_FAILURE_LIMIT} 次失败后锁定账户及来源地址 {settings.AXES_COOLOFF_TIME}"),
        ("会话超时", f"空闲 {settings.SESSION_IDLE_SECONDS // 60} 分钟，最长 {settings.SESSION_COOKIE_AGE // 3600} 小时"),
        ("双因素认证（官员、管理员）", "已启用" if settings.REQUIRE_2FA else "未启用（演示环境）"),
    ]


def _audit(request: HttpRequest, *, action: str, target: object, count: int, ip: str = "") -> None:
    from breakzero.audit.services import Action, audit_record

    audit_record(action=Action.SECURITY, request=request, target=target, detail={"op": action, "count": count, "ip": ip})

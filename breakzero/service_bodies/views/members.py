"""A body's accounts: list, invite a new account, attach an existing one, remove."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.permissions import roles
from breakzero.service_bodies import access
from breakzero.service_bodies.forms import MemberAttachForm, MemberInviteForm
from breakzero.service_bodies.services import members as services
from breakzero.service_bodies.views.common import visible_body

ACCOUNT_ROLES = (Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL, Role.SERVICE_BODY)


@roles(ACCOUNT_ROLES)
@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(request, pk)
    invite = MemberInviteForm(request.POST if request.POST.get("form") == "invite" else None, prefix="invite")
    attach = MemberAttachForm(request.POST if request.POST.get("form") == "attach" else None, prefix="attach")
    can_name_admins = access.can_manage_accounts(request.user, body)
    if request.method == "POST" and _save(request, body, invite, attach, can_name_admins):
        return redirect("service_bodies:member-list", pk=body.pk)
    context = {"body": body, "members": body.members.select_related("user").order_by("-is_admin", "user__username"),
               "invite": invite, "attach": attach, "can_name_admins": can_name_admins}
    return render(request, "service_bodies/member_list.html", context)


@roles(ACCOUNT_ROLES)
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    body = _body_or_404(request, pk)
    member = get_object_or_404(body.members.select_related("user", "body"), pk=member_pk)
    try:
        services.member_remove(actor=request.user, member=member)
        messages.success(request, _("已移除账户 %(name)s。") % {"name": member.user.username})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("service_bodies:member-list", pk=body.pk)


def _save(request, body, invite, attach, can_name_admins: bool) -> bool:  # noqa: ANN001
    form = invite if invite.is_bound else attach
    if not form.is_valid():
        return False
    data = form.cleaned_data
    is_admin = bool(data.get("is_admin")) and can_name_admins
    try:
        if form is invite:
            result = services.member_invite(actor=request.user, body=body, username=data["username"],
                                            display_name=data["display_name"], email=data["email"], is_admin=is_admin)
            messages.success(request, _("已创建账户 %(name)s，初始密码：%(password)s（仅显示一次，首次登录须修改）。")
                             % {"name": result.member.user.username, "password": result.password})
        else:
            services.member_attach(actor=request.user, body=body, username=data["username"], is_admin=is_admin)
            messages.success(request, _("已关联账户 %(name)s。") % {"name": data["username"]})
    except DomainError as exc:
        form.add_error(None, exc.message)
        return False
    return True


def _body_or_404(request: HttpRequest, pk: int):  # noqa: ANN202
    body = visible_body(request, pk)
    if not access.can_see_members(request.user, body):
        raise Http404
    return body

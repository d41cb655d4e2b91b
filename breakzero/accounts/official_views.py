"""The officials page: the province creates cities' officials, a city its counties', from an xlsx;
the same level lists and deactivates them."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from breakzero.accounts import officials
from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.permissions import roles
from breakzero.core.sheets import SheetError, write_xlsx
from breakzero.core.views import xlsx_response


@roles(Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL)
def official_list(request: HttpRequest) -> HttpResponse:
    """GET lists the accounts one level below; POST with a file creates them, POST deactivate= stops one."""
    managed = officials.officials_managed_by(request.user).select_related("region").order_by("region_id", "username")
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, [c.header for c in officials.COLUMNS], [], sheet="管理员账户")
        return xlsx_response(buffer.getvalue(), "管理员账户导入模板.xlsx")
    created, errors = [], []
    if request.method == "POST" and request.POST.get("deactivate"):
        try:
            officials.official_deactivate(actor=request.user, user=get_object_or_404(managed, pk=request.POST["deactivate"]))
            messages.success(request, _("已停用该账户，其登录会话和 API 令牌均已失效。"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("accounts:official-list")
    if request.method == "POST":
        try:
            if not request.FILES.get("file"):
                raise SheetError(_("请选择要上传的 xlsx 文件。"))
            created = officials.officials_import(actor=request.user, handle=request.FILES["file"])
        except (SheetError, ValidationError, DomainError) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [getattr(exc, "message", str(exc))]
    return render(request, "accounts/officials.html", {
        "officials": managed, "created": created, "errors": errors, "columns": officials.COLUMNS,
        "level_name": _("市州") if officials.managed_role(request.user) == Role.CITY_OFFICIAL else _("区县"),
    })

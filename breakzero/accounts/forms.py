"""Forms for the second factor and the security administrator's actions."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("动态口令"), regex=r"^\s*\d{6}\s*$", max_length=8,
        error_messages={"invalid": _("请输入身份验证器显示的 6 位数字。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class UserActionForm(forms.Form):
    ACTIONS = (
        ("reset_2fa", _("重置双因素认证")), ("force_password", _("下次登录强制修改密码")), ("unlock", _("解除账户锁定")),
    )

    username = forms.CharField(label=_("用户名"), max_length=150)
    action = forms.ChoiceField(label=_("操作"), choices=ACTIONS)


class UnlockAddressForm(forms.Form):
    ip_address = forms.GenericIPAddressField(label=_("IP 地址"))


class NewPasswordChangeForm(PasswordChangeForm):
    """A change, forced or not, must choose a new password: re-entering the current one
    would satisfy a forced change or a rotation without changing anything (等保 身份鉴别)."""

    def clean_new_password2(self) -> str:
        password = self.cleaned_data.get("new_password2", "")
        if password and self.user.check_password(password):
            raise forms.ValidationError(_("新密码不能与当前密码相同。"), code="password_unchanged")
        return password

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.notifications.models import NoticeKind


class PreferenceForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("同时通过邮件接收"), choices=NoticeKind.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("站内信始终发送；勾选的类型另发邮件到账户邮箱。"),
    )

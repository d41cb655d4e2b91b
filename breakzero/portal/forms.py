"""Forms of the public side: the objection (with the captcha) and the objection status lookup."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.calls.forms import ObjectionForm
from breakzero.portal.captcha import captcha_check, captcha_new


class PortalObjectionForm(ObjectionForm):
    """The engine's objection form plus the arithmetic captcha (the engine's service does the rest:
    公示 period, real name and contact, rate limit, attachment type and size)."""

    application = forms.TypedChoiceField(label=_("异议对象"), coerce=int)
    captcha_token = forms.CharField(widget=forms.HiddenInput)
    captcha_answer = forms.CharField(label=_("验证题"), max_length=4)

    def __init__(self, *args: Any, rows: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, a.enterprise.name) for a in rows]
        self.question, token = captcha_new()
        self.fields["captcha_answer"].label = _("验证题：%(q)s") % {"q": self.question}
        if not self.is_bound:
            self.initial["captcha_token"] = token
        else:
            self.fresh_token = token

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not captcha_check(token=data.get("captcha_token", ""), answer=data.get("captcha_answer", "")):
            self.add_error("captcha_answer", _("验证题答案不正确或已过期，请重新计算。"))
        return data


class ListFilterForm(forms.Form):
    region = forms.RegexField(regex=r"^\d{6}$", required=False)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    chain = forms.IntegerField(required=False)
    q = forms.CharField(required=False, max_length=50)

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.defence.models import Qualification
from breakzero.enterprises.forms import resolve_enterprise

DATE = forms.DateInput(attrs={"type": "date"})


class QualificationForm(forms.ModelForm):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=200, required=False)

    class Meta:
        model = Qualification
        fields = ["kind", "number", "fields", "valid_from", "valid_until"]
        widgets = {"valid_from": DATE, "valid_until": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_uscc(self) -> Any:
        return resolve_enterprise(self.user, self.cleaned_data.get("uscc") or "")

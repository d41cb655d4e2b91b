from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.enterprises.forms import resolve_enterprise
from breakzero.ipfinance.models import PatentDeal, PledgeLoan

DATE = forms.DateInput(attrs={"type": "date"})


class _Form(forms.ModelForm):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=200, required=False)
    patent_numbers = forms.CharField(label=_("专利申请号（多个用逗号或换行分隔）"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_uscc(self) -> Any:
        return resolve_enterprise(self.user, self.cleaned_data.get("uscc") or "")

    def clean_patent_numbers(self) -> list[str]:
        text = self.cleaned_data["patent_numbers"].replace("，", ",").replace("\n", ",")
        return [n.strip() for n in text.split(",") if n.strip()]


class DealForm(_Form):
    class Meta:
        model = PatentDeal
        fields = ["kind", "counterparty", "value", "signed_on"]
        widgets = {"signed_on": DATE}


class LoanForm(_Form):
    class Meta:
        model = PledgeLoan
        fields = ["bank", "amount", "term_months", "lent_on", "is_in_pool", "defaulted_on", "loss"]
        widgets = {"lent_on": DATE, "defaulted_on": DATE}

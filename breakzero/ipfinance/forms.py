from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.enterprises.forms import resolve_enterprise
from breakzero.ipfinance.models import Achievement, NavigationProject, PatentDeal, PledgeLoan
from breakzero.regions.models import Region

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


def _numbers(text: str) -> list[str]:
    text = text.replace("，", ",").replace("；", ",").replace("\n", ",")
    return [n.strip() for n in text.split(",") if n.strip()]


class AchievementForm(forms.ModelForm):
    """An achievement of the library; the holder is either a registered enterprise (by USCC or name, placed in
    its region) or a university / institute placed in the county chosen."""

    uscc = forms.CharField(label=_("持有企业（统一社会信用代码或全称，企业持有时填写）"), max_length=200, required=False)
    county_code = forms.ModelChoiceField(label=_("所在区县（高校、院所持有时填写）"), required=False,
                                         queryset=Region.objects.filter(level="county"))
    patent_numbers = forms.CharField(label=_("专利申请号（专利类成果必填，多个用逗号或换行分隔）"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Achievement
        fields = ["title", "kind", "holder_kind", "holder", "offer", "industry_section", "chain", "keywords",
                  "description", "asking_price", "listed_on", "is_open"]
        widgets = {"listed_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["holder"].required = False

    def clean_uscc(self) -> Any:
        text = self.cleaned_data.get("uscc") or ""
        if getattr(self.user, "role", None) == "enterprise":
            return self.user.enterprise  # an enterprise lists its own achievements
        return resolve_enterprise(self.user, text) if text.strip() else None

    def clean_patent_numbers(self) -> list[str]:
        return _numbers(self.cleaned_data.get("patent_numbers") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("uscc") and not (data.get("holder") or "").strip():
            self.add_error("holder", _("请填写持有单位（企业持有时填写其统一社会信用代码）"))
        return data


class NavigationForm(forms.ModelForm):
    county_code = forms.ModelChoiceField(label=_("所在区县"), queryset=Region.objects.filter(level="county"))
    report_file = forms.FileField(label=_("成果报告（PDF 或 Word）"), required=False)

    class Meta:
        model = NavigationProject
        fields = ["name", "kind", "chain", "subject", "client", "provider", "started_on", "finished_on", "deliverable"]
        widgets = {"started_on": DATE, "finished_on": DATE}

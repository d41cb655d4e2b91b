"""Entry forms of the digital area; an enterprise is named by its USCC and must be one the user may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.digital.models import Assessment, DigitalUse, Solution, TransformationProject
from breakzero.enterprises.forms import resolve_enterprise

DATE = forms.DateInput(attrs={"type": "date"})


class _EnterpriseForm(forms.ModelForm):
    """Adds `uscc`, resolved within the user's enterprises (another region's reads as unknown)."""

    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=200)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if getattr(user, "enterprise_id", None):
            self.fields["uscc"].required = False

    def clean_uscc(self) -> Any:
        return resolve_enterprise(self.user, self.cleaned_data.get("uscc") or "")


class AssessmentForm(_EnterpriseForm):
    class Meta:
        model = Assessment
        fields = ["version", "table", "assessed_on", "mode", "assessor", "score", "level", "is_pilot",
                  "is_evaluation_passed"]
        widgets = {"assessed_on": DATE}
        help_texts = {"level": _("2022年版由总分计算，可不填；2024年版必填")}


class UseForm(_EnterpriseForm):
    class Meta:
        model = DigitalUse
        fields = ["year", "kind", "provider", "platform_name", "service_type", "services", "started_on"]
        widgets = {"started_on": DATE}


class ProjectForm(_EnterpriseForm):
    class Meta:
        model = TransformationProject
        fields = ["year", "name", "scope", "supplier", "investment", "started_on", "finished_on", "outcome"]
        widgets = {"started_on": DATE, "finished_on": DATE, "outcome": forms.Textarea(attrs={"rows": 2})}


class SolutionForm(forms.ModelForm):
    class Meta:
        model = Solution
        fields = ["body", "name", "industry", "scenario", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class AdoptionForm(forms.Form):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=200, required=False)
    adopted_on = forms.DateField(label=_("采用日期"), widget=DATE)
    outcome = forms.CharField(label=_("成效"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_uscc(self) -> Any:
        return resolve_enterprise(self.user, self.cleaned_data.get("uscc") or "")

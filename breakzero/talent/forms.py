from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.enterprises.forms import resolve_enterprise
from breakzero.regions.models import Region
from breakzero.talent.models import ExchangeVisit, FlexibleExpert, LeadingTalent, TrainingCourse

DATE = forms.DateInput(attrs={"type": "date"})


class _EnterpriseForm(forms.ModelForm):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_uscc(self) -> Any:
        return resolve_enterprise(self.user, self.cleaned_data.get("uscc") or "")


class TalentForm(_EnterpriseForm):
    class Meta:
        model = LeadingTalent
        fields = ["kind", "name", "programme", "year", "field", "contact_phone"]


class ExpertForm(_EnterpriseForm):
    class Meta:
        model = FlexibleExpert
        fields = ["name", "from_organisation", "agreement_start", "agreement_end", "days_per_year", "contact_phone"]
        widgets = {"agreement_start": DATE, "agreement_end": DATE}


class CourseForm(forms.ModelForm):
    county_code = forms.ModelChoiceField(label=_("举办区县"), queryset=Region.objects.filter(level="county"))

    class Meta:
        model = TrainingCourse
        fields = ["organiser", "course", "held_on", "hours", "attendees", "certificates"]
        widgets = {"held_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class VisitForm(forms.ModelForm):
    county_code = forms.ModelChoiceField(label=_("组织区县"), queryset=Region.objects.filter(level="county"))

    class Meta:
        model = ExchangeVisit
        fields = ["organiser", "theme", "destination", "started_on", "ended_on", "participants", "enterprises"]
        widgets = {"started_on": DATE, "ended_on": DATE}


class BodyCourseForm(forms.ModelForm):
    """A service body's own course: the body among those the user manages (its staff: their own)."""

    body = forms.ModelChoiceField(label=_("举办服务机构"), queryset=None)

    class Meta:
        model = TrainingCourse
        fields = ["body", "course", "held_on", "hours", "attendees", "certificates"]
        widgets = {"held_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from breakzero.service_bodies.access import bodies_managed_by

        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies_managed_by(user).order_by("name")

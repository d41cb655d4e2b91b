"""Filter forms of the patent pages (GET; invalid input falls back to defaults)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.accounts.access import governed_region
from breakzero.patents.models import LegalStatus, PatentKind
from breakzero.regions.models import Region


class RegionFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("地区"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        own = governed_region(user)
        regions = Region.objects.all()
        if own is not None and not own.is_province:
            regions = regions.filter(code=own.code) | regions.filter(city_code=own.code, level=Region.Level.COUNTY)
        self.fields["region"].choices = [("", _("全部（本人管辖范围）"))] + [(r.code, r.name) for r in regions.order_by("code")]

    def selected_region(self) -> Region | None:
        if not self.is_valid() or not self.cleaned_data.get("region"):
            return None
        return Region.objects.filter(code=self.cleaned_data["region"]).first()


class BreakZeroFilterForm(RegionFilterForm):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1985, max_value=2100)

    field_order = ["year", "region"]

    def year_and_region(self, *, default_year: int) -> tuple[int, Region | None]:
        year = self.cleaned_data.get("year") if self.is_valid() else None
        return year or default_year, self.selected_region()


class PatentSearchForm(forms.Form):
    q = forms.CharField(label=_("检索"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部"))] + PatentKind.choices)
    status = forms.ChoiceField(label=_("法律状态"), required=False, choices=[("", _("全部"))] + LegalStatus.choices)

    def criteria(self) -> dict[str, str]:
        if not self.is_valid():
            return {"q": "", "kind": "", "status": ""}
        return {key: self.cleaned_data.get(key) or "" for key in ("q", "kind", "status")}

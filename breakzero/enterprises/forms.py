"""Forms of the enterprise pages: list filters, register form, yearly data form (parsing only; services validate)."""

import re
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.forms import IsoDateInput
from breakzero.enterprises import selectors
from breakzero.enterprises.access import editable_fields
from breakzero.enterprises.models import Enterprise, EnterpriseYear, IndustrialChain
from breakzero.enterprises.services import YEAR_FIELDS, EnterpriseInput
from breakzero.rules.industries import DIVISION_NAMES, SECTION_NAMES
from breakzero.rules.sme_size import SIZE_LABELS_ZH

def resolve_enterprise(user: Any, text: str) -> Enterprise:
    """A form field's enterprise, by USCC or name among those the user may see (selectors.enterprise_by_uscc);
    a clear error otherwise (another region's enterprise reads as unknown)."""
    enterprise = selectors.enterprise_by_uscc(user=user, text=text)
    if enterprise is None:
        raise ValidationError(_("未找到本辖区内的该企业（请确认统一社会信用代码或企业全称）"), code="unknown_enterprise")
    return enterprise


PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,18}[0-9]$")
SIZE_CHOICES = [("", _("全部规模")), *SIZE_LABELS_ZH.items()]


class EnterpriseFilterForm(forms.Form):
    """GET filters; choices limited to the user's own region."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    city = forms.ChoiceField(label=_("市州"), required=False)
    county = forms.ChoiceField(label=_("区县"), required=False)
    section = forms.ChoiceField(label=_("行业门类"), required=False)
    division = forms.ChoiceField(label=_("行业大类"), required=False)
    chain = forms.TypedChoiceField(label=_("产业链"), required=False, coerce=int, empty_value=None)
    size = forms.ChoiceField(label=_("规模"), required=False, choices=SIZE_CHOICES)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any, *, user: Any, years: list[int]) -> None:
        super().__init__(data)
        cities, counties = selectors.regions_for(user)
        self.fields["city"].choices = [("", _("全部市州")), *((r.code, r.name) for r in cities)]
        self.fields["county"].choices = [("", _("全部区县")), *county_groups(cities, counties)]
        self.fields["section"].choices = [("", _("全部门类")), *((c, f"{c} {n}") for c, n in SECTION_NAMES.items())]
        self.fields["division"].choices = [("", _("全部大类")), *((c, f"{c} {n}") for c, n in DIVISION_NAMES.items())]
        self.fields["chain"].choices = [("", _("全部产业链")), *((c.pk, c.name) for c in selectors.chains())]
        self.fields["year"].choices = [("", _("最新年度")), *((y, str(y)) for y in years)]

    def filters(self) -> selectors.EnterpriseFilters:
        """The valid part of the query: a bad or out-of-region value is ignored, never an error page."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        return selectors.EnterpriseFilters(**data)


class EnterpriseForm(forms.Form):
    """The register form; fields the user may not change are left out (enterprise users: contacts only)."""

    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=40)
    name = forms.CharField(label=_("企业名称"), max_length=200)
    former_names = forms.CharField(
        label=_("曾用名"), required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=_("每行一个")
    )
    county = forms.ChoiceField(label=_("所在区县"))
    industry_code = forms.CharField(
        label=_("行业代码（GB/T 4754-2017）"), max_length=10, required=False, help_text=_("如 3911 或 C39")
    )
    chains = forms.ModelMultipleChoiceField(
        label=_("所属产业链"), queryset=IndustrialChain.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=IsoDateInput())
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def __init__(self, data: Any = None, *, user: Any, enterprise: Enterprise | None = None) -> None:
        super().__init__(data, initial=_initial(enterprise))
        allowed = editable_fields(user, enterprise) if enterprise else set(self.fields)
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]
        if "county" in self.fields:
            cities, counties = selectors.regions_for(user)
            self.fields["county"].choices = [("", _("请选择")), *county_groups(cities, counties)]

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(_("联系电话格式不正确（手机号或带区号的座机号）"))
        return phone

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "former_names" in data:
            data["former_names"] = [line.strip() for line in data["former_names"].splitlines() if line.strip()]
        return data

    def as_input(self) -> EnterpriseInput:
        return EnterpriseInput(**self.changes())


class EnterpriseYearForm(forms.Form):
    """One year's data; money in 万元. The size class is computed by the service."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, data: Any = None, *, row: EnterpriseYear | None = None, taken: frozenset[int] = frozenset()) -> None:
        self.taken = taken
        initial = {name: getattr(row, name) for name in ("year", *YEAR_FIELDS)} if row else None
        super().__init__(data, initial=initial)
        for name in YEAR_FIELDS:
            model_field = EnterpriseYear._meta.get_field(name)
            field = model_field.formfield(required=False)
            if isinstance(model_field, models.DecimalField):
                field.label = _("%(label)s（万元）") % {"label": model_field.verbose_name}
            self.fields[name] = field
        if row is not None:
            self.fields["year"].disabled = True

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not self.fields["year"].disabled and year in self.taken:
            raise ValidationError(_("%(year)s 年度数据已存在，请在年度数据表中点“修改”。"), params={"year": year})
        return year

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in YEAR_FIELDS}


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form; keys the form lacks become form-wide errors."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else NON_FIELD_ERRORS, errors)


def county_groups(cities: list, counties: list) -> list[tuple[str, list[tuple[str, str]]]]:
    """County choices grouped under their prefecture (<optgroup>), as officials look them up."""
    names = {city.code: city.name for city in cities}
    groups: dict[str, list[tuple[str, str]]] = {}
    for county in counties:
        groups.setdefault(names.get(county.city_code, ""), []).append((county.code, county.name))
    return list(groups.items())


def _initial(enterprise: Enterprise | None) -> dict[str, Any] | None:
    if enterprise is None:
        return None
    return {
        "uscc": enterprise.uscc, "name": enterprise.name, "county": enterprise.county_id,
        "former_names": "\n".join(f.name for f in enterprise.former_names.all() if f.source == "former"),
        "industry_code": enterprise.industry_code, "chains": list(enterprise.chains.all()),
        "founded_on": enterprise.founded_on, "contact_person": enterprise.contact_person,
        "contact_phone": enterprise.contact_phone,
    }  # fmt: skip

"""Forms: the report form built from a data set's fields, rules and windows for the province."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.enterprises.models import Enterprise
from breakzero.reporting.models import DataField, DataSet, PeriodType, ReportingWindow, ValidationRule
from breakzero.rules.uscc import normalize_uscc
from breakzero.rules.report_checks import CheckRule


class ReportForm(forms.Form):
    """One input per data-set field (typed checks happen in services.parse_values), plus an
    explanation box for each soft-rule question."""

    def __init__(self, *args: Any, fields: list[DataField], questions: list[dict] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in fields:
            label = f"{field.label}（{field.unit}）" if field.unit else field.label
            if field.kind == DataField.Kind.CHOICE:
                choices = [("", "—")] + [(c, c) for c in field.choice_list]
                self.fields[field.code] = forms.ChoiceField(label=label, choices=choices, required=False)
            else:
                self.fields[field.code] = forms.CharField(label=label, required=False, max_length=200)
        for question in questions:
            self.fields[f"explain_{question['code']}"] = forms.CharField(
                label=question["message_zh"], required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=question.get("explanation", ""),
            )

    def raw_values(self, fields: list[DataField]) -> dict[str, Any]:
        return {f.code: self.data.get(f.code) for f in fields}

    def explanations(self) -> dict[str, str]:
        return {k.removeprefix("explain_"): v for k, v in self.data.items() if k.startswith("explain_")}


class RuleForm(forms.ModelForm):
    """A rule's terms are picked by the fields' Chinese names (the stored value is the field code);
    a typed name or code is accepted too (a scripted post, a pasted rule)."""

    FIELD_TERMS = ("field", "per_field", "other_field")

    class Meta:
        model = ValidationRule
        fields = ["code", "kind", "field", "per_field", "operator", "other_field", "constant", "constant2", "message_zh",
                  "is_active"]

    def __init__(self, *args: Any, field_labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field_labels = field_labels
        choices = [("", "—")] + [(code, label) for code, label in field_labels.items()]
        for name in self.FIELD_TERMS:
            self.fields[name].widget = forms.Select(choices=choices)

    def _term(self, name: str) -> str:
        text = (self.cleaned_data.get(name) or "").strip()
        by_label = {label: code for code, label in self.field_labels.items()}
        return by_label.get(text, text)

    def clean_code(self) -> str:
        # The data set is not a form field, so the (dataset, code) constraint is checked here.
        code = self.cleaned_data["code"]
        rules = ValidationRule.objects.filter(dataset_id=self.instance.dataset_id, code=code)
        if rules.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("该数据集中已有此规则代码"))
        return code

    def clean(self) -> dict:
        data = super().clean()
        for name in self.FIELD_TERMS:
            data[name] = self._term(name)
            if data[name] and data[name] not in self.field_labels:
                self.add_error(name, _("数据集中没有该字段"))
        try:
            CheckRule(code=data.get("code") or "x", kind=data.get("kind") or "hard", field=data.get("field") or "",
                      operator=data.get("operator") or "", message_zh="", per_field=data.get("per_field") or "",
                      other_field=data.get("other_field") or "", constant=data.get("constant"),
                      constant2=data.get("constant2"))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


class WindowForm(forms.ModelForm):
    class Meta:
        model = ReportingWindow
        fields = ["period", "year", "opens_on", "due_on", "closes_on"]
        widgets = {name: forms.DateInput(attrs={"type": "date"}) for name in ("opens_on", "due_on", "closes_on")}

    PATTERNS = {PeriodType.YEAR: (r"(\d{4})", "2025"), PeriodType.QUARTER: (r"(\d{4})Q[1-4]", "2025Q1"),
                PeriodType.MONTH: (r"(\d{4})-(0[1-9]|1[0-2])", "2025-03")}

    def clean(self) -> dict:
        """The period is written as the data set's period type says, inside the window's year."""
        data = super().clean()
        period, year = (data.get("period") or "").strip(), data.get("year")
        pattern, example = self.PATTERNS[self.instance.dataset.period_type]
        match = re.fullmatch(pattern, period)
        if not match:
            self.add_error("period", _("报告期格式应为 %(example)s") % {"example": example})
        elif year is not None and int(match.group(1)) != year:
            self.add_error("period", _("报告期与年度不一致"))
        data["period"] = period
        return data


class DataSetForm(forms.ModelForm):
    """A data set without code: its name, period type and who reports (the year's participating SMEs,
    or a chosen list given as one USCC per line)."""

    chosen_usccs = forms.CharField(label=_("指定企业（统一社会信用代码，每行一个）"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = DataSet
        fields = ["code", "name", "period_type", "reporters", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["chosen_usccs"] = "\n".join(self.instance.chosen.order_by("uscc").values_list("uscc", flat=True))

    def clean(self) -> dict:
        data = super().clean()
        codes = [normalize_uscc(line) for line in (data.get("chosen_usccs") or "").splitlines() if line.strip()]
        found = dict(Enterprise.objects.filter(uscc__in=codes).values_list("uscc", "pk"))
        unknown = [code for code in codes if code not in found]
        if unknown:
            self.add_error("chosen_usccs", _("企业名录中没有：%(codes)s") % {"codes": "、".join(unknown[:10])})
        if data.get("reporters") == DataSet.Reporters.LIST and not codes:
            self.add_error("chosen_usccs", _("填报对象为指定企业名单时，请至少填写一家企业"))
        data["chosen_ids"] = list(found.values())
        return data

    def save(self, commit: bool = True) -> DataSet:
        dataset = super().save(commit=commit)
        dataset.chosen.set(self.cleaned_data["chosen_ids"])
        return dataset


class DataFieldForm(forms.ModelForm):
    class Meta:
        model = DataField
        fields = ["code", "label", "kind", "unit", "choices", "order"]

    def clean_code(self) -> str:
        # The data set is not a form field, so the (dataset, code) constraint is checked here.
        code = self.cleaned_data["code"]
        if DataField.objects.filter(dataset_id=self.instance.dataset_id, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("该数据集中已有此字段代码"))
        return code


class RegistrationForm(forms.Form):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    name = forms.CharField(label=_("企业名称"), max_length=200)
    county_code = forms.CharField(label=_("所在县市区区划代码（未在册企业填写）"), max_length=6, required=False)
    industry_code = forms.CharField(label=_("国民经济行业代码（未在册企业填写，如 3911）"), max_length=10, required=False)
    contact_person = forms.CharField(label=_("联系人"), max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20)
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, max_length=128)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, max_length=128)

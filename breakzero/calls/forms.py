"""Forms of the engine's pages: a call from a programme's template, a form built from a call's fields,
decisions, the panel draw, objections, the calendar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.calls.models import Programme, State
from breakzero.regions.models import Region


class CallForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("申报项目"), queryset=Programme.objects.filter(is_active=True))
    document_number = forms.CharField(label=_("通知文号"), max_length=100)
    title = forms.CharField(label=_("通知标题"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2015, max_value=2100)
    opens_on = forms.DateField(label=_("开始申报"), widget=forms.DateInput(attrs={"type": "date"}))
    enterprise_deadline = forms.DateField(label=_("企业申报截止"), widget=forms.DateInput(attrs={"type": "date"}))
    county_deadline = forms.DateField(label=_("区县推荐截止"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    city_deadline = forms.DateField(label=_("市州推荐截止"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    publicity_working_days = forms.IntegerField(label=_("公示工作日数"), min_value=1, max_value=30, initial=5)
    objection_channel = forms.CharField(label=_("异议受理方式"), max_length=300, required=False)
    quotas = forms.CharField(label=_("推荐名额"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("每行一个：地区代码或名称=名额，如 430100=5"))

    def clean_quotas(self) -> dict[str, int]:
        result: dict[str, int] = {}
        names = {r.name: r.code for r in Region.objects.all()}
        codes = set(names.values())
        for number, line in enumerate((self.cleaned_data.get("quotas") or "").splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, value = line.replace("＝", "=").partition("=")
            code = key.strip() if key.strip() in codes else names.get(key.strip())
            if not sep or code is None or not value.strip().isdigit():
                raise forms.ValidationError(_("第 %(n)s 行无法识别：%(line)s") % {"n": number, "line": line.strip()})
            result[code] = int(value.strip())
        return result


def application_form_class(fields: list[dict[str, Any]]) -> type[forms.Form]:
    """A Django form for a call's application fields (built from the call's definition, no code)."""
    attrs: dict[str, forms.Field] = {}
    for spec in fields:
        label, required = spec.get("label", spec["key"]), bool(spec.get("required"))
        kind = spec.get("kind", "text")
        if kind == "textarea":
            field: forms.Field = forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}))
        elif kind == "number":
            field = forms.DecimalField(label=label, required=required)
        elif kind == "date":
            field = forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))
        elif kind == "boolean":
            field = forms.BooleanField(label=label, required=False)
        elif kind == "choice":
            field = forms.ChoiceField(label=label, required=required,
                                      choices=[("", "—")] + [(c, c) for c in spec.get("choices", [])])
        else:
            field = forms.CharField(label=label, required=required, max_length=500)
        if spec.get("prefill"):
            field.help_text = _("平台数据预填，可核对修改")
        attrs[spec["key"]] = field
    return type("ApplicationForm", (forms.Form,), attrs)


def form_data_json(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {k: (format(v, "f") if hasattr(v, "as_tuple") else v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in cleaned.items() if v not in (None, "")}


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("recommend", "return", "refuse", "select", "withdraw")])
    reason = forms.CharField(label=_("意见或理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rank = forms.IntegerField(label=_("本级排序"), required=False, min_value=1)


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + list(State.choices))
    todo = forms.BooleanField(label=_("只看待我处理"), required=False)
    q = forms.CharField(label=_("企业名称"), required=False, max_length=100)


class PanelDrawForm(forms.Form):
    field = forms.CharField(label=_("评审领域"), required=False, max_length=60)
    size = forms.IntegerField(label=_("抽取人数"), min_value=1, max_value=50, initial=5)


class ObjectionForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("姓名（实名）"), max_length=50)
    contact = forms.CharField(label=_("联系电话或邮箱"), max_length=100)
    reason = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    attachment = forms.FileField(label=_("证明材料（PDF/JPG/PNG，≤10MB）"), required=False)


class ObjectionLookupForm(forms.Form):
    reference = forms.CharField(label=_("受理编号"), max_length=20)
    contact = forms.CharField(label=_("提交时填写的联系方式"), max_length=100)


class ResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(label=_("处理结论"), coerce=lambda v: v == "1",
                                    choices=[("0", _("异议不成立")), ("1", _("异议成立"))])
    resolution = forms.CharField(label=_("处理情况"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    document_number = forms.CharField(label=_("发布文号"), max_length=100)


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    is_working_day = forms.TypedChoiceField(label=_("类型"), coerce=lambda v: v == "1",
                                            choices=[("0", _("休息（节假日）")), ("1", _("上班（调休）"))])
    note = forms.CharField(label=_("说明"), max_length=60, required=False)

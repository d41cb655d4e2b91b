"""Forms: the as-of date of a check-up, the declared-facts form (built from the spec), screening filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from breakzero.core.forms import IsoDateInput
from breakzero.policies import declared as spec
from breakzero.policies.evaluation import RULES
from breakzero.policies.models import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES

YES_NO = (("", _("未填写")), ("1", _("是")), ("0", _("否")))


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("评估日期"), required=False, widget=IsoDateInput())

    def clean_as_of(self) -> dt.date:
        value = self.cleaned_data.get("as_of") or timezone.localdate()
        if not dt.date(2016, 1, 1) <= value <= dt.date(2100, 12, 31):
            raise forms.ValidationError(_("评估日期须在 2016 年以后。"))
        return value

    def chosen_date(self) -> dt.date:
        return self.cleaned_data["as_of"] if self.is_valid() else timezone.localdate()


class DeclaredFactsForm(forms.Form):
    """One field per declarable fact; every field optional (blank = not declared)."""

    year = forms.IntegerField(label=_("所属年度"), min_value=2015, max_value=2100)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachment = forms.FileField(
        label=_("证明材料"), required=False,
        help_text=_("PDF、图片、Excel、Word 或 ZIP，不超过 10 MB"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in spec.FIELDS:
            self.fields[field.key] = _form_field(field)

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload is None:
            return None
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in ATTACHMENT_EXTENSIONS:
            raise forms.ValidationError(_("不支持的文件类型：仅限 PDF、JPG、PNG、XLSX、DOCX、ZIP。"))
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("证明材料不能超过 10 MB。"))
        return upload

    def grouped(self) -> list[tuple[str, list[Any]]]:
        """Bound fields per spec group, for the template."""
        return [(_(group), [self[f.key] for f in spec.FIELDS if f.group == group]) for group in spec.GROUPS]

    def declared_data(self) -> dict[str, Any]:
        return {f.key: self.cleaned_data.get(f.key) for f in spec.FIELDS}


class ScreeningFilterForm(forms.Form):
    STATUSES = (
        ("ready", _("符合条件、尚未获得（免申即享）")),
        ("passed", _("符合条件")),
        ("one_away", _("差一项")),
        ("unknown", _("信息不足待定")),
        ("break_zero", _("破零企业推荐入库")),
    )
    rule = forms.ChoiceField(label=_("政策"), choices=[(r.code, r.name_zh) for r in RULES], required=False)
    status = forms.ChoiceField(label=_("类别"), choices=STATUSES, required=False)
    region = forms.ChoiceField(label=_("地区"), required=False)
    q = forms.CharField(label=_("企业名称"), required=False, max_length=100)

    def __init__(self, *args: Any, regions: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("全部"))] + list(regions)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"rule": RULES[0].code, "status": "ready"}
        data = {k: v for k, v in self.cleaned_data.items() if v}
        data.setdefault("rule", RULES[0].code)
        data.setdefault("status", "ready")
        return data


def _form_field(field: spec.DeclaredField) -> forms.Field:
    label = format_lazy("{}（{}）", _(field.label), _(field.unit)) if field.unit else _(field.label)
    help_text = _(field.help) if field.help else ""
    if field.kind == spec.BOOL:
        return forms.TypedChoiceField(label=label, choices=YES_NO, required=False, coerce=lambda v: v == "1",
                                      empty_value=None, help_text=help_text)
    if field.kind == spec.CHOICE:
        return forms.ChoiceField(label=label, choices=[("", _("未填写")), *((v, _(text)) for v, text in field.choices)], required=False)
    if field.kind == spec.INT:
        return forms.IntegerField(label=label, required=False, min_value=_int(field.minimum),
                                  max_value=_int(field.maximum), help_text=help_text)
    return forms.DecimalField(label=label, required=False, min_value=field.minimum, max_value=field.maximum,
                              max_digits=16, decimal_places=4, help_text=help_text)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)

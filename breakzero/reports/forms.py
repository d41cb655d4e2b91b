"""Forms for plans, bulletins and supervision tasks (parsing only; rules live in services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.core.forms import IsoDateInput
from breakzero.indicators import definitions
from breakzero.regions.models import Region
from breakzero.reports.models import Bulletin, PlanPeriod, SupervisionTask


class PlanUploadForm(forms.Form):
    period = forms.ChoiceField(label=_("方案期间"), choices=PlanPeriod.choices)
    file = forms.FileField(label=_("方案文件（PDF 或 Word .docx，不超过 20 MB）"))


class PlanReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核结果"), choices=[("approve", _("审核通过")), ("return", _("退回修改"))],
                                 widget=forms.RadioSelect)
    comment = forms.CharField(label=_("审核意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class BulletinForm(forms.Form):
    period_type = forms.ChoiceField(label=_("通报周期"), choices=Bulletin.PeriodType.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    period = forms.IntegerField(label=_("月份/季度"), required=False, min_value=1, max_value=12,
                                help_text=_("月度通报填 1–12，季度通报填 1–4，年度通报留空"))
    region = forms.ChoiceField(label=_("地区"))

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.name) for r in regions]


class TaskForm(forms.Form):
    region = forms.ChoiceField(label=_("督办地区"))
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("督办内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    due_date = forms.DateField(label=_("办理期限"), widget=IsoDateInput())
    indicator = forms.ChoiceField(label=_("相关指标"), required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, f"{r.name}（{r.code}）") for r in regions]
        self.fields["indicator"].choices = [("", "—"), *[(i.id, i.name_zh) for i in definitions.all_indicators()]]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class TaskAnswerForm(forms.Form):
    text = forms.CharField(label=_("答复内容"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("附件（PDF、Word、Excel 或图片，每个不超过 20 MB）"), required=False)


class TaskCloseForm(forms.Form):
    comment = forms.CharField(label=_("办结意见"), required=False, max_length=2000)


class TaskReopenForm(forms.Form):
    comment = forms.CharField(label=_("重新打开原因"), max_length=2000)
    due_date = forms.DateField(label=_("新的办理期限"), required=False, widget=IsoDateInput())


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部")), *SupervisionTask.Status.choices])
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)
    region = forms.CharField(label=_("地区代码"), required=False, max_length=6)

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"status": data.get("status", ""), "is_overdue": bool(data.get("overdue")),
                "region_code": (data.get("region") or "").strip()}


def default_due_date(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=14)

"""Forms of the cultivation library: apply, review step, objection, resolution, filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakzero.cultivation.models import ApplicationStatus, Programme, Title


def default_batch() -> str:
    return f"{timezone.localdate().year}年"


class ApplicationForm(forms.Form):
    programme = forms.ChoiceField(label=_("申报类别"), choices=Programme.choices)
    batch = forms.CharField(label=_("批次"), max_length=50, initial=default_batch)
    statement = forms.CharField(label=_("企业说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ResubmitForm(forms.Form):
    statement = forms.CharField(label=_("修改说明"), required=True, widget=forms.Textarea(attrs={"rows": 3}))


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("操作"), choices=[
        ("approve", _("审核通过")), ("return", _("退回修改")), ("reject", _("不予通过")), ("publish", _("发布")),
        ("submit", _("提交"))])
    comment = forms.CharField(label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(label=_("不符合仍通过的理由"), required=False, max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("异议内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(label=_("处理结论"), choices=[("0", _("异议不成立")), ("1", _("异议成立"))],
                                    coerce=lambda v: v == "1")
    resolution = forms.CharField(label=_("处理意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + ApplicationStatus.choices)
    programme = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部"))] + Programme.choices)
    todo = forms.BooleanField(label=_("只看待我处理"), required=False)


class TitleFilterForm(forms.Form):
    tier = forms.ChoiceField(label=_("称号"), required=False, choices=[("", _("全部"))] + Title.Tier.choices)
    validity = forms.ChoiceField(label=_("有效期"), required=False, choices=[
        ("", _("全部")), ("valid", _("有效")), ("due", _("90天内到期须复核")), ("expired", _("已过期"))])


class PublishedFilterForm(forms.Form):
    programme = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部"))] + Programme.choices)
    batch = forms.CharField(label=_("批次"), required=False, max_length=50)


class RecognitionForm(forms.Form):
    """A recognition published by the granting authority (MIIT: national; 省工信厅: provincial)."""

    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    tier = forms.ChoiceField(label=_("称号"), choices=Title.Tier.choices, initial=Title.Tier.LITTLE_GIANT)
    level = forms.ChoiceField(label=_("层级"), choices=Title.Level.choices)
    batch = forms.CharField(label=_("认定批次"), max_length=50)
    recognized_on = forms.DateField(label=_("认定日期"), widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.CharField(label=_("认定文件（文号）"), max_length=200, required=False)

from django import forms
from django.utils.translation import gettext_lazy as _


class CaseReviewForm(forms.Form):
    publish = forms.TypedChoiceField(label=_("编审结论"), coerce=lambda v: v == "1",
                                     choices=[("1", _("发布")), ("0", _("退回修改"))])
    note = forms.CharField(label=_("编审意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PictureForm(forms.Form):
    image = forms.FileField(label=_("图片（JPG/PNG，≤5MB）"))
    caption = forms.CharField(label=_("说明"), max_length=200, required=False)


class InvestmentForm(forms.Form):
    period = forms.CharField(label=_("年度"), max_length=20)
    planned = forms.DecimalField(label=_("计划投资（万元）"), min_value=0, max_digits=14, decimal_places=2)
    actual = forms.DecimalField(label=_("完成投资（万元）"), min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

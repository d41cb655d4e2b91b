"""Search form of the audit page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.audit.models import AuditEntry
from breakzero.audit.selectors import AuditFilter
from breakzero.core.forms import IsoDateInput


class AuditSearchForm(forms.Form):
    user = forms.CharField(label=_("用户"), required=False, max_length=150)
    target = forms.CharField(label=_("对象"), required=False, max_length=200, help_text=_("对象名称、类型（如 enterprises.enterprise）或编号"))
    action = forms.ChoiceField(label=_("操作"), required=False, choices=[("", _("全部")), *AuditEntry.Action.choices])
    since = forms.DateField(label=_("起始日期"), required=False, widget=IsoDateInput())
    until = forms.DateField(label=_("截止日期"), required=False, widget=IsoDateInput())

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return data

    def criteria(self) -> AuditFilter:
        if not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        return AuditFilter(data["user"], data["target"], data["action"], data["since"], data["until"])

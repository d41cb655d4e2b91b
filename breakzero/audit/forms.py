"""Search form of the audit page."""

from django import forms

from breakzero.audit.models import AuditEntry
from breakzero.audit.selectors import AuditFilter


class AuditSearchForm(forms.Form):
    user = forms.CharField(label="用户", required=False, max_length=150)
    target = forms.CharField(label="对象", required=False, max_length=200, help_text="对象名称、类型（如 enterprises.enterprise）或编号")
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部"), *AuditEntry.Action.choices])
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data

    def criteria(self) -> AuditFilter:
        if not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        return AuditFilter(data["user"], data["target"], data["action"], data["since"], data["until"])

"""Forms shared across apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("选择文件（.xlsx / .xls / .csv）"))


class ConfirmImportForm(forms.Form):
    skip_invalid = forms.BooleanField(label=_("跳过错误行，仅导入正确的行"), required=False)


class IsoDateInput(forms.DateInput):
    """<input type="date"> always carries an ISO value (YYYY-MM-DD), whatever the language:
    the browser rejects the Chinese locale's 2021/05/01 and shows an empty field."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


"""Forms shared across apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("选择文件（.xlsx / .xls / .csv）"))


class ConfirmImportForm(forms.Form):
    skip_invalid = forms.BooleanField(label=_("跳过错误行，仅导入正确的行"), required=False)

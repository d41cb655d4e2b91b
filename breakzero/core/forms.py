"""Forms shared across apps."""

from django import forms


class UploadForm(forms.Form):
    file = forms.FileField(label="选择文件（.xlsx / .xls / .csv）")


class ConfirmImportForm(forms.Form):
    skip_invalid = forms.BooleanField(label="跳过错误行，仅导入正确的行", required=False)

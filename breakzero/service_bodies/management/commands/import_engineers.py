"""`manage.py import_engineers FILE [--skip-invalid]`: innovation engineers from xlsx/xls/csv."""

from breakzero.core.commands import ImportCommand


class Command(ImportCommand):
    help = "导入创新工程师（身份证号校验、培训记录）/ import innovation engineers"
    kind = "engineers"

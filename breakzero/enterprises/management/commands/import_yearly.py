"""`manage.py import_yearly FILE [--skip-invalid] [--dry-run]`: 导入企业年度数据 (xlsx/csv).

Prints each rejected row with its reason and ends with
`created=N updated=N unchanged=N rejected=N`; exits 1 when rows were rejected.
"""

from breakzero.core.commands import ImportCommand


class Command(ImportCommand):
    help = "导入企业年度数据（xlsx/csv）"
    kind = "enterprise-years"

"""`manage.py import_enterprises FILE [--skip-invalid] [--dry-run]`: 导入企业名录 (xlsx/csv).

Prints each rejected row with its reason and ends with
`created=N updated=N unchanged=N rejected=N`; exits 1 when rows were rejected.
"""

from breakzero.core.commands import ImportCommand


class Command(ImportCommand):
    help = "导入企业名录（xlsx/csv）"
    kind = "enterprises"

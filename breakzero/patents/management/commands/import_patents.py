"""`manage.py import_patents FILE [--skip-invalid] [--dry-run]`: import a patent export.

Prints rejected rows, the applicant summary lines, then
`created=N updated=N unchanged=N rejected=N`; break-zero is recomputed before it returns.
"""

from breakzero.core.commands import ImportCommand


class Command(ImportCommand):
    help = "导入专利检索系统导出的专利清单（xlsx/csv）/ import a patent export"
    kind = "patents"

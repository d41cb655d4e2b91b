"""`manage.py import_participants FILE [--skip-invalid] [--dry-run]`: the participant roster (统一社会信用代码, 年度, 备注)."""

from breakzero.core.commands import ImportCommand


class Command(ImportCommand):
    help = "导入参与企业名单（统一社会信用代码、年度、备注），导入后在本进程内刷新指标汇总"
    kind = "participants"

"""Rebuild the portal's search table from what is public now (after a restore, or to repair it)."""

from typing import Any

from django.core.management.base import BaseCommand

from breakzero.portal.search_index import search_rebuild


class Command(BaseCommand):
    help = "门户网站：重建站内搜索索引（只收录已发布、公开的内容）"

    def handle(self, *args: Any, **options: Any) -> None:
        rows = search_rebuild()
        self.stdout.write(f"搜索索引：{rows} 条")

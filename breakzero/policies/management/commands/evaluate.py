"""`manage.py evaluate --uscc CODE [--as-of DATE] [--format text|json]`: every policy result with its items."""

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from breakzero.enterprises.models import Enterprise
from breakzero.policies.evaluation import enterprise_evaluate, outcome_as_dict

STATUS_ZH = {"met": "满足", "unmet": "未满足", "unknown": "未知"}
VERDICT_ZH = {True: "符合", False: "不符合", None: "待定"}


class Command(BaseCommand):
    help = "对一家企业运行全部政策规则并输出每项条件 / evaluate every policy rule for one enterprise"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--uscc", required=True, help="统一社会信用代码")
        parser.add_argument("--as-of", dest="as_of", help="评估日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        enterprise = Enterprise.objects.filter(uscc=options["uscc"].strip().upper()).first()
        if enterprise is None:
            raise CommandError(f"未找到统一社会信用代码为 {options['uscc']} 的企业")
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else dt.date.today()
        except ValueError as exc:
            raise CommandError(f"评估日期格式错误：{options['as_of']}（应为 YYYY-MM-DD）") from exc
        _, outcomes = enterprise_evaluate(enterprise_id=enterprise.pk, as_of=as_of)
        results = [outcome_as_dict(o) for o in outcomes]
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{enterprise.name}（{enterprise.uscc}） 评估日期 {as_of:%Y-%m-%d}")
        for result in results:
            self.stdout.write(_block(result))


def _block(result: dict) -> str:
    head = f"\n== {result['name']} [{result['rule']}] {VERDICT_ZH[result['passed']]}"
    if result["score"] is not None:
        head += f" 得分 {result['score']}（最高可能 {result['max_possible_score']}）"
    lines = [head + f" 规则版本 {result['rule_set']}"]
    if result["error"]:
        lines.append(f"  {result['error']}")
    for item in result["items"]:
        value = "" if item["value"] is None else f" 值={item['value']}"
        threshold = f" 要求={item['threshold']}" if item["threshold"] else ""
        lines.append(f"  [{STATUS_ZH.get(item['status'], item['status'])}] {item['name']}{value}{threshold}")
        lines.append(f"      {item['reason']}（依据：{item['source']}）")
    lines.extend(f"  注：{note}" for note in result["notes"])
    return "\n".join(lines)

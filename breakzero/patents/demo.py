"""Demo patents for the demo enterprises, imported through the real importer.

Builds a patent-search-style CSV in memory (break-zero grants 2016-2025, pending invention
applications, utility models and designs, co-applicants, name variants, a few near-match
typos for the review queue) and runs it through the "patents" importer, so attribution and
break-zero are computed exactly as for a real file. Deterministic per rng; running it again
changes nothing (the same file re-imports as unchanged).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from typing import Any

from breakzero.core.imports import get_importer, run_file
from breakzero.rules.patent_numbers import make_application_number

HEADERS = ["申请号", "申请日", "专利类型", "发明名称", "申请（专利权）人", "公开（公告）号", "公开（公告）日",
           "授权公告日", "法律状态", "IPC主分类号"]  # fmt: skip
UNIVERSITIES = ("中南大学", "湖南大学", "湘潭大学", "长沙理工大学", "湖南农业大学")
PEOPLE = ("王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊")
SUBJECTS = ("智能控制装置", "复合材料制备方法", "检测系统", "节能电机", "农产品加工设备", "数据处理方法",
            "轨道交通部件", "生物发酵工艺", "新型电池结构", "精密模具")  # fmt: skip
TYPOS = "新兴华创达"


def seed(*, rng: random.Random, enterprises: int, stdout: Any) -> None:
    from breakzero.enterprises.models import Enterprise

    firms = list(Enterprise.objects.order_by("pk").values_list("name", flat=True)[:enterprises])
    if not firms:
        stdout.write("patents: no enterprises, skipped")
        return
    rows = _rows(rng, firms)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    source = io.BytesIO(buffer.getvalue().encode("utf-8"))
    source.name = "demo-patents.csv"
    importer = get_importer("patents")
    outcome = run_file(importer, source, apply=True, skip_invalid=True)
    importer.after_apply(outcome, in_process=True)
    stdout.write(f"patents: {outcome.line()}")


def _rows(rng: random.Random, firms: list[str]) -> list[list[str]]:
    serial = iter(range(100, 10_000_000, 7))
    rows: list[list[str]] = []
    for name in firms:
        roll = rng.random()
        if roll < 0.35:  # breaks zero: a granted invention, 2016-2025 (mostly in the programme)
            rows.append(_invention(rng, next(serial), _variant(rng, name), rng.randint(2016, 2025)))
        if 0.3 < roll < 0.55:  # in the pipeline: a pending invention application
            rows.append(_pending(rng, next(serial), name))
        for _ in range(rng.randint(0, 3)):  # utility models and designs never count
            rows.append(_utility(rng, next(serial), name))
        if rng.random() < 0.01:  # a one-character typo: waits in the review queue
            typo = name[:2] + rng.choice(TYPOS) + name[3:]
            rows.append(_invention(rng, next(serial), typo, rng.randint(2020, 2025)))
    return rows


def _variant(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.15:
        return f"{name}；{rng.choice(UNIVERSITIES)}"
    if roll < 0.2:
        return f"{name}、{rng.choice(PEOPLE)}"
    if roll < 0.25 and name.endswith("有限公司"):
        return f"{name}岳麓分公司"
    if roll < 0.3:
        return " " + name.replace("(", "（").replace(")", "）") + " "
    return name


def _invention(rng: random.Random, serial: int, applicants: str, grant_year: int) -> list[str]:
    granted = dt.date(grant_year, rng.randint(1, 12), rng.randint(1, 28))
    filed = granted - dt.timedelta(days=rng.randint(400, 900))
    number = make_application_number(max(filed.year, 2003), "invention", serial)
    publication = f"CN1{serial:08d}B"
    return [number, filed.isoformat(), "发明", f"一种{rng.choice(SUBJECTS)}", applicants, publication,
            granted.strftime("%Y.%m.%d"), granted.isoformat(), rng.choice(("有效", "授权", "专利权维持")), "G06F 17/00"]


def _pending(rng: random.Random, serial: int, applicants: str) -> list[str]:
    filed = dt.date(rng.randint(2022, 2025), rng.randint(1, 12), rng.randint(1, 28))
    number = make_application_number(filed.year, "invention", serial)
    published = filed + dt.timedelta(days=540)
    is_published = published < dt.date(2026, 1, 1)
    return [number, filed.isoformat(), "发明", f"一种{rng.choice(SUBJECTS)}", applicants,
            f"CN1{serial:08d}A" if is_published else "", published.isoformat() if is_published else "", "",
            "实质审查的生效" if is_published else "审中", "H01M 10/00"]  # fmt: skip


def _utility(rng: random.Random, serial: int, applicants: str) -> list[str]:
    kind = rng.choice(("utility_model", "utility_model", "design"))
    filed = dt.date(rng.randint(2017, 2025), rng.randint(1, 12), rng.randint(1, 28))
    granted = filed + dt.timedelta(days=rng.randint(120, 300))
    number = make_application_number(filed.year, kind, serial)
    code = "U" if kind == "utility_model" else "S"
    label = "实用新型" if kind == "utility_model" else "外观设计"
    return [number, filed.strftime("%Y/%m/%d"), label, f"一种{rng.choice(SUBJECTS)}", applicants,
            f"CN{'2' if code == 'U' else '3'}{serial:08d}{code}", granted.isoformat(), granted.isoformat(),
            rng.choice(("有效", "未缴年费专利权终止")), ""]  # fmt: skip

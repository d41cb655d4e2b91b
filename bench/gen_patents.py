"""Generate the patent benchmark data: a register of N enterprises and an export CSV of M rows.

    DATABASE_URL=... python bench/gen_patents.py --enterprises 100000 --rows 1000000 --out var/bench/patents-1m.csv

The CSV looks like a patent search export: Chinese headers, realistic kind mix (invention
35 %, utility model 48 %, design 15 %, PCT 2 %), co-applicants (universities, people,
other firms), name variants (full-width brackets and spaces, former names, branches,
one-character typos), and every date format the importer accepts. Deterministic per --seed.
Enterprises are created with the enterprise demo seeder when it exists, else in bulk here.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

HEADERS = ["申请号", "申请日", "专利类型", "发明名称", "申请（专利权）人", "公开（公告）号", "公开（公告）日",
           "授权公告日", "法律状态", "IPC主分类号"]  # fmt: skip
PLACES = ["湖南", "长沙", "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德", "张家界", "益阳", "郴州", "永州", "怀化", "娄底"]
TRADE = list("星辰智造蓝海启明光电宏达华信远航金泰恒通创新中联力源新天瑞丰兴隆永盛博雅鼎盛众合德润佳美安康"
             "凯达嘉和晶鑫湘楚银河海纳天成鸿运长青卓越锦程万通腾飞精工东方九洲三一时代聚能")
INDUSTRY = ["科技", "电子", "机械", "新材料", "生物", "医药", "装备", "化工", "软件", "能源", "汽车零部件",
            "环保", "食品", "农业科技", "智能", "信息技术", "建材", "光电", "精密制造", "纺织"]  # fmt: skip
FORMS = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"]
UNIVERSITIES = ["中南大学", "湖南大学", "湘潭大学", "长沙理工大学", "湖南师范大学", "湖南农业大学", "南华大学"]
INSTITUTES = ["湖南省农业科学院", "湖南省林业科学院", "中国科学院长沙农业现代化研究所"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂")
STATUSES_GRANTED = ["有效", "授权", "专利权维持", "未缴年费专利权终止", "权利转移", "期限届满"]
STATUSES_PENDING = ["审中", "实质审查的生效", "公开"]
STATUSES_DEAD = ["驳回", "视为撤回", "撤回"]
KINDS = [("1", 35), ("2", 48), ("3", 15), ("8", 2)]
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--out", default="var/bench/patents-1m.csv")
    options = parser.parse_args()
    import django

    django.setup()
    rng = random.Random(options.seed)
    names = ensure_enterprises(options.enterprises, rng)
    path = Path(options.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(path, options.rows, names, rng)
    print(f"enterprises={len(names)} rows={options.rows} file={path} bytes={path.stat().st_size}")


def ensure_enterprises(count: int, rng: random.Random) -> list[tuple[str, str | None]]:
    """The register's (name, former name) pairs; creates the enterprises when missing."""
    from breakzero.enterprises.models import Enterprise, FormerName

    if Enterprise.objects.count() < count:
        _create_enterprises(count - Enterprise.objects.count(), rng)
    former = dict(FormerName.objects.filter(source="former").values_list("enterprise_id", "name"))
    return [(name, former.get(pk)) for pk, name in Enterprise.objects.values_list("pk", "name").order_by("pk")[:count]]


def _create_enterprises(count: int, rng: random.Random) -> None:
    from django.db import transaction

    from breakzero.enterprises.models import Enterprise, EnterpriseYear, FormerName
    from breakzero.regions.models import Region
    from breakzero.rules.names import normalize_company_name
    from breakzero.rules.uscc import make_uscc

    counties = list(Region.objects.filter(level="county").values_list("code", "city_code"))
    taken = set(Enterprise.objects.values_list("name_normalized", flat=True))
    start = Enterprise.objects.count()
    batch: list[Enterprise] = []
    with transaction.atomic():
        while len(batch) < count:
            name = company_name(rng)
            key = normalize_company_name(name)
            if key in taken:
                continue
            taken.add(key)
            county, city = rng.choice(counties)
            serial = start + len(batch)
            uscc = make_uscc("91", county, f"MA4{_base31(serial)}")
            batch.append(Enterprise(uscc=uscc, name=name, name_normalized=key, county_id=county, city_id=city,
                                    latest_size=rng.choice(["small", "micro", "medium", "", "large"])))  # fmt: skip
        created = Enterprise.objects.bulk_create(batch, batch_size=5000)
        formers, years = [], []
        for enterprise in created:
            if rng.random() < 0.1:
                old = company_name(rng)
                formers.append(FormerName(enterprise=enterprise, name=old, name_normalized=normalize_company_name(old)))
            for year in (2019, 2021):
                if rng.random() < 0.6:
                    size = rng.choice(["small", "small", "micro", "medium", "large"])
                    years.append(EnterpriseYear(enterprise=enterprise, year=year, size=size))
        FormerName.objects.bulk_create(formers, batch_size=5000, ignore_conflicts=True)
        EnterpriseYear.objects.bulk_create(years, batch_size=5000)


def company_name(rng: random.Random) -> str:
    trade = "".join(rng.sample(TRADE, rng.choice((2, 2, 3))))
    return f"{rng.choice(PLACES)}{trade}{rng.choice(INDUSTRY)}{rng.choice(FORMS)}"


def write_csv(path: Path, rows: int, names: list[tuple[str, str | None]], rng: random.Random) -> None:
    serials: dict[tuple[int, str], int] = {}
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for _ in range(rows):
            writer.writerow(_row(rng, names, serials))


def _row(rng: random.Random, names: list, serials: dict) -> list:
    digit = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    year = rng.randint(2012, 2024)
    serial = serials.get((year, digit), rng.randint(0, 999)) + rng.randint(1, 40)
    serials[(year, digit)] = serial
    body = f"{year}{digit}{serial:07d}"
    number = f"{body}.{_check(body)}"
    filed = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    status, granted, pub_no, pub_date = _status(rng, digit, filed, serial)
    applicants = _applicants(rng, names)
    printed = rng.choices([number, "CN" + number, "ZL " + number, body + _check(body)], [70, 15, 10, 5])[0]
    label = {"1": "发明", "2": "实用新型", "3": "外观设计", "8": "发明"}[digit]
    return [printed, _date_text(rng, filed), label, f"一种{rng.choice(INDUSTRY)}装置及其方法", applicants,
            pub_no, _date_text(rng, pub_date), _date_text(rng, granted), status, f"G06F {rng.randint(1, 99)}/00"]  # fmt: skip


def _status(rng: random.Random, digit: str, filed: dt.date, serial: int) -> tuple:
    lag = dt.timedelta(days=rng.randint(120, 900))
    if digit in "23" or rng.random() < 0.45:
        granted = filed + lag
        code = {"1": "B", "8": "B", "2": "U", "3": "S"}[digit]
        return rng.choice(STATUSES_GRANTED), granted, f"CN{digit}{serial:08d}{code}", granted
    if rng.random() < 0.75:
        return rng.choice(STATUSES_PENDING), None, f"CN1{serial:08d}A", filed + dt.timedelta(days=540)
    return rng.choice(STATUSES_DEAD), None, f"CN1{serial:08d}A", filed + dt.timedelta(days=540)


def _applicants(rng: random.Random, names: list) -> str:
    parts = [_first_applicant(rng, names)]
    roll = rng.random()
    if roll < 0.08:
        parts.append(rng.choice(UNIVERSITIES))
    elif roll < 0.10:
        parts.append(rng.choice(INSTITUTES))
    elif roll < 0.18:
        parts.append(rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))))
    elif roll < 0.22:
        parts.append(rng.choice(names)[0])
    return rng.choice(["；", ";", "、"]).join(parts)


def _first_applicant(rng: random.Random, names: list) -> str:
    roll = rng.random()
    if roll < 0.15:
        return company_name(rng)  # outside the register
    if roll < 0.18:
        return rng.choice(UNIVERSITIES)
    name, former = rng.choice(names)
    roll = rng.random()
    if roll < 0.04 and former:
        return former
    if roll < 0.07:
        return name.replace("有限", " 有限") if "(" not in name else name.replace("(", "（").replace(")", "）")
    if roll < 0.09:
        return f"{name}{rng.choice(['岳麓', '天心', '雨花'])}分公司"
    if roll < 0.10:
        return _typo(rng, name)
    return name


def _typo(rng: random.Random, name: str) -> str:
    index = rng.randint(2, max(2, len(name) - 5))
    return name[:index] + rng.choice(TRADE) + name[index + 1 :]


def _date_text(rng: random.Random, value: dt.date | None) -> str:
    if value is None:
        return ""
    style = rng.random()
    if style < 0.7:
        return value.isoformat()
    if style < 0.8:
        return value.strftime("%Y.%m.%d")
    if style < 0.9:
        return f"{value.year}/{value.month}/{value.day}"
    return value.strftime("%Y%m%d")


def _check(body: str) -> str:
    remainder = sum(int(d) * WEIGHTS[i] for i, d in enumerate(body)) % 11
    return "X" if remainder == 10 else str(remainder)


def _base31(number: int) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    digits = ""
    for _ in range(5):
        number, rest = divmod(number, 31)
        digits = alphabet[rest] + digits
    return digits


if __name__ == "__main__":
    main()

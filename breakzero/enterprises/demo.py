"""Deterministic demo enterprises with yearly data 2019-2025 (`manage.py seed_demo`).

Realistic on purpose: Chinese company names, valid USCCs whose division code is mostly the
county, sometimes the city or a stale pre-reform code (430124 宁乡县 …, codes.md §1.7),
counties weighted by economy (长沙 heavy), mostly manufacturing plus software, ~4 % large
firms, plausible growth. Written through the importers' set-based writers, so running it
again with the same arguments changes nothing and 100,000 enterprises take seconds.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from breakzero.enterprises.models import IndustrialChain
from breakzero.enterprises.sheets.enterprise_writes import enterprises_write
from breakzero.enterprises.sheets.yearly_import import years_write
from breakzero.regions.models import Region
from breakzero.rules.industries import section_of
from breakzero.rules.names import normalize_company_name
from breakzero.rules.uscc import ALPHABET, make_uscc

YEARS = range(2019, 2026)
CITY_WEIGHTS = {
    "430100": 34, "430200": 8, "430300": 7, "430400": 7, "430500": 5, "430600": 8, "430700": 7,
    "430800": 1.5, "430900": 4, "431000": 6, "431100": 4, "431200": 3, "431300": 4, "433100": 1.5,
}  # fmt: skip
STALE_CODES = {"430182": "430124", "430112": "430122", "430212": "430221", "430582": "430521", "431181": "431121"}
WORDS = "华 湘 楚 岳 麓 星 创 联 恒 鑫 远 博 瑞 泰 中 新 达 科 信 宏 安 德 天 金 盛 嘉 诚 凯 越 润 晟 航 智 旭 东 方 云 汇 景 辰".split()
TRADES = ("科技", "智能", "新材料", "机械", "生物", "电子", "信息技术", "装备制造", "环保科技", "医药", "精密制造",
          "汽车零部件", "能源科技", "食品")  # fmt: skip
FORMS = ("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司")
MANUFACTURING = ("3911", "3562", "2651", "3670", "3360", "2710", "3841", "3990", "1391", "3120", "3484", "3311",
                 "2929", "3829", "3051", "3876", "1495", "3521")  # fmt: skip
SOFTWARE = ("6511", "6513", "6531", "6550", "6520")
OTHERS = ("5179", "7320", "7512", "4890", "0190", "6311", "5212", "7284", "6612", "7020")
SURNAMES = [*"王李张刘陈杨黄赵周吴徐孙朱马胡郭何罗高林谭彭曾邓", "欧阳"]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建湘")
TIERS = (("large", 0.03, (1000, 4000), (40000, 300000)), ("medium", 0.17, (300, 800), (2000, 25000)),
         ("small", 0.43, (20, 299), (300, 1999)), ("micro", 0.35, (3, 19), (30, 299)))  # fmt: skip


def seed(*, rng: random.Random, enterprises: int, stdout: Any) -> None:
    """Create or refresh `enterprises` demo enterprises and their yearly rows."""
    counties = list(Region.objects.filter(level=Region.Level.COUNTY).order_by("code"))
    chains = list(IndustrialChain.objects.order_by("sort_order").values_list("pk", flat=True))
    weights = [CITY_WEIGHTS.get(c.city_code, 2) / _count(counties, c.city_code) for c in counties]
    main, names, chain_rows, plans = [], [], [], []
    used_names: set[str] = set()
    for index in range(enterprises):
        county = rng.choices(counties, weights)[0]
        row, former, plan = _enterprise(rng, index, county, used_names)
        main.append(row)
        names.extend((row[0], name, normalize_company_name(name)) for name in former)
        if chains and rng.random() < 0.45:
            chain_rows.extend((row[0], pk) for pk in sorted(set(rng.sample(chains, rng.choice((1, 1, 2))))))
        plans.append(plan)
    counts, _ = enterprises_write(main=main, names=names, chains=chain_rows)
    stdout.write(f"enterprises: created={counts.created} updated={counts.updated} unchanged={counts.unchanged}")
    ids = _ids_by_uscc([row[0] for row in main])
    years = [year for row, plan in zip(main, plans, strict=True) for year in _years(rng, ids[row[0]], plan)]
    counts, _ = years_write(years)
    stdout.write(f"enterprise years: created={counts.created} updated={counts.updated} unchanged={counts.unchanged}")


def _enterprise(rng: random.Random, index: int, county: Region, used: set[str]) -> tuple[tuple, list[str], dict]:
    name = _unique_name(rng, county, used)
    industry = rng.choices((MANUFACTURING, SOFTWARE, OTHERS), (0.64, 0.14, 0.22))[0]
    code = rng.choice(industry)
    founded = _date(rng, 1995, 2023)
    main = (
        make_uscc("91", _division(rng, county), _body(index)), name, normalize_company_name(name), county.code,
        county.city_code, code, section_of(code), founded, _person(rng), _phone(rng), False,
    )  # fmt: skip
    former = [_unique_name(rng, county, used)] if rng.random() < 0.08 else []
    tier = rng.choices(TIERS, [t[1] for t in TIERS])[0]
    plan = {"founded": founded.year, "employees": rng.randint(*tier[2]), "revenue": rng.uniform(*tier[3])}
    return main, former, plan


def _years(rng: random.Random, enterprise_id: int, plan: dict) -> list[tuple]:
    rows = []
    employees, revenue = plan["employees"], plan["revenue"]
    for year in YEARS:
        growth = rng.uniform(0.93, 1.16)
        employees, revenue = max(1, round(employees * rng.uniform(0.96, 1.08))), revenue * growth
        if year < plan["founded"] + 1:
            continue
        rd = revenue * rng.uniform(0.005, 0.08)
        new_revenue = revenue * rng.uniform(0.05, 0.4)
        rows.append((
            enterprise_id, year, employees, _money(revenue), _money(revenue * rng.uniform(0.85, 0.99)),
            _money(revenue * rng.uniform(0.8, 1.6)), _money(revenue * rng.uniform(0.3, 0.9)), _money(rd),
            max(0, round(employees * rng.uniform(0.05, 0.3))), _money(new_revenue),
            _money(new_revenue * rng.uniform(-0.05, 0.15)), _money(revenue * rng.uniform(0, 0.7)),
        ))  # fmt: skip
    return rows


def _unique_name(rng: random.Random, county: Region, used: set[str]) -> str:
    for _ in range(8):
        place = rng.choice(("湖南", "湖南", "湖南省", _short(county.name)))
        name = f"{place}{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(TRADES)}{rng.choice(FORMS)}"
        if name not in used:
            used.add(name)
            return name
    name = f"湖南{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(TRADES)}（{_short(county.name)}）有限公司"
    used.add(name)
    return name


def _division(rng: random.Random, county: Region) -> str:
    roll = rng.random()
    if county.code in STALE_CODES and roll < 0.3:
        return STALE_CODES[county.code]
    return county.city_code if roll > 0.94 else county.code


def _body(index: int) -> str:
    """Organisation-code body 'MA4' + index in base 31: unique per index, valid alphabet."""
    digits = []
    for _ in range(5):
        index, remainder = divmod(index, 31)
        digits.append(ALPHABET[remainder])
    return "MA4" + "".join(reversed(digits))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return f"0731-8{rng.randint(0, 9999999):07d}"
    return f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"


def _date(rng: random.Random, first: int, last: int):
    import datetime as dt

    start = dt.date(first, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(last, 12, 31).toordinal()))


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _short(name: str) -> str:
    return name[:-1] if len(name) > 2 and name[-1] in "区县市" else name


def _count(counties: list[Region], city_code: str) -> int:
    return sum(1 for c in counties if c.city_code == city_code)


def _ids_by_uscc(codes: list[str]) -> dict[str, int]:
    from breakzero.enterprises.models import Enterprise

    wanted = set(codes)
    rows = Enterprise.objects.values_list("uscc", "pk").iterator(chunk_size=20000)
    return {uscc: pk for uscc, pk in rows if uscc in wanted}

"""Generate bench files: N enterprises and N×7 yearly rows as .xlsx (xlsxwriter constant_memory).

    python bench/gen_enterprise_files.py --enterprises 10000 --out var/bench
Deterministic (seeded); USCCs valid, bodies start with 'MB' so they never collide with demo data.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from breakzero.rules.uscc import ALPHABET, make_uscc  # noqa: E402

COUNTIES = ("430102", "430103", "430104", "430105", "430111", "430112", "430121", "430181", "430182", "430202",
            "430211", "430302", "430304", "430405", "430602", "430611", "430702", "430902", "431002", "431302")  # fmt: skip
INDUSTRIES = ("C3911", "3562", "2651", "C3670", "6511", "6513", "7320", "5179", "3841")
CHAINS = ("工程机械", "生物医药", "C10", "新能源汽车；先进储能材料", "", "", "")
ENTERPRISE_HEADERS = ("统一社会信用代码", "企业名称", "曾用名", "所在区县", "行业代码", "所属产业链", "成立日期", "联系人", "联系电话")
YEARLY_HEADERS = ("统一社会信用代码", "年度", "从业人员", "营业收入（万元）", "主营业务收入（万元）", "资产总额（万元）",
                  "负债总额（万元）", "研发费用（万元）", "研发人员", "新产品销售收入（万元）", "新产品利润（万元）",
                  "高新技术产品收入（万元）")  # fmt: skip


def bench_uscc(index: int, county: str) -> str:
    digits = []
    for _ in range(6):
        index, remainder = divmod(index, 31)
        digits.append(ALPHABET[remainder])
    return make_uscc("91", county, "MB" + "".join(reversed(digits)))


def generate(count: int, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20200151)
    enterprises, yearly = out / f"enterprises-{count}.xlsx", out / f"yearly-{count * 7}.xlsx"
    e_book = xlsxwriter.Workbook(enterprises, {"constant_memory": True})
    y_book = xlsxwriter.Workbook(yearly, {"constant_memory": True})
    e_sheet, y_sheet = e_book.add_worksheet("企业名录"), y_book.add_worksheet("年度数据")
    e_sheet.write_row(0, 0, ENTERPRISE_HEADERS)
    y_sheet.write_row(0, 0, YEARLY_HEADERS)
    y_row = 0
    for index in range(count):
        county = rng.choice(COUNTIES)
        code = bench_uscc(index, county)
        former = f"湖南基准旧名{index}有限公司" if index % 12 == 0 else ""
        e_sheet.write_row(index + 1, 0, (code, f"湖南基准{index}科技有限公司", former, county, rng.choice(INDUSTRIES),
                                         rng.choice(CHAINS), f"20{rng.randint(0, 22):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                         "张三", f"139{rng.randint(0, 99999999):08d}"))  # fmt: skip
        employees, revenue = rng.randint(5, 1500), rng.uniform(100, 60000)
        for year in range(2019, 2026):
            y_row += 1
            employees, revenue = int(employees * rng.uniform(0.95, 1.1)), revenue * rng.uniform(0.9, 1.2)
            y_sheet.write_row(y_row, 0, (code, year, employees, round(revenue, 2), round(revenue * 0.93, 2),
                                         round(revenue * 1.2, 2), round(revenue * 0.5, 2), round(revenue * 0.04, 2),
                                         employees // 8, round(revenue * 0.2, 2), round(revenue * 0.02, 2),
                                         round(revenue * 0.4, 2)))  # fmt: skip
    e_book.close()
    y_book.close()
    return enterprises, yearly


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=10000)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"))
    options = parser.parse_args()
    for path in generate(options.enterprises, Path(options.out)):
        print(path)

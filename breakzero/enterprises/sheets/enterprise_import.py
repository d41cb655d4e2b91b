"""Import of the enterprise register (企业名录): one row per enterprise, keyed by USCC.

Rules: a USCC must pass GB 32100-2015 (codes.md §1.6) unless a system administrator
recorded a UsccOverride for it (pilot-era codes, §1.7); the county is stored explicitly
(a USCC's division code is frozen at issue, §1.7) and resolved by RegionResolver
(abolished codes map to their successor with a note; 市辖区 placeholders and NBS
statistical zones are rejected, asking for the real county); industry codes follow
GB/T 4754-2017. Blank optional cells never erase stored values.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from breakzero.core.bulk import StageColumn, StagingTable
from breakzero.core.imports import ImportOutcome, Progress, WriteScope
from breakzero.core.sheets import Column, SheetRows, cell_text, parse_date
from breakzero.enterprises.models import IndustrialChain, UsccOverride
from breakzero.enterprises.sheets import common
from breakzero.enterprises.sheets.common import ParsedRow, RowParser
from breakzero.enterprises.sheets.enterprise_writes import EnterpriseWriter
from breakzero.regions.selectors import RegionResolver
from breakzero.rules.errors import InvalidCode
from breakzero.rules.industries import normalize_industry_code, section_of
from breakzero.rules.names import normalize_company_name
from breakzero.rules.uscc import normalize_uscc, org_check_character, parse_uscc, uscc_check_character

COLUMNS = (
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码", "统一代码", "uscc")),
    Column("name", "企业名称", ("单位名称", "企业(单位)名称", "单位详细名称", "名称")),
    Column("former_names", "曾用名", ("曾用名称", "原名称"), required=False, help="多个用“；”“;”或“、”分隔"),
    Column("county", "所在区县", ("区县", "所属区县", "区县代码", "所在区县代码", "县市区", "所在地区"),
           help="6位区划代码或区县名称（如 430104 或 岳麓区）"),
    Column("industry_code", "行业代码", ("国民经济行业代码", "行业类别代码", "所属行业代码", "行业类别"),
           help="GB/T 4754-2017，如 C3911 或 3911"),
    Column("chains", "所属产业链", ("产业链",), required=False, help="产业链名称或编号，多个用“；”分隔"),
    Column("founded_on", "成立日期", ("成立时间", "注册日期", "登记日期"), required=False),
    Column("contact_person", "联系人", ("企业联系人",), required=False),
    Column("contact_phone", "联系电话", ("电话", "手机", "联系方式", "联系人电话"), required=False),
)  # fmt: skip
EXAMPLE_ROWS = (
    ("91430104MA4L1A2B9U", "湖南示例智能科技有限公司", "长沙示例科技有限公司", "430104", "C3911",
     "人工智能及传感器", dt.date(2016, 5, 20), "张三", "0731-88886666"),
    ("91430182MA4Q7R8T8E", "宁乡示例新材料股份有限公司", "", "宁乡市", "2651", "化工新材料；先进储能材料",
     dt.date(2012, 11, 3), "李四", "13800000000"),
)  # fmt: skip
MAIN_COLUMNS = (
    StageColumn("uscc", "varchar(18)"),
    StageColumn("name", "varchar(200)"),
    StageColumn("name_normalized", "varchar(200)"),
    StageColumn("county_id", "varchar(6)"),
    StageColumn("city_id", "varchar(6)"),
    StageColumn("industry_code", "varchar(5)"),
    StageColumn("industry_section", "varchar(1)"),
    StageColumn("founded_on", "date"),
    StageColumn("contact_person", "varchar(50)"),
    StageColumn("contact_phone", "varchar(30)"),
    StageColumn("is_check_override", "boolean"),
)
NAME_COLUMNS = (StageColumn("uscc", "varchar(18)"), StageColumn("name", "varchar(200)"),
                StageColumn("name_normalized", "varchar(200)"))  # fmt: skip
CHAIN_COLUMNS = (StageColumn("uscc", "varchar(18)"), StageColumn("chain_id", "bigint"))
CHECK_REASONS = frozenset({"uscc_check", "org_check"})
# Positions 1-2 and 9-18 in the 31-character alphabet (codes.md §1.2), 3-8 digits (§1.6 step 4).
CANONICAL_USCC = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}")


@dataclass
class EnterpriseOutcome(ImportOutcome):
    changed_ids: list[int] = field(default_factory=list)


class EnterpriseImporter:
    kind = "enterprises"
    title = "企业名录"
    scoped_by = "企业所在区县（新登记的区县，以及已登记企业原来的区县）"
    keeps_rows = True  # a web validation keeps a workbook's rows for the apply step (core.kept_rows)
    columns = COLUMNS
    example_rows = EXAMPLE_ROWS

    def can_import(self, user: Any) -> bool:
        return common.can_import(user)

    def run(
        self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool, progress: Progress
    ) -> ImportOutcome:
        """Validate every row; write them when `apply` and (no errors or `skip_invalid`)."""
        context = _Context.load(scope)
        with transaction.atomic():
            stages = {
                "main": StagingTable(MAIN_COLUMNS, prefix="stage_ent").create(),
                "names": StagingTable(NAME_COLUMNS, prefix="stage_fn").create(),
                "chains": StagingTable(CHAIN_COLUMNS, prefix="stage_ch").create(),
            }
            # No try/finally: on an error the rollback removes the temp tables (DDL is transactional).
            with common.phase("enterprises", "read+validate+copy"):
                loop = common.stream_rows(
                    sheet, parse=context.parse, stages=stages, key_column="uscc",
                    key_label="统一社会信用代码", progress=progress,
                )  # fmt: skip
            writer = EnterpriseWriter(stages)
            outcome = EnterpriseOutcome(rejected=loop.rejected, total_rows=loop.total)
            with common.phase("enterprises", "count changes"):
                outcome.counts, changed = writer.count()
            outcome.summary = common.summary_notes(loop)
            if apply and (skip_invalid or not loop.rejected):
                with common.phase("enterprises", "write"):
                    outcome.changed_ids = writer.write(changed)
                outcome.applied = True
            for stage in stages.values():
                stage.drop()
        return outcome

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        from breakzero.core.hooks import data_changed

        ids = getattr(outcome, "changed_ids", None)
        if ids:
            data_changed(source="enterprises", enterprise_ids=ids, in_process=in_process)


@dataclass
class _Context:
    """Look-ups loaded once per import, so no row needs a query."""

    resolver: RegionResolver
    chains: dict[str, int]
    overrides: set[str]
    scope: Any
    existing: dict[str, tuple[str | None, str]]
    today: dt.date
    counties: dict[str, tuple[str | None, str | None, str]] = field(default_factory=dict)
    industries: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, write_scope: WriteScope) -> "_Context":
        from breakzero.enterprises.models import Enterprise

        scope = common.region_scope(write_scope)
        existing: dict[str, tuple[str | None, str]] = {}
        if scope is not None:
            rows = Enterprise.objects.values_list("uscc", "county_id", "city_id")
            existing = {uscc: (county, city) for uscc, county, city in rows.iterator(chunk_size=5000)}
        chains: dict[str, int] = {}
        for pk, code, name in IndustrialChain.objects.values_list("pk", "code", "name"):
            chains[_chain_key(name)] = pk
            chains[_chain_key(code)] = pk
            chains.setdefault(_chain_key(str(int(code[1:]))) if code[1:].isdigit() else "", pk)
        overrides = set(UsccOverride.objects.values_list("uscc", flat=True))
        return cls(RegionResolver(), chains, overrides, scope, existing, dt.date.today())

    def parse(self, parser: RowParser) -> ParsedRow | None:
        uscc, override = self._uscc(parser)
        name = parser.field("name", lambda raw: common.text(raw, max_length=200, label="企业名称"))
        name_key = normalize_company_name(name) if name else ""
        if name == "" or (name is not None and not name_key):
            parser.error("name", "企业名称不能为空")
        county, city, note = self._county(parser)
        industry = parser.field("industry_code", self._industry)
        founded = parser.field("founded_on", self._founded)
        person = parser.field("contact_person", lambda raw: common.text(raw, max_length=50, label="联系人"))
        phone = parser.field("contact_phone", _phone)
        names = parser.field("former_names", lambda raw: _former_names(raw, name or ""))
        chains = parser.field("chains", self._chains)
        if uscc and county and self.scope is not None:
            self._check_scope(parser, uscc, county, city)
        if parser.errors:
            return None
        main = (uscc, name, name_key, county, city, industry[0], industry[1], founded,
                person or None, phone or None, override)  # fmt: skip
        return ParsedRow(
            key=uscc,
            staged={
                "main": [main],
                "names": [(uscc, former, key) for former, key in names or []],
                "chains": [(uscc, chain) for chain in chains or []],
            },
            notes=[note] if note else [],
        )

    def _uscc(self, parser: RowParser) -> tuple[str | None, bool]:
        raw = parser.values.get("uscc")
        if type(raw) is str and _is_canonical_valid(raw):
            return raw, False  # what parse_uscc(raw).code gives for it
        raw = cell_text(raw)
        try:
            return parse_uscc(raw).code, False
        except InvalidCode as exc:
            code = normalize_uscc(raw)
            if exc.reason in CHECK_REASONS and code in self.overrides:
                return code, True
            hint = "；如确为试点期真实代码，请系统管理员登记“统一社会信用代码例外确认”后重新导入"
            parser.error("uscc", exc.message_zh + (hint if exc.reason in CHECK_REASONS else ""))
            return None, False

    def _county(self, parser: RowParser) -> tuple[str | None, str | None, str]:
        raw = cell_text(parser.values.get("county"))
        found = self.counties.get(raw)
        if found is None:  # a file names its hundred-odd counties over and over: resolve each once
            try:
                resolved = self.resolver.county(raw)
                found = self.counties[raw] = (resolved.region.code, resolved.region.city_code, resolved.note)
            except ValueError as exc:
                found = self.counties[raw] = (None, None, str(exc))
        if found[0] is None:
            parser.error("county", found[2])
            return None, None, ""
        return found

    def _industry(self, raw: Any) -> tuple[str, str]:
        """_industry, each distinct cell text worked out once (its error too)."""
        key = cell_text(raw)
        found = self.industries.get(key)
        if found is None:
            try:
                found = self.industries[key] = _industry(key)
            except ValueError as exc:
                found = self.industries[key] = str(exc)
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def _check_scope(self, parser: RowParser, uscc: str, county: str, city: str | None) -> None:
        if not self.scope(county, city):
            parser.error("county", "该区县不在您管辖的区域内")
        elif uscc in self.existing and not self.scope(*self.existing[uscc]):
            # Not where it is registered (that would tell another region's enterprise exists).
            parser.error("uscc", "该统一社会信用代码不能由您导入或修改，请联系上级主管部门")

    def _founded(self, raw: Any) -> dt.date | None:
        value = parse_date(raw)
        if value is not None and value > self.today:
            raise ValueError(f"成立日期不能晚于今天：{value.isoformat()}")
        if value is not None and value.year < 1900:
            raise ValueError(f"成立日期不合理：{value.isoformat()}")
        return value

    def _chains(self, raw: Any) -> list[int]:
        found: list[int] = []
        unknown: list[str] = []
        for part in common.split_list(raw, common.LIST_SEPARATORS):
            pk = self.chains.get(_chain_key(part))
            if pk is None:
                unknown.append(part)
            elif pk not in found:
                found.append(pk)
        if unknown:
            raise ValueError(f"未知的产业链：{'、'.join(unknown)}（请使用产业链名称或编号，如 C01）")
        return sorted(found)


def _is_canonical_valid(text: str) -> bool:
    """A code already in normal form (normalize_uscc leaves it as it is) that passes every hard
    rule of parse_uscc (codes.md §1.6 steps 1-6): length, alphabet, division digits, both checks."""
    return (
        CANONICAL_USCC.fullmatch(text) is not None
        and uscc_check_character(text[:17]) == text[17]
        and org_check_character(text[8:16]) == text[16]
    )


def _industry(raw: Any) -> tuple[str, str]:
    value = cell_text(raw)
    if not value:
        raise ValueError("行业代码不能为空")
    code = normalize_industry_code(value)
    return code, section_of(code)


def _phone(raw: Any) -> str:
    value = common.text(raw, max_length=30, label="联系电话")
    if not value:
        return ""
    allowed = set("0123456789-+() 转,/*")
    digits = sum(ch.isdigit() for ch in value)
    if any(ch not in allowed for ch in value) or digits < 7:
        raise ValueError(f"联系电话格式不正确：{value}")
    return value


def _former_names(raw: Any, current: str) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    keys = {normalize_company_name(current)}
    for part in common.split_list(raw, common.NAME_SEPARATORS):
        if len(part) > 200:
            raise ValueError(f"曾用名过长：{part[:20]}…")
        key = normalize_company_name(part)
        if key and key not in keys:
            keys.add(key)
            names.append((part, key))
    return names


def _chain_key(text: str) -> str:
    value = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(value.split())

"""Import of yearly enterprise data (企业年度数据), keyed by USCC + year; money in 万元.

Rules: the USCC must be in the register (import the enterprise first); year between 2000
and next year; counts and money non-negative except 新产品利润; R&D expense above revenue
or R&D staff above employees is a note, not an error. Blank cells never erase stored
values. Each row's size comes from breakzero.enterprises.sizing (工信部联企业〔2011〕300号).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from breakzero.core import import_reuse
from breakzero.core.bulk import ChangeCounts, StageColumn, StagingTable, qn
from breakzero.core.load_indexes import built_after_load
from breakzero.core.imports import NOT_FOUND_IN_SCOPE, ImportOutcome, Progress, WriteScope
from breakzero.core.sheets import Column, SheetError, SheetRows, cell_text, parse_int
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.enterprises.sheets import common, yearly_kept
from breakzero.enterprises.sheets.common import ParsedRow, RowParser
from breakzero.enterprises.sheets.yearly_cells import (
    COUNT_KEYS,
    DATA_KEYS,
    DATA_VALUES,
    fast_values,
    parser_for,
    value_key,
)
from breakzero.enterprises.sizing import classify_year, latest_size_refresh
from breakzero.rules.uscc import is_valid_uscc, normalize_uscc, parse_uscc

logger = logging.getLogger(__name__)
MIN_YEAR = 2000
SIZING_KEYS = ("employees", "operating_revenue", "main_business_revenue", "total_assets")
COLUMNS = (
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码", "统一代码", "uscc")),
    Column("year", "年度", ("年份", "数据年度", "统计年度")),
    Column("employees", "从业人员", ("从业人员数", "从业人数", "职工人数", "从业人员期末人数"), required=False),
    Column("operating_revenue", "营业收入", ("营业总收入",), required=False),
    Column("main_business_revenue", "主营业务收入", required=False),
    Column("total_assets", "资产总额", ("资产总计",), required=False),
    Column("total_liabilities", "负债总额", ("负债合计",), required=False),
    Column("rd_expense", "研发费用", ("研究开发费用", "r&d经费支出", "研发经费", "研发经费支出"), required=False),
    Column("rd_staff", "研发人员", ("研究开发人员", "研发人员数"), required=False),
    Column("new_product_revenue", "新产品销售收入", ("新产品收入",), required=False),
    Column("new_product_profit", "新产品利润", required=False, help="可为负数"),
    Column("high_tech_revenue", "高新技术产品收入", ("高新技术产品(服务)收入",), required=False),
)  # fmt: skip
EXAMPLE_ROWS = (
    ("91430104MA4L1A2B9U", 2024, 180, 12500.5, 12000, 15000, 6000, 520.3, 35, 3000, -12.5, 8000),
    ("91430104MA4L1A2B9U", 2025, 210, 15200, 14800, 17000, 6500, 690, 42, 4100, 260, 9800),
)
MONEY_TYPE = "numeric(16,2)"
WRITE_PART_ROWS = 150_000
RAW_COLUMNS = (
    StageColumn("enterprise_id", "bigint"),
    StageColumn("year", "integer"),
    *(StageColumn(key, "integer" if key in COUNT_KEYS else MONEY_TYPE) for key in DATA_KEYS),
)
FINAL_COLUMNS = (*RAW_COLUMNS, StageColumn("size", "varchar(10)"), StageColumn("size_note", "varchar(200)"))
COMPARED = (*DATA_KEYS, "size", "size_note")


@dataclass
class YearlyOutcome(ImportOutcome):
    changed_ids: list[int] = field(default_factory=list)


class YearlyImporter:
    kind = "enterprise-years"
    title = "企业年度数据"
    scoped_by = "企业所在区县（企业名录中登记的）"
    keeps_rows = True  # a web validation keeps a workbook's rows for the apply step (core.kept_rows)
    columns = COLUMNS
    example_rows = EXAMPLE_ROWS

    def can_import(self, user: Any) -> bool:
        return common.can_import(user)

    def run(
        self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool, progress: Progress
    ) -> ImportOutcome:
        """Validate every row; write them when `apply` and (no errors or `skip_invalid`)."""
        if not any(key in sheet.mapping for key in DATA_KEYS):
            names = "、".join(c.header for c in COLUMNS[2:])
            raise SheetError(f"文件中没有任何年度数据列（应至少包含其一：{names}）。")
        context = _Context.load(scope)
        job = import_reuse.current()  # a web job: its validation keeps the parse, its apply reuses it
        key = context.kept_key(job, scope) if job is not None else None
        with transaction.atomic():
            final = StagingTable(FINAL_COLUMNS, prefix="stage_yr").create()
            # No try/finally: on an error the rollback removes the temp tables (DDL is transactional).
            loop = _kept_loop(job, key, final, progress)
            if loop is None:
                with common.phase("yearly", "read+validate+copy"):
                    loop = common.stream_rows(
                        sheet, parse=context.parse, stages={"final": final}, key_column="uscc",
                        key_label="统一社会信用代码和年度", progress=progress,
                    )  # fmt: skip
                if job is not None and key is not None and job.keeping:
                    yearly_kept.keep(job, key, final, loop)
            outcome = YearlyOutcome(rejected=loop.rejected, total_rows=loop.total)
            outcome.summary = common.summary_notes(loop)
            with common.phase("yearly", "merge with stored rows"):
                _merge_stored(final)
            with common.phase("yearly", "count changes"):
                outcome.counts = final.count_changes(
                    EnterpriseYear._meta.db_table, keys=["enterprise_id", "year"], compare=COMPARED
                )
            if apply and (skip_invalid or not loop.rejected):
                with common.phase("yearly", "write"):
                    outcome.changed_ids = _write(final, written=outcome.counts.created + outcome.counts.updated)
                outcome.applied = True
            final.drop()
        return outcome

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        from breakzero.core.hooks import data_changed

        ids = getattr(outcome, "changed_ids", None)
        if ids:
            data_changed(source="yearly", enterprise_ids=ids, in_process=in_process)


def _kept_loop(
    job: import_reuse.JobParse | None, key: str | None, final: StagingTable, progress: Progress
) -> common.LoopResult | None:
    """The validation's row loop staged into `final` again, when the apply step finds it kept
    under `key` (yearly_kept); None: run the row loop."""
    kept = yearly_kept.find(job, key) if job is not None and key is not None and not job.keeping else None
    if kept is None:
        return None
    try:
        with transaction.atomic():  # a savepoint: a kept parse that fails half-way leaves nothing staged
            return yearly_kept.load_into(final, kept, progress)
    except yearly_kept.Unusable as exc:
        logger.warning("yearly import: kept parse unusable (%s); parsing again", exc)
        import_reuse.discard(job.job_id, part=yearly_kept.PART)
        final.rows = 0
        return None


@dataclass
class _Context:
    register: dict[str, tuple[int, str | None, str, str]]
    scope: Any
    max_year: int
    codes: dict[Any, str] = field(default_factory=dict)
    guards: list = field(default_factory=list)

    @classmethod
    def load(cls, scope: WriteScope) -> "_Context":
        fields = ("uscc", "pk", "county_id", "city_id", "industry_code")
        rows = Enterprise.objects.values_list(*fields).iterator(chunk_size=10000)
        register = {uscc: (pk, county, city, industry) for uscc, pk, county, city, industry in rows}
        from breakzero.core.hooks import row_guards

        # Downstream checks (reporting: the yearly data set's hard rules, locked periods) refuse rows too.
        return cls(register, common.region_scope(scope), dt.date.today().year + 1, guards=row_guards("yearly"))

    def kept_key(self, job: import_reuse.JobParse, scope: WriteScope) -> str | None:
        """The key of this parse's kept copy (yearly_kept): everything it reads besides the file."""
        return yearly_kept.parse_key(job, register=self.register, scope=scope, max_year=self.max_year,
                                     guards=self.guards)  # fmt: skip

    def parse(self, parser: RowParser) -> ParsedRow | None:
        """The row's staging tuple, sized from its own cells (_merge_stored re-sizes a row whose
        blank cell takes a stored value); any problem goes through the full checks."""
        keys: list = []
        fast = self._fast(parser.values, keys)
        if fast is not None:
            enterprise_id, year, values = fast
        else:
            keys = []
            enterprise_id = self._enterprise(parser)
            year = parser.field("year", self._year)
            values = {key: parser.field(key, parser_for(key)) for key in DATA_KEYS}
            if not parser.errors and all(value is None for value in values.values()):
                parser.error("year", "该行除统一社会信用代码和年度外没有任何数据")
        notes = _notes(values)
        for guard in self.guards if not parser.errors else ():
            for key, reason, *kind in guard((enterprise_id, year), values):
                if kind == ["note"]:  # a soft rule's question: reported on the row, the row is kept
                    column = parser.columns.get(key)
                    notes.append(f"{column.header}：{reason}" if column else reason)
                else:
                    parser.error(key, reason)
        if parser.errors:
            return None
        size = _size(self.register_industry[enterprise_id], values)
        staged = (enterprise_id, year, *DATA_VALUES(values), *size)
        keys = keys or [value_key(value) for value in staged[2:-2]]
        return ParsedRow(
            key=(enterprise_id, year), staged={"final": [staged]}, notes=notes,
            digest=hash((enterprise_id, year, *keys, *size)),
        )  # fmt: skip

    def _fast(self, cells: dict[str, Any], keys: list) -> tuple[int, int, dict[str, Any]] | None:
        """(enterprise id, year, values) of a row the full checks would accept as it is: a
        registered code in scope, a whole-number year in range, blank or plain numeric cells
        (money with at most two decimals after rounding, as common.money gives it). None for
        anything else, which the full checks then report (tests compare the two paths)."""
        raw = cells.get("uscc")
        if type(raw) is not str:
            return None
        code = self.codes.get(raw)
        if code is None:
            code = self.codes[raw] = normalize_uscc(cell_text(raw))
        found = self.register.get(code)
        if found is None or (self.scope is not None and not self.scope(found[1], found[2])):
            return None
        year = cells.get("year")
        if type(year) is float and year.is_integer():
            year = int(year)
        if type(year) is not int or not MIN_YEAR <= year <= self.max_year:
            return None
        values = fast_values(cells, keys)
        return None if values is None else (found[0], year, values)

    @functools.cached_property
    def register_industry(self) -> dict[int, str]:
        return {pk: industry for pk, _county, _city, industry in self.register.values()}

    def _enterprise(self, parser: RowParser) -> int | None:
        value = parser.values.get("uscc")
        code = self.codes.get(value) if isinstance(value, str) else None
        if code is None:
            code = self.codes[value] = normalize_uscc(cell_text(value))  # each code recurs once a year
        found = self.register.get(code)
        if found is None:
            if not is_valid_uscc(code) and code:
                try:
                    parse_uscc(code)
                except ValueError as exc:
                    parser.error("uscc", getattr(exc, "message_zh", str(exc)) + "，且不在企业名录中")
                    return None
            parser.error("uscc", "统一社会信用代码不能为空" if not code else NOT_FOUND_IN_SCOPE)
            return None
        pk, county, city, _industry = found
        if self.scope is not None and not self.scope(county, city):
            parser.error("uscc", NOT_FOUND_IN_SCOPE)  # as for an unknown one: no other region's existence told
            return None
        return pk

    def _year(self, raw: Any) -> int:
        if type(raw) is float and raw.is_integer() and MIN_YEAR <= raw <= self.max_year:
            return int(raw)
        text = re.sub(r"\s*年(度)?$", "", cell_text(raw))
        value = parse_int(text)
        if value is None:
            raise ValueError("年度不能为空")
        if not MIN_YEAR <= value <= self.max_year:
            raise ValueError(f"年度应在 {MIN_YEAR}–{self.max_year} 之间，实为 {value}")
        return value


def _notes(values: dict[str, Any]) -> list[str]:
    notes = []
    rd, revenue = values["rd_expense"], values["operating_revenue"]
    if rd is not None and revenue is not None and rd > revenue:
        notes.append(f"研发费用 {rd} 万元高于营业收入 {revenue} 万元，请核对")
    staff, employees = values["rd_staff"], values["employees"]
    if staff is not None and employees is not None and staff > employees:
        notes.append(f"研发人员 {staff} 人多于从业人员 {employees} 人，请核对")
    return notes


def _size(industry_code: str, values: dict[str, Any]) -> tuple[str, str]:
    return classify_year(
        industry_code=industry_code,
        employees=values["employees"],
        operating_revenue=_decimal(values["operating_revenue"]),
        main_business_revenue=_decimal(values["main_business_revenue"]),
        total_assets=_decimal(values["total_assets"]),
    )


def _merge_stored(final: StagingTable) -> None:
    """A blank cell keeps the stored value: staged rows take the stored row's values for their
    blank cells; a row whose blank sizing cell took a stored value is sized again from the
    merged values (the others were sized from exactly what they store)."""
    s, y, e = qn(final.name), common.table(EnterpriseYear), common.table(Enterprise)
    final.index("enterprise_id", "year")
    merged = ", ".join(f"COALESCE(s.{key}, t.{key})" for key in SIZING_KEYS)
    filled = " OR ".join(f"(s.{key} IS NULL AND t.{key} IS NOT NULL)" for key in SIZING_KEYS)
    sql = (
        f"SELECT s.enterprise_id, s.year, {merged}, e.industry_code FROM {s} s"
        f" JOIN {y} t ON t.enterprise_id = s.enterprise_id AND t.year = s.year"
        f" JOIN {e} e ON e.id = s.enterprise_id WHERE {filled}"
    )
    columns = (StageColumn("enterprise_id", "bigint"), StageColumn("year", "integer"), *FINAL_COLUMNS[-2:])
    resized = StagingTable(columns, prefix="stage_yr_size").create()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    for chunk in common.iter_chunks(rows, common.FLUSH_EVERY):
        resized.load(
            (key, year, *_size(code, dict(zip(SIZING_KEYS, sizing, strict=True)))) for key, year, *sizing, code in chunk
        )
    if resized.rows:
        r = qn(resized.name)
        common.execute(
            f"UPDATE {s} AS s SET size = r.size, size_note = r.size_note FROM {r} r"
            f" WHERE r.enterprise_id = s.enterprise_id AND r.year = s.year"
        )
    resized.drop()
    sets = ", ".join(f"{key} = COALESCE(s.{key}, t.{key})" for key in DATA_KEYS)
    blank = " OR ".join(f"s.{key} IS NULL" for key in DATA_KEYS)
    common.execute(
        f"UPDATE {s} AS s SET {sets} FROM {y} t"
        f" WHERE t.enterprise_id = s.enterprise_id AND t.year = s.year AND ({blank})"
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))  # SQLite returns floats/ints for numeric columns; tests pass ints


def _write(final: StagingTable, *, written: int) -> list[int]:
    """Upsert the staged rows (`written` of them new or changed, as count_changes found);
    returns the enterprises whose rows were inserted or changed."""
    s, t = qn(final.name), common.table(EnterpriseYear)
    changed: list[int] = []
    if connection.vendor != "postgresql":  # PostgreSQL returns them from the upsert itself
        distinct = common.distinct_sql()
        differs = " OR ".join(f"t.{c} {distinct} s.{c}" for c in COMPARED)
        changed = common.fetch_column(
            f"SELECT DISTINCT s.enterprise_id FROM {s} s LEFT JOIN {t} t"
            f" ON t.enterprise_id = s.enterprise_id AND t.year = s.year WHERE t.id IS NULL OR {differs}"
        )
    now = common.now_sql()
    # A load that at least doubles the table (seven years of the register at once) runs without
    # the plain indexes and the enterprise foreign key, built after (core.load_indexes); the
    # unique (enterprise, year) key stays: the upsert's ON CONFLICT needs it.
    # A re-import of the same file writes nothing and drops nothing.
    with built_after_load(EnterpriseYear._meta.db_table, adding=written, own_foreign_keys=True, indexes="all"):
        parts = _parts(final, written)
        for number, where in enumerate(parts, 1):
            returned = final.upsert(
                EnterpriseYear._meta.db_table, keys=["enterprise_id", "year"], update=list(COMPARED),
                insert_extra={"created_at": now, "updated_at": now}, update_extra={"updated_at": now},
                returning="enterprise_id" if connection.vendor == "postgresql" else "",
                where=where, part=(number, len(parts)) if len(parts) > 1 else None,
            )  # fmt: skip
            if isinstance(returned, list):
                changed += returned  # parts split by enterprise: no id comes back twice
    latest_size_refresh(enterprise_ids=changed)
    return sorted(changed)


def _parts(final: StagingTable, written: int) -> list[str]:
    """The staged rows split by enterprise into parts of about WRITE_PART_ROWS rows to write
    (PostgreSQL, when that many are new or changed): one statement each, so the job page shows
    the write advance (a 700,000-row load was one ~3 s statement). [""]: all in one."""
    if connection.vendor != "postgresql" or written <= WRITE_PART_ROWS:
        return [""]
    count = -(-written // WRITE_PART_ROWS)
    fractions = ", ".join(str(i / count) for i in range(1, count))
    bounds = common.fetch_column(
        f"SELECT unnest(percentile_disc(ARRAY[{fractions}]) WITHIN GROUP (ORDER BY enterprise_id))"
        f" FROM {qn(final.name)}"
    )
    bounds = sorted({bound for bound in bounds if bound is not None})
    if not bounds:
        return [""]
    wheres = [f"s.enterprise_id <= {int(bounds[0])}"]
    wheres += [f"s.enterprise_id > {int(low)} AND s.enterprise_id <= {int(high)}"
               for low, high in zip(bounds, bounds[1:])]
    return [*wheres, f"s.enterprise_id > {int(bounds[-1])}"]


def years_write(rows: list[tuple]) -> tuple[ChangeCounts, list[int]]:
    """Write raw yearly tuples (enterprise_id, year, *DATA_KEYS) the same set-based way as
    an import (used by the demo seeder); returns the counts and the changed enterprise ids."""
    ids = {row[0] for row in rows}
    industries = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "industry_code")) if ids else {}
    with transaction.atomic():
        final = StagingTable(FINAL_COLUMNS, prefix="stage_yr").create()
        for chunk in common.iter_chunks(rows, common.FLUSH_EVERY * 4):
            final.load((*row, *_size(industries[row[0]], dict(zip(DATA_KEYS, row[2:], strict=True)))) for row in chunk)
        _merge_stored(final)
        counts = final.count_changes(EnterpriseYear._meta.db_table, keys=["enterprise_id", "year"], compare=COMPARED)
        ids = _write(final, written=counts.created + counts.updated)
        final.drop()
        return counts, ids

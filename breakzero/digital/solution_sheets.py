"""The solutions catalogue's xlsx imports (plan §二(五)): service bodies' digital solutions (kind
"digital_solutions") and the enterprises that adopted them (kind "digital_adoptions")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from breakzero.core.imports import NOT_FOUND_IN_SCOPE, ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.record_imports import USCC_COLUMN, finish_records, merge_record, parsed
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text, parse_date
from breakzero.digital.models import Solution, SolutionAdoption
from breakzero.rules.uscc import normalize_uscc

BODY_COLUMN = Column("body_uscc", "服务机构统一社会信用代码", aliases=("服务机构信用代码", "服务商统一社会信用代码"))
NOT_OWN_BODY = "未找到您可管理的该服务机构（请确认统一社会信用代码）"
_ACTIVE = {"是": True, "在目录中": True, "否": False, "下架": False}


def _labels(columns: tuple[Column, ...]) -> dict[str, str]:
    return {c.key: c.header for c in columns}


def _row_errors(row: int, values: dict[str, Any], labels: dict[str, str]):
    errors: list[RowError] = []

    def bad(key: str, reason: str) -> None:
        errors.append(RowError(row, labels.get(key, ""), cell_text(values.get(key)), reason))

    return errors, bad


def _managed_bodies(scope: WriteScope) -> dict[str, int]:
    """USCC → id of the service bodies the importing user may write for (shell: every body)."""
    from breakzero.service_bodies.access import bodies_managed_by
    from breakzero.service_bodies.models import ServiceBody

    qs = ServiceBody.objects.all() if scope.is_shell else bodies_managed_by(scope.user)
    return dict(qs.values_list("uscc", "pk"))


class SolutionImporter:
    """The solutions catalogue (kind "digital_solutions"): a service body's digital solutions by industry and
    scenario, one row per body and solution name. A service body loads only its own solutions; an official
    those of the bodies in their region."""

    kind = "digital_solutions"
    title = "数字化解决方案目录"
    scoped_by = "解决方案所属服务机构（服务机构账号：本机构；官员：辖区内的服务机构）"
    columns = (
        BODY_COLUMN,
        Column("name", "解决方案名称"),
        Column("industry", "适用行业"),
        Column("scenario", "应用场景"),
        Column("description", "简介", required=False),
        Column("is_active", "在目录中", required=False, help="是 / 否（空白为是）"),
    )
    example_rows = (("91430100MA4L0000XX", "离散制造 MES 云平台", "工程机械", "生产执行", "订单到交付全过程管理", "是"),)

    def can_import(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and (
            bool(getattr(user, "is_official", False)) or user.role in ("service_body", "system_admin"))

    def run(self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool,
            progress: Progress) -> ImportOutcome:
        bodies, labels = _managed_bodies(scope), _labels(self.columns)
        outcome, good, seen = ImportOutcome(), [], set()
        for row, values in sheet:
            outcome.total_rows += 1
            errors, bad = _row_errors(row, values, labels)
            body_id = bodies.get(normalize_uscc(cell_text(values.get("body_uscc"))))
            if body_id is None:
                bad("body_uscc", NOT_OWN_BODY)
            record = {key: cell_text(values.get(key))[:size] for key, size in
                      (("name", 200), ("industry", 100), ("scenario", 200))}
            record["description"] = cell_text(values.get("description"))
            for key in ("name", "industry", "scenario"):
                if not record[key]:
                    bad(key, "请填写")
            active = cell_text(values.get("is_active"))
            if active and active not in _ACTIVE:
                bad("is_active", "应为：是 / 否")
            record["is_active"] = _ACTIVE.get(active)
            if not errors and (body_id, record["name"]) in seen:
                bad("name", "与前面的行重复（同一服务机构、解决方案名称）")
            if errors:
                outcome.rejected.append(Rejected(row, errors, values))
                continue
            seen.add((body_id, record["name"]))
            merge_record(Solution, {"body_id": body_id}, ("name",), record, {}, row, values, labels, outcome, good)
        return finish_records(good, outcome, apply=apply, skip_invalid=skip_invalid, progress=progress)

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        """The catalogue feeds no figure; nothing to recompute."""


class AdoptionImporter:
    """Enterprises that adopted catalogue solutions, and the outcome (kind "digital_adoptions"); the solution is
    named by its body's USCC and its name. An official records adoptions by the enterprises of their region; a
    service body the adoptions of its own solutions only."""

    kind = "digital_adoptions"
    title = "解决方案应用企业"
    scoped_by = "官员：采用企业所在区县；服务机构账号：本机构的解决方案"
    columns = (
        BODY_COLUMN,
        Column("solution", "解决方案名称"),
        USCC_COLUMN,
        Column("adopted_on", "采用日期"),
        Column("outcome", "成效", required=False),
    )
    example_rows = (("91430100MA4L0000XX", "离散制造 MES 云平台", "91430104MA4L0001XX", dt.date(2023, 6, 1),
                     "交付周期缩短20%"),)

    can_import = SolutionImporter.can_import

    def run(self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool,
            progress: Progress) -> ImportOutcome:
        solutions, firms = self._solutions(scope), self._enterprises(scope)
        labels, outcome, good, seen = _labels(self.columns), ImportOutcome(), [], set()
        for row, values in sheet:
            outcome.total_rows += 1
            errors, bad = _row_errors(row, values, labels)
            key = (normalize_uscc(cell_text(values.get("body_uscc"))), cell_text(values.get("solution")))
            solution_id = solutions.get(key)
            if solution_id is None:
                bad("solution", "未找到该服务机构的此解决方案" if not self._is_body(scope) else
                    "未找到本机构的此解决方案（只能导入本机构解决方案的应用企业）")
            enterprise_id = firms.get(normalize_uscc(cell_text(values.get("uscc"))))
            if enterprise_id is None:
                bad("uscc", NOT_FOUND_IN_SCOPE)
            record = {"adopted_on": parsed(values, "adopted_on", parse_date, bad),
                      "outcome": cell_text(values.get("outcome"))}
            if not errors and (solution_id, enterprise_id) in seen:
                bad("uscc", "与前面的行重复（同一解决方案、企业）")
            if errors:
                outcome.rejected.append(Rejected(row, errors, values))
                continue
            seen.add((solution_id, enterprise_id))
            merge_record(SolutionAdoption, {"solution_id": solution_id, "enterprise_id": enterprise_id}, (), record,
                         {}, row, values, labels, outcome, good)
        return finish_records(good, outcome, apply=apply, skip_invalid=skip_invalid, progress=progress)

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        """Adoptions feed no figure; nothing to recompute."""

    @staticmethod
    def _is_body(scope: WriteScope) -> bool:
        return not scope.is_shell and getattr(scope.user, "role", None) == "service_body"

    def _solutions(self, scope: WriteScope) -> dict[tuple[str, str], int]:
        """(body USCC, name) → solution id: a service body's own solutions; for officials every solution."""
        qs = Solution.objects.all()
        if self._is_body(scope):
            qs = qs.filter(body_id__in=_managed_bodies(scope).values())
        return {(uscc, name): pk for uscc, name, pk in qs.values_list("body__uscc", "name", "pk")}

    def _enterprises(self, scope: WriteScope) -> dict[str, int]:
        """USCC → id of the enterprises a row may name: an official's region (another region's read as unknown);
        a service body's adopters may be anywhere (the solution being its own is the scope)."""
        from breakzero.enterprises.models import Enterprise

        qs = Enterprise.objects.all()
        if not self._is_body(scope):
            qs = qs.filter(**(scope.enterprise_filter() or {}))
        return dict(qs.values_list("uscc", "pk"))

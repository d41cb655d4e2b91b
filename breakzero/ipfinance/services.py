"""Writes of the IP-finance area: patents are named by application number and must already be on record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from breakzero.accounts.access import governs_region
from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.enterprises.access import can_edit_enterprise
from breakzero.ipfinance.models import Achievement, NavigationProject, PatentDeal, PledgeLoan
from breakzero.patents.models import Patent
from breakzero.regions.models import Region

# Navigation reports (GB/T 39551 deliverables): PDF or Word, sniffed by their first bytes, at most 20 MB.
REPORT_TYPES = {".pdf": b"%PDF", ".docx": b"PK\x03\x04", ".doc": b"\xd0\xcf\x11\xe0"}
REPORT_MAX_BYTES = 20 * 1024 * 1024


def patents_by_number(numbers: list[str]) -> list[Patent]:
    """The patent records with these application numbers; an unknown number is refused (not retyped here)."""
    wanted = [n.strip().upper() for n in numbers if n.strip()]
    if not wanted:
        raise DomainError("请填写至少一个专利申请号")
    found = {p.application_number.upper(): p for p in Patent.objects.filter(application_number__in=wanted)}
    missing = [n for n in wanted if n not in found]
    if missing:
        raise DomainError("以下专利申请号未在专利库中找到（请先导入专利）：" + "、".join(missing))
    return [found[n] for n in wanted]


@transaction.atomic
def deal_record(*, actor: Any, enterprise: Any, patent_numbers: list[str], values: dict[str, Any]) -> PatentDeal:
    _check(actor, enterprise)
    patents = patents_by_number(patent_numbers)
    deal = _save(PatentDeal(enterprise=enterprise, **values))
    deal.patents.set(patents)
    return deal


@transaction.atomic
def loan_record(*, actor: Any, enterprise: Any, patent_numbers: list[str], values: dict[str, Any]) -> PledgeLoan:
    """A pledge loan; a default carries its loss, which cannot exceed the loan."""
    _check(actor, enterprise)
    if (values.get("defaulted_on") is None) != (values.get("loss") is None):
        raise DomainError("违约日期与违约损失须同时填写")
    if values.get("loss") is not None and values["loss"] > values["amount"]:
        raise DomainError("违约损失不能超过贷款金额")
    patents = patents_by_number(patent_numbers)
    loan = _save(PledgeLoan(enterprise=enterprise, **values))
    loan.patents.set(patents)
    return loan


def place_of(*, enterprise: Any, county: Region | None) -> tuple[Region | None, Region]:
    """(county, city) of a region-placed record: the holder enterprise's, else the county given."""
    if enterprise is not None:
        return enterprise.county, enterprise.city
    if county is None:
        raise DomainError("请选择所在区县")
    return county, Region.objects.get(code=county.city_code)


def can_manage_placed(actor: Any, *, county: Region | None, city: Region, enterprise: Any = None) -> bool:
    """Officials of the record's region (system admin everywhere); an enterprise for its own achievements."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.role == Role.SYSTEM_ADMIN:
        return True
    if actor.is_official:
        return governs_region(actor, county or city)
    return enterprise is not None and actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise.pk


@transaction.atomic
def achievement_record(*, actor: Any, enterprise: Any, county: Region | None, patent_numbers: list[str],
                       values: dict[str, Any]) -> Achievement:
    """Add an achievement to the library (成果库): a patent achievement names its patents by application number
    (they must be on record); a holder that is an enterprise is placed in the enterprise's region."""
    county, city = place_of(enterprise=enterprise, county=county)
    if not can_manage_placed(actor, county=county, city=city, enterprise=enterprise):
        raise DomainError("只能为本辖区的单位（或本企业）登记成果")
    if enterprise is not None:
        values = {**values, "holder_kind": Achievement.HolderKind.ENTERPRISE, "holder": enterprise.name}
    elif values.get("holder_kind") == Achievement.HolderKind.ENTERPRISE:
        raise DomainError("持有单位为企业时请填写其统一社会信用代码")
    if values.get("kind") == Achievement.Kind.PATENT or patent_numbers:
        patents = patents_by_number(patent_numbers)
    else:
        patents = []
    achievement = _save(Achievement(enterprise=enterprise, county=county, city=city, **values))
    achievement.patents.set(patents)
    return achievement


@transaction.atomic
def navigation_record(*, actor: Any, county: Region, values: dict[str, Any], report: Any = None) -> NavigationProject:
    """A patent-navigation project (GB/T 39551) of the official's region, with its report file if given."""
    county, city = place_of(enterprise=None, county=county)
    if not can_manage_placed(actor, county=county, city=city):
        raise DomainError("只能登记本辖区的专利导航项目")
    if values.get("finished_on") and values["finished_on"] < values["started_on"]:
        raise DomainError("完成日期不能早于开始日期")
    project = NavigationProject(county=county, city=city, **values)
    if report is not None:
        name = report_check(report)
        project.report_name = name
        project.report.save(name, report, save=False)
    return _save(project)


def report_check(upload: Any) -> str:
    """The upload's file name when it is a PDF or Word file of acceptable size (type sniffed, not trusted)."""
    name = Path(str(upload.name)).name[-200:]
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise DomainError("报告文件为空")
    if size > REPORT_MAX_BYTES:
        raise DomainError(f"报告文件过大（上限 {REPORT_MAX_BYTES // 1048576} MB）")
    suffix = Path(name).suffix.lower()
    if suffix not in REPORT_TYPES:
        raise DomainError("报告文件须为 PDF 或 Word（.pdf、.doc、.docx）")
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(REPORT_TYPES[suffix]):
        raise DomainError(f"文件内容与扩展名 {suffix} 不符")
    return name


def _check(actor: Any, enterprise: Any) -> None:
    if not can_edit_enterprise(actor, enterprise):
        raise DomainError("您不能为该企业录入知识产权运营信息")


def _save(obj: Any) -> Any:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DomainError("；".join(m for msgs in exc.message_dict.values() for m in msgs)) from exc
    obj.save()
    return obj

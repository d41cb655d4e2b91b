"""What publication creates for each demonstration programme (the `on_publish` hooks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from breakzero.calls.models import Obligation
from breakzero.calls.services import recognition_create
from breakzero.demonstration.models import TypicalCase

PROVINCE_AUTHORITY = "湖南省工业和信息化厅"
CENTRE_VALID_YEARS = 3  # recognised in year Y → valid Y..Y+2 (275号, LIKELY)


def recognition_effect(kind: str, *, valid_years: int | None = None, authority: str = PROVINCE_AUTHORITY,
                       investment_years: int = 0) -> Callable[[Any], None]:
    """A hook creating the engine's recognition (with yearly investment reports when asked)."""

    def effect(application: Any) -> None:
        day = application.call.published_on or dt.date.today()
        obligations = [(Obligation.Kind.INVESTMENT_REPORT, str(day.year + i), dt.date(day.year + i + 1, 1, 31))
                       for i in range(investment_years)]
        recognition_create(application=application, kind=kind, authority=authority, valid_years=valid_years,
                           obligations=obligations, details=_product_details(application))

    return effect


def tech_centre_effect(application: Any) -> None:
    """工信 technology centre: valid for the recognition year and two more; a half-year report on each
    half (due 31 July / 31 January) and a re-review after the third year (§2.2.2, LIKELY)."""
    day = application.call.published_on or dt.date.today()
    year = day.year
    obligations = []
    for y in range(year, year + CENTRE_VALID_YEARS):
        obligations.append((Obligation.Kind.HALF_YEAR_REPORT, f"{y}H1", dt.date(y, 7, 31)))
        obligations.append((Obligation.Kind.HALF_YEAR_REPORT, f"{y}H2", dt.date(y + 1, 1, 31)))
    obligations.append((Obligation.Kind.RE_REVIEW, str(year + CENTRE_VALID_YEARS), dt.date(year + CENTRE_VALID_YEARS, 6, 30)))
    recognition = recognition_create(application=application, kind="tech_centre", authority=PROVINCE_AUTHORITY,
                                     obligations=[o for o in obligations if o[2] >= day])
    recognition.valid_until = dt.date(year + CENTRE_VALID_YEARS - 1, 12, 31)
    recognition.save(update_fields=["valid_until", "updated_at"])


def typical_case_effect(application: Any) -> None:
    """A published typical case goes to editorial review before it is published as a case."""
    data = application.form_data
    TypicalCase.objects.get_or_create(
        application=application,
        defaults={"enterprise_id": application.enterprise_id, "title": data.get("title", "")[:200],
                  "technology": data.get("technology", "")[:200], "problem": data.get("problem", ""),
                  "results": parse_results(data.get("results", "")), "body": data.get("body", "")})


def parse_results(text: str) -> list[dict[str, str]]:
    """'新增产值=3200 万元' lines → [{"label": "新增产值", "value": "3200", "unit": "万元"}]."""
    rows = []
    for line in (text or "").splitlines():
        label, sep, rest = line.replace("＝", "=").partition("=")
        if not sep or not label.strip():
            continue
        value, _space, unit = rest.strip().partition(" ")
        rows.append({"label": label.strip(), "value": value.strip(), "unit": unit.strip()})
    return rows


def _product_details(application: Any) -> dict[str, Any]:
    data = application.form_data
    return {k: data[k] for k in ("product", "category", "tech_level") if data.get(k)}


def tech_centre_re_review_effect(application: Any) -> None:
    """A centre retained at its 3-yearly re-review (优秀/合格, §2.2.2): the re-review obligation is done and
    the recognition runs three more years with new half-year reports. 不合格 is a refusal in the call,
    after which the province revokes the recognition (calls.services.recognition_revoke)."""
    from breakzero.calls.models import Recognition

    day = application.call.published_on or dt.date.today()
    centre = (Recognition.objects.filter(enterprise_id=application.enterprise_id, kind="tech_centre",
                                         status=Recognition.Status.ACTIVE).order_by("-recognized_on").first())
    if centre is None:
        return
    centre.obligations.filter(kind=Obligation.Kind.RE_REVIEW, done_on__isnull=True).update(done_on=day)
    centre.valid_until = dt.date(day.year + CENTRE_VALID_YEARS - 1, 12, 31)
    centre.details = {**centre.details, "last_review": application.call.published_document_number}
    centre.save(update_fields=["valid_until", "details", "updated_at"])
    reports = [Obligation(recognition=centre, kind=Obligation.Kind.HALF_YEAR_REPORT, period=f"{y}{half}", due_on=due)
               for y in range(day.year, day.year + CENTRE_VALID_YEARS)
               for half, due in (("H1", dt.date(y, 7, 31)), ("H2", dt.date(y + 1, 1, 31))) if due >= day]
    reports.append(Obligation(recognition=centre, kind=Obligation.Kind.RE_REVIEW, period=str(day.year + CENTRE_VALID_YEARS),
                              due_on=dt.date(day.year + CENTRE_VALID_YEARS, 6, 30)))
    Obligation.objects.bulk_create(reports, ignore_conflicts=True)

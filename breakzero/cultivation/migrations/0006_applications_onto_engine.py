"""The cultivation review moves onto the engine (calls): every cultivation application becomes an engine
application in a call of its programme (one call per batch), with its whole history — steps as
transitions, 公示 objections, publicity period and publication — and the titles and list memberships
its publication made point at the engine application. Old numbers are kept (MovedApplication) so the
old addresses still lead to the application.

The old flow had no expert review: the programmes are created without one. Its per-application 公示
period becomes the call's (earliest start, latest end of the batch).
"""

import datetime as dt
import re

from django.db import migrations

OWNER = "中小企业发展处"
# Old programme → (engine type registered by cultivation.programme_types, programme name, grants)
PROGRAMMES = {
    "tier_innovative": ("tier_innovative_sme", "创新型中小企业", "title"),
    "tier_srdi": ("tier_srdi_sme", "专精特新中小企业", "title"),
    "tier_little_giant": ("tier_little_giant", "专精特新“小巨人”企业（推荐）", "listing"),
    "whitelist": ("cultivation_whitelist", "产融合作白名单", "listing"),
    "listing_reserve": ("cultivation_listing_reserve", "上市后备企业资源库", "listing"),
}
# The programme's own check-up in the application's evaluation snapshot (lists have none).
OWN_RULE = {"tier_innovative": "innovative_sme", "tier_srdi": "srdi_sme", "tier_little_giant": "little_giant"}
CHAIN = ["county", "city", "province"]
# The form as cultivation.programme_types registers it (frozen here: migrations do not follow code).
_BASE_FORM = [
    {"key": "name", "label": "企业名称", "kind": "text", "required": True, "prefill": "register.name", "choices": [], "fact": ""},
    {"key": "uscc", "label": "统一社会信用代码", "kind": "text", "required": True, "prefill": "register.uscc", "choices": [],
     "fact": ""},
]
_STATEMENT = {"key": "statement", "label": "企业说明", "kind": "textarea", "required": False, "prefill": "", "choices": [],
              "fact": ""}
TIER_FORM = [*_BASE_FORM,
             {"key": "revenue", "label": "上年营业收入（万元）", "kind": "number", "required": False,
              "prefill": "year.operating_revenue", "choices": [], "fact": ""},
             {"key": "rd_expense", "label": "上年研发费用（万元）", "kind": "number", "required": False,
              "prefill": "year.rd_expense", "choices": [], "fact": ""},
             _STATEMENT]
LIST_FORM = [*_BASE_FORM, _STATEMENT]
OPEN_OLD = {"draft", "submitted", "county_approved", "city_approved", "returned"}
TITLE_SOURCE = re.compile(r"^平台审核发布（申报 #(\d+)）$")


def _state(old_status: str, has_county: bool) -> str:
    return {
        "draft": "draft", "submitted": "at_county" if has_county else "at_city", "county_approved": "at_city",
        "city_approved": "at_province", "returned": "returned", "rejected": "refused", "publicity": "publicity",
        "published": "published",
    }[old_status]


def _level(old_status: str, has_county: bool) -> str:
    """Who acted on an application in `old_status` (the level it waited at)."""
    return {"submitted": "county" if has_county else "city", "county_approved": "city", "city_approved": "province",
            "publicity": "province"}.get(old_status, "province")


def _eligibility(application) -> tuple[dict, bool | None]:
    """The engine's check-up record from the old snapshot: the programme's own rule; the whole snapshot kept."""
    rule = OWN_RULE.get(application.programme)
    own = next((r for r in application.evaluation or [] if r.get("rule") == rule), None) if rule else None
    snapshot = {"facts": application.facts, "evaluation": application.evaluation}
    if own is None:
        return ({"as_of": application.as_of.isoformat(), "declared": [], "snapshot": snapshot} if rule else {}), None
    items = [{"code": i.get("code", ""), "name": i.get("name", ""), "status": i.get("status", ""),
              "reason": i.get("reason", ""), "threshold": i.get("threshold", ""), "value": i.get("value"),
              "source": i.get("source", "")} for i in own.get("items", [])]
    result = {"passed": own.get("passed"), "rule_set": own.get("rule_set", ""), "items": items,
              "as_of": application.as_of.isoformat(), "declared": [], "snapshot": snapshot}
    return result, own.get("passed")


def _programme(apps, old_programme: str):
    Programme = apps.get_model("calls", "Programme")
    kind, name, grants = PROGRAMMES[old_programme]
    programme = Programme.objects.filter(programme_type=kind).order_by("pk").first()
    if programme is None:
        programme = Programme.objects.create(
            name=name, owner_department=OWNER, level="provincial", grants=grants, programme_type=kind,
            review_chain=CHAIN, has_expert_review=False, allows_invitation=False,
            form_template=TIER_FORM if old_programme in OWN_RULE else LIST_FORM, description="由原培育申报迁移")
    return programme


def _call(apps, programme, old_programme: str, batch: str, rows: list):
    Call = apps.get_model("calls", "Call")
    call = Call.objects.filter(programme=programme, document_number=batch).first()
    if call is not None:
        return call
    created = [a.created_at.date() for a in rows]
    year_match = re.match(r"(\d{4})", batch)
    year = int(year_match.group(1)) if year_match else max(created).year
    starts = [a.publicity_start for a in rows if a.publicity_start]
    ends = [a.publicity_end for a in rows if a.publicity_end]
    published = [a.published_on for a in rows if a.published_on]
    statuses = {a.status for a in rows}
    status = "open"
    if "publicity" in statuses:
        status = "publicity"
    elif "published" in statuses and not statuses & OPEN_OLD:
        status = "published"
    return Call.objects.create(
        programme=programme, document_number=batch, title=f"{batch} {PROGRAMMES[old_programme][1]}", year=year,
        status=status, opens_on=min(created), enterprise_deadline=max(max(created), dt.date(year, 12, 31)),
        review_chain=CHAIN, has_expert_review=False, allows_invitation=False,
        form_fields=TIER_FORM if old_programme in OWN_RULE else LIST_FORM, publicity_working_days=5,
        publicity_start=min(starts) if starts else None, publicity_end=max(ends) if ends else None,
        objection_channel="在本平台该申报的公示页面提出书面异议，由省级主管部门受理并答复",
        published_document_number=batch if published else "", published_on=max(published) if published else None)


def _steps(apps, old, new, has_county: bool, eligibility_passed) -> None:
    Transition = apps.get_model("calls", "Transition")
    steps = []
    for s in old.steps.order_by("at", "pk"):
        reason = s.comment
        if s.override_reason:
            reason = f"{s.comment}\n不符合仍通过的理由：{s.override_reason}".strip()
        level = "enterprise" if s.action == "submit" else _level(s.from_status, has_county)
        common = {"application": new, "actor_id": s.actor_id, "level": level, "at": s.at,
                  "eligibility_passed": eligibility_passed}
        to_state = _state(s.to_status, has_county)
        if s.action == "approve" and s.to_status == "publicity":  # the engine: 拟入选, then the list goes to 公示
            steps.append(Transition(**common, action="recommend", from_state=_state(s.from_status, has_county),
                                    to_state="selected", reason=reason, against_eligibility=bool(s.override_reason)))
            steps.append(Transition(**common, action="publicity", from_state="selected", to_state="publicity"))
            continue
        action = {"approve": "recommend", "reject": "refuse"}.get(s.action, s.action)
        steps.append(Transition(**common, action=action, from_state=_state(s.from_status, has_county),
                                to_state=to_state, reason=reason, against_eligibility=bool(s.override_reason)))
    Transition.objects.bulk_create(steps)


def _objections(apps, old, new) -> None:
    Objection = apps.get_model("calls", "Objection")
    for o in old.objections.order_by("pk"):
        user = o.filed_by
        name = (getattr(user, "display_name", "") or getattr(user, "username", "")) if user else ""
        copied = Objection.objects.create(
            reference=f"YYMIG{o.pk:010d}", call=new.call, application=new, name=(name or "（平台用户）")[:50],
            contact=f"平台用户 {user.username}"[:100] if user else "（平台用户）", reason=o.text, status=o.status,
            resolution=o.resolution, resolved_by_id=o.resolved_by_id, resolved_at=o.resolved_at)
        Objection.objects.filter(pk=copied.pk).update(created_at=o.created_at, updated_at=o.updated_at)


def applications_onto_engine(apps, schema_editor):
    Old = apps.get_model("cultivation", "Application")
    New = apps.get_model("calls", "Application")
    Moved = apps.get_model("cultivation", "MovedApplication")
    Title = apps.get_model("cultivation", "Title")
    Listing = apps.get_model("cultivation", "ProgrammeListing")
    batches: dict[tuple[str, str], list] = {}
    for old in Old.objects.select_related("enterprise").order_by("pk"):
        if not Moved.objects.filter(old_id=old.pk).exists():
            batches.setdefault((old.programme, old.batch), []).append(old)
    for (old_programme, batch), rows in batches.items():
        call = _call(apps, _programme(apps, old_programme), old_programme, batch, rows)
        for old in rows:
            enterprise = old.enterprise
            has_county = enterprise.county_id is not None
            eligibility, passed = _eligibility(old)
            new = New.objects.create(
                call=call, enterprise=enterprise, county_id=enterprise.county_id, city_id=enterprise.city_id,
                state=_state(old.status, has_county), form_data={"statement": old.statement} if old.statement else {},
                eligibility=eligibility, eligibility_passed=passed, submitted_at=old.submitted_at,
                created_by_id=old.created_by_id)
            New.objects.filter(pk=new.pk).update(created_at=old.created_at, updated_at=old.updated_at)
            _steps(apps, old, new, has_county, passed)
            _objections(apps, old, new)
            Moved.objects.create(old_id=old.pk, application=new)
            Listing.objects.filter(application_id=old.pk).update(call_application=new)
    moved = dict(Moved.objects.values_list("old_id", "application_id"))
    for title in Title.objects.filter(application__isnull=True, source__startswith="平台审核发布"):
        match = TITLE_SOURCE.match(title.source)
        if match and int(match.group(1)) in moved:
            title.application_id = moved[int(match.group(1))]
            title.save(update_fields=["application"])


def applications_off_engine(apps, schema_editor):
    """Reverse: the copies go (the old rows were never touched); calls left empty by it go too."""
    New = apps.get_model("calls", "Application")
    Call = apps.get_model("calls", "Call")
    Moved = apps.get_model("cultivation", "MovedApplication")
    ids = list(Moved.objects.values_list("application_id", flat=True))
    calls = set(New.objects.filter(pk__in=ids).values_list("call_id", flat=True))
    New.objects.filter(pk__in=ids).delete()
    Call.objects.filter(pk__in=calls, applications__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0002_seed_holidays"),
        ("cultivation", "0005_engine_links"),
    ]

    operations = [migrations.RunPython(applications_onto_engine, applications_off_engine)]

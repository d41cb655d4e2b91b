"""Writes of the contests area: registration checked by rules.contests, a team's link to the enterprise it founded,
awards, the national recommendation and results (stages, the 市州 recommendation and expert scoring run on the
calls engine: contests.stages)."""

from __future__ import annotations


from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from breakzero.accounts.access import governs_region
from breakzero.accounts.models import Role
from breakzero.calls.models import Application
from breakzero.contests.models import Contest, Entry, Stage
from breakzero.core.errors import DomainError
from breakzero.regions.models import Region
from breakzero.rules.contests import ContestGroup, ContestLevel, PriorAward, RegistrationFacts, check_registration
from breakzero.rules.results import Evaluation, blocking_items

_LEVELS = {"county": ContestLevel.COUNTY, "city": ContestLevel.CITY, "provincial": ContestLevel.PROVINCIAL,
           "national": ContestLevel.NATIONAL}


def can_manage_entry(user: Any, entry: Entry) -> bool:
    """Officials of the entry's region (the 承办 county/city) and the province's secretariat."""
    if not getattr(user, "is_authenticated", False) or not user.is_official:
        return False
    return governs_region(user, entry.county or entry.city)


def registration_check(*, contest: Contest, group: str, enterprise: Any, team_leader: str,
                       is_registered_online: bool | None, prior_awards: list[dict]) -> Evaluation:
    """§5.2 registration conditions; earlier provincial-or-higher winners (declared, or an award recorded here in
    an earlier edition) are refused."""
    awards = [PriorAward(a["contest_name"], _LEVELS[a["level"]], int(a["year"])) for a in prior_awards]
    if enterprise is not None:
        for earlier in Entry.objects.filter(enterprise=enterprise, contest__year__lt=contest.year).exclude(award=""):
            awards.append(PriorAward(earlier.contest.name, ContestLevel.PROVINCIAL, earlier.contest.year))
    return check_registration(RegistrationFacts(
        as_of=contest.registration_opens_on, group=ContestGroup(group), uscc=enterprise.uscc if enterprise else "",
        team_leader=team_leader, is_registered_online=is_registered_online, prior_awards=tuple(awards)))


@transaction.atomic
def entry_register(*, actor: Any, contest: Contest, values: dict[str, Any]) -> Entry:
    """Record a registration; refused with the rule's reasons when a stated condition fails."""
    enterprise = values.get("enterprise")
    county = enterprise.county if enterprise is not None else values.get("county")
    if county is None:
        raise DomainError("请填写所在区县")
    city = enterprise.city if enterprise is not None else Region.objects.get(code=county.city_code)
    entry = Entry(contest=contest, county=county, city=city, recorded_by=actor, **{
        k: v for k, v in values.items() if k not in ("county", "city")})
    if not can_manage_entry(actor, entry):
        raise DomainError("只能为本辖区的企业或团队登记报名")
    if not (contest.registration_opens_on <= entry.registered_on <= contest.registration_closes_on):
        raise DomainError(f"报名日期须在 {contest.registration_opens_on} 至 {contest.registration_closes_on} 之间")
    evaluation = registration_check(contest=contest, group=entry.group, enterprise=enterprise,
                                    team_leader=entry.team_leader, is_registered_online=entry.is_registered_online,
                                    prior_awards=entry.prior_awards)
    if evaluation.passed is False:
        raise DomainError("不符合报名条件：" + "；".join(i.reason_zh for i in blocking_items(evaluation)))
    _save(entry)
    from breakzero.contests.stages import entry_enter_engine

    entry_enter_engine(entry=entry, actor=actor)  # an enterprise's or a team's: both enter the county's 初赛
    return entry


@transaction.atomic
def entry_link_enterprise(*, actor: Any, entry: Entry, enterprise: Any) -> Entry:
    """A 创客组 team that founded an enterprise: the entry and its stage applications name the enterprise from now on
    (its later path and the 63号 national-result conditions then read that enterprise's records)."""
    if not can_manage_entry(actor, entry):
        raise DomainError("只能为本辖区的参赛团队关联企业")
    if entry.group != Entry.Group.MAKER or entry.enterprise_id:
        raise DomainError("只有尚未关联企业的创客组团队可以关联企业")
    if Entry.objects.filter(contest_id=entry.contest_id, enterprise=enterprise).exists():
        raise DomainError("该企业已在本届大赛报名")
    applications = list(entry.applications.all())
    if Application.objects.filter(call_id__in=[a.call_id for a in applications], enterprise=enterprise).exists():
        raise DomainError("该企业已在本届大赛的评审阶段中")
    entry.enterprise = enterprise
    entry.save(update_fields=["enterprise", "updated_at"])
    for application in applications:
        application.enterprise = enterprise
    Application.objects.bulk_update(applications, ["enterprise"])
    return entry


@transaction.atomic
def entry_recommend_national(*, actor: Any, entry: Entry) -> Entry:
    """§5.2: the province recommends awarded finalists to the national contest."""
    if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError("全国赛推荐由省级主办单位确定")
    if entry.stage != Stage.FINAL or not entry.award:
        raise DomainError("只有省级决赛获奖的项目可推荐参加全国赛")
    entry.is_recommended_national = True
    entry.save(update_fields=["is_recommended_national", "updated_at"])
    return entry


@transaction.atomic
def entry_award(*, actor: Any, entry: Entry, award: str) -> Entry:
    """Awards of the provincial final, recorded by the province."""
    if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError("奖项由省级主办单位确定")
    if award and entry.stage != Stage.FINAL:
        raise DomainError("只有进入决赛的项目可获奖")
    entry.award = award
    entry.full_clean()
    entry.save(update_fields=["award", "updated_at"])
    return entry


@transaction.atomic
def entry_national_result(*, actor: Any, entry: Entry, result: str) -> Entry:
    """The national result of an entry the province recommended from its final (§5.2), recorded by the province;
    only a 创客中国 enterprise entry counts for the 63号 direct conditions (policies.assembly)."""
    if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError("全国赛结果由省级主办单位录入")
    if result and not entry.is_recommended_national:
        raise DomainError("只有进入省级决赛并被推荐的项目可录入全国赛结果")
    entry.national_result = result
    entry.full_clean()
    entry.save(update_fields=["national_result", "updated_at"])
    return entry


@transaction.atomic
def contest_set_final_quotas(*, actor: Any, contest: Contest, enterprise: int | None, maker: int | None) -> Contest:
    """§5.2: the final's places per group are the edition's (2023: 20 企业组 + 10 创客组), set by the province until
    the provincial review is closed."""
    if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError("决赛名额由省级主办单位设置")
    if contest.stages.filter(stage=Stage.PROVINCIAL, closed_at__isnull=False).exists():
        raise DomainError("决赛入围名单已确定，不能修改名额")
    contest.final_quota_enterprise, contest.final_quota_maker = enterprise, maker
    contest.save(update_fields=["final_quota_enterprise", "final_quota_maker", "updated_at"])
    return contest


@transaction.atomic
def contest_create(*, actor: Any, values: dict[str, Any]) -> Contest:
    if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError("赛事由省级主办单位发布")
    contest = Contest(**values)
    if contest.registration_closes_on < contest.registration_opens_on:
        raise DomainError("报名截止日期不能早于开始日期")
    _save(contest)
    return contest


def _save(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DomainError("；".join(m for msgs in exc.message_dict.values() for m in msgs)) from exc
    obj.save()



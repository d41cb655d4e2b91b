"""The hand-entered judge scores survive the move of stages onto the engine's expert sheets: migrated forward from
0002, every score is kept as typed, and a judge whose name is exactly one pool expert's is linked to that expert."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("contests", "0002_national_result")]
AFTER = [("contests", "0005_link_judges_to_experts")]


def _migrate(targets):
    """Move the contests app to `targets` (only its own migrations are applied or unapplied); the models as of
    then, with the pool's experts and the accounts."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([*targets, ("calls", "0002_seed_holidays")]).apps


@pytest.mark.django_db(transaction=True)
def test_judge_scores_migrated_forward_kept_and_linked():
    old = _migrate(BEFORE)
    User, Expert = old.get_model("accounts", "User"), old.get_model("calls", "Expert")
    Contest, Entry, JudgeScore = (old.get_model("contests", m) for m in ("Contest", "Entry", "JudgeScore"))
    contest = Contest.objects.create(kind="maker_china", year=2022, name="2022年创客中国湖南省大赛",
                                     registration_opens_on=dt.date(2022, 4, 1), registration_closes_on=dt.date(2022, 5, 31))
    entry = Entry.objects.create(contest=contest, group="maker", team_name="星火团队", project="智能巡检",
                                 county_id="430104", city_id="430100", registered_on=dt.date(2022, 4, 12),
                                 stage="semi_final")
    li = Expert.objects.create(user=User.objects.create(username="m-li", role="expert"), name="李专家", employer="中南大学")
    for n, name in enumerate(("王专家", "王专家 ")):  # two experts of one name: ambiguous, stays text
        Expert.objects.create(user=User.objects.create(username=f"m-wang-{n}", role="expert"), name=name, employer="湖大")
    for judge, total in ((" 李专家", "80"), ("王专家", "91"), ("外请评委", "77.5")):
        JudgeScore.objects.create(entry=entry, stage="preliminary", judge=judge, total=Decimal(total))

    new = _migrate(AFTER)
    scores = {s.judge: s for s in new.get_model("contests", "JudgeScore").objects.all()}
    assert {k: v.total for k, v in scores.items()} == {" 李专家": Decimal("80.00"), "王专家": Decimal("91.00"),
                                                       "外请评委": Decimal("77.50")}
    assert (scores[" 李专家"].expert_id, scores["王专家"].expert_id, scores["外请评委"].expert_id) == (li.pk, None, None)
    assert new.get_model("contests", "ContestStage").objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_entries_linked_to_their_stage_applications_by_enterprise():
    """Before teams, an entry's applications were found by its enterprise in the edition's stage calls: 0007 keeps
    that as the entry's explicit link (another edition's application of the same enterprise is not linked)."""
    old = _migrate([("contests", "0005_link_judges_to_experts"), ("calls", "0002_seed_holidays")])
    Contest, Entry, ContestStage = (old.get_model("contests", m) for m in ("Contest", "Entry", "ContestStage"))
    Programme, Call, Application = (old.get_model("calls", m) for m in ("Programme", "Call", "Application"))
    Enterprise = old.get_model("enterprises", "Enterprise")
    firm = Enterprise.objects.create(uscc="91430100MA4L0000XX", name="迁移创客企业", county_id="430104", city_id="430100")
    programme = Programme.objects.create(name="创新创业大赛评审", owner_department="处", programme_type="contest_stage")
    apps_by_year = {}
    for year in (2022, 2023):
        contest = Contest.objects.create(kind="maker_china", year=year, name=f"{year}大赛", registration_opens_on=dt.date(year, 4, 1),
                                         registration_closes_on=dt.date(year, 5, 31))
        call = Call.objects.create(programme=programme, document_number=f"{year}-p", title="初赛", year=year,
                                   opens_on=dt.date(year, 4, 1), enterprise_deadline=dt.date(year, 5, 31))
        ContestStage.objects.create(contest=contest, stage="preliminary", call=call)
        apps_by_year[year] = Application.objects.create(call=call, enterprise=firm, state="at_city")
        if year == 2023:
            entry = Entry.objects.create(contest=contest, group="enterprise", enterprise=firm, project="项目",
                                         county_id="430104", city_id="430100", registered_on=dt.date(year, 4, 10))

    new = _migrate([("contests", "0007_link_entries_to_applications")])
    linked = new.get_model("contests", "Entry").objects.get(pk=entry.pk).applications.values_list("pk", flat=True)
    assert list(linked) == [apps_by_year[2023].pk]

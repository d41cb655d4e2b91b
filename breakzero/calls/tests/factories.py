"""Test helpers: a programme type with a simple rule on yearly R&D, and a call ready for applications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from breakzero.calls import registry, services
from breakzero.calls.models import Call, Programme
from breakzero.rules.results import CriterionStatus, Evaluation, Item

TEST_TYPE = "test_rd"


@dataclass(frozen=True)
class RdFacts:
    rd_expense: Decimal | None


def build_facts(enterprise_ids, as_of):
    from breakzero.enterprises.models import EnterpriseYear

    values = dict(EnterpriseYear.objects.filter(enterprise_id__in=list(enterprise_ids), year=as_of.year - 1)
                  .values_list("enterprise_id", "rd_expense"))
    return {pk: RdFacts(values.get(pk)) for pk in enterprise_ids}


def rd_eligibility(facts: RdFacts, call, as_of):
    if facts.rd_expense is None:
        item = Item("rd", "研发费用", CriterionStatus.UNKNOWN, "缺少上年研发费用", "测试规则", threshold="≥ 300万元")
        passed = None
    else:
        met = facts.rd_expense >= 300
        item = Item("rd", "研发费用", CriterionStatus.MET if met else CriterionStatus.UNMET,
                    f"上年研发费用 {facts.rd_expense} 万元", "测试规则", value=facts.rd_expense, threshold="≥ 300万元")
        passed = met
    return Evaluation(passed=passed, items=(item,), rule_set="test-2024", as_of=as_of)


published: list[int] = []


def register_test_type() -> None:
    registry.register_programme_type(
        TEST_TYPE, name_zh="测试项目", facts_builder=build_facts, eligibility=rd_eligibility,
        form_fields=[registry.FormField("name", "企业名称", prefill="register.name", required=True),
                     registry.FormField("rd", "上年研发费用", kind="number", prefill="facts.rd_expense"),
                     registry.FormField("summary", "项目简介", kind="textarea", required=True)],
        scoring={"criteria": [{"key": "tech", "label": "技术水平", "max": 60}, {"key": "market", "label": "市场", "max": 40}],
                 "aggregation": "trimmed_mean", "outlier_points": 20, "outlier_sd": 2},
        on_publish=lambda application: published.append(application.pk), rule_set="test-2024",
    )


def make_programme(**options) -> Programme:
    register_test_type()
    defaults = {"name": "测试项目", "owner_department": "科技处", "programme_type": TEST_TYPE}
    return services.programme_create(**{**defaults, **options})


def make_call(*, programme: Programme | None = None, actor=None, today: dt.date | None = None, **options) -> Call:
    programme = programme or make_programme()
    today = today or dt.date.today()
    defaults = {"document_number": "湘工信科技〔2026〕1号", "title": "2026年测试申报", "year": today.year,
                "opens_on": today - dt.timedelta(days=5), "enterprise_deadline": today + dt.timedelta(days=10),
                "county_deadline": today + dt.timedelta(days=20), "city_deadline": today + dt.timedelta(days=30)}
    return services.call_create(programme=programme, actor=actor, **{**defaults, **options})

"""The special-fund call (项目法) registered on the calls engine: form, eligibility, publication effect."""

from __future__ import annotations

from breakzero.calls.registry import FormField as F, register_programme_type
from breakzero.funds import eligibility

FUND_CALL = "sme_fund_project"
FORM = (
    F("name", "企业名称", prefill="register.name", required=True),
    F("uscc", "统一社会信用代码", prefill="register.uscc", required=True),
    F("project_name", "项目名称", required=True),
    F("content", "项目内容", kind="textarea", required=True),
    F("total_budget", "项目总投资（元）", kind="number", required=True),
    F("self_funding", "自筹资金（元）", kind="number", required=True),
    F("amount_requested", "申请资金（元）", kind="number", required=True),
    F("targets", "绩效目标（每行：指标|单位|目标值|期限YYYY-MM-DD）", kind="textarea", required=True),
    F("legal_person", "具有独立法人资格", kind="boolean", fact="is_independent_legal_person"),
    F("finance", "财务管理制度健全、财务和信用状况良好", kind="boolean", fact="has_sound_finance_and_credit"),
    F("in_scope", "项目合法且符合产业政策和资金支持方向", kind="boolean", fact="is_project_in_scope"),
)
SCORING = {"criteria": [{"key": "feasibility", "label": "项目可行性", "max": 40},
                        {"key": "benefit", "label": "预期效益", "max": 40},
                        {"key": "capacity", "label": "实施能力", "max": 20}],
           "aggregation": "trimmed_mean", "outlier_points": 20, "outlier_sd": 2}


def _on_publish(application) -> None:
    from breakzero.funds.services.projects import project_from_application

    project_from_application(application)


def _on_move(application, actor, transition) -> None:
    from breakzero.funds.services.projects import industry_decision_record

    industry_decision_record(application, actor, transition)


def _review_panel(application, user) -> str:
    """The city's 工信 and 财政 opinions on the application page, for officials (the province reads
    them beside the city's decision); not for the applicant."""
    from django.template.loader import render_to_string

    from breakzero.funds.models import CityOpinion

    if getattr(user, "role", None) not in ("province_official", "city_official", "county_official", "finance"):
        return ""
    found = {o.department: o for o in application.fund_opinions.select_related("given_by")}
    rows = [(code, label, found.get(code)) for code, label in CityOpinion.Department.choices]
    return render_to_string("funds/_opinions_panel.html", {"application": application, "rows": rows})


def register_all() -> None:
    """Called from FundsConfig.ready()."""
    register_programme_type(
        FUND_CALL, name_zh="省中小企业发展专项资金（项目法）", facts_builder=eligibility.build_facts,
        eligibility=eligibility.evaluate, form_fields=FORM, scoring=SCORING, on_publish=_on_publish,
        on_move=_on_move, review_panel=_review_panel, spends_funds=True,
        rule_set="hngxt-2021-509",
        notes_zh="申报条件与五项不予支持情形按2022年度通知（已确认）；其他年度顺延适用、公示期、拨付时限、追回与禁止申报期限为各资金设置（待确认）。",
    )

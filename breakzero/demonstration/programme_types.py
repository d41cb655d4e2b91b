"""The demonstration programme types registered on the engine (plan §三(三), programme-rules-2.md §1–2):
rules (from breakzero.rules), application form, scoring scheme and what publication creates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from breakzero.calls.registry import FormField as F, register_programme_type
from breakzero.demonstration import effects, facts
from breakzero.rules.benchmarks import evaluate_break_zero_benchmark, evaluate_doubling_benchmark
from breakzero.rules.champions import evaluate_provincial_single_champion
from breakzero.rules.products import (
    evaluate_industrial_new_product, evaluate_product_innovation_project, evaluate_provincial_new_product,
)
from breakzero.rules.tech_centres import evaluate_centre_recognition, evaluate_tech_centre

APPLICANT_TYPES = {"生产制造型": "manufacturing", "研发设计型": "rd_design"}  # 275号 types
LEVELS = ("0 未达省内先进", "1 省内先进", "2 国内先进", "3 国内领先", "4 国际先进")
SCORING = {"criteria": [{"key": "innovation", "label": "创新水平", "max": 40},
                        {"key": "results", "label": "经济社会效益", "max": 30},
                        {"key": "demonstration", "label": "示范带动作用", "max": 30}],
           "aggregation": "trimmed_mean", "outlier_points": 20, "outlier_sd": 2}
ENTERPRISE_FIELDS = (F("name", "企业名称", prefill="register.name", required=True),
                     F("uscc", "统一社会信用代码", prefill="register.uscc", required=True),
                     F("contact", "联系人", prefill="register.contact_person"))
PRODUCT_FIELDS = (
    F("product", "产品名称及型号", required=True), F("category", "类别", kind="choice", choices=("全新", "改进")),
    F("tech_level", "技术水平", kind="choice", choices=LEVELS, required=True, fact="tech_level"),
    F("own_ip", "拥有自主清晰的知识产权", kind="boolean", fact="has_own_ip"),
    F("batch", "具备批量生产能力、生产稳定", kind="boolean", fact="has_batch_production"),
    F("ip_list", "知识产权清单（专利/软著号）", kind="textarea"),
)


def register_all() -> None:
    """Called from DemonstrationConfig.ready()."""
    _benchmarks()
    _cases()
    _products()
    _centres()
    register_programme_type(
        "provincial_single_champion", name_zh="湖南省制造业单项冠军（产品）", facts_builder=facts.champion_facts,
        eligibility=lambda f, call, as_of: evaluate_provincial_single_champion(f), rule_set="hngxt-single-champion-4th",
        form_fields=(*ENTERPRISE_FIELDS, F("product", "单项冠军产品", required=True),
                     F("national_rank", "市场占有率全国排名", kind="number", required=True, fact="national_rank"),
                     F("provincial_rank", "市场占有率省内排名", kind="number", required=True, fact="provincial_rank"),
                     F("credit", "信用良好", kind="boolean", fact="has_good_credit"),
                     F("own_rd", "具有自主研发、设计和制造能力", kind="boolean", fact="has_own_rd_and_manufacturing"),
                     F("leading", "技术水平国内领先", kind="boolean", fact="is_technology_domestic_leading"),
                     F("brand", "实施品牌战略", kind="boolean", fact="has_brand_strategy")),
        scoring=SCORING, on_publish=effects.recognition_effect("provincial_single_champion", valid_years=3),
    )


def _benchmarks() -> None:
    declared = (F("ip_system", "已建立知识产权管理体系", kind="boolean", fact="has_ip_management_system"),
                F("core_product", "拥有自主核心发明专利产品", kind="boolean", fact="has_core_patent_product"),
                F("product_sales", "核心专利产品年销售收入（万元）", kind="number", fact="patent_product_sales"),
                F("profit_tax", "利税同步增长", kind="boolean", fact="is_profit_and_tax_growing"),
                F("key_industry", "属制造强省重点领域或20个工业新兴优势产业链", kind="boolean", fact="is_in_key_industry"),
                F("leading", "专利/产品行业领先", kind="boolean", fact="is_industry_leading"),
                F("took_part", "参加了当年“破零倍增”行动", kind="boolean", fact="took_part_in_action"))
    platform = (F("grants_in_year", "当年发明专利授权数", kind="number", prefill="facts.invention_grants_in_year"),
                F("valid_patents", "有效发明专利数", kind="number", prefill="facts.valid_invention_patents"),
                F("rd_expense", "研发经费（万元）", kind="number", prefill="facts.rd_expense", fact="rd_expense"),
                F("revenue", "营业收入（万元）", kind="number", prefill="facts.operating_revenue", fact="operating_revenue"),
                F("employees", "从业人员", kind="number", prefill="facts.employees", fact="employees"),
                F("rd_staff", "研发人员", kind="number", prefill="facts.rd_staff", fact="rd_staff"))
    form = (*ENTERPRISE_FIELDS, *platform, *declared, F("summary", "创新成效简介", kind="textarea", required=True))
    register_programme_type(
        "break_zero_benchmark", name_zh="“破零倍增”标杆企业（破零）", facts_builder=facts.benchmark_facts,
        eligibility=lambda f, call, as_of: evaluate_break_zero_benchmark(f), form_fields=form, scoring=SCORING,
        rule_set="break-zero-benchmark-2020", on_publish=effects.recognition_effect("break_zero_benchmark"),
        notes_zh="破零标杆条件已确认（2020年通知）。")
    register_programme_type(
        "doubling_benchmark", name_zh="“破零倍增”标杆企业（倍增）", facts_builder=facts.benchmark_facts,
        eligibility=lambda f, call, as_of: evaluate_doubling_benchmark(f), form_fields=form, scoring=SCORING,
        rule_set="doubling-benchmark-2020", on_publish=effects.recognition_effect("doubling_benchmark"),
        notes_zh="倍增标杆条件仅部分已知：研发投入强度等门槛未获取（待确认），结论保持待定，需人工核对。")


def _cases() -> None:
    register_programme_type(
        "typical_case", name_zh="“破零倍增”典型案例",
        form_fields=(*ENTERPRISE_FIELDS, F("title", "案例标题", required=True),
                     F("technology", "技术或产品", required=True), F("problem", "解决的问题", kind="textarea", required=True),
                     F("results", "成效（每行一项：指标=数值 单位，如 新增产值=3200 万元）", kind="textarea", required=True),
                     F("body", "案例正文", kind="textarea")),
        scoring=SCORING, on_publish=effects.typical_case_effect)


def _products() -> None:
    form = (*ENTERPRISE_FIELDS, *PRODUCT_FIELDS)
    register_programme_type(
        "provincial_new_product", name_zh="省级新产品", facts_builder=facts.product_facts, rule_set="hngxt-2021-448",
        eligibility=lambda f, call, as_of: evaluate_provincial_new_product(f),
        form_fields=(*form, F("acceptance", "已通过项目验收", kind="boolean", fact="passed_acceptance"),
                     F("needs_licence", "须取得生产许可或CCC认证", kind="boolean", fact="needs_licence"),
                     F("holds_licence", "已取得生产许可或CCC认证", kind="boolean", fact="holds_licence")),
        scoring=SCORING, on_publish=effects.recognition_effect("provincial_new_product"))
    register_programme_type(
        "industrial_new_product", name_zh="省级工业新产品确认", facts_builder=facts.product_facts,
        rule_set="hngxt-2023-new-product", eligibility=_industrial_new_product,
        form_fields=(*form, F("breakthrough", "突破六基瓶颈/解决卡脖子/省内首创首次（至少一项）", kind="boolean",
                              fact="has_breakthrough"),
                     F("chain", "在产业配套或强链延链补链中发挥作用", kind="boolean", fact="supports_chain"),
                     F("appraisal", "已通过新产品研发成果鉴定", kind="boolean", fact="passed_appraisal"),
                     F("users", "用户数量", kind="number", fact="user_count", required=True),
                     F("production_start", "投入工业化生产日期", kind="date", fact="production_start", required=True)),
        scoring=SCORING, on_publish=effects.recognition_effect("industrial_new_product"))
    register_programme_type(
        "key_new_products_100", name_zh="湖南省100项重点工业新产品", form_fields=form, scoring=SCORING,
        on_publish=effects.recognition_effect("key_new_products_100", valid_years=1),
        notes_zh="遴选条件未公开（很可能：按年度发布推荐目录），由专家评审决定。")
    register_programme_type(
        "major_product_innovation", name_zh="全省100个重大产品创新项目", facts_builder=facts.product_facts,
        rule_set="hngxt-2023-55-likely", eligibility=lambda f, call, as_of: evaluate_product_innovation_project(f),
        form_fields=(*form, F("total_investment", "项目总投资（万元）", kind="number", fact="total_investment", required=True),
                     F("investment_in_year", "当年完成投资（万元）", kind="number", fact="investment_in_year", required=True),
                     F("completed_on", "研发建设完成并产业化日期", kind="date", fact="completed_on")),
        scoring=SCORING, on_publish=effects.recognition_effect("major_product_innovation", investment_years=3),
        notes_zh="投资门槛取自市州转发的强基项目通知（很可能）；入选后按年填报投资进度。")
    for key, name in (("first_set", "首台（套）重大技术装备"), ("first_batch", "首批次新材料"),
                      ("first_version", "首版次软件"), ("first_tapeout", "首轮次工程流片芯片"),
                      ("first_kit", "首套件基础电子元器件")):
        register_programme_type(
            key, name_zh=name, form_fields=form, scoring=SCORING, on_publish=effects.recognition_effect(key),
            notes_zh="“五首”认定作为产品资质记录，供新产品确认等项目引用；省级认定细则未完全公开。")


def _centres() -> None:
    form = (*ENTERPRISE_FIELDS,
            F("applicant_type", "申报类型", kind="choice", choices=tuple(APPLICANT_TYPES), fact="applicant_type"),
            F("main_revenue", "上年主营业务收入（万元）", kind="number", prefill="facts.main_business_revenue_prev",
              fact="main_business_revenue_prev"),
            F("rd_expense", "上年研发经费（万元）", kind="number", prefill="facts.rd_expense_prev", fact="rd_expense_prev"),
            F("centre_years", "技术中心运行年限", kind="number", fact="centre_years"),
            F("equipment_value", "技术开发仪器设备原值（万元）", kind="number", fact="equipment_value"),
            F("systems", "知识产权、质量标准和品牌体系健全", kind="boolean", fact="has_management_systems"),
            F("legal_person", "独立法人", kind="boolean", fact="is_independent_legal_person"),
            F("patents", "有效发明专利数", kind="number", prefill="facts.valid_invention_patents"))
    register_programme_type(
        "tech_centre", name_zh="湖南省省级企业技术中心（省工信厅）", facts_builder=facts.tech_centre_facts,
        eligibility=lambda f, call, as_of: evaluate_tech_centre(_applicant_type(f)), form_fields=form,
        scoring=SCORING, rule_set="hngxt-2022-275", on_publish=effects.tech_centre_effect,
        notes_zh="275号：营收、研发门槛为 很可能；认定后每半年报送运行情况，每三年复核评价。")
    register_programme_type(
        "tech_centre_re_review", name_zh="省级企业技术中心复核评价（省工信厅）", facts_builder=facts.centre_recognition_facts,
        eligibility=_re_review,
        form_fields=(*ENTERPRISE_FIELDS, F("summary", "三年运行情况总结", kind="textarea", required=True)),
        scoring=SCORING, rule_set="hngxt-2022-275", on_publish=effects.tech_centre_re_review_effect,
        notes_zh="每三年一次复核评价：优秀、合格保留称号；不合格撤销（很可能）。")
    register_programme_type(
        "ndrc_tech_centre", name_zh="湖南省企业技术中心（省发展改革委）", form_fields=ENTERPRISE_FIELDS, scoring=SCORING,
        on_publish=effects.recognition_effect("ndrc_tech_centre", authority="湖南省发展和改革委员会"),
        notes_zh="发改委认定与工信厅“省级企业技术中心”是两套体系，不能互相替代。")


def _industrial_new_product(f: Any, call: Any, as_of: dt.date) -> Any:
    """The production window opens on 1 January of the year before the call (2023 call → 2022-01-01)."""
    return evaluate_industrial_new_product(f, window_start=dt.date(call.year - 1, 1, 1))


def _re_review(f: Any, call: Any, as_of: dt.date) -> Any:
    """Held a 工信 centre recognition, not revoked, valid until the re-review fell due (Y..Y+2)."""
    from breakzero.rules.results import CriterionStatus, Evaluation, Item

    if f is None:
        item = Item("held", "持有省工信厅省级企业技术中心认定", CriterionStatus.UNMET, "平台未记录该企业的省级企业技术中心认定",
                    "湘工信科技〔2022〕275号")
        return Evaluation(passed=False, items=(item,), rule_set="hngxt-2022-275", as_of=as_of)
    return evaluate_centre_recognition(f, on=min(as_of, dt.date(f.recognised_on.year + 2, 12, 31)))


def _applicant_type(f: Any) -> Any:
    from dataclasses import replace

    from breakzero.rules.tech_centres import ApplicantType

    if isinstance(f.applicant_type, str) and not isinstance(f.applicant_type, ApplicantType):
        return replace(f, applicant_type=ApplicantType(APPLICANT_TYPES.get(f.applicant_type, f.applicant_type)))
    return f

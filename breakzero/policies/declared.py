"""The facts an enterprise declares itself: one typed spec drives the form, storage and assembly.

The platform holds yearly data, patents and titles; everything else the rules need
(equity financing, awards, R&D institutions, niche years, …) is declared by the
enterprise, stored as JSON on `DeclaredFacts.data` and shown as self-declared.
Keys equal the rule fact-field names (breakzero/rules/facts.py) unless noted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

BOOL, DECIMAL, INT, CHOICE = "bool", "decimal", "int", "choice"


def gettext_noop(text: str) -> str:
    """Marks labels, groups, choices and units for the translation catalogue (this module imports no
    Django); forms and selectors translate them where they are shown."""
    return text


@dataclass(frozen=True)
class DeclaredField:
    """One declarable fact: key, Chinese label, kind and (for numbers) unit and bounds."""

    key: str
    label: str
    kind: str
    group: str
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    minimum: Decimal | None = Decimal(0)
    maximum: Decimal | None = None
    help: str = ""


_INSTITUTION = (
    ("national", gettext_noop("国家级")), ("provincial", gettext_noop("省部级")), ("city", gettext_noop("市级")),
    ("below_city", gettext_noop("市级以下")), ("none", gettext_noop("无")),
)
_FIELD = (
    ("key_chain", gettext_noop("产业链关键环节补短板/锻长板/填空白")),
    ("foundation", gettext_noop("工业“六基”、中华老字号或为链主配套")),
    ("other", gettext_noop("其他")),
)
_G_BASIC, _G_FIN, _G_MARKET, _G_IP = (
    gettext_noop("基本条件"), gettext_noop("财务与融资"), gettext_noop("市场"), gettext_noop("知识产权"))
_G_MGMT, _G_AWARD, _G_TAX = (gettext_noop("领域与管理"), gettext_noop("奖项与荣誉"), gettext_noop("税收与科技人员"))

FIELDS: tuple[DeclaredField, ...] = (
    DeclaredField("is_independent_legal_person", gettext_noop("在境内注册、具有独立法人资格"), BOOL, _G_BASIC),
    DeclaredField("is_on_abnormal_or_dishonest_list", gettext_noop("列入经营异常名录或严重失信主体名单"), BOOL, _G_BASIC),
    DeclaredField("has_prohibited_products", gettext_noop("产品（服务）属于禁止、限制或淘汰类"), BOOL, _G_BASIC),
    DeclaredField("had_major_incident_3y", gettext_noop("近三年发生重大安全、质量、环境事故或偷漏税"), BOOL, _G_BASIC),
    # Platform-held amounts an enterprise may also declare; used only when the platform lacks them.
    DeclaredField("operating_revenue", gettext_noop("上年度营业收入"), DECIMAL, _G_FIN, gettext_noop("万元")),
    DeclaredField("main_business_revenue", gettext_noop("上年度主营业务收入"), DECIMAL, _G_FIN, gettext_noop("万元")),
    DeclaredField("rd_expense", gettext_noop("上年度研发费用"), DECIMAL, _G_FIN, gettext_noop("万元")),
    DeclaredField("employees", gettext_noop("上年度从业人员"), INT, _G_FIN, gettext_noop("人")),
    DeclaredField("rd_staff", gettext_noop("上年度研发人员"), INT, _G_FIN, gettext_noop("人")),
    DeclaredField("net_profit_prev", gettext_noop("上年度净利润"), DECIMAL, _G_FIN, gettext_noop("万元"), minimum=None),
    DeclaredField("equity_financing_2y", gettext_noop("近2年新增股权融资（实缴）"), DECIMAL, _G_FIN, gettext_noop("万元")),
    DeclaredField("equity_financing_3y", gettext_noop("近3年新增股权融资（实缴）"), DECIMAL, _G_FIN, gettext_noop("万元")),
    DeclaredField("niche_years", gettext_noop("从事特定细分市场年限"), DECIMAL, _G_MARKET, gettext_noop("年"), maximum=Decimal(200)),
    DeclaredField("niche_market_share_pct", gettext_noop("主导产品全国细分市场占有率"), DECIMAL, _G_MARKET, "%",
                  maximum=Decimal(100)),
    DeclaredField("is_top3_in_china", gettext_noop("主导产品全国细分市场排名前三"), BOOL, _G_MARKET),
    DeclaredField("is_top3_in_province", gettext_noop("主导产品全省细分市场排名前三"), BOOL, _G_MARKET),
    DeclaredField("has_own_brand", gettext_noop("拥有自主品牌"), BOOL, _G_MARKET),
    DeclaredField("ip_class1_high_value", gettext_noop("Ⅰ类高价值知识产权"), INT, _G_IP, gettext_noop("项")),
    DeclaredField("ip_class1_self_developed", gettext_noop("自主研发Ⅰ类知识产权"), INT, _G_IP, gettext_noop("项")),
    DeclaredField("ip_class1_other", gettext_noop("平台专利以外的Ⅰ类知识产权（如集成电路布图、植物新品种）"), INT, _G_IP, gettext_noop("项")),
    DeclaredField("ip_class2_other", gettext_noop("平台专利以外的Ⅱ类知识产权（如软件著作权）"), INT, _G_IP, gettext_noop("项")),
    DeclaredField("ip_class1_in_use", gettext_noop("已实施并产生效益的Ⅰ类知识产权"), INT, _G_IP, gettext_noop("项")),
    DeclaredField("is_strategic_emerging_field", gettext_noop("主导产品属于《战略性新兴产业分类》"), BOOL, _G_MGMT),
    DeclaredField("main_product_field", gettext_noop("主导产品所属领域"), CHOICE, _G_MGMT, choices=_FIELD),
    DeclaredField("digital_level", gettext_noop("中小企业数字化水平评测等级"), INT, _G_MGMT, gettext_noop("级"),
                  minimum=Decimal(1), maximum=Decimal(4)),
    DeclaredField("quality_items", gettext_noop("质量管理项目数（质量奖、体系认证、自主品牌、参与标准制定）"), INT, _G_MGMT, gettext_noop("项"),
                  maximum=Decimal(4)),
    DeclaredField("rd_institution_level", gettext_noop("自建研发机构级别"), CHOICE, _G_MGMT, choices=_INSTITUTION),
    DeclaredField("has_rd_institution", gettext_noop("拥有自建或合作研发机构"), BOOL, _G_MGMT),
    DeclaredField("has_information_system", gettext_noop("核心业务采用信息系统支撑"), BOOL, _G_MGMT),
    DeclaredField("has_foreign_certification", gettext_noop("取得发达国家或地区的管理体系或产品认证"), BOOL, _G_MGMT),
    DeclaredField("has_key_chain_role", gettext_noop("在产业链关键环节配套"), BOOL, _G_MGMT),
    DeclaredField("is_main_product_in_key_field", gettext_noop("主导产品属于重点领域"), BOOL, _G_MGMT),
    DeclaredField("is_in_supported_field", gettext_noop("核心技术属于《国家重点支持的高新技术领域》"), BOOL, _G_MGMT),
    DeclaredField("has_sti_award_3y", gettext_noop("近三年获国家级或省级科技奖励"), BOOL, _G_AWARD),
    DeclaredField("has_valid_hnte", gettext_noop("持有有效的高新技术企业证书"), BOOL, _G_AWARD),
    DeclaredField("has_valid_honour", gettext_noop("持有技术创新示范企业、知识产权优势/示范企业等有效荣誉"), BOOL, _G_AWARD),
    DeclaredField("has_award_top_rank_3y", gettext_noop("近三年获省级科技奖前三名或国家级前五名"), BOOL, _G_AWARD),
    DeclaredField("has_national_award_top3_5y", gettext_noop("近五年获国家科技奖且排名前三"), BOOL, _G_AWARD),
    DeclaredField("is_maker_china_top500_3y", gettext_noop("近三年进入“创客中国”全国500强"), BOOL, _G_AWARD),
    DeclaredField("is_maker_china_top50_3y", gettext_noop("近三年进入“创客中国”全国50强"), BOOL, _G_AWARD),
    DeclaredField("led_standard_5y", gettext_noop("近五年主持制定国际、国家或行业标准"), BOOL, _G_AWARD),
    DeclaredField("taxable_income", gettext_noop("上年度应纳税所得额"), DECIMAL, _G_TAX, gettext_noop("万元"), minimum=None),
    DeclaredField("st_staff", gettext_noop("上年度科技人员数"), INT, _G_TAX, gettext_noop("人")),
    DeclaredField("total_cost_and_expense", gettext_noop("上年度成本费用总额"), DECIMAL, _G_TAX, gettext_noop("万元")),
    DeclaredField("rd_expense_domestic_pct", gettext_noop("近三年境内研发费用占比"), DECIMAL, _G_TAX, "%", maximum=Decimal(100)),
    DeclaredField("is_tech_sme", gettext_noop("上年度已取得科技型中小企业入库登记编号"), BOOL, _G_TAX),
    DeclaredField("is_ic_or_machine_tool_listed", gettext_noop("列入集成电路或工业母机企业清单"), BOOL, _G_TAX),
)
BY_KEY: dict[str, DeclaredField] = {f.key: f for f in FIELDS}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(f.group for f in FIELDS))

# Declared keys the platform also holds (EnterpriseYear column of the prior year).
PLATFORM_KEYS: dict[str, str] = {
    "operating_revenue": "operating_revenue",
    "main_business_revenue": "main_business_revenue",
    "rd_expense": "rd_expense",
    "employees": "employees",
    "rd_staff": "rd_staff",
}
DISCREPANCY_PERCENT = Decimal(5)


# Parts that cannot exceed their whole: (part, whole, part label, whole label). Keys are declared
# keys; the whole may come from the platform's yearly data (PLATFORM_KEYS) when not declared.
PART_OF_WHOLE: tuple[tuple[str, str, str, str], ...] = (
    ("rd_staff", "employees", gettext_noop("研发人员"), gettext_noop("从业人员")),
    ("st_staff", "employees", gettext_noop("科技人员"), gettext_noop("从业人员")),
    ("main_business_revenue", "operating_revenue", gettext_noop("主营业务收入"), gettext_noop("营业收入")),
    ("equity_financing_2y", "equity_financing_3y", gettext_noop("近2年股权融资"), gettext_noop("近3年股权融资")),
)
# Ⅰ类 subsets that cannot exceed all Ⅰ类 items (platform invention patents + declared other Ⅰ类).
CLASS1_SUBSETS: tuple[str, ...] = ("ip_class1_high_value", "ip_class1_self_developed", "ip_class1_in_use")
FIRST_YEAR = 2015


def declared_errors(
    typed: dict[str, Any],
    *,
    year: int,
    platform: dict[str, Any],
    founded_on: date | None,
    today: date,
    invention_grants: int | None = None,
) -> dict[str, str]:
    """Why declared values cannot be used: {key or "year": Chinese message}; empty when all is well.

    Checks each value against its bounds (amounts ≥ 0, percentages 0–100%, counts),
    the fiscal year against today and the founding date, and the consistency of
    parts with their wholes, the whole taken from the platform's yearly data of
    the same year when the enterprise did not declare it.
    """
    errors: dict[str, str] = {}
    if not FIRST_YEAR <= year <= today.year:
        errors["year"] = f"所属年度须在 {FIRST_YEAR} 年至 {today.year} 年之间（现为 {year}）"
    elif founded_on is not None and year < founded_on.year:
        errors["year"] = f"所属年度 {year} 早于企业成立年份 {founded_on.year}"
    for key, value in typed.items():
        message = _bound_error(BY_KEY[key], value) if key in BY_KEY else None
        if message:
            errors[key] = message
    for part, whole, part_zh, whole_zh in PART_OF_WHOLE:
        part_value = typed[part] if part in typed else _effective(part, typed, platform)
        for whole_value in (_effective(whole, typed, platform), typed.get(whole)):
            blame = part if part in typed else whole
            if part_value is None or whole_value is None or part_value <= whole_value or blame in errors:
                continue
            errors[blame] = f"{part_zh}（{part_value}）不能大于{whole_zh}（{whole_value}）：请核对数据"
    if invention_grants is not None:
        total = invention_grants + (typed.get("ip_class1_other") or 0)
        for key in CLASS1_SUBSETS:
            if typed.get(key) is not None and typed[key] > total and key not in errors:
                errors[key] = f"「{BY_KEY[key].label}」（{typed[key]} 项）不能多于Ⅰ类知识产权总数（{total} 项）"
    return errors


def _effective(key: str, typed: dict[str, Any], platform: dict[str, Any]) -> Any:
    """The value the rules will use: the platform's yearly figure wins over the declared one."""
    column = PLATFORM_KEYS.get(key)
    if column is not None and platform.get(column) is not None:
        return platform[column]
    return typed.get(key)


def _bound_error(spec: DeclaredField, value: Any) -> str | None:
    if spec.kind not in (DECIMAL, INT) or value is None:
        return None
    unit = spec.unit if spec.unit == "%" else f" {spec.unit}" if spec.unit else ""
    if spec.minimum is not None and value < spec.minimum:
        return f"「{spec.label}」不能小于 {spec.minimum}{unit}（现为 {value}{unit}）"
    maximum = Decimal(100) if spec.unit == "%" and spec.maximum is None else spec.maximum
    if maximum is not None and value > maximum:
        return f"「{spec.label}」不能大于 {maximum}{unit}（现为 {value}{unit}）"
    return None


def parse_value(spec: DeclaredField, raw: Any) -> Any:
    """A stored JSON value back to its Python type (Decimal for amounts); None stays None."""
    if raw is None or raw == "":
        return None
    if spec.kind == BOOL:
        return bool(raw)
    if spec.kind == DECIMAL:
        return Decimal(str(raw))
    if spec.kind == INT:
        return int(raw)
    return str(raw)


def to_json(spec: DeclaredField, value: Any) -> Any:
    """A cleaned form value to JSON (Decimals as strings so no float rounding creeps in)."""
    if value is None or value == "":
        return None
    if spec.kind == DECIMAL:
        return format(Decimal(value).normalize(), "f") if Decimal(value) != 0 else "0"
    return value


def values(data: dict[str, Any]) -> dict[str, Any]:
    """Typed values of a stored `data` dict; unknown keys and bad values are dropped."""
    result: dict[str, Any] = {}
    for key, raw in (data or {}).items():
        spec = BY_KEY.get(key)
        if spec is None:
            continue
        try:
            result[key] = parse_value(spec, raw)
        except (InvalidOperation, ValueError, TypeError):
            continue
    return {k: v for k, v in result.items() if v is not None}


def discrepancy(declared: Decimal | int | None, platform: Decimal | int | None) -> Decimal | None:
    """Percent by which a declared amount differs from the platform's; None when not comparable."""
    if declared is None or platform is None:
        return None
    if platform == 0:
        return None if declared == 0 else Decimal(100)
    return abs(Decimal(declared) - Decimal(platform)) * 100 / abs(Decimal(platform))

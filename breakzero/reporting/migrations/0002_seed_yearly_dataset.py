"""The yearly innovation data set (年度创新数据): the register's yearly fields plus total cost,
and the default hard and soft rules the province can then edit on the rules page."""

from decimal import Decimal

from django.db import migrations

FIELDS = [
    ("employees", "从业人员", "number", "人", "employees"),
    ("operating_revenue", "营业收入", "amount", "万元", "operating_revenue"),
    ("main_business_revenue", "主营业务收入", "amount", "万元", "main_business_revenue"),
    ("total_assets", "资产总额", "amount", "万元", "total_assets"),
    ("total_liabilities", "负债总额", "amount", "万元", "total_liabilities"),
    ("total_cost", "成本费用总额", "amount", "万元", ""),
    ("rd_expense", "研发费用", "amount", "万元", "rd_expense"),
    ("rd_staff", "研发人员", "number", "人", "rd_staff"),
    ("new_product_revenue", "新产品销售收入", "amount", "万元", "new_product_revenue"),
    ("new_product_profit", "新产品利润", "amount", "万元", "new_product_profit"),
    ("high_tech_revenue", "高新技术产品收入", "amount", "万元", "high_tech_revenue"),
]
RULES = [
    ("revenue_required", "hard", "operating_revenue", "", "required", "", None, None, "营业收入必填"),
    ("employees_required", "hard", "employees", "", "required", "", None, None, "从业人员必填"),
    ("rd_expense_required", "hard", "rd_expense", "", "required", "", None, None, "研发费用必填（没有请填 0）"),
    ("rd_le_cost", "hard", "rd_expense", "", "le", "total_cost", None, None, "研发费用不能超过成本费用总额"),
    ("new_le_revenue", "hard", "new_product_revenue", "", "le", "operating_revenue", None, None,
     "新产品销售收入不能超过营业收入"),
    ("main_le_revenue", "hard", "main_business_revenue", "", "le", "operating_revenue", None, None,
     "主营业务收入不能超过营业收入"),
    ("rd_staff_ratio", "hard", "rd_staff", "employees", "between", "", Decimal(0), Decimal(100),
     "研发人员占从业人员比例应在 0–100% 之间"),
    ("rd_intensity_30", "soft", "rd_expense", "operating_revenue", "le", "", Decimal(30), None,
     "研发投入强度（研发费用/营业收入）超过 30%，请说明原因"),
    ("revenue_jump", "soft", "operating_revenue", "", "change_within", "", Decimal(3), None,
     "营业收入较上期增减超过 3 倍，请说明原因"),
    ("rd_jump", "soft", "rd_expense", "", "change_within", "", Decimal(3), None, "研发费用较上期增减超过 3 倍，请说明原因"),
    ("revenue_band", "soft", "operating_revenue", "", "percentile_within", "", None, None,
     "营业收入超出本市同行业 1%–99% 分位区间，请核实"),
    ("rd_band", "soft", "rd_expense", "", "percentile_within", "", None, None, "研发费用超出本市同行业 1%–99% 分位区间，请核实"),
]


def load(apps, schema_editor):
    DataSet = apps.get_model("reporting", "DataSet")
    DataField = apps.get_model("reporting", "DataField")
    ValidationRule = apps.get_model("reporting", "ValidationRule")
    dataset, created = DataSet.objects.get_or_create(
        code="annual-innovation", defaults={"name": "年度创新数据", "period_type": "year", "reporters": "participants"}
    )
    if not created:
        return
    for order, (code, label, kind, unit, year_field) in enumerate(FIELDS):
        DataField.objects.create(dataset=dataset, code=code, label=label, kind=kind, unit=unit, year_field=year_field,
                                 order=order)
    for code, kind, field, per, op, other, c1, c2, message in RULES:
        ValidationRule.objects.create(dataset=dataset, code=code, kind=kind, field=field, per_field=per, operator=op,
                                      other_field=other, constant=c1, constant2=c2, message_zh=message)


def unload(apps, schema_editor):
    apps.get_model("reporting", "DataSet").objects.filter(code="annual-innovation", windows__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

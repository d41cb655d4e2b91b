"""Factories for reporting tests: the yearly data set with its rules, a window."""

import datetime as dt
from decimal import Decimal

import factory

from breakzero.reporting.models import DataField, DataSet, ReportingWindow, ValidationRule

YEARLY_FIELDS = [
    ("operating_revenue", "营业收入", "amount", "万元", "operating_revenue"),
    ("rd_expense", "研发费用", "amount", "万元", "rd_expense"),
    ("new_product_revenue", "新产品销售收入", "amount", "万元", "new_product_revenue"),
    ("employees", "从业人员", "number", "人", "employees"),
    ("rd_staff", "研发人员", "number", "人", "rd_staff"),
    ("total_cost", "成本费用总额", "amount", "万元", ""),
    ("has_rd_institution", "是否设有研发机构", "choice", "", ""),
]
RULES = [
    dict(code="revenue_required", kind="hard", field="operating_revenue", operator="required", message_zh="营业收入必填"),
    dict(code="rd_le_cost", kind="hard", field="rd_expense", operator="le", other_field="total_cost",
         message_zh="研发费用不能超过成本费用总额"),
    dict(code="new_le_revenue", kind="hard", field="new_product_revenue", operator="le", other_field="operating_revenue",
         message_zh="新产品销售收入不能超过营业收入"),
    dict(code="staff_ratio", kind="hard", field="rd_staff", per_field="employees", operator="between",
         constant=Decimal(0), constant2=Decimal(100), message_zh="研发人员占比应在 0–100% 之间"),
    dict(code="intensity", kind="soft", field="rd_expense", per_field="operating_revenue", operator="le",
         constant=Decimal(30), message_zh="研发投入强度超过 30%，请说明原因"),
    dict(code="revenue_jump", kind="soft", field="operating_revenue", operator="change_within", constant=Decimal(3),
         message_zh="营业收入较上期变动超过 3 倍，请说明原因"),
]


class DataSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSet
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"yearly-{n}")
    name = "年度创新数据"

    @factory.post_generation
    def with_fields(obj, create, extracted, **kwargs):
        if extracted is False:
            return
        for order, (code, label, kind, unit, year_field) in enumerate(YEARLY_FIELDS):
            DataField.objects.create(dataset=obj, code=code, label=label, kind=kind, unit=unit, year_field=year_field,
                                     order=order, choices="是\n否" if kind == "choice" else "")
        for rule in RULES:
            ValidationRule.objects.create(dataset=obj, **rule)


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingWindow

    dataset = factory.SubFactory(DataSetFactory)
    period = "2025"
    year = 2025
    opens_on = dt.date(2026, 3, 1)
    due_on = dt.date(2026, 4, 30)
    closes_on = dt.date(2026, 5, 31)

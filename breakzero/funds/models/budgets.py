"""Funds, periods, budgets with their documents and categories, and factor-method allocations
(programme-rules-2.md §6.1); the money conventions and the append-only base every ledger uses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel

MONEY = {"max_digits": 16, "decimal_places": 2}
ZERO = Decimal("0.00")

# Per-fund settings whose rule is not known (programme-rules-2.md §6.1 "GAP"); shown as UNCONFIRMED.
UNCONFIRMED_SETTINGS = {
    "method_split": ("因素法/项目法切分", "未知（待确认）：按各年度预算文件录入"),
    "publicity_working_days": ("公示工作日数", 5),
    "payment_deadline_working_days": ("拨付时限（工作日）", 15),
    "ban_years": ("追回后禁止申报年限", 3),
    "clawback_wording": ("追回决定用语", "经核查，该项目存在违规情形，依规追回已拨付资金，并在规定期限内不得申报本专项资金。"),
}


class AppendOnlyError(RuntimeError):
    """A payment (or recovery) once recorded is never changed or deleted: correct it by a reversing entry."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("拨付记录一经登记不得修改，请登记冲正记录。")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("拨付记录一经登记不得删除，请登记冲正记录。")


class Fund(BaseModel):
    """A special fund (e.g. 湖南省中小企业发展专项资金) with its per-fund settings."""

    name = models.CharField(_("资金名称"), max_length=100, unique=True)
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    managing_department = models.CharField(_("主管部门"), max_length=100, default="省财政厅、省工信厅")
    is_department_fund = models.BooleanField(_("省工信厅管理的专项资金"), default=True,
                                             help_text=_("用于“连续两年获省工信厅专项资金支持”排除条款"))
    options = models.JSONField(_("资金设置（含未确认规则）"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("专项资金")
        verbose_name_plural = _("专项资金")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funds:fund-detail", args=[self.pk])

    def setting(self, key: str) -> Any:
        return self.options.get(key, UNCONFIRMED_SETTINGS[key][1])


class FundPeriod(BaseModel):
    """The managing measures in force for a span of years (e.g. 湘财企〔2020〕14号, 2020–2023)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="periods")
    document_number = models.CharField(_("管理办法文号"), max_length=100)
    title = models.CharField(_("管理办法名称"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("起始年度"))
    last_year = models.PositiveSmallIntegerField(_("终止年度"), null=True, blank=True)

    class Meta:
        ordering = ["fund", "first_year"]
        verbose_name = _("资金管理办法")
        verbose_name_plural = _("资金管理办法")
        constraints = [models.UniqueConstraint(fields=["fund", "first_year"], name="fund_period_unique")]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"


class Budget(BaseModel):
    """A fund's budget for one year: total = kept at province level + allocated down to regions."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("年度"))
    total = models.DecimalField(_("预算总额（元）"), **MONEY)
    province_kept = models.DecimalField(_("省级留用（元）"), **MONEY)
    allocated_down = models.DecimalField(_("切块下达（元）"), **MONEY)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["fund", "-year"]
        verbose_name = _("年度预算")
        verbose_name_plural = _("年度预算")
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="budget_unique"),
            models.CheckConstraint(condition=Q(total=models.F("province_kept") + models.F("allocated_down")),
                                   name="budget_parts_sum"),
            models.CheckConstraint(condition=Q(province_kept__gte=0, allocated_down__gte=0), name="budget_parts_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("funds:budget-detail", args=[self.pk])


class BudgetDocument(BaseModel):
    """A budget document issuing money of the year (湘财企指〔…〕…号)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="documents")
    document_number = models.CharField(_("预算文号"), max_length=100)
    issued_on = models.DateField(_("下达日期"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("预算文件")
        verbose_name_plural = _("预算文件")
        constraints = [models.UniqueConstraint(fields=["budget", "document_number"], name="budget_document_unique")]

    def __str__(self) -> str:
        return self.document_number


class Category(BaseModel):
    """A category of the year's budget (转型升级类, 服务体系类, 奖励类 …) with its own amount."""

    class Kind(models.TextChoices):  # values = breakzero.rules.funds.FundCategory
        TRANSFORMATION = "transformation", _("转型升级类")
        SERVICE_SYSTEM = "service_system", _("服务体系类")
        AWARD = "award", _("奖励类")
        OTHER = "other", _("其他")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="categories")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    amount = models.DecimalField(_("类别预算（元）"), **MONEY)

    class Meta:
        ordering = ["budget", "pk"]
        verbose_name = _("资金类别")
        verbose_name_plural = _("资金类别")
        constraints = [models.UniqueConstraint(fields=["budget", "name"], name="category_unique")]

    def __str__(self) -> str:
        return self.name


class RegionScore(BaseModel):
    """Last year's performance-evaluation score of a region (the 因素法 factor "上年绩效评价")."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="region_scores")
    year = models.PositiveSmallIntegerField(_("评价年度"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("绩效评价得分"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("地区绩效评价")
        verbose_name_plural = _("地区绩效评价")
        constraints = [models.UniqueConstraint(fields=["fund", "year", "region"], name="region_score_unique")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.score}"


class Allocation(BaseModel):
    """One version of the factor-method allocation of an amount to the cities (or, when a city passes
    it on, to its counties). Approved versions are immutable; a change is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("模拟")
        APPROVED = "approved", _("已批准")
        SUPERSEDED = "superseded", _("已被新版本替代")

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="allocations")
    parent_region = models.ForeignKey("regions.Region", verbose_name=_("分配地区"), on_delete=models.PROTECT,
                                      related_name="+", help_text=_("省 → 市州；市州 → 区县"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    amount = models.DecimalField(_("分配总额（元）"), **MONEY)
    weights = models.JSONField(_("因素及权重"), default=dict)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("调整理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    class Meta:
        ordering = ["budget", "parent_region", "-version"]
        verbose_name = _("因素法分配")
        verbose_name_plural = _("因素法分配")
        constraints = [
            models.UniqueConstraint(fields=["budget", "parent_region", "version"], name="allocation_version_unique"),
            models.UniqueConstraint(fields=["budget", "parent_region"], condition=Q(status="approved"),
                                    name="allocation_one_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.budget} {self.parent_region_id} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("funds:allocation-detail", args=[self.pk])


class AllocationLine(models.Model):
    """A region's factor values and amount in one allocation version, beside last year's amount."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="lines")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    factors = models.JSONField(_("因素值"), default=dict)
    amount = models.DecimalField(_("分配金额（元）"), **MONEY)
    last_year_amount = models.DecimalField(_("上年分配（元）"), null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["allocation", "region"]
        verbose_name = _("分配明细")
        verbose_name_plural = _("分配明细")
        constraints = [models.UniqueConstraint(fields=["allocation", "region"], name="allocation_line_unique")]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.amount}"

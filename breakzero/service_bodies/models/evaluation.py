"""Performance evaluation: schemes, indicators, expert adjustments, conflicts, results, post-subsidy."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from breakzero.core.models import BaseModel


class EvaluationScheme(BaseModel):
    """A year's scoring scheme; indicator weights need not sum to 100 (scores are normalised)."""

    name = models.CharField("方案名称", max_length=200)
    year = models.PositiveSmallIntegerField("考核年度", db_index=True)
    body_kinds = models.JSONField("适用机构类型", default=list, blank=True, help_text="为空表示全部类型")

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = "绩效评价方案"
        verbose_name_plural = "绩效评价方案"

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("service_bodies:evaluation-detail", args=[self.pk])


class EvaluationIndicator(BaseModel):
    class Source(models.TextChoices):
        EVENTS_HELD = "events_held", "举办活动场次"
        MONTHS_COMPLIANT = "months_compliant", "活动达标月数"
        ENTERPRISES_SERVED = "enterprises_served", "服务企业数"
        CLIENT_BREAK_ZERO = "client_break_zero", "服务企业破零数"
        CLIENT_DOUBLING = "client_doubling", "服务企业倍增数"
        AVG_RATING = "avg_rating", "企业平均评分"
        MANUAL = "manual", "专家评分"

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("指标代码", max_length=30)
    name = models.CharField("指标名称", max_length=100)
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2)
    computed_from = models.CharField("数据来源", max_length=24, choices=Source.choices, default=Source.MANUAL)
    full_marks_at = models.DecimalField(
        "满分值", max_digits=10, decimal_places=2, null=True, blank=True,
        help_text="达到此值得满分；为空时以参评机构中的最高值为满分",
    )
    evidence_required = models.CharField("佐证材料要求", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["scheme", "sort_order", "code"]
        verbose_name = "评价指标"
        verbose_name_plural = "评价指标"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="evaluation_indicator_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="evaluation_weight_non_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class ConflictDeclaration(BaseModel):
    """An expert's declared tie to a body: the expert may not score it."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField("关联说明", max_length=300)

    class Meta:
        verbose_name = "利益冲突声明"
        verbose_name_plural = "利益冲突声明"
        constraints = [models.UniqueConstraint(fields=["expert", "body"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.expert} ↔ {self.body}"


class ExpertAdjustment(BaseModel):
    """An expert's adjusted score (0-100) for one body and indicator, with the reason."""

    indicator = models.ForeignKey(EvaluationIndicator, on_delete=models.CASCADE, related_name="adjustments")
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="adjustments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adjustments")
    score = models.DecimalField("调整后得分", max_digits=5, decimal_places=2)
    reason = models.CharField("理由", max_length=500)

    class Meta:
        verbose_name = "专家调整"
        verbose_name_plural = "专家调整"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "body", "expert"], name="adjustment_unique"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="adjustment_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.body}: {self.score}"


class EvaluationResult(BaseModel):
    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="results")
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="evaluation_results")
    score = models.DecimalField("总分", max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField("排名")
    details = models.JSONField("指标明细", default=dict)

    class Meta:
        ordering = ["scheme", "rank"]
        verbose_name = "评价结果"
        verbose_name_plural = "评价结果"
        constraints = [models.UniqueConstraint(fields=["scheme", "body"], name="evaluation_result_unique")]

    def __str__(self) -> str:
        return f"{self.body}: {self.score}"


class SubsidyPlan(BaseModel):
    """A post-subsidy split of a budget by score; frozen once a province official approves it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草案"
        APPROVED = "approved", "已批准"

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="subsidy_plans")
    budget = models.DecimalField("预算（万元）", max_digits=12, decimal_places=2)
    threshold = models.DecimalField("最低得分", max_digits=5, decimal_places=2)
    cap = models.DecimalField("单个机构上限（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "后补助方案"
        verbose_name_plural = "后补助方案"

    def __str__(self) -> str:
        return f"{self.scheme} {self.budget}"

    def get_absolute_url(self) -> str:
        return reverse("service_bodies:subsidy-detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class SubsidyAllocation(BaseModel):
    plan = models.ForeignKey(SubsidyPlan, on_delete=models.CASCADE, related_name="allocations")
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.PROTECT, related_name="subsidies")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    amount = models.DecimalField("补助金额（万元）", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["plan", "-amount"]
        verbose_name = "补助分配"
        verbose_name_plural = "补助分配"
        constraints = [models.UniqueConstraint(fields=["plan", "body"], name="subsidy_allocation_unique")]

    def __str__(self) -> str:
        return f"{self.body}: {self.amount}"

"""Performance evaluation: schemes, indicators, expert adjustments, conflicts, results, post-subsidy."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class EvaluationScheme(BaseModel):
    """A year's scoring scheme; the scoring normalises by the weights, and the edit page requires them to add up to 100."""

    name = models.CharField(_("方案名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("考核年度"), db_index=True)
    body_kinds = models.JSONField(_("适用机构类型"), default=list, blank=True, help_text=_("为空表示全部类型"))

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("绩效评价方案")
        verbose_name_plural = _("绩效评价方案")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("service_bodies:evaluation-detail", args=[self.pk])


class EvaluationIndicator(BaseModel):
    class Source(models.TextChoices):
        EVENTS_HELD = "events_held", _("举办活动场次")
        MONTHS_COMPLIANT = "months_compliant", _("活动达标月数")
        ENTERPRISES_SERVED = "enterprises_served", _("服务企业数")
        CLIENT_BREAK_ZERO = "client_break_zero", _("服务企业破零数")
        CLIENT_DOUBLING = "client_doubling", _("服务企业倍增数")
        AVG_RATING = "avg_rating", _("企业平均评分")
        MANUAL = "manual", _("专家评分")

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("指标代码"), max_length=30)
    name = models.CharField(_("指标名称"), max_length=100)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    computed_from = models.CharField(_("数据来源"), max_length=24, choices=Source.choices, default=Source.MANUAL)
    full_marks_at = models.DecimalField(
        _("满分值"), max_digits=10, decimal_places=2, null=True, blank=True,
        help_text=_("达到此值得满分；为空时以参评机构中的最高值为满分"),
    )
    evidence_required = models.CharField(_("佐证材料要求"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["scheme", "sort_order", "code"]
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="evaluation_indicator_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="evaluation_weight_non_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationSchemeRevision(models.Model):
    """One version of a scheme's indicators, weights and scoring rules (the province edits them on a page);
    the newest is the one in force, the older ones are its history."""

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本"))
    indicators = models.JSONField(_("指标、权重与评分规则"), default=list)
    reason = models.CharField(_("修改说明"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("修改时间"))

    class Meta:
        ordering = ["scheme", "-number"]
        verbose_name = _("评价方案版本")
        verbose_name_plural = _("评价方案版本")
        constraints = [models.UniqueConstraint(fields=["scheme", "number"], name="evaluation_revision_unique")]

    def __str__(self) -> str:
        return f"{self.scheme} v{self.number}"


class ConflictDeclaration(BaseModel):
    """An expert's declared tie to a body: the expert may not score it."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("关联说明"), max_length=300)

    class Meta:
        verbose_name = _("利益冲突声明")
        verbose_name_plural = _("利益冲突声明")
        constraints = [models.UniqueConstraint(fields=["expert", "body"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.expert} ↔ {self.body}"


class ExpertAdjustment(BaseModel):
    """An expert's adjusted score (0-100) for one body and indicator, with the reason."""

    indicator = models.ForeignKey(EvaluationIndicator, on_delete=models.CASCADE, related_name="adjustments")
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="adjustments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adjustments")
    score = models.DecimalField(_("调整后得分"), max_digits=5, decimal_places=2)
    reason = models.CharField(_("理由"), max_length=500)

    class Meta:
        verbose_name = _("专家调整")
        verbose_name_plural = _("专家调整")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "body", "expert"], name="adjustment_unique"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="adjustment_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.body}: {self.score}"


class EvaluationResult(BaseModel):
    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="results")
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="evaluation_results")
    score = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("排名"))
    details = models.JSONField(_("指标明细"), default=dict)

    class Meta:
        ordering = ["scheme", "rank"]
        verbose_name = _("评价结果")
        verbose_name_plural = _("评价结果")
        constraints = [models.UniqueConstraint(fields=["scheme", "body"], name="evaluation_result_unique")]

    def __str__(self) -> str:
        return f"{self.body}: {self.score}"


class SubsidyPlan(BaseModel):
    """A post-subsidy split of a budget by score; frozen once a province official approves it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草案")
        APPROVED = "approved", _("已批准")

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="subsidy_plans")
    budget = models.DecimalField(_("预算（万元）"), max_digits=12, decimal_places=2)
    threshold = models.DecimalField(_("最低得分"), max_digits=5, decimal_places=2)
    cap = models.DecimalField(_("单个机构上限（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("后补助方案")
        verbose_name_plural = _("后补助方案")

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
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    amount = models.DecimalField(_("补助金额（万元）"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["plan", "-amount"]
        verbose_name = _("补助分配")
        verbose_name_plural = _("补助分配")
        constraints = [models.UniqueConstraint(fields=["plan", "body"], name="subsidy_allocation_unique")]

    def __str__(self) -> str:
        return f"{self.body}: {self.amount}"

"""Eligibility runs and results, the expert pool, panels and score assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.calls.models.workflow import Application, Call
from breakzero.core.models import BaseModel


class EligibilityRun(BaseModel):
    """A background evaluation of every enterprise against a call's rules, with progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("计算中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="eligibility_runs")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    as_of = models.DateField(_("评估日期"))
    total = models.PositiveIntegerField(_("企业数"), default=0)
    processed = models.PositiveIntegerField(_("已评估"), default=0)
    eligible = models.PositiveIntegerField(_("符合条件"), default=0)
    message = models.TextField(_("说明"), blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("条件筛查")
        verbose_name_plural = _("条件筛查")

    def __str__(self) -> str:
        return f"{self.call_id} {self.get_status_display()}"

    @property
    def progress_percent(self) -> int:
        return min(100, int(self.processed * 100 / self.total)) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class EligibilityResult(models.Model):
    """One enterprise's result for one call (written set-based by the eligibility run)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    county = models.ForeignKey("regions.Region", null=True, on_delete=models.DO_NOTHING, related_name="+",
                               db_constraint=False)
    city = models.ForeignKey("regions.Region", null=True, on_delete=models.DO_NOTHING, related_name="+",
                             db_constraint=False)
    passed = models.BooleanField(_("符合条件"), null=True, blank=True)
    unmet_count = models.PositiveSmallIntegerField(_("未满足条件数"), default=0)
    unknown_count = models.PositiveSmallIntegerField(_("待核实条件数"), default=0)
    first_gap = models.CharField(_("主要差距"), max_length=300, blank=True)
    items = models.JSONField(_("逐条结果"), default=list)
    rule_set = models.CharField(_("规则版本"), max_length=60, blank=True)
    as_of = models.DateField(_("评估日期"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("条件筛查结果")
        verbose_name_plural = _("条件筛查结果")
        constraints = [models.UniqueConstraint(fields=["call", "enterprise"], name="eligibility_result_unique")]
        indexes = [models.Index(fields=["call", "city", "passed"]), models.Index(fields=["call", "county", "passed"]),
                   models.Index(fields=["call", "passed"])]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.enterprise_id} {self.passed}"


class Expert(BaseModel):
    """An expert of the pool: a user with the expert role, fields, employer and region."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile")
    name = models.CharField(_("姓名"), max_length=50)
    fields = models.JSONField(_("专业领域"), default=list)
    employer = models.CharField(_("工作单位"), max_length=200)
    employer_enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("所在企业"), null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("所在地区"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    declared_conflicts = models.ManyToManyField("enterprises.Enterprise", verbose_name=_("申明回避企业"), blank=True,
                                                related_name="+")
    is_active = models.BooleanField(_("在库"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    """An expert drawn for a call's panel; `submitted_at` is set once the one score sheet is in."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="panel")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="panels")
    field = models.CharField(_("评审领域"), max_length=60, blank=True)
    submitted_at = models.DateTimeField(_("评分提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评审组成员")
        verbose_name_plural = _("评审组成员")
        constraints = [models.UniqueConstraint(fields=["call", "expert"], name="panel_member_unique")]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.expert_id}"


class Assignment(models.Model):
    """One application given to one expert; the expert's scores per criterion once submitted."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    scores = models.JSONField(_("分项得分"), default=dict, blank=True)
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("评审意见"), blank=True)
    is_outlier = models.BooleanField(_("离群评分"), default=False)

    class Meta:
        ordering = ["application_id"]
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        constraints = [models.UniqueConstraint(fields=["member", "application"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.member_id}→{self.application_id}"

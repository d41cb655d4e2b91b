"""Base model every BreakZero model inherits: creation and update times."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ImportJob(BaseModel):
    """One uploaded file for a bulk import: its validation preview, then its application."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待校验")
        VALIDATING = "validating", _("校验中")
        PREVIEW = "preview", _("待确认")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("导入类型"), max_length=40, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    skip_invalid = models.BooleanField(_("跳过错误行"), default=False)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变化"), default=0)
    rejected_count = models.PositiveIntegerField(_("错误行"), default=0)
    rejected_rows = models.JSONField(_("错误行明细"), default=list, blank=True)
    summary = models.JSONField(_("摘要"), default=dict, blank=True)
    message = models.TextField(_("说明"), blank=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)  # retries after a worker stopped
    # What the worker is doing now (core.import_progress: the statement its session runs), and since when.
    step = models.CharField(_("当前步骤"), max_length=200, blank=True)
    step_started_at = models.DateTimeField(_("步骤开始时间"), null=True, blank=True)
    # The recomputations after a web import (core.import_followups): {"state", "steps": [...], "message"}.
    followups = models.JSONField(_("后续计算"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:import-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def step_seconds(self) -> int:
        """How long the current step has run (the job page shows it next to the step)."""
        if self.step_started_at is None:
            return 0
        from django.utils import timezone

        return max(0, int((timezone.now() - self.step_started_at).total_seconds()))

    @property
    def followups_running(self) -> bool:
        return self.followups.get("state") in {"pending", "running"}

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, int(self.processed_rows * 100 / self.total_rows))


class ScheduledRun(models.Model):
    """One run of a periodic task (core.schedule): unique per entry and slot, so a slot is
    enqueued once whatever the number of schedulers, and restarts do not repeat it."""

    name = models.CharField(_("任务"), max_length=80)
    slot = models.CharField(_("时段"), max_length=40)
    enqueued_at = models.DateTimeField(_("入队时间"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="core_scheduledrun_once")]
        verbose_name = _("定时任务记录")
        verbose_name_plural = _("定时任务记录")

    def __str__(self) -> str:
        return f"{self.name} {self.slot}"


class ProgrammePeriod(BaseModel):
    """The programme's period as data (湘工信中小发展〔2020〕151号: 2020–2022, baseline 2019).
    One row; the system administrator edits it in the admin. Pages and commands default to
    the year `core.period.default_year()` derives from it."""

    name = models.CharField(_("名称"), max_length=100, default="破零倍增三年行动计划")
    baseline_year = models.PositiveSmallIntegerField(_("基期年度"), default=2019)
    start_year = models.PositiveSmallIntegerField(_("起始年度"), default=2020)
    end_year = models.PositiveSmallIntegerField(_("终止年度"), default=2022)

    class Meta:
        verbose_name = _("规划期")
        verbose_name_plural = _("规划期")
        constraints = [
            models.CheckConstraint(condition=models.Q(start_year__lte=models.F("end_year")), name="period_start_before_end"),
            models.CheckConstraint(condition=models.Q(baseline_year__lt=models.F("start_year")), name="period_baseline_before_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.start_year}–{self.end_year}，基期 {self.baseline_year}）"

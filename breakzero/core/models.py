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

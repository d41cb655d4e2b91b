"""Implementation plans with review history, bulletins, supervision tasks and in-app notifications."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class PlanPeriod(models.TextChoices):
    Y2020 = "2020", _("2020年度")
    Y2021 = "2021", _("2021年度")
    Y2022 = "2022", _("2022年度")
    WHOLE = "2020-2022", _("2020—2022年（全周期）")


class ImplementationPlan(BaseModel):
    """One uploaded version of a region's implementation plan; a re-upload adds a version."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")

    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("方案期间"), max_length=9, choices=PlanPeriod.choices)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    file = models.FileField(_("方案文件"), upload_to="plans/%Y/", max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    file_kind = models.CharField(_("文件类型"), max_length=8)  # pdf | docx
    file_size = models.PositiveIntegerField(_("文件大小"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["region", "period", "-version"]
        verbose_name = _("实施方案")
        verbose_name_plural = _("实施方案")
        constraints = [
            models.UniqueConstraint(fields=["region", "period", "version"], name="plan_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:plan-detail", args=[self.pk])


class PlanReview(models.Model):
    """History of a plan: every submission, approval and return with its comment."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("提交")
        APPROVED = "approved", _("审核通过")
        RETURNED = "returned", _("退回修改")

    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    acted_at = models.DateTimeField(_("时间"), db_index=True)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        ordering = ["acted_at", "pk"]
        verbose_name = _("方案审核记录")
        verbose_name_plural = _("方案审核记录")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.action}"


class Bulletin(BaseModel):
    """A generated 调度通报 for a month, quarter or year; files kept for download."""

    class PeriodType(models.TextChoices):
        MONTH = "month", _("月度")
        QUARTER = "quarter", _("季度")
        YEAR = "year", _("年度")

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已生成")
        FAILED = "failed", _("失败")

    period_type = models.CharField(_("通报周期"), max_length=8, choices=PeriodType.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.PositiveSmallIntegerField(_("月/季"), default=0)  # 0 for a yearly bulletin
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(_("说明"), blank=True)
    xlsx = models.FileField(_("Excel 文件"), upload_to="bulletins/%Y/", max_length=300, blank=True)
    pdf = models.FileField(_("PDF 文件"), upload_to="bulletins/%Y/", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    summary = models.JSONField(_("摘要"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("调度通报")
        verbose_name_plural = _("调度通报")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}-{self.period_type}-{self.period}"

    def get_absolute_url(self) -> str:
        return reverse("reports:bulletin-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class SupervisionTask(BaseModel):
    """A 督办 follow-up task from an official to a region strictly inside their own."""

    class Status(models.TextChoices):
        OPEN = "open", _("待办理")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已办结")

    region = models.ForeignKey("regions.Region", verbose_name=_("督办地区"), on_delete=models.PROTECT, related_name="+")
    creator_region = models.ForeignKey(
        "regions.Region", verbose_name=_("发起地区"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    indicator = models.CharField(_("相关指标"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("督办内容"))
    due_date = models.DateField(_("办理期限"), db_index=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:task-detail", args=[self.pk])


class TaskEntry(models.Model):
    """The task's conversation: answers of the region, closing and reopening by the creator."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("答复")
        CLOSE = "close", _("办结")
        REOPEN = "reopen", _("重新打开")

    task = models.ForeignKey(SupervisionTask, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("内容"), blank=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"


class TaskAttachment(models.Model):
    """A file attached to an answer (pdf, docx, xlsx or image; size-checked by content)."""

    entry = models.ForeignKey(TaskEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="supervision/%Y/", max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    file_kind = models.CharField(_("文件类型"), max_length=8)
    file_size = models.PositiveIntegerField(_("文件大小"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("督办附件")
        verbose_name_plural = _("督办附件")

    def __str__(self) -> str:
        return self.original_name

"""In-app notices (站内信), each user's e-mail choice per kind, and the log that keeps reminders single."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    APPLICATION_AT_LEVEL = "application_at_level", _("申报到达本级待审核")
    APPLICATION_DECIDED = "application_decided", _("申报结果")
    REVIEW_ASSIGNED = "review_assigned", _("评审任务分配")
    TASK_ISSUED = "task_issued", _("督办事项下达")
    TASK_DUE_SOON = "task_due_soon", _("督办事项 3 日内到期")
    TASK_OVERDUE = "task_overdue", _("督办事项逾期")
    TASK_UPDATED = "task_updated", _("督办事项答复与办结")
    IMPORT_FINISHED = "import_finished", _("导入完成")
    IMPORT_FAILED = "import_failed", _("导入失败")
    WINDOW = "window", _("填报窗口开启与关闭")
    MONTH_MISSED = "month_missed", _("服务机构当月未举办活动")
    PLAN = "plan", _("实施方案审核")
    BULLETIN = "bulletin", _("通报生成")
    OTHER = "other", _("其他通知")


class Notice(models.Model):
    """One notice for one user; read when opened or marked read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("类型"), max_length=32, choices=NoticeKind.choices, default=NoticeKind.OTHER)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("站内信")
        verbose_name_plural = _("站内信")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NoticePreference(models.Model):
    """A user's choice for one kind: in-app notices always, e-mail only when chosen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences")
    kind = models.CharField(_("类型"), max_length=32, choices=NoticeKind.choices)
    by_email = models.BooleanField(_("同时发送邮件"), default=False)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.by_email}"


class ReminderLog(models.Model):
    """A scheduled reminder already sent (key such as `task_due_soon:12:2021-05-01`): running
    `send_reminders` twice sends nothing twice."""

    key = models.CharField(_("提醒键"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")

    def __str__(self) -> str:
        return self.key

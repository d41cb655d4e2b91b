"""The working-day calendar, 公示 objections, recognitions and their obligations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.calls.models.workflow import Application, Call, Programme
from breakzero.core.models import BaseModel


class CalendarDay(models.Model):
    """An exception to Mon–Fri working days: a public holiday (not working) or a make-up working day (调休上班)."""

    date = models.DateField(_("日期"), primary_key=True)
    is_working_day = models.BooleanField(_("工作日"))
    note = models.CharField(_("说明"), max_length=60, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {'班' if self.is_working_day else '休'}"


class Objection(BaseModel):
    """An objection to an application on a 公示 list, filed by anyone under their real name."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    reference = models.CharField(_("受理编号"), max_length=20, unique=True)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="objections")
    application = models.ForeignKey(Application, verbose_name=_("异议对象"), on_delete=models.CASCADE,
                                    related_name="objections")
    name = models.CharField(_("姓名（实名）"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    reason = models.TextField(_("异议理由"))
    attachment = models.FileField(_("证明材料"), upload_to="objections/%Y/%m/", blank=True, max_length=300)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(_("处理状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("处理情况"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    def __str__(self) -> str:
        return self.reference


class Recognition(BaseModel):
    """A recognition the engine itself keeps (demonstration programmes: 标杆企业, 技术中心, 单项冠军 …)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        REVOKED = "revoked", _("已撤销")

    application = models.OneToOneField(Application, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="recognition")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="recognitions")
    programme = models.ForeignKey(Programme, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=40, db_index=True)
    level = models.CharField(_("层级"), max_length=12, choices=Programme.ProgrammeLevel.choices)
    authority = models.CharField(_("认定机关"), max_length=100)
    batch = models.CharField(_("批次文号"), max_length=100)
    recognized_on = models.DateField(_("认定日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    details = models.JSONField(_("附加信息"), default=dict, blank=True)

    class Meta:
        ordering = ["-recognized_on", "pk"]
        verbose_name = _("认定记录")
        verbose_name_plural = _("认定记录")
        indexes = [models.Index(fields=["kind", "status", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.kind} {self.batch}"


class Obligation(models.Model):
    """What a recognition obliges (half-yearly report, 3-yearly re-review); due ones are the enterprise's to-do."""

    class Kind(models.TextChoices):
        HALF_YEAR_REPORT = "half_year_report", _("半年度运行报告")
        RE_REVIEW = "re_review", _("复核评价")
        INVESTMENT_REPORT = "investment_report", _("投资进度报告")

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("期间"), max_length=20)
    due_on = models.DateField(_("截止日期"), db_index=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("认定后义务")
        verbose_name_plural = _("认定后义务")
        constraints = [models.UniqueConstraint(fields=["recognition", "kind", "period"], name="obligation_unique")]

    def __str__(self) -> str:
        return f"{self.recognition_id} {self.kind} {self.period}"

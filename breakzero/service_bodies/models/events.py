"""Service events (活动) with attendees and uploaded materials."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class ServiceEvent(BaseModel):
    """An event organised by a body; at least one a month meets the programme's 1-2 events rule."""

    class Mode(models.TextChoices):
        OFFLINE = "offline", _("线下")
        ONLINE = "online", _("线上")

    class Topic(models.TextChoices):
        PATENT_TRAINING = "patent_training", _("破零专利培训")
        INNOVATION_METHODS = "innovation_methods", _("创新方法")
        FINANCING = "financing", _("投融资对接")
        DIGITAL = "digital", _("数字化转型")
        TECH_TRANSFER = "tech_transfer", _("技术成果转化")
        POLICY = "policy", _("政策宣讲")
        OTHER = "other", _("其他")

    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("活动名称"), max_length=200)
    held_on = models.DateField(_("活动日期"), db_index=True)
    mode = models.CharField(_("形式"), max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    topic = models.CharField(_("主题"), max_length=24, choices=Topic.choices, default=Topic.PATENT_TRAINING)
    location = models.CharField(_("地点/链接"), max_length=200, blank=True)
    description = models.TextField(_("内容"), blank=True)
    # Shown on the portal's events calendar; registration there closes at `registration_limit`
    # registrations (0 = no limit) and on the day of the event.
    is_public = models.BooleanField(_("在门户发布"), default=True, db_default=True)
    registration_limit = models.PositiveIntegerField(_("报名名额"), default=0, db_default=0, help_text=_("0 表示不限"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 补录: recorded more than SERVICE_EVENT_LATE_DAYS after it took place (who: created_by, when:
    # created_at). It counts toward the monthly events rule only once the city confirms it.
    is_late = models.BooleanField(_("补录"), default=False)
    late_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("补录确认人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    late_confirmed_at = models.DateTimeField(_("补录确认时间"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("服务活动")
        verbose_name_plural = _("服务活动")
        indexes = [models.Index(fields=["body", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("service_bodies:event-detail", args=[self.pk])

    @property
    def counts_for_calendar(self) -> bool:
        """A 补录 event counts toward the monthly rule only once confirmed by the city."""
        return not self.is_late or self.late_confirmed_at is not None


class EventAttendance(BaseModel):
    class Method(models.TextChoices):
        QR = "qr", _("扫码签到")
        IMPORT = "import", _("名单导入")
        MANUAL = "manual", _("手工登记")

    event = models.ForeignKey(ServiceEvent, on_delete=models.CASCADE, related_name="attendances")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="event_attendances")
    method = models.CharField(_("签到方式"), max_length=10, choices=Method.choices, default=Method.MANUAL)
    attendee_name = models.CharField(_("参会人"), max_length=50, blank=True)

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("参会企业")
        verbose_name_plural = _("参会企业")
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="event_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.enterprise_id}"


class EventRegistration(BaseModel):
    """An enterprise's registration (报名) for an event, made by its logged-in user on the portal;
    the body sees the list in the workbench and checks attendees in with the event's QR code."""

    event = models.ForeignKey(ServiceEvent, on_delete=models.CASCADE, related_name="registrations")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="event_registrations")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendee_name = models.CharField(_("参会人"), max_length=50)
    attendee_phone = models.CharField(_("联系电话"), max_length=20)
    attendees = models.PositiveSmallIntegerField(_("参会人数"), default=1)

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="event_registration_unique")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.enterprise_id}"


class EventMaterial(BaseModel):
    event = models.ForeignKey(ServiceEvent, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("文件"), upload_to="service/materials/%Y/%m/", max_length=300)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("活动材料")
        verbose_name_plural = _("活动材料")

    def __str__(self) -> str:
        return self.original_name

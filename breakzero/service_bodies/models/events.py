"""Service events (活动) with attendees and uploaded materials."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from breakzero.core.models import BaseModel


class ServiceEvent(BaseModel):
    """An event organised by a body; at least one a month meets the programme's 1-2 events rule."""

    class Mode(models.TextChoices):
        OFFLINE = "offline", "线下"
        ONLINE = "online", "线上"

    class Topic(models.TextChoices):
        PATENT_TRAINING = "patent_training", "破零专利培训"
        INNOVATION_METHODS = "innovation_methods", "创新方法"
        FINANCING = "financing", "投融资对接"
        DIGITAL = "digital", "数字化转型"
        TECH_TRANSFER = "tech_transfer", "技术成果转化"
        POLICY = "policy", "政策宣讲"
        OTHER = "other", "其他"

    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="events")
    title = models.CharField("活动名称", max_length=200)
    held_on = models.DateField("活动日期", db_index=True)
    mode = models.CharField("形式", max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    topic = models.CharField("主题", max_length=24, choices=Topic.choices, default=Topic.PATENT_TRAINING)
    location = models.CharField("地点/链接", max_length=200, blank=True)
    description = models.TextField("内容", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = "服务活动"
        verbose_name_plural = "服务活动"
        indexes = [models.Index(fields=["body", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("service_bodies:event-detail", args=[self.pk])


class EventAttendance(BaseModel):
    class Method(models.TextChoices):
        QR = "qr", "扫码签到"
        IMPORT = "import", "名单导入"
        MANUAL = "manual", "手工登记"

    event = models.ForeignKey(ServiceEvent, on_delete=models.CASCADE, related_name="attendances")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="event_attendances")
    method = models.CharField("签到方式", max_length=10, choices=Method.choices, default=Method.MANUAL)
    attendee_name = models.CharField("参会人", max_length=50, blank=True)

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = "参会企业"
        verbose_name_plural = "参会企业"
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="event_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.enterprise_id}"


class EventMaterial(BaseModel):
    event = models.ForeignKey(ServiceEvent, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField("文件", upload_to="service/materials/%Y/%m/", max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = "活动材料"
        verbose_name_plural = "活动材料"

    def __str__(self) -> str:
        return self.original_name

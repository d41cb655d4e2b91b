"""Service bodies (platforms, institutions, windows, bases, cluster platforms) and their products."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel

VALIDITY_YEARS = 3
RENEWAL_NOTICE_DAYS = 90


class Specialty(models.TextChoices):
    IP = "ip", _("知识产权")
    FINANCING = "financing", _("投融资")
    TRANSFER = "transfer", _("技术转移")
    TESTING = "testing", _("检验检测")
    TRAINING = "training", _("培训")
    DIGITAL = "digital", _("数字化转型")
    CONSULTING = "consulting", _("管理咨询")
    OTHER = "other", _("其他")


class ServiceBody(BaseModel):
    """A recognised service body; recognition is valid for three years (renewal due before expiry)."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("重点技术创新服务平台")
        CORE_INSTITUTION = "core_institution", _("核心服务机构")
        SME_WINDOW = "sme_window", _("中小企业公共服务窗口平台")
        INNOVATION_BASE = "innovation_base", _("创新创业基地")
        CLUSTER_PLATFORM = "cluster_platform", _("产业集群平台")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市州级")

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, db_index=True)
    specialties = models.JSONField(_("服务专长"), default=list, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区域（区县或市州）"), on_delete=models.PROTECT, related_name="service_bodies"
    )
    city = models.ForeignKey(
        "regions.Region", verbose_name=_("所在市州"), on_delete=models.PROTECT, related_name="city_service_bodies"
    )
    recognition_level = models.CharField(_("认定级别"), max_length=12, choices=Level.choices, default=Level.PROVINCIAL)
    recognized_on = models.DateField(_("认定日期"))
    valid_until = models.DateField(_("有效期至"))
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # The portal's catalogue shows the contact person, phone and address only when the body chose to.
    is_contact_public = models.BooleanField(_("在门户公开联系方式"), default=False, db_default=False)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")
        indexes = [models.Index(fields=["city", "region"]), models.Index(fields=["kind", "recognized_on"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("service_bodies:body-detail", args=[self.pk])

    @property
    def renewal_due_on(self) -> dt.date:
        return self.valid_until - dt.timedelta(days=RENEWAL_NOTICE_DAYS)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.is_active and self.recognized_on <= day <= self.valid_until


class ServiceBodyMember(BaseModel):
    """A service-body user who manages this body's records."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_memberships")
    body = models.ForeignKey(ServiceBody, on_delete=models.CASCADE, related_name="members")
    is_admin = models.BooleanField(_("机构管理员"), default=False, help_text=_("可邀请和移除本机构的工作人员"))

    class Meta:
        verbose_name = _("机构用户")
        verbose_name_plural = _("机构用户")
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="service_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.body}"


class ServiceProduct(BaseModel):
    """One entry of a body's service catalogue."""

    body = models.ForeignKey(ServiceBody, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("服务产品"), max_length=200)
    specialty = models.CharField(_("服务类别"), max_length=20, choices=Specialty.choices, default=Specialty.OTHER)
    description = models.TextField(_("说明"), blank=True)
    price_note = models.CharField(_("收费说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("在售"), default=True)

    class Meta:
        ordering = ["body", "name"]
        verbose_name = _("服务产品")
        verbose_name_plural = _("服务产品")
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="service_product_unique")]

    def __str__(self) -> str:
        return self.name

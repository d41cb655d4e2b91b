"""Service records (which body served which enterprise) and the enterprise's rating of them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel
from breakzero.service_bodies.models.bodies import Specialty


class ServiceRecord(BaseModel):
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="records")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="service_records")
    served_on = models.DateField(_("服务日期"), db_index=True)
    specialty = models.CharField(_("服务类别"), max_length=20, choices=Specialty.choices, default=Specialty.OTHER)
    product = models.ForeignKey(
        "service_bodies.ServiceProduct", verbose_name=_("服务产品"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="records",
    )
    content = models.TextField(_("服务内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-served_on", "pk"]
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        indexes = [models.Index(fields=["body", "enterprise", "served_on"])]

    def __str__(self) -> str:
        return f"{self.body_id}→{self.enterprise_id} {self.served_on}"


class ServiceRating(BaseModel):
    record = models.OneToOneField(ServiceRecord, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("评分"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("评价"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("服务评价")
        verbose_name_plural = _("服务评价")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="service_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.score}"

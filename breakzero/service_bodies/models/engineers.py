"""Innovation engineers (创新工程师) and their training records."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel
from breakzero.service_bodies.idnumbers import mask_id_number


class Engineer(BaseModel):
    """A person trained as an innovation engineer; the ID number is personal data (masked by default)."""

    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    employer = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("所在企业"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="engineers",
    )
    employer_uscc = models.CharField(_("企业统一社会信用代码"), max_length=18, blank=True)
    county = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区县"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="engineers",
    )
    city = models.ForeignKey("regions.Region", verbose_name=_("所在市州"), on_delete=models.PROTECT, related_name="city_engineers")
    certificate_number = models.CharField(_("证书编号"), max_length=50, blank=True)
    certified_on = models.DateField(_("发证日期"), null=True, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    field = models.CharField(_("专业领域"), max_length=100, blank=True, db_default="")
    # The public list of innovation engineers (plan §三(三) 示范引导) shows only name, employer and
    # field, and only for engineers who agreed to publication.
    is_published_on_portal = models.BooleanField(_("同意在门户公开"), default=False, db_default=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("创新工程师")
        verbose_name_plural = _("创新工程师")
        indexes = [models.Index(fields=["city", "county"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("service_bodies:engineer-detail", args=[self.pk])

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def is_certified(self) -> bool:
        return bool(self.certificate_number)


class EngineerTraining(BaseModel):
    engineer = models.ForeignKey(Engineer, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField(_("课程"), max_length=200)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    trained_on = models.DateField(_("培训日期"))
    provider = models.CharField(_("培训机构"), max_length=200, blank=True)

    class Meta:
        ordering = ["engineer", "trained_on"]
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        constraints = [
            models.UniqueConstraint(fields=["engineer", "course", "trained_on"], name="engineer_training_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.trained_on}"

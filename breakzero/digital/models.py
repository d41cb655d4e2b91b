"""Digital transformation records (programme-rules-2.md §3): 上云/上平台 use, transformation projects,
digital-level assessments (评测) and the service bodies' solutions catalogue with its adoptions."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class DigitalUse(BaseModel):
    """An enterprise on the cloud (上云) or on an industrial internet platform (上平台) in a year; one row per
    enterprise, year and kind, so counting rows counts enterprises."""

    class Kind(models.TextChoices):
        CLOUD = "cloud", _("上云")
        PLATFORM = "platform", _("上平台")

    class ServiceType(models.TextChoices):
        INFRASTRUCTURE = "infrastructure", _("基础设施")
        PLATFORM = "platform", _("平台")
        BUSINESS = "business", _("业务系统")

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="digital_uses")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    provider = models.CharField(_("服务商/平台运营方"), max_length=200)
    platform_name = models.CharField(_("工业互联网平台名称"), max_length=200, blank=True)
    service_type = models.CharField(_("服务类型"), max_length=20, choices=ServiceType.choices, blank=True)
    services = models.CharField(_("使用的服务"), max_length=500, blank=True)
    started_on = models.DateField(_("上线日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("上云上平台记录")
        verbose_name_plural = _("上云上平台记录")
        ordering = ["-year", "enterprise__name", "kind"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year", "kind"], name="digital_use_once_a_year")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}年{self.get_kind_display()}"


class TransformationProject(BaseModel):
    """A digital-transformation project of an enterprise (scope, supplier, investment, dates, outcome)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="digital_projects")
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("项目名称"), max_length=200)
    scope = models.CharField(_("改造范围/场景"), max_length=500)
    supplier = models.CharField(_("服务商"), max_length=200, blank=True)
    investment = models.DecimalField(_("投资（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    finished_on = models.DateField(_("完成日期"), null=True, blank=True)
    outcome = models.TextField(_("成效"), blank=True)

    class Meta:
        verbose_name = _("数字化转型项目")
        verbose_name_plural = _("数字化转型项目")
        ordering = ["-year", "enterprise__name", "pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(finished_on__isnull=True) | models.Q(started_on__isnull=True)
            | models.Q(finished_on__gte=models.F("started_on")), name="digital_project_dates_in_order")]

    def __str__(self) -> str:
        return self.name


class Assessment(BaseModel):
    """A 中小企业数字化水平评测 result as entered from the official assessment (§3.3): the 2022 version's level
    is computed from the score (rules.digital.level_from_score); the 2024 version's level is an input."""

    class Version(models.TextChoices):
        V2022 = "2022", _("2022年版（工信厅企业〔2022〕32号）")
        V2024 = "2024", _("2024年版（工信厅企业〔2024〕56号）")

    class Mode(models.TextChoices):
        SELF = "self", _("企业自评")
        ON_SITE = "on_site", _("现场评测")

    class Table(models.TextChoices):
        MANUFACTURING = "manufacturing", _("制造业")
        PRODUCER_SERVICES = "producer_services", _("生产性服务业")
        OTHER = "other", _("其他行业")

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="digital_assessments")
    version = models.CharField(_("评测指标版本"), max_length=4, choices=Version.choices)
    table = models.CharField(_("评测表"), max_length=20, choices=Table.choices, default=Table.MANUFACTURING)
    assessed_on = models.DateField(_("评测日期"))
    mode = models.CharField(_("评测方式"), max_length=10, choices=Mode.choices, default=Mode.SELF)
    assessor = models.CharField(_("评测机构/评测人"), max_length=200, blank=True)
    score = models.DecimalField(_("总分"), max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("等级"), null=True, blank=True)
    is_pilot = models.BooleanField(_("数字化转型试点城市企业"), default=False)
    is_evaluation_passed = models.BooleanField(_("评测验收通过"), null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name=_("录入人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("数字化水平评测")
        verbose_name_plural = _("数字化水平评测")
        ordering = ["-assessed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "version", "assessed_on"], name="digital_assessment_once_a_day"),
            models.CheckConstraint(condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=4),
                                   name="digital_assessment_level_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.version}年版数字化水平评测（{self.assessed_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("digital:assessment-detail", args=[self.pk])


class Solution(BaseModel):
    """A service body's digital solution in the catalogue, by industry and scenario."""

    body = models.ForeignKey("service_bodies.ServiceBody", verbose_name=_("服务机构"), on_delete=models.CASCADE, related_name="digital_solutions")
    name = models.CharField(_("解决方案名称"), max_length=200)
    industry = models.CharField(_("适用行业"), max_length=100)
    scenario = models.CharField(_("应用场景"), max_length=200)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("在目录中"), default=True)

    class Meta:
        verbose_name = _("数字化解决方案")
        verbose_name_plural = _("数字化解决方案")
        ordering = ["industry", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class SolutionAdoption(BaseModel):
    """An enterprise that adopted a catalogue solution, and the outcome."""

    solution = models.ForeignKey(Solution, verbose_name=_("解决方案"), on_delete=models.CASCADE, related_name="adoptions")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="digital_adoptions")
    adopted_on = models.DateField(_("采用日期"))
    outcome = models.TextField(_("成效"), blank=True)

    class Meta:
        verbose_name = _("解决方案应用")
        verbose_name_plural = _("解决方案应用")
        ordering = ["-adopted_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["solution", "enterprise"], name="digital_adoption_once")]

    def __str__(self) -> str:
        return f"{self.enterprise} 采用 {self.solution}"

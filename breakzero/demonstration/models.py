"""Records of the demonstration programmes that the engine's Recognition does not hold:
typical cases (with pictures and editorial review) and investment tracking of major product projects."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class TypicalCase(BaseModel):
    """A typical case (典型案例): the enterprise's technology or product, the problem solved and the results
    in figures; it is published after an editorial review by the province."""

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("待编审")
        RETURNED = "returned", _("退回修改")
        PUBLISHED = "published", _("已发布")

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="typical_cases")
    application = models.OneToOneField("calls.Application", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="typical_case")
    title = models.CharField(_("案例标题"), max_length=200)
    technology = models.CharField(_("技术或产品"), max_length=200)
    problem = models.TextField(_("解决的问题"))
    results = models.JSONField(_("成效（数据）"), default=list, blank=True,
                               help_text=_("如 [{\"label\": \"新增产值\", \"value\": \"3200\", \"unit\": \"万元\"}]"))
    body = models.TextField(_("案例正文"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.IN_REVIEW, db_index=True)
    editor_note = models.TextField(_("编审意见"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    published_on = models.DateField(_("发布日期"), null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "-created_at"]
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("demonstration:case-detail", args=[self.pk])


class CasePicture(models.Model):
    case = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="pictures")
    image = models.FileField(_("图片"), upload_to="cases/%Y/", max_length=300)
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("案例图片")
        verbose_name_plural = _("案例图片")

    def __str__(self) -> str:
        return self.caption or self.image.name


class InvestmentReport(BaseModel):
    """Investment progress of a major product-innovation project (100个重大产品创新项目, §1.1)."""

    recognition = models.ForeignKey("calls.Recognition", on_delete=models.CASCADE, related_name="investment_reports")
    period = models.CharField(_("期间"), max_length=20)
    planned = models.DecimalField(_("计划投资（万元）"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("完成投资（万元）"), max_digits=14, decimal_places=2)
    note = models.TextField(_("说明"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["recognition", "period"]
        verbose_name = _("投资进度")
        verbose_name_plural = _("投资进度")
        constraints = [models.UniqueConstraint(fields=["recognition", "period"], name="investment_report_unique")]

    def __str__(self) -> str:
        return f"{self.recognition_id} {self.period}"

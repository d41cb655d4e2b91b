"""Supply and demand: enterprises' technology needs and bodies' offerings."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class TechNeed(BaseModel):
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="tech_needs")
    title = models.CharField(_("需求名称"), max_length=200)
    description = models.TextField(_("需求描述"), blank=True)
    industry_section = models.CharField(_("行业门类"), max_length=1, blank=True)
    chain = models.ForeignKey(
        "enterprises.IndustrialChain", verbose_name=_("产业链"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True, help_text=_("以逗号或空格分隔"))
    is_open = models.BooleanField(_("征集中"), default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("技术需求")
        verbose_name_plural = _("技术需求")

    def __str__(self) -> str:
        return self.title


class ServiceOffering(BaseModel):
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="offerings")
    title = models.CharField(_("服务供给"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    industry_section = models.CharField(_("行业门类"), max_length=1, blank=True)
    chain = models.ForeignKey(
        "enterprises.IndustrialChain", verbose_name=_("产业链"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True, help_text=_("以逗号或空格分隔"))
    is_open = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("服务供给")
        verbose_name_plural = _("服务供给")

    def __str__(self) -> str:
        return self.title

"""Supply and demand: enterprises' technology needs and bodies' offerings."""

from django.db import models

from breakzero.core.models import BaseModel


class TechNeed(BaseModel):
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="tech_needs")
    title = models.CharField("需求名称", max_length=200)
    description = models.TextField("需求描述", blank=True)
    industry_section = models.CharField("行业门类", max_length=1, blank=True)
    chain = models.ForeignKey(
        "enterprises.IndustrialChain", verbose_name="产业链", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="以逗号或空格分隔")
    is_open = models.BooleanField("征集中", default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "技术需求"
        verbose_name_plural = "技术需求"

    def __str__(self) -> str:
        return self.title


class ServiceOffering(BaseModel):
    body = models.ForeignKey("service_bodies.ServiceBody", on_delete=models.CASCADE, related_name="offerings")
    title = models.CharField("服务供给", max_length=200)
    description = models.TextField("说明", blank=True)
    industry_section = models.CharField("行业门类", max_length=1, blank=True)
    chain = models.ForeignKey(
        "enterprises.IndustrialChain", verbose_name="产业链", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="以逗号或空格分隔")
    is_open = models.BooleanField("有效", default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "服务供给"
        verbose_name_plural = "服务供给"

    def __str__(self) -> str:
        return self.title

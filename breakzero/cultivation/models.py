"""Cultivation titles (梯度培育称号): 创新型中小企业, 专精特新中小企业, 专精特新“小巨人”企业."""

import datetime as dt

from django.db import models

from breakzero.core.models import BaseModel

TITLE_VALID_YEARS = 3  # a title is valid three years from recognition (工信部企业〔2022〕63号)


def default_valid_until(recognized_on: dt.date) -> dt.date:
    """recognized_on + 3 years (29 Feb maps to 28 Feb)."""
    try:
        return recognized_on.replace(year=recognized_on.year + TITLE_VALID_YEARS)
    except ValueError:
        return recognized_on.replace(year=recognized_on.year + TITLE_VALID_YEARS, day=28)


class Title(BaseModel):
    """One recognition of an enterprise with a tier title, from a published batch list."""

    class Tier(models.TextChoices):
        INNOVATIVE_SME = "innovative_sme", "创新型中小企业"
        SRDI_SME = "srdi_sme", "专精特新中小企业"
        LITTLE_GIANT = "little_giant", "专精特新“小巨人”企业"

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="titles"
    )
    tier = models.CharField("称号", max_length=20, choices=Tier.choices)
    level = models.CharField("层级", max_length=12, choices=Level.choices)
    batch = models.CharField("批次", max_length=50, blank=True)
    recognized_on = models.DateField("认定日期")
    valid_until = models.DateField("有效期至", db_index=True)
    source = models.CharField("来源", max_length=200, blank=True)

    class Meta:
        ordering = ["-recognized_on", "enterprise"]
        verbose_name = "培育称号"
        verbose_name_plural = "培育称号"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "tier", "level", "recognized_on"], name="title_unique"),
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("recognized_on")), name="title_valid_after"),
        ]
        indexes = [models.Index(fields=["tier", "recognized_on", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_tier_display()}（{self.recognized_on:%Y-%m-%d}）"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.recognized_on <= day <= self.valid_until

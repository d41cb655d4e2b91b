"""Cultivation titles (梯度培育称号): 创新型中小企业, 专精特新中小企业, 专精特新“小巨人”企业."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel

TITLE_VALID_YEARS = 3  # a title is valid three years from recognition (工信部企业〔2022〕63号)


def default_valid_until(recognized_on: dt.date) -> dt.date:
    """recognized_on + 3 years (29 Feb maps to 28 Feb)."""
    try:
        return recognized_on.replace(year=recognized_on.year + TITLE_VALID_YEARS)
    except ValueError:
        return recognized_on.replace(year=recognized_on.year + TITLE_VALID_YEARS, day=28)


# Who grants each title at each level. A recommendation (e.g. the province's 小巨人 推荐 list) is not a
# recognition and never creates a Title; only the granting authority's published batch does.
NATIONAL_AUTHORITY = "工业和信息化部"
PROVINCIAL_AUTHORITY = "湖南省工业和信息化厅"
# Provincial 小巨人: 湘经信中小发展〔2017〕274号 (2017-2020), renamed 专精特新“小巨人” under
# 湘工信中小发展〔2021〕27号 (2021-2025) — shared/reference/programme-rules-2.md §2.4, §2.5.4, §2.5.5.
PROVINCIAL_LITTLE_GIANT_BASIS = "湘经信中小发展〔2017〕274号、湘工信中小发展〔2021〕27号"


class Title(BaseModel):
    """One recognition of an enterprise with a tier title at a level, by the authority that grants it."""

    class Tier(models.TextChoices):
        INNOVATIVE_SME = "innovative_sme", _("创新型中小企业")
        SRDI_SME = "srdi_sme", _("专精特新中小企业")
        LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="titles"
    )
    tier = models.CharField(_("称号"), max_length=20, choices=Tier.choices)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    batch = models.CharField(_("批次"), max_length=50, blank=True)
    recognized_on = models.DateField(_("认定日期"))
    valid_until = models.DateField(_("有效期至"), db_index=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    authority = models.CharField(_("认定机关"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # The engine application whose published list granted this title (None: imported or recorded by hand).
    application = models.ForeignKey(
        "calls.Application", verbose_name=_("申报"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recognized_on", "enterprise"]
        verbose_name = _("培育称号")
        verbose_name_plural = _("培育称号")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "tier", "level", "recognized_on"], name="title_unique"),
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("recognized_on")), name="title_valid_after"),
        ]
        indexes = [models.Index(fields=["tier", "recognized_on", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_tier_display()}（{self.recognized_on:%Y-%m-%d}）"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.recognized_on <= day <= self.valid_until


class Programme(models.TextChoices):
    """The cultivation tiers and provincial lists (their review runs on the engine, calls; a published
    list fills ProgrammeListing for the lists and the 小巨人 recommendation, Title for the tiers)."""

    TIER_INNOVATIVE = "tier_innovative", _("创新型中小企业")
    TIER_SRDI = "tier_srdi", _("专精特新中小企业")
    TIER_LITTLE_GIANT = "tier_little_giant", _("专精特新“小巨人”企业（推荐）")
    WHITELIST = "whitelist", _("产融合作白名单")
    LISTING_RESERVE = "listing_reserve", _("上市后备企业资源库")


class ProgrammeListing(BaseModel):
    """Membership of a provincial list (白名单, 上市后备库, the 小巨人 recommendation) made when the engine publishes it."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="programme_listings"
    )
    programme = models.CharField(_("名单"), max_length=20, choices=Programme.choices)
    batch = models.CharField(_("批次"), max_length=50)
    listed_on = models.DateField(_("入库日期"))
    call_application = models.OneToOneField("calls.Application", null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="+")

    class Meta:
        ordering = ["-listed_on"]
        verbose_name = _("名单入库")
        verbose_name_plural = _("名单入库")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "programme", "batch"], name="programme_listing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.get_programme_display()} {self.batch}"


class MovedApplication(models.Model):
    """A cultivation application from before the review moved onto the engine (calls): its old number
    keeps the old address /cultivation/applications/<old_id>/ working (it leads to the engine's page)."""

    old_id = models.PositiveIntegerField(_("原申报编号"), primary_key=True)
    application = models.OneToOneField("calls.Application", on_delete=models.CASCADE, related_name="moved_from")

    class Meta:
        verbose_name = _("迁移的培育申报")
        verbose_name_plural = _("迁移的培育申报")

    def __str__(self) -> str:
        return f"{self.old_id}→{self.application_id}"


# A title list is published by the authority that grants its level.
AUTHORITY_OF_LEVEL = {Title.Level.NATIONAL: NATIONAL_AUTHORITY, Title.Level.PROVINCIAL: PROVINCIAL_AUTHORITY}

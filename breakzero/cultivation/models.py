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
    """What an enterprise applies for: a cultivation tier or a provincial list (same review flow)."""

    TIER_INNOVATIVE = "tier_innovative", _("创新型中小企业")
    TIER_SRDI = "tier_srdi", _("专精特新中小企业")
    TIER_LITTLE_GIANT = "tier_little_giant", _("专精特新“小巨人”企业（推荐）")
    WHITELIST = "whitelist", _("产融合作白名单")
    LISTING_RESERVE = "listing_reserve", _("上市后备企业资源库")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待区县审核")
    COUNTY_APPROVED = "county_approved", _("待市州审核")
    CITY_APPROVED = "city_approved", _("待省级决定")
    RETURNED = "returned", _("退回修改")
    REJECTED = "rejected", _("不予通过")
    PUBLICITY = "publicity", _("公示中")
    PUBLISHED = "published", _("已发布")


class Application(BaseModel):
    """An enterprise's application (or recommendation) for a programme, reviewed county → city → province."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="cultivation_applications"
    )
    programme = models.CharField(_("申报类别"), max_length=20, choices=Programme.choices)
    batch = models.CharField(_("批次"), max_length=50)
    status = models.CharField(
        _("状态"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    as_of = models.DateField(_("评估日期"))
    facts = models.JSONField(_("申报时的企业事实"), default=dict, blank=True)
    evaluation = models.JSONField(_("申报时的政策评估快照"), default=list, blank=True)
    statement = models.TextField(_("企业说明"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示结束"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("培育申报")
        verbose_name_plural = _("培育申报")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "programme", "batch"], name="application_unique_batch"),
        ]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.get_programme_display()} {self.batch}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cultivation:application-detail", args=[self.pk])


class ApplicationStep(models.Model):
    """One step of an application's history (written by the transition service only)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=20)
    # Approval although the application's own check-up said 不符合: the reviewer's reason, kept in history.
    override_reason = models.TextField(_("不符合仍通过的理由"), blank=True)
    from_status = models.CharField(_("原状态"), max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=ApplicationStatus.choices)
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("申报流转记录")
        verbose_name_plural = _("申报流转记录")

    def __str__(self) -> str:
        return f"{self.application_id} {self.from_status}→{self.to_status}"

    @property
    def action_label(self) -> str:
        """The action in words (the history shows 审核通过, not approve)."""
        from breakzero.cultivation.workflow import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)


class Objection(BaseModel):
    """An objection filed during the publicity period; a province official resolves it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("异议人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("异议内容"))
    status = models.CharField(_("处理状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    def __str__(self) -> str:
        return f"{self.application_id} {self.get_status_display()}"


class ProgrammeListing(BaseModel):
    """Membership of a provincial list (白名单, 上市后备库) created when an application is published."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="programme_listings"
    )
    programme = models.CharField(_("名单"), max_length=20, choices=Programme.choices)
    batch = models.CharField(_("批次"), max_length=50)
    listed_on = models.DateField(_("入库日期"))
    application = models.OneToOneField(Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-listed_on"]
        verbose_name = _("名单入库")
        verbose_name_plural = _("名单入库")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "programme", "batch"], name="programme_listing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.get_programme_display()} {self.batch}"


# A title list is published by the authority that grants its level.
AUTHORITY_OF_LEVEL = {Title.Level.NATIONAL: NATIONAL_AUTHORITY, Title.Level.PROVINCIAL: PROVINCIAL_AUTHORITY}

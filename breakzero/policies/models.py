"""Self-declared facts of an enterprise and the stored province-wide screening results."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel

ATTACHMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "xlsx", "docx", "zip"]
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class DeclaredFacts(BaseModel):
    """What an enterprise declares about one fiscal year (keys: policies.declared.FIELDS)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="declared_facts"
    )
    year = models.PositiveSmallIntegerField(_("所属年度"))
    data = models.JSONField(_("申报事实"), default=dict, blank=True)
    attachment = models.FileField(
        _("证明材料"), upload_to="declared/%Y/", max_length=300, blank=True,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)],
    )
    note = models.TextField(_("说明"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("申报时间"), null=True, blank=True)

    class Meta:
        ordering = ["enterprise", "-year"]
        verbose_name = _("企业自主申报事实")
        verbose_name_plural = _("企业自主申报事实")
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="declared_facts_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"


class Screening(models.Model):
    """Latest result of one rule for one enterprise (rewritten set-based by the screening task)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="screenings"
    )
    rule = models.CharField(_("政策"), max_length=30)
    passed = models.BooleanField(_("是否符合"), null=True)
    score = models.DecimalField(_("得分"), max_digits=8, decimal_places=2, null=True)
    unknown_count = models.PositiveSmallIntegerField(_("未知项"), default=0)
    unmet_count = models.PositiveSmallIntegerField(_("未达项"), default=0)
    first_gap = models.CharField(_("主要差距"), max_length=300, blank=True)
    has_title = models.BooleanField(_("已有称号"), default=False)
    rule_set = models.CharField(_("规则版本"), max_length=40)
    as_of = models.DateField(_("评估日期"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        ordering = ["enterprise", "rule"]
        verbose_name = _("政策筛查结果")
        verbose_name_plural = _("政策筛查结果")
        constraints = [models.UniqueConstraint(fields=["enterprise", "rule"], name="screening_unique")]
        indexes = [models.Index(fields=["rule", "passed", "unmet_count"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.rule} {self.passed}"

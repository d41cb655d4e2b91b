"""Targets (with history), the participant roster and the precomputed indicator summaries."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class Participant(BaseModel):
    """An enterprise taking part in the programme in a year (roster imported or edited per region)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="participations"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["year", "enterprise"]
        verbose_name = _("参与企业")
        verbose_name_plural = _("参与企业")
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="participant_unique")]
        indexes = [models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise_id}"


class IndicatorTarget(BaseModel):
    """A region's target for an indicator in a year; every change is kept in TargetChange."""

    indicator = models.CharField(_("指标"), max_length=40)
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=6)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(_("设定时间"))

    class Meta:
        ordering = ["indicator", "region", "year"]
        verbose_name = _("指标目标")
        verbose_name_plural = _("指标目标")
        constraints = [models.UniqueConstraint(fields=["indicator", "region", "year"], name="indicator_target_unique")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.year} = {self.value}"


class TargetChange(models.Model):
    """History row: who changed a target from what to what, and when."""

    indicator = models.CharField(_("指标"), max_length=40)
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    old_value = models.DecimalField(_("原目标"), max_digits=20, decimal_places=6, null=True, blank=True)
    new_value = models.DecimalField(_("新目标"), max_digits=20, decimal_places=6, null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("修改时间"), db_index=True)
    reason = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("目标修改记录")
        verbose_name_plural = _("目标修改记录")
        indexes = [models.Index(fields=["indicator", "region", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.year}: {self.old_value} → {self.new_value}"


class IndicatorValue(models.Model):
    """Precomputed actual of an indicator for a region and year (month NULL = whole year)."""

    indicator = models.CharField(_("指标"), max_length=40)
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=6)
    numerator = models.DecimalField(_("分子"), max_digits=24, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(_("分母"), max_digits=24, decimal_places=6, null=True, blank=True)
    details = models.JSONField(_("明细"), default=dict, blank=True)

    class Meta:
        ordering = ["indicator", "region", "year", "month"]
        verbose_name = _("指标汇总值")
        verbose_name_plural = _("指标汇总值")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"], condition=models.Q(month__isnull=True), name="indicator_value_year_unique"
            ),
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "month"], condition=models.Q(month__isnull=False),
                name="indicator_value_month_unique",
            ),
        ]
        indexes = [models.Index(fields=["region", "year"]), models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.year}/{self.month or '-'} = {self.value}"


class SummaryRefresh(models.Model):
    """One run of the summary refresh: when, how long, which years, and the source fingerprint."""

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), db_index=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"))
    years = models.JSONField(_("重算年度"), default=list, blank=True)  # [] = all years
    rows = models.PositiveIntegerField(_("汇总行数"), default=0)
    covered_years = models.JSONField(_("有数据的年度"), default=list, blank=True)
    fingerprint = models.JSONField(_("数据指纹"), default=dict, blank=True)
    # Per dated source table: {year: [rows, latest update]} when the refresh started; a record moved
    # to another year changes the old year's entry too (summaries.year_state).
    year_state = models.JSONField(_("分年度数据指纹"), default=dict, blank=True)

    class Meta:
        ordering = ["-finished_at", "-pk"]
        verbose_name = _("汇总刷新记录")
        verbose_name_plural = _("汇总刷新记录")

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M:%S} ({self.duration_ms} ms)"

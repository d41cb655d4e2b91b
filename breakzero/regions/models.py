"""Hunan's administrative divisions (GB/T 2260): province, prefectures, counties, old codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A division keyed by its 6-digit code; `city_code` makes "everything under city X" one filter."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        PREFECTURE = "prefecture", _("市州")
        COUNTY = "county", _("区县")

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    city_code = models.CharField(_("所属市州代码"), max_length=6, db_index=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.level == self.Level.PROVINCE

    @property
    def is_prefecture(self) -> bool:
        return self.level == self.Level.PREFECTURE

    @property
    def is_county(self) -> bool:
        return self.level == self.Level.COUNTY


class RegionAlias(models.Model):
    """A code that still occurs in data but is not current: abolished counties, 市辖区
    placeholders, NBS statistical zones. `region` is where such data belongs now."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("已撤销区县")
        PLACEHOLDER = "placeholder", _("市辖区占位代码")
        STATISTICAL = "nbs_statistical_zone", _("统计用区划代码（管理区/示范区）")

    code = models.CharField(_("代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="aliases")
    changed_in = models.PositiveSmallIntegerField(_("变更年份"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("历史/统计区划代码")
        verbose_name_plural = _("历史/统计区划代码")

    def __str__(self) -> str:
        return f"{self.code} {self.name} → {self.region_id}"

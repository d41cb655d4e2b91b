"""Enterprises (keyed by USCC), their former names, industrial chains and yearly data."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class IndustrialChain(BaseModel):
    """One of Hunan's industrial chains — an admin-edited list (codes.md §5: unverified)."""

    code = models.CharField(_("编号"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")

    def __str__(self) -> str:
        return self.name


class Enterprise(BaseModel):
    """An enterprise in the register. `county` is stored explicitly: the division code
    inside a USCC is frozen at issue and can be stale (codes.md §1.7)."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    # Indexed in Meta, not with db_index: on PostgreSQL db_index also builds a varchar_pattern_ops
    # "_like" copy, which only LIKE 'prefix%' uses; each copy is one more index every import writes.
    # Only industry_code and uscc are searched by prefix (selectors.enterprise_list, search_condition).
    name = models.CharField(_("企业名称"), max_length=200)
    name_normalized = models.CharField(_("规范化名称"), max_length=200, editable=False)
    county = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区县"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="enterprises", db_index=False,
    )
    # No index of its own: the (city, county) index serves look-ups by city.
    city = models.ForeignKey(
        "regions.Region", verbose_name=_("所在市州"), on_delete=models.PROTECT, related_name="city_enterprises",
        db_index=False,
    )
    industry_code = models.CharField(_("行业代码"), max_length=5, blank=True, db_index=True)
    industry_section = models.CharField(_("行业门类"), max_length=1, blank=True)
    chains = models.ManyToManyField(IndustrialChain, verbose_name=_("所属产业链"), blank=True, related_name="enterprises")
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_check_override = models.BooleanField(
        _("校验码例外（管理员确认）"), default=False,
        help_text=_("统一社会信用代码校验未通过但经管理员确认真实有效（试点期代码）"),
    )
    latest_size = models.CharField(_("最新规模"), max_length=10, blank=True)
    latest_year = models.PositiveSmallIntegerField(_("最新数据年度"), null=True, blank=True)
    # The public portal lists a break-zero enterprise by name only with its consent (not by default).
    is_published_on_portal = models.BooleanField(
        _("同意在门户网站公开"), default=False, db_default=False,
        help_text=_("同意后，企业名称、所在地区和破零年度可在门户网站“破零企业名单”中公开"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        indexes = [
            models.Index(fields=["city", "county"]),
            models.Index(fields=["name"], name="enterprise_name_idx"),
            models.Index(fields=["name_normalized"], name="enterprise_name_norm_idx"),
            models.Index(fields=["county"], name="enterprise_county_idx"),
            models.Index(fields=["industry_section"], name="enterprise_section_idx"),
            models.Index(fields=["latest_size"], name="enterprise_latest_size_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("enterprises:enterprise-detail", args=[self.pk])


class FormerName(models.Model):
    """A former name (曾用名) or a confirmed alias used to match patent applicants."""

    class Source(models.TextChoices):
        FORMER = "former", _("曾用名")
        ALIAS = "alias", _("确认的别名")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("名称"), max_length=200)
    name_normalized = models.CharField(_("规范化名称"), max_length=200)  # indexed in Meta (no "_like" copy)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.FORMER)

    class Meta:
        verbose_name = _("曾用名/别名")
        verbose_name_plural = _("曾用名/别名")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name_normalized"], name="former_name_unique"),
        ]
        indexes = [models.Index(fields=["name_normalized"], name="former_name_norm_idx")]

    def __str__(self) -> str:
        return self.name


class EnterpriseYear(BaseModel):
    """Yearly data of an enterprise (money in 万元). `size` comes from classify_size."""

    # No index of its own: the unique (enterprise, year) constraint's index serves every look-up by
    # enterprise, and one index less is one less to maintain on each yearly import's upsert.
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="years", db_index=False)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    employees = models.PositiveIntegerField(_("从业人员"), null=True, blank=True)
    operating_revenue = models.DecimalField(_("营业收入"), max_digits=16, decimal_places=2, null=True, blank=True)
    main_business_revenue = models.DecimalField(_("主营业务收入"), max_digits=16, decimal_places=2, null=True, blank=True)
    total_assets = models.DecimalField(_("资产总额"), max_digits=16, decimal_places=2, null=True, blank=True)
    total_liabilities = models.DecimalField(_("负债总额"), max_digits=16, decimal_places=2, null=True, blank=True)
    rd_expense = models.DecimalField(_("研发费用"), max_digits=16, decimal_places=2, null=True, blank=True)
    rd_staff = models.PositiveIntegerField(_("研发人员"), null=True, blank=True)
    new_product_revenue = models.DecimalField(_("新产品销售收入"), max_digits=16, decimal_places=2, null=True, blank=True)
    new_product_profit = models.DecimalField(
        _("新产品利润"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    high_tech_revenue = models.DecimalField(_("高新技术产品收入"), max_digits=16, decimal_places=2, null=True, blank=True)
    size = models.CharField(_("规模"), max_length=10, blank=True)  # indexed in Meta (no "_like" copy)
    size_note = models.CharField(_("划型说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["enterprise", "year"]
        verbose_name = _("企业年度数据")
        verbose_name_plural = _("企业年度数据")
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="enterprise_year_unique")]
        indexes = [models.Index(fields=["size"], name="enterprise_year_size_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"

    @property
    def rd_intensity(self):
        if self.rd_expense is None or not self.operating_revenue:
            return None
        return self.rd_expense / self.operating_revenue


class UsccOverride(BaseModel):
    """An administrator's audited confirmation that a USCC failing its check is real.

    Pilot-era codes issued before GB 32100-2015 was final can fail the mod-31 or the
    mod-11 check and still be legally valid (codes.md §1.7). Imports accept such a
    code only when a record here names it; never silently.
    """

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    reason = models.TextField(_("确认依据"), help_text=_("如：营业执照原件核对、登记机关书面答复"))
    confirmed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("确认人"), on_delete=models.PROTECT, related_name="uscc_overrides"
    )
    confirmed_at = models.DateTimeField(_("确认时间"))

    class Meta:
        ordering = ["-confirmed_at"]
        verbose_name = _("统一社会信用代码例外确认")
        verbose_name_plural = _("统一社会信用代码例外确认")

    def __str__(self) -> str:
        return self.uscc

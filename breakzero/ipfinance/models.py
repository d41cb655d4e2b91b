"""Patent transfers and licences, and patent pledge loans (programme-rules-2.md §7.4), linked to the patent
records (never retyped)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel
from breakzero.rules.ip_pledge import pool_exposure


class PatentDeal(BaseModel):
    """A transfer (转让) or licence (许可) of one or more patents to an enterprise, with its value."""

    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("转让")
        LICENCE = "licence", _("许可")

    kind = models.CharField(_("方式"), max_length=10, choices=Kind.choices)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="patent_deals")
    counterparty = models.CharField(_("转让方/许可方"), max_length=200)
    patents = models.ManyToManyField("patents.Patent", verbose_name=_("专利"), related_name="deals")
    value = models.DecimalField(_("合同金额（万元）"), max_digits=14, decimal_places=2)
    signed_on = models.DateField(_("签订日期"))

    class Meta:
        verbose_name = _("专利转让许可")
        verbose_name_plural = _("专利转让许可")
        ordering = ["-signed_on", "pk"]

    def __str__(self) -> str:
        return f"专利{self.get_kind_display()}：{self.enterprise}（{self.signed_on:%Y-%m-%d}）"


class PledgeLoan(BaseModel):
    """A patent pledge loan: bank, amount, term, patents pledged, risk-pool cover, default."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="pledge_loans")
    bank = models.CharField(_("贷款银行"), max_length=100)
    amount = models.DecimalField(_("贷款金额（万元）"), max_digits=14, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"))
    lent_on = models.DateField(_("放款日期"))
    patents = models.ManyToManyField("patents.Patent", verbose_name=_("专利"), related_name="pledges")
    is_in_pool = models.BooleanField(_("纳入风险补偿资金池"), default=True)
    defaulted_on = models.DateField(_("违约日期"), null=True, blank=True)
    loss = models.DecimalField(_("违约损失（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("专利质押贷款")
        verbose_name_plural = _("专利质押贷款")
        ordering = ["-lent_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="pledge_loan_amount_positive")]

    def __str__(self) -> str:
        return f"{self.enterprise} 专利质押贷款（{self.bank}，{self.amount} 万元）"

    @property
    def pool_exposure(self) -> Decimal:
        return pool_exposure(self.amount, in_pool=self.is_in_pool)


class Achievement(BaseModel):
    """An entry of the achievements library (成果库, plan §二(四)): a patent or technology offered for transfer or
    licence by a university, institute or enterprise, placed in the holder's region. Patents are linked to the
    patent records (never retyped); the library joins the supply–demand matching through its industry section,
    chain and keywords (service_bodies.matching)."""

    class Kind(models.TextChoices):
        PATENT = "patent", _("专利")
        TECHNOLOGY = "technology", _("技术成果")

    class HolderKind(models.TextChoices):
        UNIVERSITY = "university", _("高校")
        INSTITUTE = "institute", _("科研院所")
        ENTERPRISE = "enterprise", _("企业")

    class Offer(models.TextChoices):
        TRANSFER = "transfer", _("转让")
        LICENCE = "licence", _("许可")
        EITHER = "either", _("转让或许可")

    title = models.CharField(_("成果名称"), max_length=200)
    kind = models.CharField(_("成果类型"), max_length=12, choices=Kind.choices)
    holder_kind = models.CharField(_("持有单位类型"), max_length=12, choices=HolderKind.choices)
    holder = models.CharField(_("持有单位"), max_length=200)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="achievements")  # the holder, when it is a registered enterprise
    patents = models.ManyToManyField("patents.Patent", verbose_name=_("专利"), related_name="achievements", blank=True)
    offer = models.CharField(_("交易方式"), max_length=10, choices=Offer.choices, default=Offer.EITHER)
    industry_section = models.CharField(_("行业门类"), max_length=1, blank=True)
    chain = models.ForeignKey("enterprises.IndustrialChain", verbose_name=_("产业链"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    keywords = models.CharField(_("关键词"), max_length=200, blank=True, help_text=_("以逗号或空格分隔"))
    description = models.TextField(_("成果简介"), blank=True)
    asking_price = models.DecimalField(_("参考价格（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    listed_on = models.DateField(_("入库日期"))
    is_open = models.BooleanField(_("可交易"), default=True)
    county = models.ForeignKey("regions.Region", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    city = models.ForeignKey("regions.Region", verbose_name=_("市州"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("成果库成果")
        verbose_name_plural = _("成果库成果")
        ordering = ["-listed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["holder", "title"], name="achievement_once_per_holder"),
            models.CheckConstraint(condition=models.Q(asking_price__isnull=True) | models.Q(asking_price__gte=0),
                                   name="achievement_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title


class NavigationProject(BaseModel):
    """A patent-navigation (专利导航) project per GB/T 39551-2020 《专利导航指南》 (programme-rules-2.md §7.5), e.g.
    for an industrial chain, with its provider, dates and report."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("区域规划类")
        INDUSTRY = "industry", _("产业规划类")
        ENTERPRISE = "enterprise", _("企业经营类")
        RESEARCH = "research", _("研发活动类")
        TALENT = "talent", _("人才管理类")

    name = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("导航类型（GB/T 39551）"), max_length=12, choices=Kind.choices)
    chain = models.ForeignKey("enterprises.IndustrialChain", verbose_name=_("产业链"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(_("导航对象（产业/企业/技术领域）"), max_length=200)
    client = models.CharField(_("委托单位"), max_length=200)
    provider = models.CharField(_("服务机构"), max_length=200)
    started_on = models.DateField(_("开始日期"))
    finished_on = models.DateField(_("完成日期"), null=True, blank=True)
    deliverable = models.CharField(_("成果报告名称"), max_length=200, blank=True)
    report = models.FileField(_("成果报告文件"), upload_to="ipfinance/navigation/%Y/", max_length=300, blank=True)
    report_name = models.CharField(_("报告原文件名"), max_length=200, blank=True)
    county = models.ForeignKey("regions.Region", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    city = models.ForeignKey("regions.Region", verbose_name=_("市州"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("专利导航项目")
        verbose_name_plural = _("专利导航项目")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="navigation_project_once_per_client"),
            models.CheckConstraint(condition=models.Q(finished_on__isnull=True)
                                   | models.Q(finished_on__gte=models.F("started_on")),
                                   name="navigation_project_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.name

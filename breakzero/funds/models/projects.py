"""Fund projects (programme-rules-2.md §6.5): targets, append-only payments, clawbacks and
recoveries, bans, vouchers, city opinions, fund calls and credit records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel

from breakzero.funds.models.budgets import MONEY, ZERO, AppendOnlyError, AppendOnlyQuerySet, Budget, Category, Fund  # noqa: F401


class SupportMode(models.TextChoices):
    GRANT = "grant", _("无偿补助")
    INTEREST = "interest", _("贷款贴息")
    AWARD = "award", _("奖励")
    POST_SUBSIDY = "post_subsidy", _("后补助")
    PURCHASE = "purchase", _("购买服务")
    VOUCHER = "voucher", _("服务券")
    EQUITY = "equity", _("股权投资")


class FundProject(BaseModel):
    """A supported project (项目法, post-subsidy or voucher) with its approved amount; payments,
    targets, acceptance and clawback hang off it. Exactly one beneficiary: enterprise or service body."""

    class Status(models.TextChoices):
        IMPLEMENTING = "implementing", _("实施中")
        ACCEPTED = "accepted", _("验收通过")
        FAILED = "failed", _("验收不通过")
        RECOVERED = "recovered", _("已追回")
        CLOSED = "closed", _("已结项")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="projects")
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="projects")
    support_mode = models.CharField(_("支持方式"), max_length=16, choices=SupportMode.choices, default=SupportMode.GRANT)
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="fund_projects")
    service_body = models.ForeignKey("service_bodies.ServiceBody", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="fund_projects")
    city = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField("calls.Application", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="fund_project")
    subsidy_allocation = models.OneToOneField("service_bodies.SubsidyAllocation", null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="fund_project")
    name = models.CharField(_("项目名称"), max_length=200)
    approved_amount = models.DecimalField(_("批准金额（元）"), **MONEY)
    approval_document = models.CharField(_("批准文号"), max_length=100, blank=True)
    approved_on = models.DateField(_("批准日期"))
    status = models.CharField(_("状态"), max_length=14, choices=Status.choices, default=Status.IMPLEMENTING)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    acceptance_note = models.TextField(_("验收意见"), blank=True)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("资金项目")
        verbose_name_plural = _("资金项目")
        constraints = [
            models.CheckConstraint(condition=Q(approved_amount__gte=0), name="project_amount_nonneg"),
            models.CheckConstraint(condition=Q(enterprise__isnull=False, service_body__isnull=True)
                                   | Q(enterprise__isnull=True, service_body__isnull=False), name="project_one_beneficiary"),
        ]
        indexes = [models.Index(fields=["fund", "year"]), models.Index(fields=["city", "year"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funds:project-detail", args=[self.pk])

    @property
    def beneficiary(self) -> Any:
        return self.enterprise or self.service_body

    @property
    def support_url(self) -> str:
        """The beneficiary's one view of support (every fund and year)."""
        kind, pk = ("enterprise", self.enterprise_id) if self.enterprise_id else ("body", self.service_body_id)
        return reverse("funds:support", args=[kind, pk])

    @property
    def outstanding(self) -> Decimal | None:
        """Approved minus paid; needs the `paid` annotation of `funds.selectors.projects_for`."""
        paid = getattr(self, "paid", None)
        return None if paid is None else self.approved_amount - paid


class PerformanceTarget(BaseModel):
    """A performance target set at approval; the beneficiary reports the actual."""

    project = models.ForeignKey(FundProject, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("绩效指标"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20)
    target_value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4)
    deadline = models.DateField(_("完成期限"))
    actual_value = models.DecimalField(_("实际完成值"), max_digits=20, decimal_places=4, null=True, blank=True)
    reported_on = models.DateField(_("填报日期"), null=True, blank=True)
    progress_note = models.TextField(_("进展说明"), blank=True)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("绩效目标")
        verbose_name_plural = _("绩效目标")

    def __str__(self) -> str:
        return f"{self.indicator} {self.target_value}{self.unit}"

    @property
    def is_met(self) -> bool | None:
        return None if self.actual_value is None else self.actual_value >= self.target_value


class Payment(models.Model):
    """One tranche paid (positive) or a reversing entry (negative, pointing at what it reverses).
    Append-only: never updated or deleted."""

    project = models.ForeignKey(FundProject, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    budget_document = models.CharField(_("预算文号"), max_length=100)
    paid_on = models.DateField(_("拨付日期"), db_index=True)
    payee_account_masked = models.CharField(_("收款账户（脱敏）"), max_length=40)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("拨付记录")
        verbose_name_plural = _("拨付记录")
        constraints = [
            models.CheckConstraint(condition=Q(reverses__isnull=True, amount__gt=0) | Q(reverses__isnull=False, amount__lt=0),
                                   name="payment_sign_matches_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.paid_on} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("拨付记录一经登记不得修改，请登记冲正记录。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("拨付记录一经登记不得删除，请登记冲正记录。")


class Clawback(BaseModel):
    """A decision to recover money (failed acceptance, misuse, falsification), with the ban it imposes."""

    class Reason(models.TextChoices):
        FAILED_ACCEPTANCE = "failed_acceptance", _("验收不通过")
        MISUSE = "misuse", _("挪用、截留资金")
        FALSIFICATION = "falsification", _("弄虚作假")

    project = models.ForeignKey(FundProject, on_delete=models.PROTECT, related_name="clawbacks")
    reason = models.CharField(_("追回事由"), max_length=20, choices=Reason.choices)
    amount_to_recover = models.DecimalField(_("应追回金额（元）"), **MONEY)
    decided_on = models.DateField(_("决定日期"))
    decision_document = models.CharField(_("决定文号"), max_length=100, blank=True)
    wording = models.TextField(_("决定内容"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-decided_on", "pk"]
        verbose_name = _("资金追回")
        verbose_name_plural = _("资金追回")
        constraints = [models.CheckConstraint(condition=Q(amount_to_recover__gte=0), name="clawback_amount_nonneg")]

    def __str__(self) -> str:
        return f"{self.project} {self.get_reason_display()}"


class Recovery(models.Model):
    """Money actually recovered under a clawback (append-only)."""

    clawback = models.ForeignKey(Clawback, on_delete=models.PROTECT, related_name="recoveries")
    amount = models.DecimalField(_("追回金额（元）"), **MONEY)
    recovered_on = models.DateField(_("追回日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["recovered_on", "pk"]
        verbose_name = _("追回到账")
        verbose_name_plural = _("追回到账")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_amount_positive")]

    def __str__(self) -> str:
        return f"{self.clawback_id} {self.recovered_on} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("追回到账记录不得修改。")
        super().save(*args, **kwargs)


class Ban(BaseModel):
    """A ban imposed by a clawback: an enterprise may not apply to the fund's calls (checked by the call
    eligibility); a service body gets no new post-subsidy project and redeems no voucher of the fund."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="bans")
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="fund_bans")
    service_body = models.ForeignKey("service_bodies.ServiceBody", verbose_name=_("服务机构"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="fund_bans")
    clawback = models.OneToOneField(Clawback, null=True, blank=True, on_delete=models.PROTECT, related_name="ban")
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("禁止申报")
        verbose_name_plural = _("禁止申报")
        constraints = [
            models.CheckConstraint(condition=Q(enterprise__isnull=False, service_body__isnull=True)
                                   | Q(enterprise__isnull=True, service_body__isnull=False), name="ban_one_party"),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.starts_on}–{self.ends_on or ''}"

    @property
    def party(self) -> Any:
        return self.enterprise or self.service_body

    def in_force_on(self, day: Any) -> bool:
        """Both edge dates are inside the ban (the last day of the ban is ends_on)."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Voucher(BaseModel):
    """A service voucher (服务券): issued to an enterprise, redeemed at a service body for a recorded
    service; redeeming creates the body's voucher project, which is then paid like any other."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("已发放")
        REDEEMED = "redeemed", _("已兑付服务")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="vouchers")
    year = models.PositiveSmallIntegerField(_("年度"))
    code = models.CharField(_("券号"), max_length=30, unique=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="fund_vouchers")
    face_value = models.DecimalField(_("面值（元）"), **MONEY)
    issued_on = models.DateField(_("发放日期"))
    expires_on = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    service_record = models.OneToOneField("service_bodies.ServiceRecord", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="voucher")
    project = models.OneToOneField(FundProject, null=True, blank=True, on_delete=models.PROTECT, related_name="voucher")
    redeemed_on = models.DateField(_("兑付日期"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "code"]
        verbose_name = _("服务券")
        verbose_name_plural = _("服务券")
        constraints = [models.CheckConstraint(condition=Q(face_value__gt=0), name="voucher_value_positive")]

    def __str__(self) -> str:
        return self.code


class CityOpinion(BaseModel):
    """The city-level joint review of a fund application (programme-rules-2.md §6.5 "市州 review opinions
    (工信, 财政)"): the 工信 opinion by the city official, the 财政 opinion by city finance. The engine's
    transition keeps the recommendation itself; this keeps the two departments' opinions beside it."""

    class Department(models.TextChoices):
        INDUSTRY = "industry", _("工信部门")
        FINANCE = "finance", _("财政部门")

    application = models.ForeignKey("calls.Application", on_delete=models.CASCADE, related_name="fund_opinions")
    department = models.CharField(_("部门"), max_length=10, choices=Department.choices)
    agrees = models.BooleanField(_("同意推荐"))
    opinion = models.TextField(_("意见"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["application", "department"]
        verbose_name = _("市州审核意见")
        verbose_name_plural = _("市州审核意见")
        constraints = [models.UniqueConstraint(fields=["application", "department"], name="city_opinion_unique")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.get_department_display()}"


class FundCall(BaseModel):
    """Links an engine call (项目法) to the fund, budget year and category it spends."""

    call = models.OneToOneField("calls.Call", on_delete=models.PROTECT, related_name="fund_call")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="calls")
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="calls")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="calls")

    class Meta:
        verbose_name = _("资金申报批次")
        verbose_name_plural = _("资金申报批次")

    def __str__(self) -> str:
        return f"{self.call} → {self.category}"


class CreditRecord(BaseModel):
    """A credit record the province keeps for the call check: "信用湖南" blacklisting or a serious
    safety/quality/environment bad-credit record (exclusion 4 of the 2022 call)."""

    class Kind(models.TextChoices):
        BLACKLIST = "blacklist", _("“信用湖南”黑名单")
        BAD_RECORD = "bad_record", _("严重安全、质量、环境失信记录")

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="credit_records")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    listed_on = models.DateField(_("列入日期"))
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=200)

    class Meta:
        ordering = ["-listed_on"]
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.get_kind_display()}"

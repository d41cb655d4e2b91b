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
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="patent_deals")
    counterparty = models.CharField(_("转让方/许可方"), max_length=200)
    patents = models.ManyToManyField("patents.Patent", related_name="deals")
    value = models.DecimalField(_("合同金额（万元）"), max_digits=14, decimal_places=2)
    signed_on = models.DateField(_("签订日期"))

    class Meta:
        ordering = ["-signed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.enterprise} {self.signed_on}"


class PledgeLoan(BaseModel):
    """A patent pledge loan: bank, amount, term, patents pledged, risk-pool cover, default."""

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="pledge_loans")
    bank = models.CharField(_("贷款银行"), max_length=100)
    amount = models.DecimalField(_("贷款金额（万元）"), max_digits=14, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"))
    lent_on = models.DateField(_("放款日期"))
    patents = models.ManyToManyField("patents.Patent", related_name="pledges")
    is_in_pool = models.BooleanField(_("纳入风险补偿资金池"), default=True)
    defaulted_on = models.DateField(_("违约日期"), null=True, blank=True)
    loss = models.DecimalField(_("违约损失（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-lent_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="pledge_loan_amount_positive")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.bank} {self.amount}"

    @property
    def pool_exposure(self) -> Decimal:
        return pool_exposure(self.amount, in_pool=self.is_in_pool)

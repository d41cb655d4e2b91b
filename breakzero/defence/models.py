"""民参军 units (programme-rules-2.md §5.1): the qualifications an enterprise holds, recorded without classified
detail (type, number, fields in open wording, validity)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class Qualification(BaseModel):
    class Kind(models.TextChoices):
        LICENCE = "licence", _("武器装备科研生产许可")
        SECRECY = "secrecy", _("保密资格")
        SUPPLIER = "supplier", _("装备承制单位资格")

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="defence_qualifications")
    kind = models.CharField(_("资格类型"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("证书编号"), max_length=60)
    fields = models.CharField(_("领域（公开表述）"), max_length=200, blank=True)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"))

    class Meta:
        verbose_name = _("民参军资格")
        verbose_name_plural = _("民参军资格")
        ordering = ["valid_until", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="defence_qualification_number_once"),
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")),
                                   name="defence_qualification_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.number}）"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_until

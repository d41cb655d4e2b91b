"""Talent records (programme-rules-2.md §4, plan §二(八)): leading talents and teams, flexibly hired experts,
training courses. People's phone numbers are personal data: masked unless the viewer may see them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class LeadingTalent(BaseModel):
    """A leading talent or team selected in a talent programme (e.g. 芙蓉计划), working for an enterprise."""

    class Kind(models.TextChoices):
        PERSON = "person", _("领军人才")
        TEAM = "team", _("创新团队")

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="leading_talents")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("姓名/团队名称"), max_length=100)
    programme = models.CharField(_("人才计划"), max_length=200)
    year = models.PositiveSmallIntegerField(_("入选年度"))
    field = models.CharField(_("领域"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("领军人才和创新团队")
        verbose_name_plural = _("领军人才和创新团队")
        ordering = ["-year", "enterprise__name", "name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "name", "programme", "year"], name="talent_once")]

    def __str__(self) -> str:
        return self.name


class FlexibleExpert(BaseModel):
    """An expert hired flexibly (柔性引进: 候鸟式, 兼职) by an enterprise: from where, for how long, days a year."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="flexible_experts")
    name = models.CharField(_("姓名"), max_length=50)
    from_organisation = models.CharField(_("来自单位"), max_length=200)
    agreement_start = models.DateField(_("协议开始"))
    agreement_end = models.DateField(_("协议结束"))
    days_per_year = models.PositiveSmallIntegerField(_("每年服务天数"), null=True, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("柔性引进专家")
        verbose_name_plural = _("柔性引进专家")
        ordering = ["-agreement_start", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(agreement_end__gte=models.F("agreement_start")),
                                              name="flexible_expert_period_in_order"),
                       models.CheckConstraint(condition=models.Q(days_per_year__lte=366),
                                              name="flexible_expert_days_in_year")]

    def __str__(self) -> str:
        return self.name


class TrainingCourse(BaseModel):
    """A training course held by an association or service body (hours, attendees, certificates)."""

    organiser = models.CharField(_("主办单位"), max_length=200)
    body = models.ForeignKey("service_bodies.ServiceBody", verbose_name=_("服务机构"), on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="training_courses")
    course = models.CharField(_("课程"), max_length=200)
    held_on = models.DateField(_("举办日期"))
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    attendees = models.PositiveIntegerField(_("参训人数"))
    certificates = models.PositiveIntegerField(_("发证人数"), default=0)
    county = models.ForeignKey("regions.Region", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    city = models.ForeignKey("regions.Region", verbose_name=_("市州"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["-held_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(certificates__lte=models.F("attendees")),
                                              name="training_certificates_within_attendees")]

    def __str__(self) -> str:
        return self.course


class ExchangeVisit(BaseModel):
    """An exchange or study visit for SME managers and technical staff (plan §二(八), §三(四)): organiser,
    destination, dates, participants, placed in the organising region."""

    organiser = models.CharField(_("组织单位"), max_length=200)
    theme = models.CharField(_("主题"), max_length=200)
    destination = models.CharField(_("考察地点/单位"), max_length=200)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"))
    participants = models.PositiveIntegerField(_("参加人数"))
    enterprises = models.PositiveIntegerField(_("参加企业数"), null=True, blank=True)
    county = models.ForeignKey("regions.Region", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    city = models.ForeignKey("regions.Region", verbose_name=_("市州"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("交流考察")
        verbose_name_plural = _("交流考察")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organiser", "theme", "started_on"], name="exchange_visit_once"),
            models.CheckConstraint(condition=models.Q(ended_on__gte=models.F("started_on")),
                                   name="exchange_visit_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.theme

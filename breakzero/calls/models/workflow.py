"""Programmes, calls (批次), applications and their recorded moves."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class Level(models.TextChoices):
    COUNTY = "county", _("区县")
    CITY = "city", _("市州")
    PROVINCE = "province", _("省级")


class State(models.TextChoices):
    """Application states. Submitting moves a draft to the first level of the call's chain
    (the "submitted" step of the plan is `at_county`, or `at_city` where the county is skipped)."""

    DRAFT = "draft", _("草稿")
    AT_COUNTY = "at_county", _("待区县推荐")
    AT_CITY = "at_city", _("待市州推荐")
    AT_PROVINCE = "at_province", _("待省级审核")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    SELECTED = "selected", _("拟入选")
    PUBLICITY = "publicity", _("公示中")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("退回修改")
    REFUSED = "refused", _("不予推荐")
    WITHDRAWN = "withdrawn", _("已撤回")


LEVEL_STATE = {Level.COUNTY: State.AT_COUNTY, Level.CITY: State.AT_CITY, Level.PROVINCE: State.AT_PROVINCE}
STATE_LEVEL = {state: level for level, state in LEVEL_STATE.items()}
CLOSED_STATES = (State.PUBLISHED, State.REFUSED, State.WITHDRAWN)


class Programme(BaseModel):
    """A stable programme (e.g. 省级企业技术中心认定) whose yearly calls run on the engine; its type
    (registered by a programme area through `calls.registry`) supplies rules, form and effects."""

    class ProgrammeLevel(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市州级")

    class Grant(models.TextChoices):
        TITLE = "title", _("称号")
        LISTING = "listing", _("入选名单")
        FUNDS = "funds", _("资金支持")

    name = models.CharField(_("项目名称"), max_length=100, unique=True)
    owner_department = models.CharField(_("主管处室"), max_length=100)
    level = models.CharField(_("层级"), max_length=12, choices=ProgrammeLevel.choices, default=ProgrammeLevel.PROVINCIAL)
    grants = models.CharField(_("支持方式"), max_length=12, choices=Grant.choices, default=Grant.TITLE)
    programme_type = models.CharField(_("项目类型"), max_length=40, db_index=True)
    review_chain = models.JSONField(_("推荐层级"), default=list, help_text=_("如 [\"county\", \"city\", \"province\"]"))
    has_expert_review = models.BooleanField(_("专家评审"), default=True)
    allows_invitation = models.BooleanField(_("免申即享（可代为发起申报）"), default=False)
    form_template = models.JSONField(_("申报表模板"), default=list, blank=True)
    attachment_template = models.JSONField(_("附件模板"), default=list, blank=True)
    scoring_template = models.JSONField(_("评分方案模板"), default=dict, blank=True)
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("申报项目")
        verbose_name_plural = _("申报项目")

    def __str__(self) -> str:
        return self.name


class Call(BaseModel):
    """One yearly call (批次) of a programme: 文号, deadlines per level, quotas, rule set, form, scoring."""

    class Status(models.TextChoices):
        OPEN = "open", _("申报中")
        PUBLICITY = "publicity", _("公示中")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已结束")

    programme = models.ForeignKey(Programme, verbose_name=_("申报项目"), on_delete=models.PROTECT, related_name="calls")
    document_number = models.CharField(_("通知文号"), max_length=100)
    title = models.CharField(_("通知标题"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    opens_on = models.DateField(_("开始申报"))
    enterprise_deadline = models.DateField(_("企业申报截止"))
    county_deadline = models.DateField(_("区县推荐截止"), null=True, blank=True)
    city_deadline = models.DateField(_("市州推荐截止"), null=True, blank=True)
    rule_set = models.CharField(_("规则版本"), max_length=60, blank=True)
    review_chain = models.JSONField(_("推荐层级"), default=list)
    has_expert_review = models.BooleanField(_("专家评审"), default=True)
    # Who decides after the experts (拟入选 / 不予推荐): the province, as in every provincial call, unless a
    # programme area's call is decided lower (a contest's county 初赛 and 市州 复赛, programme-rules-2.md §5.2).
    decided_by = models.CharField(_("专家评审后确定层级"), max_length=12, choices=Level.choices, default=Level.PROVINCE)
    allows_invitation = models.BooleanField(_("免申即享"), default=False)
    form_fields = models.JSONField(_("申报表字段"), default=list, blank=True)
    attachments = models.JSONField(_("附件要求"), default=list, blank=True)
    scoring = models.JSONField(_("评分方案"), default=dict, blank=True)
    publicity_working_days = models.PositiveSmallIntegerField(_("公示工作日数"), default=5)
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示结束"), null=True, blank=True)
    objection_channel = models.CharField(_("异议受理方式"), max_length=300, blank=True)
    published_document_number = models.CharField(_("发布文号"), max_length=100, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-year", "-opens_on", "-pk"]
        verbose_name = _("申报批次")
        verbose_name_plural = _("申报批次")
        constraints = [models.UniqueConstraint(fields=["programme", "document_number"], name="call_unique_document")]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"

    @property
    def review_chain_labels(self) -> list[str]:
        """The recommendation chain in words (区县 → 市州 → 省级), as the call page shows it."""
        return [Level(level).label if level in Level.values else level for level in self.review_chain]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("calls:call-detail", args=[self.pk])

    def deadline_for(self, level: str) -> dt.date | None:
        return {"county": self.county_deadline, "city": self.city_deadline}.get(level)


class CallQuota(models.Model):
    """How many applications a county or city may recommend in a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="quotas")
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+")
    quota = models.PositiveIntegerField(_("推荐名额"))

    class Meta:
        verbose_name = _("推荐名额")
        verbose_name_plural = _("推荐名额")
        constraints = [models.UniqueConstraint(fields=["call", "region"], name="call_quota_unique")]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.quota}"


class Application(BaseModel):
    """An enterprise's application in a call (or an invitation made on its behalf, 免申即享).
    The county and city are copied at creation so every scoped list is an indexed read.

    A programme area that puts applications on the engine itself may name an applicant that is not (yet) an
    enterprise: a 创客组 team of a contest stage (programme-rules-2.md §5.2: "applicant (USCC or team leader +
    members)"). Such an application has no enterprise, its `applicant_name`, and the region of its registration;
    enterprises never file one (only types with `filed_by_applicants=False` create them)."""

    call = models.ForeignKey(Call, verbose_name=_("申报批次"), on_delete=models.CASCADE, related_name="applications")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="call_applications", null=True, blank=True)
    applicant_name = models.CharField(_("申报主体（非企业）"), max_length=200, blank=True,
                                      help_text=_("无企业的申报主体，如创客组团队"))
    county = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    city = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    form_data = models.JSONField(_("申报内容"), default=dict, blank=True)
    prefilled = models.JSONField(_("平台预填数据"), default=dict, blank=True)
    eligibility = models.JSONField(_("条件核验结果"), default=dict, blank=True)
    eligibility_passed = models.BooleanField(_("条件核验通过"), null=True, blank=True)
    is_invited = models.BooleanField(_("免申即享邀请"), default=False)
    level_rank = models.PositiveIntegerField(_("本级排序"), null=True, blank=True)
    score = models.DecimalField(_("专家评分"), max_digits=7, decimal_places=2, null=True, blank=True)
    score_count = models.PositiveSmallIntegerField(_("评分人数"), default=0)
    score_flagged = models.BooleanField(_("评分离群"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["level_rank", "pk"]
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        constraints = [
            models.UniqueConstraint(fields=["call", "enterprise"], name="call_application_unique"),
            # an application names an enterprise or, where the programme area files it, another applicant
            models.CheckConstraint(condition=models.Q(enterprise__isnull=False) | ~models.Q(applicant_name=""),
                                   name="call_application_has_applicant"),
        ]
        indexes = [
            models.Index(fields=["call", "state", "level_rank"]),
            models.Index(fields=["call", "city", "state"]),
            models.Index(fields=["call", "county", "state"]),
            models.Index(fields=["enterprise", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.enterprise_id} {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("calls:application-detail", args=[self.pk])

    @property
    def level(self) -> str | None:
        return STATE_LEVEL.get(self.state)

    @property
    def applicant(self) -> str:
        """Who applied, in words: the enterprise's name, or the applicant without an enterprise (a team)."""
        return self.enterprise.name if self.enterprise_id else self.applicant_name


class Transition(models.Model):
    """One recorded move of an application (written by `calls.workflow` only), with the check-up
    result the decision was taken beside."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("操作"), max_length=20)
    level = models.CharField(_("层级"), max_length=12, blank=True)
    from_state = models.CharField(_("原状态"), max_length=16, choices=State.choices)
    to_state = models.CharField(_("新状态"), max_length=16, choices=State.choices)
    reason = models.TextField(_("意见"), blank=True)
    rank = models.PositiveIntegerField(_("排序"), null=True, blank=True)
    eligibility_passed = models.BooleanField(_("当时条件核验"), null=True, blank=True)
    against_eligibility = models.BooleanField(_("与核验结果不一致"), default=False)
    at = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")

    def __str__(self) -> str:
        return f"{self.application_id} {self.from_state}→{self.to_state}"

    @property
    def action_label(self) -> str:
        """The action in words (the history shows 推荐, not recommend)."""
        from breakzero.calls.workflow import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)

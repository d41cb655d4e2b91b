"""Data sets, reporting windows, submissions, validation rules and period locks (联网直报 / DHIS2 style)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class PeriodType(models.TextChoices):
    YEAR = "year", _("年报")
    QUARTER = "quarter", _("季报")
    MONTH = "month", _("月报")


class DataSet(BaseModel):
    """A reporting form: its fields, its period type and who reports it."""

    class Reporters(models.TextChoices):
        PARTICIPANTS = "participants", _("当年参与行动的中小企业")
        LIST = "list", _("指定企业名单")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    period_type = models.CharField(_("报告期类型"), max_length=10, choices=PeriodType.choices, default=PeriodType.YEAR)
    reporters = models.CharField(_("填报对象"), max_length=20, choices=Reporters.choices, default=Reporters.PARTICIPANTS)
    chosen = models.ManyToManyField("enterprises.Enterprise", verbose_name=_("指定企业"), blank=True, related_name="+")
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("数据集")
        verbose_name_plural = _("数据集")

    def __str__(self) -> str:
        return self.name


class DataField(BaseModel):
    """One field of a data set; `year_field` names the EnterpriseYear column it feeds (blank: province-added)."""

    class Kind(models.TextChoices):
        NUMBER = "number", _("数值")
        AMOUNT = "amount", _("金额")
        PERCENTAGE = "percentage", _("百分比")
        CHOICE = "choice", _("选项")
        TEXT = "text", _("文本")

    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="fields")
    code = models.SlugField(_("字段代码"), max_length=40)
    label = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.AMOUNT)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    choices = models.TextField(_("选项（每行一个）"), blank=True)
    year_field = models.CharField(_("对应企业年度数据字段"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["dataset", "order", "pk"]
        verbose_name = _("数据项")
        verbose_name_plural = _("数据项")
        constraints = [models.UniqueConstraint(fields=["dataset", "code"], name="reporting_field_unique")]

    def __str__(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class ValidationRule(BaseModel):
    """A check stored as data (breakzero.rules.report_checks vocabulary); the province edits it."""

    class Kind(models.TextChoices):
        HARD = "hard", _("强制性（拒收）")
        SOFT = "soft", _("核实性（需说明）")

    class Operator(models.TextChoices):
        REQUIRED = "required", _("必填")
        LE = "le", "≤"
        LT = "lt", "<"
        GE = "ge", "≥"
        GT = "gt", ">"
        BETWEEN = "between", _("在区间内")
        CHANGE_WITHIN = "change_within", _("较上期变动不超过倍数")
        PERCENTILE_WITHIN = "percentile_within", _("在本地区同行业 1%–99% 分位内")

    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="rules")
    code = models.SlugField(_("规则代码"), max_length=40)
    kind = models.CharField(_("类型"), max_length=4, choices=Kind.choices)
    field = models.CharField(_("字段"), max_length=40)
    per_field = models.CharField(_("除以字段（按百分比）"), max_length=40, blank=True)
    operator = models.CharField(_("运算"), max_length=20, choices=Operator.choices)
    other_field = models.CharField(_("比较字段"), max_length=40, blank=True)
    constant = models.DecimalField(_("常数／下限／倍数"), max_digits=16, decimal_places=4, null=True, blank=True)
    constant2 = models.DecimalField(_("上限"), max_digits=16, decimal_places=4, null=True, blank=True)
    message_zh = models.CharField(_("提示（中文）"), max_length=200)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["dataset", "kind", "code"]
        verbose_name = _("审核规则")
        verbose_name_plural = _("审核规则")
        constraints = [models.UniqueConstraint(fields=["dataset", "code"], name="reporting_rule_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.message_zh}"


class ReportingWindow(BaseModel):
    """One period of a data set open for reporting: open, due (later is late) and close dates."""

    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="windows")
    period = models.CharField(_("报告期"), max_length=10, help_text=_("如 2025、2025Q1、2025-03"))
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    opens_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("截止日期"))
    closes_on = models.DateField(_("关闭日期"))

    class Meta:
        ordering = ["-year", "dataset", "-period"]
        verbose_name = _("填报期")
        verbose_name_plural = _("填报期")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "period"], name="reporting_window_unique"),
            models.CheckConstraint(
                condition=models.Q(opens_on__lte=models.F("due_on")) & models.Q(due_on__lte=models.F("closes_on")),
                name="reporting_window_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset.name} {self.period}"


class Submission(BaseModel):
    """An enterprise's report for one window; accepted figures are written into EnterpriseYear."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("已退回")
        ACCEPTED = "accepted", _("已通过")

    window = models.ForeignKey(ReportingWindow, on_delete=models.PROTECT, related_name="submissions")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="submissions")
    county = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    values = models.JSONField(_("填报数据"), default=dict, blank=True)
    questions = models.JSONField(_("核实性问题"), default=list, blank=True, help_text=_("[{code, field, message_zh, explanation}]"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_late = models.BooleanField(_("逾期"), default=False)
    is_entered_by_official = models.BooleanField(_("由主管部门录入"), default=False)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    return_reason = models.TextField(_("退回原因"), blank=True)
    reopened_until = models.DateField(_("补报截止"), null=True, blank=True)

    class Meta:
        ordering = ["window", "enterprise"]
        verbose_name = _("填报")
        verbose_name_plural = _("填报")
        constraints = [models.UniqueConstraint(fields=["window", "enterprise"], name="reporting_submission_unique")]
        indexes = [models.Index(fields=["window", "county", "status"])]

    def __str__(self) -> str:
        return f"{self.window_id}·{self.enterprise_id} {self.get_status_display()}"


EVENT_LABELS = {"submit": _("提交"), "accept": _("审核通过"), "return": _("退回修改"), "reopen": _("重新开放"),
                "correct": _("更正")}


class SubmissionEvent(BaseModel):
    """The audit trail of a submission: submit, return, accept, reopen, correction."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("说明"), blank=True)
    before = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("填报记录")
        verbose_name_plural = _("填报记录")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.action}"

    @property
    def action_label(self) -> str:
        """The action in words, as the submission's history shows it."""
        return EVENT_LABELS.get(self.action, self.action)


class PeriodLock(BaseModel):
    """A window locked for a region (a county by the county, a city's counties by the city)."""

    window = models.ForeignKey(ReportingWindow, on_delete=models.CASCADE, related_name="locks")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("锁定")
        verbose_name_plural = _("锁定")
        constraints = [models.UniqueConstraint(fields=["window", "region"], name="reporting_lock_unique")]

    def __str__(self) -> str:
        return f"{self.window_id} {self.region_id}"


class CorrectionRequest(BaseModel):
    """A change to a locked period's accepted figures, approved one level above the requester."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("已驳回")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="corrections")
    values = models.JSONField(_("更正后数据"))
    reason = models.TextField(_("更正原因"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("更正申请")
        verbose_name_plural = _("更正申请")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.get_status_display()}"


class ReminderLog(BaseModel):
    """One reminder sent, so that running the command again sends nothing twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("截止前提醒企业")
        COUNTY_LATE = "county_late", _("提醒县市区逾期企业")

    window = models.ForeignKey(ReportingWindow, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    recipient_key = models.CharField(max_length=40, help_text="enterprise pk or county code")
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("催报记录")
        verbose_name_plural = _("催报记录")
        constraints = [
            models.UniqueConstraint(fields=["window", "kind", "recipient_key", "sent_on"], name="reporting_reminder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.window_id} {self.kind} {self.recipient_key} {self.sent_on}"


class EnterpriseRegistration(BaseModel):
    """An enterprise's self-registration, confirmed or refused by its county."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REFUSED = "refused", _("已拒绝")

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    name = models.CharField(_("企业名称"), max_length=200)
    county = models.ForeignKey("regions.Region", verbose_name=_("所在县市区"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    contact_person = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    industry_code = models.CharField(_("国民经济行业代码"), max_length=4, blank=True)
    username = models.CharField(_("用户名"), max_length=150)
    password_hash = models.CharField(max_length=256)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("拒绝原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("企业注册申请")
        verbose_name_plural = _("企业注册申请")

    def __str__(self) -> str:
        return f"{self.name} {self.get_status_display()}"


class EnterpriseAdministrator(BaseModel):
    """The user who manages an enterprise's other users (the first confirmed registrant)."""

    enterprise = models.OneToOneField("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("企业管理员")
        verbose_name_plural = _("企业管理员")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.user_id}"


class PercentileBand(BaseModel):
    """The 1st–99th percentile of one register figure for a region, an industry division and a year
    (a summary table, refreshed when accepted data changes; the percentile soft rule reads it)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+")
    industry = models.CharField(_("行业大类"), max_length=2)
    field = models.CharField(_("数据项"), max_length=40)
    low = models.DecimalField(_("1% 分位"), max_digits=18, decimal_places=2)
    high = models.DecimalField(_("99% 分位"), max_digits=18, decimal_places=2)
    count = models.PositiveIntegerField(_("企业数"))

    class Meta:
        verbose_name = _("分位区间")
        verbose_name_plural = _("分位区间")
        constraints = [models.UniqueConstraint(fields=["year", "region", "industry", "field"],
                                               name="reporting_band_unique")]
        indexes = [models.Index(fields=["year", "industry", "region"])]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id} {self.industry} {self.field}"

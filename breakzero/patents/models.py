"""Patents, their applicants (each attributed to an enterprise or not), change history,
the near-match review queue and the computed break-zero events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class PatentKind(models.TextChoices):
    INVENTION = "invention", _("发明")
    UTILITY_MODEL = "utility_model", _("实用新型")
    DESIGN = "design", _("外观设计")
    PCT_INVENTION = "pct_invention", _("PCT发明")
    PCT_UTILITY_MODEL = "pct_utility_model", _("PCT实用新型")


INVENTION_KINDS = (PatentKind.INVENTION.value, PatentKind.PCT_INVENTION.value)


class LegalStatus(models.TextChoices):
    PENDING = "pending", _("审中")
    GRANTED = "granted", _("有效（已授权）")
    REJECTED = "rejected", _("驳回")
    WITHDRAWN = "withdrawn", _("撤回")
    LAPSED = "lapsed", _("失效")
    INVALIDATED = "invalidated", _("无效")
    TRANSFERRED = "transferred", _("权利转移")
    OTHER = "other", _("其他")
    UNKNOWN = "unknown", _("未填写")


class Patent(BaseModel):
    """One patent application (keyed by its normalised application number, codes.md §2.4).

    Indexes are kept to what queries use: a million-row import pays for every index.
    """

    created_at = models.DateTimeField(auto_now_add=True)  # BaseModel's, without its index

    # unique through Meta.constraints, not unique=True: on PostgreSQL that also adds a
    # varchar_pattern_ops (LIKE) index no query uses, which every import would maintain
    application_number = models.CharField(_("申请号"), max_length=20)
    kind = models.CharField(_("专利类型"), max_length=20, choices=PatentKind.choices)
    title = models.CharField(_("发明名称"), max_length=500, blank=True)
    application_date = models.DateField(_("申请日"), null=True, blank=True)
    publication_number = models.CharField(_("公开（公告）号"), max_length=30, blank=True)
    publication_date = models.DateField(_("公开（公告）日"), null=True, blank=True)
    grant_date = models.DateField(_("授权公告日"), null=True, blank=True)
    legal_status = models.CharField(
        _("法律状态"), max_length=20, choices=LegalStatus.choices, default=LegalStatus.UNKNOWN
    )
    legal_status_raw = models.CharField(_("法律状态（原文）"), max_length=100, blank=True)
    ipc_main = models.CharField(_("主分类号"), max_length=50, blank=True)
    source_file = models.CharField(_("来源文件"), max_length=255, blank=True)

    class Meta:
        ordering = ["-application_date", "application_number"]
        verbose_name = _("专利")
        verbose_name_plural = _("专利")
        constraints = [models.UniqueConstraint(fields=["application_number"], name="patent_application_number_unique")]

    def __str__(self) -> str:
        return f"{self.application_number} {self.title}"

    @property
    def is_invention(self) -> bool:
        return self.kind in INVENTION_KINDS


class ApplicantType(models.TextChoices):
    ENTERPRISE = "enterprise", _("在册企业")
    UNREGISTERED = "unregistered", _("未在册企业")
    PERSON = "person", _("个人")
    UNIVERSITY = "university", _("高校")
    INSTITUTE = "institute", _("科研院所")
    OTHER = "other", _("其他机构")


class MatchMethod(models.TextChoices):
    USCC = "uscc", _("统一社会信用代码")
    NAME = "name", _("企业名称")
    FORMER_NAME = "former_name", _("曾用名")
    ALIAS = "alias", _("确认的别名")
    BRANCH = "branch", _("分公司归总公司")
    REVIEW = "review", _("人工确认")
    NONE = "none", _("未匹配")


class PatentApplicant(models.Model):
    """An applicant of a patent in file order; `enterprise` set when attributed.

    Written only by the set-based importer (rows come from a join on Patent and the
    register) and the review service. The foreign keys carry no database constraint:
    a per-row RI trigger doubled the time of a million-row import (BENCHMARKS.md);
    deletions still cascade / set null through Django's on_delete.
    """

    patent = models.ForeignKey(
        Patent, on_delete=models.CASCADE, related_name="applicants", db_constraint=False, db_index=False
    )  # the (patent, position) unique constraint is the index
    position = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("申请人"), max_length=200)
    name_normalized = models.CharField(_("规范化名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码（文件）"), max_length=18, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, related_name="patent_applicants",
        db_constraint=False, db_index=False,
    )  # indexed by (enterprise, patent) below
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    match_method = models.CharField(_("匹配方式"), max_length=20, choices=MatchMethod.choices, default=MatchMethod.NONE)

    class Meta:
        ordering = ["patent", "position"]
        verbose_name = _("专利申请人")
        verbose_name_plural = _("专利申请人")
        constraints = [models.UniqueConstraint(fields=["patent", "position"], name="patent_applicant_position_unique")]
        indexes = [
            models.Index(fields=["enterprise", "patent"], name="patent_applicant_ent_ix"),
            # a review confirmation attributes the unattributed applicants of one name
            models.Index(
                fields=["name_normalized"], name="patent_applicant_open_name_ix", condition=Q(enterprise__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PatentChange(models.Model):
    """History: one changed field of a patent on a re-import (written set-based)."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("字段"), max_length=40)
    old_value = models.CharField(_("原值"), max_length=500, blank=True)
    new_value = models.CharField(_("新值"), max_length=500, blank=True)
    source_file = models.CharField(_("来源文件"), max_length=255, blank=True)
    changed_at = models.DateTimeField(_("变更时间"), db_index=True)

    class Meta:
        ordering = ["-changed_at", "pk"]
        verbose_name = _("专利变更记录")
        verbose_name_plural = _("专利变更记录")

    def __str__(self) -> str:
        return f"{self.patent_id} {self.field}: {self.old_value} → {self.new_value}"


class ReviewItem(BaseModel):
    """A near match between an applicant name and a registered enterprise, awaiting a decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已否决")

    applicant_name = models.CharField(_("申请人名称"), max_length=200)
    name_normalized = models.CharField(_("规范化名称"), max_length=200, db_index=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="patent_review_items", verbose_name=_("候选企业")
    )
    score = models.FloatField(_("相似度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "applicant_name"]
        verbose_name = _("申请人匹配待确认")
        verbose_name_plural = _("申请人匹配待确认")
        constraints = [
            models.UniqueConstraint(fields=["name_normalized", "enterprise"], name="review_item_name_enterprise_unique")
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name} ≈ {self.enterprise_id} ({self.score:.0f})"


class BreakZeroEvent(BaseModel):
    """An enterprise's break-zero (computed by break_zero.py; one per enterprise)."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="break_zero_event"
    )
    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="break_zero_events")
    break_zero_date = models.DateField(_("破零日期"))
    year = models.PositiveSmallIntegerField(_("破零年度"), db_index=True)
    size = models.CharField(_("当年规模"), max_length=10, blank=True)
    is_sme = models.BooleanField(_("当年为中小企业"), default=True)
    size_known = models.BooleanField(_("规模已知"), default=True)
    basis = models.CharField(_("口径"), max_length=12, default="grant")

    class Meta:
        ordering = ["-break_zero_date"]
        verbose_name = _("破零事件")
        verbose_name_plural = _("破零事件")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.break_zero_date}"

    @property
    def is_before_programme(self) -> bool:
        return self.year < 2020

    @property
    def counts(self) -> bool:
        """Counts towards the programme: in 2020 or later and an SME (or size unknown)."""
        return self.is_sme and not self.is_before_programme

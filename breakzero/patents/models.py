"""Patents, their applicants (each attributed to an enterprise or not), change history,
the near-match review queue and the computed break-zero events."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from breakzero.core.models import BaseModel


class PatentKind(models.TextChoices):
    INVENTION = "invention", "发明"
    UTILITY_MODEL = "utility_model", "实用新型"
    DESIGN = "design", "外观设计"
    PCT_INVENTION = "pct_invention", "PCT发明"
    PCT_UTILITY_MODEL = "pct_utility_model", "PCT实用新型"


INVENTION_KINDS = (PatentKind.INVENTION.value, PatentKind.PCT_INVENTION.value)


class LegalStatus(models.TextChoices):
    PENDING = "pending", "审中"
    GRANTED = "granted", "有效（已授权）"
    REJECTED = "rejected", "驳回"
    WITHDRAWN = "withdrawn", "撤回"
    LAPSED = "lapsed", "失效"
    INVALIDATED = "invalidated", "无效"
    TRANSFERRED = "transferred", "权利转移"
    OTHER = "other", "其他"
    UNKNOWN = "unknown", "未填写"


class Patent(BaseModel):
    """One patent application (keyed by its normalised application number, codes.md §2.4).

    Indexes are kept to what queries use: a million-row import pays for every index.
    """

    created_at = models.DateTimeField(auto_now_add=True)  # BaseModel's, without its index

    application_number = models.CharField("申请号", max_length=20, unique=True)
    kind = models.CharField("专利类型", max_length=20, choices=PatentKind.choices)
    title = models.CharField("发明名称", max_length=500, blank=True)
    application_date = models.DateField("申请日", null=True, blank=True)
    publication_number = models.CharField("公开（公告）号", max_length=30, blank=True)
    publication_date = models.DateField("公开（公告）日", null=True, blank=True)
    grant_date = models.DateField("授权公告日", null=True, blank=True)
    legal_status = models.CharField(
        "法律状态", max_length=20, choices=LegalStatus.choices, default=LegalStatus.UNKNOWN
    )
    legal_status_raw = models.CharField("法律状态（原文）", max_length=100, blank=True)
    ipc_main = models.CharField("主分类号", max_length=50, blank=True)
    source_file = models.CharField("来源文件", max_length=255, blank=True)

    class Meta:
        ordering = ["-application_date", "application_number"]
        verbose_name = "专利"
        verbose_name_plural = "专利"

    def __str__(self) -> str:
        return f"{self.application_number} {self.title}"

    @property
    def is_invention(self) -> bool:
        return self.kind in INVENTION_KINDS


class ApplicantType(models.TextChoices):
    ENTERPRISE = "enterprise", "在册企业"
    UNREGISTERED = "unregistered", "未在册企业"
    PERSON = "person", "个人"
    UNIVERSITY = "university", "高校"
    INSTITUTE = "institute", "科研院所"
    OTHER = "other", "其他机构"


class MatchMethod(models.TextChoices):
    USCC = "uscc", "统一社会信用代码"
    NAME = "name", "企业名称"
    FORMER_NAME = "former_name", "曾用名"
    ALIAS = "alias", "确认的别名"
    BRANCH = "branch", "分公司归总公司"
    REVIEW = "review", "人工确认"
    NONE = "none", "未匹配"


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
    position = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("申请人", max_length=200)
    name_normalized = models.CharField("规范化名称", max_length=200)
    uscc = models.CharField("统一社会信用代码（文件）", max_length=18, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, related_name="patent_applicants",
        db_constraint=False, db_index=False,
    )  # indexed by (enterprise, patent) below
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    match_method = models.CharField("匹配方式", max_length=20, choices=MatchMethod.choices, default=MatchMethod.NONE)

    class Meta:
        ordering = ["patent", "position"]
        verbose_name = "专利申请人"
        verbose_name_plural = "专利申请人"
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
    field = models.CharField("字段", max_length=40)
    old_value = models.CharField("原值", max_length=500, blank=True)
    new_value = models.CharField("新值", max_length=500, blank=True)
    source_file = models.CharField("来源文件", max_length=255, blank=True)
    changed_at = models.DateTimeField("变更时间", db_index=True)

    class Meta:
        ordering = ["-changed_at", "pk"]
        verbose_name = "专利变更记录"
        verbose_name_plural = "专利变更记录"

    def __str__(self) -> str:
        return f"{self.patent_id} {self.field}: {self.old_value} → {self.new_value}"


class ReviewItem(BaseModel):
    """A near match between an applicant name and a registered enterprise, awaiting a decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已否决"

    applicant_name = models.CharField("申请人名称", max_length=200)
    name_normalized = models.CharField("规范化名称", max_length=200, db_index=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="patent_review_items", verbose_name="候选企业"
    )
    score = models.FloatField("相似度")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        ordering = ["-score", "applicant_name"]
        verbose_name = "申请人匹配待确认"
        verbose_name_plural = "申请人匹配待确认"
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
    break_zero_date = models.DateField("破零日期")
    year = models.PositiveSmallIntegerField("破零年度", db_index=True)
    size = models.CharField("当年规模", max_length=10, blank=True)
    is_sme = models.BooleanField("当年为中小企业", default=True)
    size_known = models.BooleanField("规模已知", default=True)
    basis = models.CharField("口径", max_length=12, default="grant")

    class Meta:
        ordering = ["-break_zero_date"]
        verbose_name = "破零事件"
        verbose_name_plural = "破零事件"

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.break_zero_date}"

    @property
    def is_before_programme(self) -> bool:
        return self.year < 2020

    @property
    def counts(self) -> bool:
        """Counts towards the programme: in 2020 or later and an SME (or size unknown)."""
        return self.is_sme and not self.is_before_programme

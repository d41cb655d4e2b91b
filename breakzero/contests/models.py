"""创客中国 and the other contests the plan names (programme-rules-2.md §5.2): editions, entries (企业组 /
创客组), stage results scored by judges, awards."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class Contest(BaseModel):
    """One edition of a contest (e.g. 2023 “创客中国”湖南省中小企业创新创业大赛)."""

    class Kind(models.TextChoices):
        MAKER_CHINA = "maker_china", _("创客中国")
        INFO_CONSUMPTION = "info_consumption", _("新型信息消费大赛")
        AI_INNOVATION = "ai_innovation", _("人工智能创新大赛")

    kind = models.CharField(_("赛事"), max_length=20, choices=Kind.choices, default=Kind.MAKER_CHINA)
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=200)
    registration_opens_on = models.DateField(_("报名开始"))
    registration_closes_on = models.DateField(_("报名截止"))
    # §5.2: the provincial review selects the final's entrants per group (2023: 20 企业组 + 10 创客组); the numbers
    # are the edition's, set by the province, never code.
    final_quota_enterprise = models.PositiveSmallIntegerField(_("决赛名额（企业组）"), null=True, blank=True)
    final_quota_maker = models.PositiveSmallIntegerField(_("决赛名额（创客组）"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("大赛届次")
        verbose_name_plural = _("大赛届次")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="contest_one_edition_a_year")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contests:contest-detail", args=[self.pk])


class Stage(models.TextChoices):
    """§5.2 (2023, CONFIRMED): county/park 初赛 → 市州 复赛 → 市州 recommendation and the provincial expert review
    of the recommended projects → the provincial final."""

    REGISTERED = "registered", _("已报名")
    PRELIMINARY = "preliminary", _("初赛")
    SEMI_FINAL = "semi_final", _("复赛")
    PROVINCIAL = "provincial", _("省级评审")
    FINAL = "final", _("决赛")


STAGE_ORDER = [Stage.PRELIMINARY, Stage.SEMI_FINAL, Stage.PROVINCIAL, Stage.FINAL]


class Entry(BaseModel):
    """A registration: an enterprise (企业组) or a team with a leader (创客组), placed in a region."""

    class Group(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业组")
        MAKER = "maker", _("创客组")

    class Award(models.TextChoices):
        NONE = "", _("—")
        FIRST = "first", _("一等奖")
        SECOND = "second", _("二等奖")
        THIRD = "third", _("三等奖")
        EXCELLENCE = "excellence", _("优秀奖")

    class National(models.TextChoices):
        NONE = "", _("—")
        TOP500 = "top500", _("全国500强")
        TOP50 = "top50", _("全国50强")
        # a national award without a top-500/top-50 placing recorded: not a 63号 direct condition (those name the
        # placings only, policy-rules.md §2.2-2.3)
        AWARD = "award", _("全国赛获奖")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    group = models.CharField(_("组别"), max_length=10, choices=Group.choices)
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="contest_entries")
    team_name = models.CharField(_("团队名称"), max_length=200, blank=True)
    team_leader = models.CharField(_("团队负责人"), max_length=50, blank=True)  # personal data: masked in lists
    team_members = models.CharField(_("团队成员"), max_length=500, blank=True)  # personal data: masked in lists
    project = models.CharField(_("参赛项目"), max_length=200)
    county = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField(_("报名日期"))
    is_registered_online = models.BooleanField(_("已在大赛管理系统在线报名"), null=True, blank=True)
    prior_awards = models.JSONField(_("以往获奖（申报）"), default=list, blank=True)
    stage = models.CharField(_("已进入阶段"), max_length=12, choices=Stage.choices, default=Stage.REGISTERED)
    award = models.CharField(_("奖项"), max_length=12, choices=Award.choices, blank=True, default="")
    # The national contest's result for an entry the province recommended (§5.2; 63号: national top 500 / top 50
    # within 3 years is a direct condition for 专精特新 / 小巨人).
    national_result = models.CharField(_("全国赛结果"), max_length=8, choices=National.choices, blank=True, default="")
    is_recommended_national = models.BooleanField(_("已推荐参加全国赛"), default=False)
    # The entry's applications on the engine, one per stage it entered (an enterprise's or a team's).
    applications = models.ManyToManyField("calls.Application", verbose_name=_("各阶段评审记录"), blank=True,
                                          related_name="contest_entries")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["contest", "group", "project", "pk"]
        verbose_name = _("参赛项目")
        verbose_name_plural = _("参赛项目")
        constraints = [models.UniqueConstraint(fields=["contest", "enterprise"], condition=models.Q(enterprise__isnull=False),
                                               name="contest_entry_enterprise_once")]

    def __str__(self) -> str:
        return self.project

    def get_absolute_url(self) -> str:
        return reverse("contests:entry-detail", args=[self.pk])

    @property
    def entrant(self) -> str:
        """The enterprise, the team, or a team with the enterprise it later founded."""
        if self.enterprise_id and self.team_name:
            return f"{self.team_name}（{self.enterprise.name}）"
        return self.enterprise.name if self.enterprise_id else self.team_name


class ContestStage(BaseModel):
    """One stage (初赛 / 复赛 / 省级评审 / 决赛) of an edition, run on the calls engine: its call holds the stage's
    entries as applications, the expert panel drawn from the engine's pool, the assignments and the one score sheet
    per expert (§5.2: judges score on a 评分表, the entry's score is their mean). The provincial review's call also
    carries the 市州 recommendation of its 复赛's qualifiers (§5.2: provincial review of 市州-recommended projects)."""

    contest = models.ForeignKey(Contest, verbose_name=_("大赛届次"), on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices)
    call = models.OneToOneField("calls.Call", verbose_name=_("评审批次"), on_delete=models.PROTECT,
                                related_name="contest_stage")
    advance_count = models.PositiveSmallIntegerField(_("晋级（入围）数量"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结果确定时间"), null=True, blank=True)

    class Meta:
        ordering = ["contest", "pk"]
        verbose_name = _("大赛评审阶段")
        verbose_name_plural = _("大赛评审阶段")
        constraints = [models.UniqueConstraint(fields=["contest", "stage"], name="contest_stage_once")]

    def __str__(self) -> str:
        return f"{self.contest} · {self.get_stage_display()}"


class JudgeScore(BaseModel):
    """A judge's total entered by hand before stages ran on the engine's expert sheets (kept as recorded; the
    judge's name is free text, linked to the pool's expert where the name matched one expert)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices)
    judge = models.CharField(_("评委（原记录）"), max_length=50)
    expert = models.ForeignKey("calls.Expert", verbose_name=_("对应库内专家"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    total = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["stage", "judge"]
        verbose_name = _("评委评分（历史记录）")
        verbose_name_plural = _("评委评分（历史记录）")
        constraints = [models.UniqueConstraint(fields=["entry", "stage", "judge"], name="contest_score_once")]

    def __str__(self) -> str:
        return f"{self.entry} · {self.get_stage_display()} · 评委{self.judge}"

"""The portal's own pages (Wagtail): home, sections, notices, policy documents, articles.

Everything else the portal shows (calls, 公示, lists, events) is read from the other apps.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.search import index


class PortalHomePage(Page):
    """The portal's front page (/portal/): latest notices, open calls, 公示, articles."""

    intro = RichTextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["portal.SectionPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("门户首页")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from breakzero.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = SectionPage.objects.child_of(self).live().order_by("path")
        context["home"] = selectors.home_summary(home=self)
        return context


class SectionPage(Page):
    """A section: 通知公告, 政策文件, 经验做法 or 典型案例 (its kind says which pages it holds)."""

    class Kind(models.TextChoices):
        NOTICES = "notices", _("通知公告")
        POLICIES = "policies", _("政策文件")
        PRACTICES = "practices", _("经验做法")
        CASES = "cases", _("典型案例")

    kind = models.CharField(_("栏目类型"), max_length=12, choices=Kind.choices)
    intro = RichTextField(_("栏目说明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("intro")]
    parent_page_types = ["portal.PortalHomePage"]
    subpage_types = ["portal.NoticePage", "portal.PolicyPage", "portal.ArticlePage"]

    class Meta:
        verbose_name = _("栏目")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from breakzero.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.section_listing(section=self, params=request.GET))
        return context


class NoticePage(Page):
    """通知公告: a notice written by the portal's editors (calls are listed beside them from the engine)."""

    issued_on = models.DateField(_("发布日期"))
    issuer = models.CharField(_("发布单位"), max_length=100)
    body = RichTextField(_("正文"))

    search_fields = [*Page.search_fields, index.SearchField("body"), index.SearchField("issuer")]
    content_panels = [*Page.content_panels, FieldPanel("issued_on"), FieldPanel("issuer"), FieldPanel("body")]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("通知公告")


class PolicyPage(Page):
    """政策文件: 文号, issuing body, dates, full text, attachments and the check-up rules that implement it."""

    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=100)
    issued_on = models.DateField(_("成文日期"))
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    body = RichTextField(_("全文"))
    checkup_rules = models.CharField(
        _("对应体检规则"), max_length=200, blank=True,
        help_text=_("平台“政策体检”的规则代码，逗号分隔，如 srdi_sme,little_giant；企业可据此查看自己是否符合。"))

    search_fields = [*Page.search_fields, index.SearchField("document_number"), index.SearchField("issuer"),
                     index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("document_number"), FieldPanel("issuer"), FieldPanel("issued_on"),
                         FieldPanel("effective_on"), FieldPanel("expires_on")], heading=_("文件信息")),
        FieldPanel("body"), FieldPanel("checkup_rules"), InlinePanel("attachments", label=_("附件")),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("政策文件")

    def clean(self) -> None:
        super().clean()
        from breakzero.policies.evaluation import RULE_NAMES

        unknown = [c for c in self.rule_codes if c not in RULE_NAMES]
        if unknown:
            raise ValidationError({"checkup_rules": _("未知的体检规则代码：%(codes)s") % {"codes": "、".join(unknown)}})

    @property
    def rule_codes(self) -> list[str]:
        return [c.strip() for c in self.checkup_rules.replace("，", ",").split(",") if c.strip()]

    @property
    def checkup_links(self) -> list[tuple[str, str]]:
        """(rule name, link into the enterprise's check-up at that rule) for each rule implementing this policy."""
        from breakzero.policies.evaluation import RULE_NAMES

        return [(RULE_NAMES[c], f"/policies/?rule={c}") for c in self.rule_codes if c in RULE_NAMES]


class PolicyAttachment(Orderable):
    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.CASCADE,
                                 related_name="+")

    panels = [FieldPanel("document")]


class ImageBlock(blocks.StructBlock):
    """A picture with its alternative text (GB/T 37668: every image has a text equivalent)."""

    image = ImageChooserBlock(label=_("图片"))
    alt = blocks.CharBlock(label=_("替代文字（供读屏软件朗读）"), max_length=200)
    caption = blocks.CharBlock(label=_("图注"), required=False, max_length=200)

    class Meta:
        template = "portal/blocks/image.html"
        label = _("图片")


class ArticlePage(Page):
    """经验做法 / 典型案例, written by a city or county editor and approved by the province
    (Wagtail's moderation workflow: draft → submitted → approved → published, with comments)."""

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("经验做法")
        CASE = "case", _("典型案例")

    class Programme(models.TextChoices):
        BREAK_ZERO = "break_zero", _("专利破零")
        DOUBLING = "doubling", _("专利倍增")
        CULTIVATION = "cultivation", _("梯度培育")
        SERVICE = "service", _("服务体系")
        OTHER = "other", _("其他")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    chain = models.ForeignKey("enterprises.IndustrialChain", verbose_name=_("产业链"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    programme = models.CharField(_("行动内容"), max_length=12, choices=Programme.choices, default=Programme.BREAK_ZERO)
    issued_on = models.DateField(_("日期"))
    summary = models.TextField(_("摘要"), max_length=500)
    body = StreamField([("paragraph", blocks.RichTextBlock(label=_("段落"))), ("image", ImageBlock())],
                       verbose_name=_("正文"))

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("region"), FieldPanel("chain"), FieldPanel("programme"),
                         FieldPanel("issued_on")], heading=_("分类")),
        FieldPanel("summary"), FieldPanel("body"), InlinePanel("enterprises", label=_("相关企业")),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("经验做法/典型案例")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from breakzero.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context["related"] = selectors.related_enterprises(usccs=[e.uscc for e in self.enterprises.all()])
        return context


class ArticleEnterprise(Orderable):
    """An enterprise the article is about, named by its USCC (the register gives the name shown)."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="enterprises")
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)

    panels = [FieldPanel("uscc")]

    def clean(self) -> None:
        from breakzero.enterprises.models import Enterprise

        if not Enterprise.objects.filter(uscc=self.uscc.strip().upper()).exists():
            raise ValidationError({"uscc": _("企业库中没有该统一社会信用代码。")})
        self.uscc = self.uscc.strip().upper()


class SearchEntry(models.Model):
    """One public thing the portal search finds: a live page, a call, an entry of a published list,
    a service body or an event. Written only by `search_index` (the publish/unpublish path, the
    refresher and `manage.py portal_search_rebuild`); read by `search.portal_search`, which checks
    pages and calls against their public selectors again, so nothing withdrawn is ever shown.
    `title_norm` / `text_norm` are the normalised texts the database matches on (PostgreSQL: GIN
    trigram indexes, migration 0003)."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("政策文件")
        NOTICE = "notice", _("通知公告")
        PRACTICE = "practice", _("经验做法")
        CASE = "case", _("典型案例")
        CALL = "call", _("正在申报")
        PUBLICITY = "publicity", _("公示")
        PUBLISHED = "published", _("公布名单")
        LIST_ENTRY = "list_entry", _("名单")
        SERVICE_BODY = "service_body", _("服务机构")
        EVENT = "event", _("活动")

    key = models.CharField(_("索引键"), max_length=120, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("页面"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    source_id = models.BigIntegerField(_("来源编号"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=255)
    meta = models.CharField(_("说明"), max_length=255, blank=True)
    url = models.CharField(_("链接"), max_length=500)
    text = models.TextField(_("正文"), blank=True)
    title_norm = models.TextField(_("标题（检索用）"))
    text_norm = models.TextField(_("正文（检索用）"), blank=True)
    weight = models.PositiveSmallIntegerField(_("排序权重"), default=1)
    dated = models.DateField(_("日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")
        indexes = [models.Index(fields=["kind"], name="portal_search_kind")]

    def __str__(self) -> str:
        return self.title

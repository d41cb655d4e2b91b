"""Create the portal's page tree, editor groups and review workflow; safe to run again (`make seed`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from breakzero.portal.admin_access import EDITORS_GROUP, REVIEWERS_GROUP
from breakzero.portal.models import PolicyPage, PortalHomePage, SectionPage
from breakzero.portal.search_index import search_page_refresh

SECTIONS = (
    ("notices", "通知公告", SectionPage.Kind.NOTICES),
    ("policies", "政策文件", SectionPage.Kind.POLICIES),
    ("practices", "经验做法", SectionPage.Kind.PRACTICES),
    ("cases", "典型案例", SectionPage.Kind.CASES),
)
WORKFLOW_NAME = "省级审核后发布"
# Real policy documents of the programme (titles, 文号, issuers as published), seeded so that a fresh
# portal has a library to search; editors complete the full text in the admin.
SEED_POLICIES = (
    ("break-zero-plan", "湖南省中小企业技术创新“破零倍增”行动方案", "", "湖南省工业和信息化厅",
     dt.date(2023, 5, 1), ""),
    ("srdi-measures", "优质中小企业梯度培育管理暂行办法", "工信部企业〔2022〕63号", "工业和信息化部",
     dt.date(2022, 6, 1), "innovative_sme,srdi_sme,little_giant"),
)


class Command(BaseCommand):
    help = "门户网站：创建首页与栏目、编辑与审核用户组、省级审核流程（可重复运行）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--demo", action="store_true", help="把演示用的官员账号加入门户编辑/审核组")

    @transaction.atomic
    def handle(self, *args: Any, demo: bool = False, **options: Any) -> None:
        home = self._home()
        sections = {slug: self._section(home, slug, title, kind) for slug, title, kind in SECTIONS}
        editors, reviewers = self._groups(home, sections)
        self._workflow(home, reviewers)
        self._policies(sections["policies"])
        if demo:
            self._demo_members(editors, reviewers)
        self.stdout.write(f"门户：{home.url_path} · 栏目 {len(sections)} 个 · 审核流程“{WORKFLOW_NAME}”")

    def _home(self) -> PortalHomePage:
        from django.conf import settings
        from wagtail.coreutils import get_supported_content_language_variant
        from wagtail.models import Locale, Page, Site

        # Wagtail's migrations create these; a flushed test database (live-server tests) has none.
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        home = PortalHomePage.objects.first()
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        if home is None:
            home = root.add_child(instance=PortalHomePage(title="湖南省中小企业“破零倍增”行动", slug="portal-home"))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                site_name="破零倍增门户")
        elif site.root_page_id != home.pk:
            old = site.root_page
            site.root_page = home
            site.save(update_fields=["root_page"])
            if old.specific_class is Page and not old.get_children().exists():  # Wagtail's welcome page
                old.delete()
        return home

    def _section(self, home: PortalHomePage, slug: str, title: str, kind: str) -> SectionPage:
        section = SectionPage.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = home.add_child(instance=SectionPage(title=title, slug=slug, kind=kind))
        return section

    def _groups(self, home: PortalHomePage, sections: dict[str, SectionPage]) -> tuple[Group, Group]:
        from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

        admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        page_perm = {c: Permission.objects.get(content_type__app_label="wagtailcore", codename=c)
                     for c in ("add_page", "change_page", "publish_page")}
        media = [Permission.objects.get(content_type__app_label=app, codename=c) for app, c in (
            ("wagtailimages", "add_image"), ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"))]
        collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
        editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
        reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
        grants = [(editors, sections[s], c) for s in ("practices", "cases") for c in ("add_page", "change_page")]
        grants += [(reviewers, home, c) for c in page_perm]
        for group, page, codename in grants:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=page_perm[codename])
        for group in (editors, reviewers):
            group.permissions.add(admin)
            for permission in media:
                GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)
        return editors, reviewers

    def _workflow(self, home: PortalHomePage, reviewers: Group) -> None:
        """Draft → submitted → approved (by a provincial reviewer, with comments) → published."""
        from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        task = GroupApprovalTask.objects.filter(name="省级审核").first()
        if task is None:
            task = GroupApprovalTask.objects.create(name="省级审核")
        task.groups.set([reviewers])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})

    def _policies(self, section: SectionPage) -> None:
        for slug, title, number, issuer, issued_on, rules in SEED_POLICIES:
            if not PolicyPage.objects.child_of(section).filter(slug=slug).exists():
                page = section.add_child(instance=PolicyPage(
                    title=title, slug=slug, document_number=number, issuer=issuer, issued_on=issued_on,
                    body=f"<p>{title}（{number}），{issuer}印发。全文以发文机关公布的文本为准。</p>",
                    checkup_rules=rules))
                search_page_refresh(page_id=page.pk)  # made live here, not through publishing

    def _demo_members(self, editors: Group, reviewers: Group) -> None:
        from breakzero.accounts.models import Role, User

        for user in User.objects.filter(role__in=(Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL), is_active=True)[:50]:
            user.groups.add(editors)
        for user in User.objects.filter(role=Role.PROVINCE_OFFICIAL, is_active=True)[:20]:
            user.groups.add(reviewers)

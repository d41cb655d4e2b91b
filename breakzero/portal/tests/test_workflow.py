"""The editorial chain: a county editor writes a typical case, the province approves it, it is published."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import WorkflowState

from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.portal.admin_access import EDITORS_GROUP, REVIEWERS_GROUP
from breakzero.portal.models import ArticleEnterprise, ArticlePage, SectionPage
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    cache.clear()
    call_command("portal_setup", stdout=open("/dev/null", "w"))
    editor = make_user("t-county-editor", "county_official", "430104")
    reviewer = make_user("t-province-reviewer", "province_official", "430000")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return editor, reviewer


def _draft(editor, enterprise):
    cases = SectionPage.objects.get(slug="cases")
    page = ArticlePage(title="某县专利破零典型案例", slug="county-case", kind="case", region_id="430104",
                       issued_on=dt.date(2026, 3, 1), summary="县里帮助企业实现专利破零。",
                       body=[("paragraph", "<p>做法一：上门辅导。</p>")], live=False, owner=editor)
    page.enterprises.add(ArticleEnterprise(uscc=enterprise.uscc))
    cases.add_child(instance=page)
    page.save_revision(user=editor)
    return page


def test_county_editor_may_write_but_not_publish(people):
    editor, reviewer = people
    cases = SectionPage.objects.get(slug="cases")
    assert cases.permissions_for_user(editor).can_add_subpage()
    assert not cases.permissions_for_user(editor).can_publish_subpage()
    assert not SectionPage.objects.get(slug="policies").permissions_for_user(editor).can_add_subpage()
    assert cases.permissions_for_user(reviewer).can_publish_subpage()


def test_case_is_public_only_after_the_province_approves(client, people):
    editor, reviewer = people
    enterprise = EnterpriseFactory(county_id="430104")
    page = _draft(editor, enterprise)
    assert client.get("/portal/cases/county-case/").status_code == 404  # a draft is not public
    state = page.get_workflow().start(page, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    assert not task_state.task.specific.user_can_access_editor(page, make_user("t-other", "city_official", "430100"))
    task_state.task.specific.on_action(task_state, reviewer, "approve", comment="同意发布")
    page.refresh_from_db()
    assert page.live
    assert task_state.__class__.objects.get(pk=task_state.pk).comment == "同意发布"
    body = client.get("/portal/cases/county-case/").content.decode()
    assert "某县专利破零典型案例" in body and enterprise.name in body and enterprise.uscc not in body
    assert "某县专利破零典型案例" in client.get("/portal/cases/").content.decode()


def test_rejected_case_stays_unpublished(client, people):
    editor, reviewer = people
    page = _draft(editor, EnterpriseFactory(county_id="430104"))
    state = page.get_workflow().start(page, editor)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "reject", comment="请补充数据来源")
    page.refresh_from_db()
    assert not page.live
    assert client.get("/portal/cases/county-case/").status_code == 404

"""Browser tests of the portal: a 公示 with an objection handled in the workbench; a policy page
leading an enterprise to its check-up; a county editor's typical case approved by the province."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError

from breakzero.accounts.models import Role
from breakzero.calls import services
from breakzero.calls.models import Application, Objection, State
from breakzero.calls.tests.factories import make_call, make_programme
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


@pytest.fixture
def portal(transactional_db):
    cache.clear()
    call_command("portal_setup", stdout=open("/dev/null", "w"))
    yield
    cache.clear()


def _captcha(page) -> str:
    a, b = map(int, re.search(r"(\d) \+ (\d) = \?", page.inner_text("#objection-form")).groups())
    return str(a + b)


@pytest.mark.browser
def test_browser_publicity_objection_handled_in_workbench(browser_page, live_server, portal):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page = browser_page
    province = make_user("b-province", Role.PROVINCE_OFFICIAL, "430000")
    call = make_call(programme=make_programme(name="门户公示（浏览器）"), title="2026年门户公示测试")
    enterprise = EnterpriseFactory(county_id="430104", name="湖南门户浏览器科技有限公司")
    application = services.application_create(call=call, enterprise=enterprise, actor=None, form_data={"summary": "内部材料"})
    Application.objects.filter(pk=application.pk).update(state=State.SELECTED, score=Decimal("91"))
    services.call_publicity_start(call=call, actor=province)

    page.goto(f"{live_server.url}/portal/publicity/")
    page.click("text=2026年门户公示测试")
    assert "湖南门户浏览器科技有限公司" in page.content() and "内部材料" not in page.content()
    page.fill("#objection-form input[name=name]", "张三")
    page.fill("#objection-form input[name=contact]", "13900000000")
    page.fill("#objection-form textarea[name=reason]", "请核实该企业的专利情况")
    page.fill("#objection-form input[name=captcha_answer]", _captcha(page))
    page.click("#objection-form button[type=submit]")
    page.wait_for_selector("#objection-reference")
    reference = page.inner_text("#objection-reference")
    assert Objection.objects.get().reference == reference

    log_in(page, live_server, "b-province", PASSWORD)
    page.goto(f"{live_server.url}/calls/{call.pk}/")
    page.select_option("select[name=upheld]", "0")
    page.fill("textarea[name=resolution]", "经核实，专利情况属实")
    page.click("button:has-text('处理异议')")
    page.wait_for_selector("text=异议不成立")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/objections/status/?reference={reference}")
    page.fill("input[name=contact]", "13900000000")
    page.click("form.stacked button[type=submit]")
    assert "经核实，专利情况属实" in page.inner_text("#objection-result")


@pytest.mark.browser
def test_browser_policy_page_leads_enterprise_to_its_checkup(browser_page, live_server, portal):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page = browser_page
    enterprise = EnterpriseFactory(county_id="430104", name="湖南体检浏览器科技有限公司")
    make_user("b-ent", Role.ENTERPRISE, enterprise=enterprise)
    page.goto(f"{live_server.url}/portal/policies/")
    page.click("text=优质中小企业梯度培育管理暂行办法")
    assert "工信部企业〔2022〕63号" in page.content()
    page.click("#checkup-link")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=username]", "b-ent")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"**/policies/enterprise/{enterprise.pk}/**")
    assert "湖南体检浏览器科技有限公司" in page.content()
    # Each rule the policy names leads, once logged in, to that rule's section of the check-up.
    page.goto(f"{live_server.url}/portal/policies/srdi-measures/")
    page.click("#checkup-rules a:has-text('专精特新中小企业')")
    page.wait_for_url(f"**/policies/enterprise/{enterprise.pk}/#rule-srdi_sme")
    assert "专精特新中小企业" in page.content()  # its section (#rule-…) is there once the rule could be evaluated


@pytest.mark.browser
def test_browser_county_case_approved_by_province_appears(browser_page, live_server, portal, settings):
    from django.contrib.auth.models import Group

    from breakzero.portal.admin_access import EDITORS_GROUP, REVIEWERS_GROUP
    from breakzero.portal.models import ArticlePage, SectionPage

    # Wagtail's autosave would create the draft in the background whenever its timer fires, racing the
    # submit below (a second creation: "slug already in use", seen on PostgreSQL). The test submits the
    # form itself, so autosave is off (WAGTAIL_AUTOSAVE_INTERVAL = 0, as Wagtail's own tests do).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    page = browser_page
    make_user("b-editor", Role.COUNTY_OFFICIAL, "430104").groups.add(Group.objects.get(name=EDITORS_GROUP))
    make_user("b-reviewer", Role.PROVINCE_OFFICIAL, "430000").groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    cases = SectionPage.objects.get(slug="cases")

    # The county editor writes the case in the portal admin and submits it for review.
    log_in(page, live_server, "b-editor", PASSWORD)
    page.goto(f"{live_server.url}/portal-admin/pages/add/portal/articlepage/{cases.pk}/")
    page.fill("#id_title", "芙蓉区专利破零典型案例")
    page.select_option("#id_kind", "case")
    page.select_option("#id_region", "430104")
    page.fill("#id_issued_on", "2026-03-01")
    page.fill("#id_summary", "芙蓉区组织服务机构上门辅导，帮助企业实现专利破零。")
    # The body is a StreamField that Wagtail's script draws after the page loads: wait for its own
    # add button, open the block chooser (a combobox in a dropdown) and pick 段落 by its role.
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="段落").click()
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.type("做法一：上门辅导；做法二：费用补贴。")
    # Draftail writes the block to its hidden input on a timer: submit only once the text is in the form.
    page.wait_for_function("() => [...document.querySelectorAll('input[name=\"body-0-value\"]')]"
                           ".some(input => input.value.includes('做法一'))")
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-submit]").click()
    # back to the section's listing; Wagtail indexes the page for search in the request, slow on a busy machine
    page.wait_for_url(f"**/portal-admin/pages/{cases.pk}/", timeout=60_000)
    article = ArticlePage.objects.get(title="芙蓉区专利破零典型案例")
    assert not article.live and article.current_workflow_state is not None
    page.context.clear_cookies()
    assert page.goto(f"{live_server.url}/portal/cases/").ok
    assert "芙蓉区专利破零典型案例" not in page.content()

    # The province approves it with a comment; it is published.
    log_in(page, live_server, "b-reviewer", PASSWORD)
    page.goto(f"{live_server.url}/portal-admin/")  # the dashboard lists what awaits this reviewer
    page.locator("button[data-workflow-action-url*='/approve/'][data-launch-modal]").dispatch_event("click")
    page.fill("textarea[name=comment]", "同意发布")
    # The modal posts the approval, then its script sends the browser back to the dashboard: wait for
    # that navigation, or the next page.goto races it (net::ERR_ABORTED).
    with page.expect_navigation(timeout=60_000):
        page.click(".modal button[type=submit]")
    for _ in range(50):
        try:
            article.refresh_from_db()
        except OperationalError:  # SQLite's shared in-memory test database: the server is still publishing
            pass
        if article.live:
            break
        page.wait_for_timeout(200)
    assert article.live

    page.context.clear_cookies()
    # A new address: the browser may keep the earlier listing for its max-age (public, 120 s).
    page.goto(f"{live_server.url}/portal/cases/?programme=break_zero")
    page.click("text=芙蓉区专利破零典型案例")
    main = page.inner_text("main")
    assert "芙蓉区组织服务机构上门辅导" in main  # the summary, on the public page
    assert "做法一：上门辅导；做法二：费用补贴。" in main  # the paragraph typed into the StreamField

"""Browser test: a 创客中国 edition from publication to the 初赛's results — the province publishes it, a county
registers an enterprise and a 创客组 team (both enter the county's 初赛 on the engine), the province draws experts
from the engine's pool, each expert scores on the engine's sheet and submits once, and the county fixes who
advances from the experts' mean (§5.2: the county/park runs the 初赛)."""

import datetime as dt

import pytest

from breakzero.accounts.models import Role
from breakzero.calls.models import Assignment
from breakzero.calls.services import expert_create
from breakzero.contests.models import Entry
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


def _as(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username, PASSWORD)


def _post(page, selector):
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.browser
def test_browser_maker_china_edition_registration_recommendation_experts_results(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page, year = browser_page, dt.date.today().year
    firm = EnterpriseFactory(county_id="430104", name="湖南创客浏览器科技有限公司")
    make_user("c-county", Role.COUNTY_OFFICIAL, "430104")
    make_user("c-province", Role.PROVINCE_OFFICIAL, "430000")
    make_user("c-city", Role.CITY_OFFICIAL, "430100")
    for n, name in ((1, "李专家"), (2, "王专家")):
        expert_create(user=make_user(f"c-expert-{n}", Role.EXPERT), name=name, fields=["智能制造"], employer="中南大学")

    _as(page, live_server, "c-province")
    page.goto(f"{live_server.url}/contests/")
    page.fill("input[name=year]", str(year))
    page.fill("input[name=name]", f"{year}年创客中国湖南省大赛（浏览器）")
    page.fill("input[name=registration_opens_on]", f"{year}-01-01")
    page.fill("input[name=registration_closes_on]", f"{year}-12-31")
    _post(page, "form.form button[type=submit]")
    assert f"{year}年创客中国湖南省大赛（浏览器）" in page.content()

    _as(page, live_server, "c-county")
    page.goto(f"{live_server.url}/contests/")
    page.click(f"text={year}年创客中国湖南省大赛（浏览器）")
    page.click("text=登记报名")
    page.select_option("select[name=group]", "enterprise")
    page.fill("input[name=uscc]", firm.uscc)
    page.fill("input[name=project]", "高精度减速器")
    page.fill("input[name=registered_on]", f"{year}-03-01")
    page.select_option("select[name=is_registered_online]", "true")
    _post(page, "form.form button[type=submit]")
    entry = Entry.objects.get(enterprise=firm)
    page.goto(f"{live_server.url}/contests/{entry.contest_id}/entries/new/")
    page.select_option("select[name=group]", "maker")
    page.fill("input[name=team_name]", "星火浏览器团队")
    page.fill("input[name=team_leader]", "王小明")
    page.fill("input[name=team_members]", "李四、张三")
    page.select_option("select[name=county]", "430104")
    page.fill("input[name=project]", "智能巡检")
    page.fill("input[name=registered_on]", f"{year}-03-02")
    page.select_option("select[name=is_registered_online]", "true")
    _post(page, "form.form button[type=submit]")
    team = Entry.objects.get(team_name="星火浏览器团队")
    assert team.applications.get().state == "expert_review"

    # The province draws the panel from the engine's pool on the stage's page.
    _as(page, live_server, "c-province")
    page.goto(f"{live_server.url}/contests/{entry.contest_id}/stages/preliminary/")
    page.click("text=抽取评审专家")
    page.fill("#panel-form input[name=size]", "2")
    _post(page, "#panel-form button[type=submit]")

    # Each expert scores the assigned entry on the one sheet and submits once.
    for username, total, team_total in (("c-expert-1", "80", "70"), ("c-expert-2", "91", "71")):
        _as(page, live_server, username)
        page.goto(f"{live_server.url}/calls/expert/")
        page.click(f"text={year}年创客中国湖南省大赛（浏览器）·初赛")
        for assignment in Assignment.objects.filter(member__expert__user__username=username):
            mine = assignment.application.enterprise_id == firm.pk
            page.fill(f"input[name=s-{assignment.pk}-total]", total if mine else team_total)
        _post(page, "#submit-sheet")
        assert "评分表已提交" in page.content()

    # Results: the mean, the rank, and who advances (fixed by the county that runs the 初赛).
    _as(page, live_server, "c-county")
    page.goto(f"{live_server.url}/contests/{entry.contest_id}/stages/preliminary/")
    assert "85.50" in page.content() and "星火浏览器团队" in page.content()
    page.fill("input[name=advance_count]", "1")
    _post(page, "text=按平均分确定晋级")
    assert "本阶段结果已确定" in page.content()
    entry.refresh_from_db()
    assert entry.stage == "semi_final"
    _post(page, "nav.tabs >> text=复赛")
    assert "高精度减速器" in page.content() and "待评审" in page.content()

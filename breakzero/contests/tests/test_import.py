"""Contest registrations from xlsx (programme-rules-2.md §5.2): the form's checks row by row — the edition and its
window, the entrant within the importer's region, earlier provincial winners refused; a reload updates."""

import datetime as dt

import pytest

from breakzero.contests.models import Contest, Entry
from breakzero.core.imports import NOT_FOUND_IN_SCOPE, OUTSIDE_SCOPE
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.ipfinance.tests.test_imports import _run

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return Contest.objects.create(kind="maker_china", year=2023, name="2023年创客中国湖南省大赛",
                                  registration_opens_on=dt.date(2023, 4, 1), registration_closes_on=dt.date(2023, 5, 31))


def test_entry_import_checks_each_row_like_the_form(county_official, edition):
    own, other = EnterpriseFactory(county_id="430104"), EnterpriseFactory(county_id="430602")
    winner = EnterpriseFactory(county_id="430104")
    rows = [("2023", "创客中国", "企业组", own.uscc, "", "", "", "", "高精度减速器", "2023-04-10", "是", ""),
            ("2023", "创客中国", "创客组", "", "星火团队", "王某", "李某、张某", "430104", "智能巡检机器人", "2023-04-12", "是", ""),
            ("2023", "创客中国", "企业组", other.uscc, "", "", "", "", "外地项目", "2023-04-10", "", ""),
            ("2023", "", "创客组", "", "外地团队", "李某", "", "430602", "外地创客", "2023-04-10", "", ""),
            ("2023", "", "企业组", winner.uscc, "", "", "", "", "获奖项目", "2023-04-10", "", "中国创新创业大赛,省级,2021"),
            ("2023", "", "企业组", EnterpriseFactory(county_id="430104").uscc, "", "", "", "", "逾期", "2023-06-01", "", ""),
            ("2022", "", "创客组", "", "无赛事", "赵某", "", "430104", "项目", "2022-04-10", "", ""),
            ("2023", "", "创客组", "", "无负责人团队", "", "", "430104", "项目", "2023-04-10", "", "")]
    outcome = _run("contest_entries", rows, county_official, skip_invalid=True)
    rejected = {r.row: (r.errors[0].column, r.errors[0].reason) for r in outcome.rejected}
    assert set(rejected) == {4, 5, 6, 7, 8, 9}
    assert rejected[4] == ("统一社会信用代码", NOT_FOUND_IN_SCOPE) and rejected[5] == ("所在区县代码", OUTSIDE_SCOPE)
    assert "不得报名" in rejected[6][1] and rejected[7][0] == "报名日期" and rejected[8][0] == "年度"
    assert rejected[9] == ("团队负责人", "创客组请填写")
    entries = {e.project: e for e in Entry.objects.all()}
    assert set(entries) == {"高精度减速器", "智能巡检机器人"}
    team = entries["智能巡检机器人"]
    assert (team.county_id, team.city_id, team.team_members) == ("430104", "430100", "李某、张某")
    # the team enters its county's 初赛 on the engine like the enterprise: an application without an enterprise
    application = team.applications.get()
    assert (application.enterprise_id, application.applicant_name, application.county_id, application.state) == (
        None, "星火团队", "430104", "expert_review")
    assert entries["高精度减速器"].applications.get().enterprise_id == own.pk
    again = _run("contest_entries", [(*rows[0][:8], "高精度谐波减速器", *rows[0][9:])], county_official)
    assert again.counts.updated == 1 and Entry.objects.get(enterprise=own).project == "高精度谐波减速器"
    offline = _run("contest_entries", [(*rows[1][:10], "否", "")], county_official)  # the rule: register online
    assert "在线报名" in offline.rejected[0].errors[0].reason and not offline.applied

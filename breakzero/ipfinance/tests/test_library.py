"""The achievements library (成果库) and patent-navigation projects (programme-rules-2.md §7.5): entry rules,
scoping, the join with the supply–demand matching, report files, xlsx import and export."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from breakzero.core.errors import DomainError
from breakzero.core.imports import OUTSIDE_SCOPE
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.ipfinance import selectors, services
from breakzero.ipfinance.models import Achievement, NavigationProject
from breakzero.ipfinance.tests.test_imports import _run
from breakzero.patents.tests.factories import PatentFactory
from breakzero.regions.models import Region
from breakzero.service_bodies.models import TechNeed

pytestmark = pytest.mark.django_db
VALUES = {"title": "高强铝合金焊接工艺", "kind": "technology", "holder_kind": "university", "holder": "中南大学",
          "offer": "transfer", "industry_section": "C", "keywords": "铝合金 焊接", "listed_on": dt.date(2022, 6, 1)}


def _county(code="430104"):
    return Region.objects.get(code=code)


def test_patent_achievement_needs_known_patent_numbers(county_official):
    with pytest.raises(DomainError, match="至少一个专利申请号"):
        services.achievement_record(actor=county_official, enterprise=None, county=_county(), patent_numbers=[],
                                    values={**VALUES, "kind": "patent"})
    with pytest.raises(DomainError, match="未在专利库中找到"):
        services.achievement_record(actor=county_official, enterprise=None, county=_county(),
                                    patent_numbers=["CN209900000001.X"], values={**VALUES, "kind": "patent"})
    patent = PatentFactory()
    achievement = services.achievement_record(actor=county_official, enterprise=None, county=_county(),
                                              patent_numbers=[patent.application_number], values={**VALUES, "kind": "patent"})
    assert list(achievement.patents.all()) == [patent] and achievement.city_id == "430100"


def test_achievement_other_region_refused_enterprise_holder_placed_in_its_region(county_official, enterprise_user):
    with pytest.raises(DomainError, match="本辖区"):
        services.achievement_record(actor=county_official, enterprise=None, county=_county("430602"),
                                    patent_numbers=[], values=VALUES)
    with pytest.raises(DomainError, match="统一社会信用代码"):
        services.achievement_record(actor=county_official, enterprise=None, county=_county(), patent_numbers=[],
                                    values={**VALUES, "holder_kind": "enterprise"})
    own = services.achievement_record(actor=enterprise_user, enterprise=enterprise_user.enterprise, county=None,
                                      patent_numbers=[], values={**VALUES, "holder": ""})
    assert (own.holder, own.holder_kind, own.county_id) == (enterprise_user.enterprise.name, "enterprise", "430104")
    with pytest.raises(DomainError):
        services.achievement_record(actor=enterprise_user, enterprise=EnterpriseFactory(county_id="430104"),
                                    county=None, patent_numbers=[], values={**VALUES, "title": "别家的成果"})
    assert Achievement.objects.count() == 1


def test_library_shows_open_achievements_everywhere_withdrawn_ones_only_in_region(county_official, other_county_official):
    base = {**VALUES, "city_id": "430100", "county_id": "430104"}
    Achievement.objects.create(**base)
    Achievement.objects.create(**{**base, "title": "已下架的成果", "is_open": False})
    own = set(selectors.achievements_visible_to(county_official).values_list("title", flat=True))
    other = set(selectors.achievements_visible_to(other_county_official).values_list("title", flat=True))
    assert own == {"高强铝合金焊接工艺", "已下架的成果"} and other == {"高强铝合金焊接工艺"}


def test_achievements_join_the_supply_demand_matching(client_for, enterprise_user):
    firm = enterprise_user.enterprise
    TechNeed.objects.create(enterprise=firm, title="铝合金焊接变形控制", keywords="铝合金 焊接", industry_section="C")
    Achievement.objects.create(**VALUES, city_id="430100", county_id="430104")
    Achievement.objects.create(**{**VALUES, "title": "中药提取工艺", "keywords": "中药", "industry_section": "Q",
                                  "holder": "湖南中医药大学"}, city_id="430100")
    matches = selectors.achievement_matches(enterprise_user)
    assert [(need.title, [a.title for a, _ in offers]) for need, offers in matches] == [
        ("铝合金焊接变形控制", ["高强铝合金焊接工艺"])]
    body = client_for(enterprise_user).get(reverse("ipfinance:achievement-list")).content.decode()
    assert "铝合金焊接变形控制" in body and "匹配度" in body


def test_achievement_create_through_the_form_and_export(client_for, county_official):
    patent = PatentFactory()
    client = client_for(county_official)
    response = client.post(reverse("ipfinance:achievement-create"), {
        "title": "一种测试成果", "kind": "patent", "holder_kind": "institute", "holder": "长沙矿冶研究院",
        "county_code": "430104", "patent_numbers": patent.application_number, "offer": "licence",
        "listed_on": "2023-03-01", "is_open": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Achievement.objects.get().patents.get() == patent
    export = client.get(reverse("ipfinance:achievement-export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def _pdf(name="导航报告.pdf", content=b"%PDF-1.4 test"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


NAV = {"name": "长沙工程机械产业专利导航", "kind": "industry", "subject": "工程机械产业链", "client": "长沙市市场监督管理局",
       "provider": "湖南省知识产权交易中心", "started_on": dt.date(2022, 3, 1), "finished_on": dt.date(2022, 12, 31),
       "deliverable": "专利导航报告"}


def test_navigation_report_type_sniffed_and_dates_in_order(county_official):
    with pytest.raises(DomainError, match="不符"):
        services.navigation_record(actor=county_official, county=_county(), values=NAV,
                                   report=_pdf(content=b"MZ not a pdf"))
    with pytest.raises(DomainError, match="PDF 或 Word"):
        services.navigation_record(actor=county_official, county=_county(), values=NAV, report=_pdf("报告.exe"))
    with pytest.raises(DomainError, match="完成日期"):
        services.navigation_record(actor=county_official, county=_county(),
                                   values={**NAV, "finished_on": dt.date(2022, 1, 1)})
    with pytest.raises(DomainError, match="本辖区"):
        services.navigation_record(actor=county_official, county=_county("430602"), values=NAV)
    assert not NavigationProject.objects.exists()
    project = services.navigation_record(actor=county_official, county=_county(), values=NAV, report=_pdf())
    assert project.report_name == "导航报告.pdf" and project.city_id == "430100"


def test_navigation_report_downloads_only_within_region(client_for, county_official, other_county_official):
    project = services.navigation_record(actor=county_official, county=_county(), values=NAV, report=_pdf())
    url = reverse("ipfinance:navigation-report", args=[project.pk])
    response = client_for(county_official).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(other_county_official).get(url).status_code == 404
    listing = client_for(other_county_official).get(reverse("ipfinance:navigation-list")).content.decode()
    assert "长沙工程机械产业专利导航" not in listing


def test_navigation_create_through_the_form_with_report(client_for, county_official):
    response = client_for(county_official).post(reverse("ipfinance:navigation-create"), {
        "name": "岳麓区企业专利导航", "kind": "enterprise", "subject": "新材料", "client": "某企业", "provider": "某机构",
        "started_on": "2023-01-01", "county_code": "430104", "report_file": _pdf()})
    assert response.status_code == 302
    assert NavigationProject.objects.get().report_name == "导航报告.pdf"


def test_achievement_import_patents_scope_and_reload(county_official):
    patent = PatentFactory()
    rows = [("430104", "高强铝合金焊接工艺", "专利", "高校", "中南大学", patent.application_number, "转让", "c", "铝合金", "50",
             "2022-06-01"),
            ("430602", "外地成果", "技术成果", "企业", "岳阳某公司", "", "", "", "", "", "2022-06-01"),
            ("430104", "缺专利号", "专利", "高校", "中南大学", "", "", "", "", "", "2022-06-01"),
            ("430104", "未知专利", "专利", "高校", "中南大学", "CN209900000001.X", "", "", "", "", "2022-06-01")]
    outcome = _run("achievements", rows, county_official, skip_invalid=True)
    assert [(r.row, r.errors[0].column) for r in outcome.rejected] == [(3, "所在区县代码"), (4, "专利申请号"), (5, "专利申请号")]
    assert outcome.rejected[0].errors[0].reason == OUTSIDE_SCOPE
    stored = Achievement.objects.get()
    assert (stored.industry_section, stored.asking_price, stored.city_id) == ("C", Decimal("50"), "430100")
    assert list(stored.patents.all()) == [patent]
    again = _run("achievements", rows[:1], county_official)
    assert (again.counts.created, Achievement.objects.count()) == (0, 1)


def test_navigation_import_bad_type_and_dates_reported_nothing_written(city_official):
    rows = [("430100", "长沙导航", "城市规划类", "工程机械", "长沙市局", "交易中心", "2022-03-01", "2021-12-31", "")]
    outcome = _run("navigation_projects", rows, city_official)
    assert {e.column for e in outcome.rejected[0].errors} == {"导航类型", "完成日期"}
    assert not outcome.applied and not NavigationProject.objects.exists()
    ok = _run("navigation_projects", [(*rows[0][:2], "产业规划类", *rows[0][3:7], "2022-12-31", "报告")], city_official)
    assert ok.counts.created == 1 and NavigationProject.objects.get().county_id is None


def test_empowerment_areas_in_the_menu_by_role(county_official, enterprise_user):
    from breakzero.accounts.models import Role
    from breakzero.core import nav
    from conftest import make_user

    areas = {"digital", "talent", "contests", "defence", "ipfinance"}
    assert areas <= {link.key for link in nav.links_for(county_official)}
    assert areas <= {link.key for link in nav.links_for(enterprise_user)}
    expert = {link.key for link in nav.links_for(make_user("t-expert-menu", Role.EXPERT))}
    assert "ipfinance" in expert and not {"contests", "talent", "defence"} & expert

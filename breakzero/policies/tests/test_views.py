"""The check-up page and screening lists through the client: access matrix, htmx partial, gaps shown."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from breakzero.policies.models import DeclaredFacts
from breakzero.policies.screening import screening_run
from breakzero.policies.tests.factories import FULL_DECLARATION, DeclaredFactsFactory, enterprise_with_years

pytestmark = pytest.mark.django_db
LAST_YEAR = dt.date.today().year - 1


@pytest.fixture
def enterprise(enterprise_user):
    """The enterprise user's firm in 岳麓区: R&D 2.4 % of revenue 8000 万 (srdi needs 3 %)."""
    enterprise = enterprise_user.enterprise
    from breakzero.enterprises.tests.factories import EnterpriseYearFactory

    for offset in (2, 1, 0):
        EnterpriseYearFactory(enterprise=enterprise, year=LAST_YEAR - offset, operating_revenue=Decimal("8000"),
                              main_business_revenue=Decimal("7600"), rd_expense=Decimal("192"))
    DeclaredFactsFactory(enterprise=enterprise, year=LAST_YEAR)
    return enterprise


@pytest.mark.parametrize("persona,status", [
    ("enterprise_user", 200), ("county_official", 200), ("city_official", 200), ("province_official", 200),
    ("other_county_official", 404), ("other_city_official", 404),
])
def test_checkup_access_matrix(request, client_for, enterprise, persona, status):
    response = client_for(request.getfixturevalue(persona)).get(reverse("policies:checkup", args=[enterprise.pk]))
    assert response.status_code == status


def test_checkup_srdi_rd_gap_in_plain_numbers(client_for, enterprise_user, enterprise):
    response = client_for(enterprise_user).get(reverse("policies:checkup", args=[enterprise.pk]))
    html = response.content.decode()
    assert "专精特新中小企业" in html and "2.40%" in html
    assert "约还需增加研发费用 48.00 万元" in html  # 3 % of 8000 = 240, has 192 → 48 万 more
    assert "工信部企业〔2022〕63号 第二章" in html  # every item names its source clause
    assert "<html" in html  # full page without htmx


def test_checkup_held_titles_shown_by_name_not_code(client_for, enterprise_user, enterprise):
    from breakzero.cultivation.models import Title

    today = dt.date.today()
    for tier in ("srdi_sme", "innovative_sme"):
        Title.objects.create(enterprise=enterprise, tier=tier, level="provincial", recognized_on=today - dt.timedelta(days=30),
                             valid_until=today + dt.timedelta(days=300))
    html = client_for(enterprise_user).get(reverse("policies:checkup", args=[enterprise.pk])).content.decode()
    assert "创新型中小企业、专精特新中小企业" in html
    text = re.sub(r"<[^>]+>", " ", html)  # the codes may stay in anchors, never in the text
    assert "srdi_sme" not in text and "innovative_sme" not in text


def test_checkup_htmx_gets_partial(client_for, enterprise_user, enterprise):
    response = client_for(enterprise_user).get(reverse("policies:checkup", args=[enterprise.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="checkup"' in html and "<html" not in html


def test_checkup_shows_super_deduction(client_for, enterprise_user, enterprise):
    html = client_for(enterprise_user).get(reverse("policies:checkup", args=[enterprise.pk])).content.decode()
    assert "加计扣除比例 100%" in html and "192.00 万元" in html and "48.00 万元" in html


def test_checkup_bad_as_of_falls_back_to_today(client_for, enterprise_user, enterprise):
    response = client_for(enterprise_user).get(reverse("policies:checkup", args=[enterprise.pk]), {"as_of": "abc"})
    assert response.status_code == 200


def test_index_enterprise_redirects_to_own_checkup(client_for, enterprise_user, enterprise):
    response = client_for(enterprise_user).get(reverse("policies:index"))
    assert response.url == reverse("policies:checkup", args=[enterprise.pk])


def test_index_with_rule_lands_on_that_rule_of_the_checkup(client_for, enterprise_user, enterprise):
    client = client_for(enterprise_user)
    checkup = reverse("policies:checkup", args=[enterprise.pk])
    assert client.get(reverse("policies:index"), {"rule": "little_giant"}).url == f"{checkup}#rule-little_giant"
    assert client.get(reverse("policies:index"), {"rule": "<script>"}).url == checkup  # unknown: no fragment


def test_index_official_redirects_to_screening(client_for, county_official):
    assert client_for(county_official).get(reverse("policies:index")).url == reverse("policies:screening-list")


def test_declare_saves_and_flags_discrepancy(client_for, enterprise_user, enterprise):
    url = reverse("policies:declare", args=[enterprise.pk])
    data = {"year": LAST_YEAR, "rd_expense": "260", "niche_years": "4", "is_tech_sme": "1", "note": ""}
    response = client_for(enterprise_user).post(url, data)
    assert response.status_code == 302
    stored = DeclaredFacts.objects.get(enterprise=enterprise, year=LAST_YEAR)
    assert stored.data == {"rd_expense": "260", "niche_years": "4", "is_tech_sme": True}
    html = client_for(enterprise_user).get(reverse("policies:checkup", args=[enterprise.pk])).content.decode()
    assert "与平台数据相差 35.4%" in html


def test_declare_bad_attachment_type_refused(client_for, enterprise_user, enterprise):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("evil.exe", b"MZ...", content_type="application/octet-stream")
    response = client_for(enterprise_user).post(reverse("policies:declare", args=[enterprise.pk]),
                                                {"year": LAST_YEAR, "attachment": upload})
    assert response.status_code == 200 and "不支持的文件类型" in response.content.decode()


def test_declare_official_refused(client_for, county_official, enterprise):
    assert client_for(county_official).get(reverse("policies:declare", args=[enterprise.pk])).status_code == 404


def test_screening_list_ready_and_scoped(client_for, county_official, other_county_official):
    strong = enterprise_with_years(last_year=LAST_YEAR, rd="600", revenue="8000", county_id="430104")
    DeclaredFactsFactory(enterprise=strong, year=LAST_YEAR, data={**FULL_DECLARATION, "has_valid_hnte": True})
    screening_run(as_of=dt.date.today())
    url = reverse("policies:screening-list")
    html = client_for(county_official).get(url, {"rule": "innovative_sme", "status": "ready"}).content.decode()
    assert strong.name in html
    other = client_for(other_county_official).get(url, {"rule": "innovative_sme", "status": "ready"})
    assert strong.name not in other.content.decode()


def test_screening_export_xlsx(client_for, province_official):
    enterprise_with_years(last_year=LAST_YEAR)
    screening_run(as_of=dt.date.today())
    response = client_for(province_official).get(reverse("policies:screening-export"), {"status": "unknown"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_screening_list_enterprise_user_refused(client_for, enterprise_user):
    assert client_for(enterprise_user).get(reverse("policies:screening-list")).status_code == 404

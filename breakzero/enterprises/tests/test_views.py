"""Enterprise pages through the client, with and without HX-Request."""

import io
from decimal import Decimal

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.urls import reverse
from python_calamine import CalamineWorkbook

from breakzero.core.signals import data_exported, personal_data_revealed
from breakzero.enterprises.models import Enterprise, EnterpriseYear, FormerName, IndustrialChain
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from breakzero.rules.uscc import make_uscc

LIST = reverse("enterprises:enterprise-list")
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def county_client(client_for, county_official):
    return client_for(county_official)


def test_enterprise_list_full_page_without_htmx_has_layout(county_client):
    EnterpriseFactory(name="湖南全页科技有限公司")
    html = county_client.get(LIST).content.decode()
    assert "<html" in html and 'id="enterprise-filters"' in html and "湖南全页科技有限公司" in html


def test_enterprise_list_htmx_returns_results_partial_only(county_client):
    EnterpriseFactory(name="湖南片段科技有限公司")
    html = county_client.get(LIST, **HX).content.decode()
    assert "<html" not in html and 'id="enterprise-filters"' not in html
    assert html.lstrip().startswith('<div id="results">') and "湖南片段科技有限公司" in html


def test_enterprise_list_filter_form_uses_htmx_push_url_and_real_action(county_client):
    html = county_client.get(LIST).content.decode()
    assert 'hx-push-url="true"' in html and f'action="{LIST}"' in html


def test_enterprise_list_region_selects_limited_to_own_county(county_client):
    html = county_client.get(LIST).content.decode()
    assert 'value="430104"' in html and 'value="430602"' not in html and 'value="430103"' not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"county": "430104"}, {"岳麓甲"}),
        ({"city": "430100"}, {"岳麓甲", "天心乙"}),
        ({"section": "I"}, {"天心乙"}),
        ({"division": "39"}, {"岳麓甲"}),
        ({"size": "small"}, {"岳麓甲"}),
        ({"year": "2020", "size": "medium"}, {"岳麓甲"}),
        ({"year": "2021"}, {"岳麓甲"}),
        ({"q": "旧名称"}, {"天心乙"}),
    ],
)
def test_enterprise_list_filters_narrow_results(client_for, city_official, query, expected):
    a = EnterpriseFactory(county_id="430104", name="岳麓甲有限公司", industry_code="3911", latest_size="small")
    b = EnterpriseFactory(county_id="430103", name="天心乙有限公司", industry_code="6511", industry_section="I")
    EnterpriseYearFactory(enterprise=a, year=2020, size="medium")
    EnterpriseYearFactory(enterprise=a, year=2021, size="small")
    FormerName.objects.create(enterprise=b, name="长沙旧名称有限公司", name_normalized="长沙旧名称有限公司")
    html = client_for(city_official).get(LIST, query, **HX).content.decode()
    found = {name for name in ("岳麓甲", "天心乙") if name in html}
    assert found == expected


def test_enterprise_list_chain_filter_matches_members_once(client_for, city_official):
    chain, other = IndustrialChain.objects.all()[:2]
    member = EnterpriseFactory(county_id="430104", name="链上企业有限公司")
    member.chains.set([chain, other])
    EnterpriseFactory(county_id="430104", name="链外企业有限公司")
    html = client_for(city_official).get(LIST, {"chain": chain.pk}, **HX).content.decode()
    assert html.count("链上企业有限公司") == 1 and "链外企业有限公司" not in html


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} "])
def test_enterprise_list_search_uscc_tolerant_input_finds_exact(county_client, typed):
    e = EnterpriseFactory(county_id="430104", name="代码查找有限公司")
    EnterpriseFactory(county_id="430104", name="无关企业有限公司")
    text = typed.format(code=e.uscc, lower=e.uscc.lower(), spaced=f"{e.uscc[:6]} {e.uscc[6:12]}-{e.uscc[12:]}")
    html = county_client.get(LIST, {"q": text}, **HX).content.decode()
    assert "代码查找有限公司" in html and "无关企业有限公司" not in html


def test_enterprise_list_search_name_fullwidth_brackets_normalised(county_client):
    EnterpriseFactory(county_id="430104", name="湖南某某(长沙)科技有限公司")
    html = county_client.get(LIST, {"q": "某某（长沙）"}, **HX).content.decode()
    assert "湖南某某(长沙)科技有限公司" in html


def test_enterprise_list_out_of_region_filter_yields_nothing(county_client):
    EnterpriseFactory(county_id="430602", name="岳阳楼企业有限公司")
    html = county_client.get(LIST, {"county": "430602"}, **HX).content.decode()
    assert "岳阳楼企业有限公司" not in html


def test_enterprise_list_paginates_with_real_hrefs(county_client):
    EnterpriseFactory.create_batch(30, county_id="430104")
    html = county_client.get(LIST, {"county": "430104"}, **HX).content.decode()
    assert 'href="?county=430104&amp;page=2"' in html and 'hx-get="?county=430104&amp;page=2"' in html
    assert "共 30 家企业" in html


def test_enterprise_list_query_count_constant_no_n_plus_one(client_for, city_official, django_assert_num_queries):
    client = client_for(city_official)
    chain = IndustrialChain.objects.first()
    for enterprise in EnterpriseFactory.create_batch(3, county_id="430104"):
        enterprise.chains.add(chain)
        EnterpriseYearFactory(enterprise=enterprise, year=2021)
    client.get(LIST)  # warm caches (content types, session refresh)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, {"year": "2021"})
    for enterprise in EnterpriseFactory.create_batch(20, county_id="430104"):
        enterprise.chains.add(chain)
        EnterpriseYearFactory(enterprise=enterprise, year=2021)
    # session, user, regions, chains, count, page, chains of the page
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST, {"year": "2021"})
    assert response.status_code == 200
    assert len(few.captured_queries) <= 8, [q["sql"][:120] for q in few.captured_queries]


def test_enterprise_list_phone_masked_on_screen(county_client):
    EnterpriseFactory(county_id="430104", contact_person="张三丰", contact_phone="13812345678")
    html = county_client.get(LIST).content.decode()
    assert "138****5678" in html and "13812345678" not in html and "张**" in html


def test_enterprise_list_enterprise_user_redirected_to_own(client_for, enterprise_user):
    response = client_for(enterprise_user).get(LIST)
    assert response.status_code == 302 and response["Location"] == enterprise_user.enterprise.get_absolute_url()


def _sheet(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_enterprise_export_obeys_filters_and_sends_signal(client_for, city_official):
    EnterpriseFactory(county_id="430104", name="导出甲有限公司")
    EnterpriseFactory(county_id="430103", name="导出乙有限公司")
    EnterpriseFactory(county_id="430602", name="导出外地有限公司")
    sent = []
    data_exported.connect(lambda **kw: sent.append(kw), weak=False, dispatch_uid="t-export")
    try:
        response = client_for(city_official).get(reverse("enterprises:enterprise-export"), {"county": "430104"})
    finally:
        data_exported.disconnect(dispatch_uid="t-export")
    rows = _sheet(response.content)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [row[1] for row in rows[1:]] == ["导出甲有限公司"]
    assert sent and sent[0]["rows"] == 1 and sent[0]["what"] == "enterprises"


@pytest.mark.parametrize(("persona", "phone"), [("county_official", "13812345678"), ("province_official", "138****5678")])
def test_enterprise_export_phone_masked_unless_role_needs_it(db, request, client_for, persona, phone):
    e = EnterpriseFactory(county_id="430104", contact_phone="13812345678")
    EnterpriseYearFactory(enterprise=e, year=2021, operating_revenue=Decimal("8000"))
    rows = _sheet(client_for(request.getfixturevalue(persona)).get(reverse("enterprises:enterprise-export")).content)
    assert rows[1][10] == phone and rows[1][11] == 2021 and rows[1][14] == 8000


def test_enterprise_detail_chart_data_escaped_and_lazy_sections(county_client):
    e = EnterpriseFactory(county_id="430104", name="<script>alert(1)</script>有限公司")
    EnterpriseYearFactory(enterprise=e, year=2020, operating_revenue=Decimal("1000"), rd_expense=Decimal("30"))
    html = county_client.get(e.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "\\u003Cscript\\u003E" in html
    assert 'id="enterprise-chart-data"' in html and "enterprises/enterprise_chart.js" in html
    assert "3.00%" in html
    for app in ("patents", "policies", "cultivation"):
        assert f'hx-get="/{app}/enterprise/{e.pk}/" hx-trigger="load"' in html


def test_enterprise_detail_no_inline_script(county_client):
    e = EnterpriseFactory(county_id="430104")
    EnterpriseYearFactory(enterprise=e)
    html = county_client.get(e.get_absolute_url()).content.decode()
    assert "<script>" not in html.replace('<script id="enterprise-chart-data" type="application/json">', "")


def test_enterprise_contact_reveal_post_shows_full_and_signals(county_client):
    e = EnterpriseFactory(county_id="430104", contact_person="李四", contact_phone="13812345678")
    assert "13812345678" not in county_client.get(e.get_absolute_url()).content.decode()
    sent = []
    personal_data_revealed.connect(lambda **kw: sent.append(kw), weak=False, dispatch_uid="t-reveal")
    try:
        html = county_client.post(reverse("enterprises:enterprise-contact-reveal", args=[e.pk]), **HX).content.decode()
    finally:
        personal_data_revealed.disconnect(dispatch_uid="t-reveal")
    assert "13812345678" in html and "<html" not in html
    assert sent[0]["obj"] == e and sent[0]["field"] == "contact_phone"


def test_enterprise_contact_reveal_get_not_allowed(county_client):
    e = EnterpriseFactory(county_id="430104", contact_phone="13812345678")
    assert county_client.get(reverse("enterprises:enterprise-contact-reveal", args=[e.pk])).status_code == 405


def test_enterprise_contact_reveal_province_official_not_found(client_for, province_official):
    e = EnterpriseFactory(county_id="430104", contact_phone="13812345678")
    response = client_for(province_official).post(reverse("enterprises:enterprise-contact-reveal", args=[e.pk]))
    assert response.status_code == 404


def _create_payload(**overrides) -> dict:
    data = {"uscc": make_uscc("91", "430104", "MA4Q0001"), "name": "湖南新建科技有限公司", "county": "430104",
            "industry_code": "C3911", "contact_person": "王五", "contact_phone": "0731-88888888",
            "former_names": "湖南旧建科技有限公司"}  # fmt: skip
    return data | overrides


def test_enterprise_create_valid_saves_and_redirects(county_client):
    response = county_client.post(reverse("enterprises:enterprise-create"), _create_payload())
    e = Enterprise.objects.get(name="湖南新建科技有限公司")
    assert response.status_code == 302 and response["Location"] == e.get_absolute_url()
    assert (e.city_id, e.industry_code, e.industry_section) == ("430100", "3911", "C")
    assert list(e.former_names.values_list("name", flat=True)) == ["湖南旧建科技有限公司"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"uscc": "91430104MA4Q00012X"}, "校验码错误"),
        ({"uscc": "123"}, "长度错误"),
        ({"county": "430602"}, "选择一个有效的选项"),
        ({"industry_code": "99"}, "未知的行业大类"),
        ({"industry_code": "C"}, "至少填写到大类"),
        ({"contact_phone": "abc"}, "联系电话格式不正确"),
        ({"name": ""}, "这个字段是必填项"),
    ],
)
def test_enterprise_create_invalid_shows_chinese_error_saves_nothing(county_client, overrides, message):
    response = county_client.post(reverse("enterprises:enterprise-create"), _create_payload(**overrides))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Enterprise.objects.exists()


def test_enterprise_create_duplicate_uscc_names_existing(county_client):
    existing = EnterpriseFactory(county_id="430104", name="已有企业有限公司")
    response = county_client.post(reverse("enterprises:enterprise-create"), _create_payload(uscc=existing.uscc.lower()))
    assert "已登记为“已有企业有限公司”" in response.content.decode()


def test_enterprise_create_uscc_of_another_region_tells_neither_its_name_nor_region(county_client):
    existing = EnterpriseFactory(county_id="430602", name="岳阳楼已有企业有限公司")
    response = county_client.post(reverse("enterprises:enterprise-create"), _create_payload(uscc=existing.uscc))
    page = response.content.decode()
    assert response.status_code == 200 and "不能由您登记" in page
    assert "岳阳楼已有企业" not in page and "岳阳" not in page
    assert Enterprise.objects.count() == 1


def test_enterprise_create_enterprise_user_not_found(client_for, enterprise_user):
    assert client_for(enterprise_user).get(reverse("enterprises:enterprise-create")).status_code == 404


def test_enterprise_edit_enterprise_user_changes_contacts_only(client_for, enterprise_user):
    e = enterprise_user.enterprise
    client = client_for(enterprise_user)
    html = client.get(reverse("enterprises:enterprise-edit", args=[e.pk])).content.decode()
    assert 'name="contact_phone"' in html and 'name="uscc"' not in html
    payload = {"contact_person": "赵六", "contact_phone": "13900001111", "name": "篡改名称有限公司"}
    client.post(reverse("enterprises:enterprise-edit", args=[e.pk]), payload)
    e.refresh_from_db()
    assert (e.contact_phone, e.name) == ("13900001111", e.name) and e.name != "篡改名称有限公司"


def test_enterprise_edit_rename_keeps_former_name(county_client):
    e = EnterpriseFactory(county_id="430104", name="老名字有限公司", industry_code="3911")
    payload = {"uscc": e.uscc, "name": "新名字有限公司", "county": "430104", "industry_code": "3911", "former_names": ""}
    response = county_client.post(reverse("enterprises:enterprise-edit", args=[e.pk]), payload)
    assert response.status_code == 302
    assert list(e.former_names.values_list("name", flat=True)) == ["老名字有限公司"]


def test_enterprise_year_create_computes_size(county_client):
    e = EnterpriseFactory(county_id="430104", industry_code="3911")
    payload = {"year": 2021, "employees": 120, "operating_revenue": "8000", "total_assets": "9000", "rd_expense": "300"}
    response = county_client.post(reverse("enterprises:enterprise-year-create", args=[e.pk]), payload)
    assert response.status_code == 302
    row = EnterpriseYear.objects.get(enterprise=e, year=2021)
    e.refresh_from_db()
    assert row.size == "small" and (e.latest_size, e.latest_year) == ("small", 2021)


def test_enterprise_year_create_existing_year_refused(county_client):
    row = EnterpriseYearFactory(enterprise=EnterpriseFactory(county_id="430104"), year=2021, employees=120)
    url = reverse("enterprises:enterprise-year-create", args=[row.enterprise_id])
    response = county_client.post(url, {"year": 2021, "employees": 5})
    assert "2021 年度数据已存在" in response.content.decode()
    row.refresh_from_db()
    assert row.employees == 120


def test_enterprise_year_edit_negative_revenue_refused(county_client):
    row = EnterpriseYearFactory(enterprise=EnterpriseFactory(county_id="430104"), year=2021)
    url = reverse("enterprises:enterprise-year-edit", args=[row.enterprise_id, 2021])
    response = county_client.post(url, {"operating_revenue": "-5", "employees": 10})
    assert response.status_code == 200 and "不能为负数" in response.content.decode()
    row.refresh_from_db()
    assert row.operating_revenue == Decimal("8000")


@pytest.mark.parametrize(("persona", "bulk_reveals"), [("county_official", 1), ("province_official", 0)])
def test_enterprise_export_with_full_contacts_audited_as_bulk_read(db, request, client_for, persona, bulk_reveals):
    from breakzero.audit.models import AuditEntry

    EnterpriseFactory.create_batch(2, county_id="430104", contact_phone="13812345678")
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("enterprises:enterprise-export")).status_code == 200
    reveals = AuditEntry.objects.filter(action="reveal", username=user.username)
    assert reveals.count() == bulk_reveals
    assert all(entry.detail == {"field": "contact_phone", "rows": 2, "bulk": True} for entry in reveals)

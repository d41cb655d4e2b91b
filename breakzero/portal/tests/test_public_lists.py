"""Innovation engineers (consent, three fields) and the service-body catalogue (contact only where public)."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.service_bodies.tests.factories import EngineerFactory, ServiceBodyFactory

pytestmark = pytest.mark.django_db
RECENT = timezone.localdate().replace(month=1, day=2)  # recognised this year: still in force


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _rows(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_engineer_list_consenting_only_name_employer_field(client):
    employer = EnterpriseFactory(county_id="430104", name="长沙同意科技有限公司")
    EngineerFactory(name="赵同意", employer=employer, field="智能制造", is_published_on_portal=True, phone="13700000001")
    EngineerFactory(name="钱未同意", employer=employer, field="新材料")
    body = client.get("/portal/lists/engineers/").content.decode()
    assert "赵同意" in body and "长沙同意科技有限公司" in body and "智能制造" in body
    assert "钱未同意" not in body and "13700000001" not in body
    rows = _rows(client.get("/portal/lists/engineers/export/"))
    assert rows == [("姓名", "所在企业", "专业领域"), ("赵同意", "长沙同意科技有限公司", "智能制造")]


def test_engineer_list_filters_by_city_and_year(client):
    EngineerFactory(name="长沙工程师", is_published_on_portal=True, certified_on=dt.date(2023, 5, 1))
    EngineerFactory(name="岳阳工程师", county_id="430602", city_id="430600", is_published_on_portal=True,
                    certified_on=dt.date(2024, 5, 1))
    by_city = client.get("/portal/lists/engineers/", {"region": "430600"}).content.decode()
    assert "岳阳工程师" in by_city and "长沙工程师" not in by_city
    by_year = client.get("/portal/lists/engineers/", {"year": 2023}).content.decode()
    assert "长沙工程师" in by_year and "岳阳工程师" not in by_year


def test_body_list_contact_only_when_marked_public(client):
    ServiceBodyFactory(name="公开联系平台", contact_phone="0731-8888001", is_contact_public=True, recognized_on=RECENT)
    ServiceBodyFactory(name="不公开联系平台", contact_phone="0731-8888002", recognized_on=RECENT)
    body = client.get("/portal/services/").content.decode()
    assert "公开联系平台" in body and "0731-8888001" in body
    assert "不公开联系平台" in body and "0731-8888002" not in body
    rows = {r[0]: r for r in _rows(client.get("/portal/services/export/"))}
    assert rows["公开联系平台"][8] == "0731-8888001" and rows["不公开联系平台"][8] in ("", None)


def test_body_export_filters_by_recognition_year(client):
    ServiceBodyFactory(name="早一年平台", recognized_on=RECENT - dt.timedelta(days=365))
    ServiceBodyFactory(name="今年平台", recognized_on=RECENT)
    names = [r[0] for r in _rows(client.get("/portal/services/export/", {"year": RECENT.year}))[1:]]
    assert names == ["今年平台"]


def test_benchmark_new_product_and_tech_centre_lists_each_show_their_kind(client):
    from breakzero.calls.models import Recognition
    from breakzero.calls.tests.factories import make_programme

    programme = make_programme(name="名单分类测试项目")
    for name, kind in (("标杆测试企业", "break_zero_benchmark"), ("新产品测试企业", "provincial_new_product"),
                       ("技术中心测试企业", "tech_centre"), ("撤销测试企业", "tech_centre")):
        Recognition.objects.create(enterprise=EnterpriseFactory(county_id="430104", name=name), programme=programme,
                                   kind=kind, level="provincial", authority="湖南省工业和信息化厅",
                                   batch="湘工信〔2026〕1号", recognized_on=RECENT,
                                   status="revoked" if name.startswith("撤销") else "active")
    shown = {key: client.get(f"/portal/lists/{key}/").content.decode()
             for key in ("benchmarks", "new-products", "tech-centres", "recognitions")}
    assert "标杆测试企业" in shown["benchmarks"] and "新产品测试企业" not in shown["benchmarks"]
    assert "新产品测试企业" in shown["new-products"] and "技术中心测试企业" not in shown["new-products"]
    assert "技术中心测试企业" in shown["tech-centres"] and "标杆测试企业" not in shown["tech-centres"]
    assert "撤销测试企业" not in shown["tech-centres"]
    assert all(n in shown["recognitions"] for n in ("标杆测试企业", "新产品测试企业", "技术中心测试企业"))
    rows = _rows(client.get("/portal/lists/tech-centres/export/"))
    assert [r[0] for r in rows[1:]] == ["技术中心测试企业"]

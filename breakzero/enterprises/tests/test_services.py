"""Enterprise services: validation in Chinese, scoping, size classification, downstream refresh."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from breakzero.core.errors import DomainError
from breakzero.enterprises import services
from breakzero.enterprises.models import EnterpriseYear
from breakzero.enterprises.services import EnterpriseInput
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from breakzero.rules.uscc import make_uscc

USCC = make_uscc("91", "430104", "MA4R0001")


@pytest.fixture
def changed(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "data_changed", lambda **kw: calls.append(kw))
    return calls


def _input(**overrides) -> EnterpriseInput:
    data = {"uscc": USCC, "name": "湖南服务测试科技有限公司", "county": "430104", "industry_code": "3911"}
    return EnterpriseInput(**(data | overrides))


def test_enterprise_create_normalises_uscc_and_derives_city(county_official, changed):
    spaced = f" {USCC[:9].lower()} {USCC[9:]} "
    e = services.enterprise_create(actor=county_official, data=_input(uscc=spaced, name=" 湖南（长沙）科技有限公司 "))
    assert (e.uscc, e.city_id, e.county_id, e.industry_section) == (USCC, "430100", "430104", "C")
    assert e.name_normalized == "湖南(长沙)科技有限公司"
    assert changed == [{"source": "enterprises", "enterprise_ids": [e.pk]}]


def test_enterprise_create_county_outside_region_refused(county_official, changed):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=county_official, data=_input(county="430602"))
    assert "不在您的管辖范围内" in exc.value.message_dict["county"][0]
    assert changed == []


def test_enterprise_create_prefecture_as_county_refused(city_official, changed):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=city_official, data=_input(county="430100"))
    assert exc.value.message_dict["county"] == ["请选择企业所在的区县"]


def test_enterprise_create_bad_check_character_reports_position(county_official, changed):
    wrong = USCC[:17] + ("0" if USCC[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=county_official, data=_input(uscc=wrong))
    assert exc.value.message_dict["uscc"][0].startswith("校验码错误：第18位应为")


def test_enterprise_create_several_errors_reported_together(county_official, changed):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=county_official, data=_input(uscc="x", industry_code="ZZ", name=""))
    assert set(exc.value.message_dict) == {"uscc", "industry_code", "name"}


def test_enterprise_create_enterprise_user_refused(enterprise_user, changed):
    with pytest.raises(DomainError):
        services.enterprise_create(actor=enterprise_user, data=_input())


def test_enterprise_update_enterprise_user_register_field_refused(enterprise_user, changed):
    with pytest.raises(DomainError, match="无权修改"):
        services.enterprise_update(actor=enterprise_user, enterprise=enterprise_user.enterprise, changes={"name": "X公司"})


def test_enterprise_update_enterprise_user_contacts_saved(enterprise_user, changed):
    e = services.enterprise_update(
        actor=enterprise_user, enterprise=enterprise_user.enterprise, changes={"contact_phone": " 13800001111 "}
    )
    e.refresh_from_db()
    assert e.contact_phone == "13800001111" and changed[0]["enterprise_ids"] == [e.pk]


def test_enterprise_update_province_official_cannot_overwrite_contacts(province_official, changed):
    e = EnterpriseFactory(county_id="430104", contact_phone="13812345678")
    with pytest.raises(DomainError):
        services.enterprise_update(actor=province_official, enterprise=e, changes={"contact_phone": "1"})


def test_enterprise_update_rename_records_former_name(county_official, changed):
    e = EnterpriseFactory(county_id="430104", name="旧名有限公司")
    services.enterprise_update(actor=county_official, enterprise=e, changes={"name": "新名有限公司"})
    assert list(e.former_names.values_list("name_normalized", flat=True)) == ["旧名有限公司"]


def test_enterprise_update_industry_change_reclassifies_years(county_official, changed):
    e = EnterpriseFactory(county_id="430104", industry_code="3911")
    EnterpriseYearFactory(enterprise=e, year=2021, employees=60, operating_revenue=Decimal("600"), size="small")
    services.enterprise_update(actor=county_official, enterprise=e, changes={"industry_code": "6511"})
    row = EnterpriseYear.objects.get(enterprise=e)
    e.refresh_from_db()
    # 软件和信息技术服务业: 60 persons, 600 万元 → small (medium needs 100 persons and 1000 万元)
    assert row.size == "small" and e.industry_section == "I" and e.latest_size == "small"


@pytest.mark.parametrize(
    ("industry", "employees", "revenue", "size"),
    [("3911", 1200, "50000", "large"), ("3911", 400, "3000", "medium"), ("3911", 120, "8000", "small"),
     ("3911", 10, "8000", "micro"), ("5211", 30, "600", "small"), ("5211", 60, "600", "medium")],
)  # fmt: skip
def test_enterprise_year_upsert_size_from_classify_size(county_official, changed, industry, employees, revenue, size):
    e = EnterpriseFactory(county_id="430104", industry_code=industry)
    values = {"employees": employees, "operating_revenue": Decimal(revenue), "total_assets": Decimal("100")}
    row = services.enterprise_year_upsert(actor=county_official, enterprise=e, year=2021, values=values)
    assert row.size == size and row.size_note == ""


def test_enterprise_year_upsert_missing_indicator_keeps_data_notes_reason(county_official, changed):
    e = EnterpriseFactory(county_id="430104", industry_code="3911")
    row = services.enterprise_year_upsert(actor=county_official, enterprise=e, year=2021, values={"rd_expense": 5})
    assert row.pk and row.size == "" and row.size_note


def test_enterprise_year_upsert_replaces_and_updates_latest(county_official, changed):
    e = EnterpriseFactory(county_id="430104", industry_code="3911")
    EnterpriseYearFactory(enterprise=e, year=2020)
    services.enterprise_year_upsert(actor=county_official, enterprise=e, year=2021, values={"employees": 5, "operating_revenue": 10})
    row = services.enterprise_year_upsert(actor=county_official, enterprise=e, year=2021, values={"employees": 50, "operating_revenue": 500})
    e.refresh_from_db()
    assert EnterpriseYear.objects.filter(enterprise=e).count() == 2
    assert row.employees == 50 and (e.latest_year, e.latest_size) == (2021, "small")


@pytest.mark.parametrize("year", [1999, 2999])
def test_enterprise_year_upsert_year_out_of_range_refused(county_official, changed, year):
    e = EnterpriseFactory(county_id="430104")
    with pytest.raises(ValidationError, match="年度应在"):
        services.enterprise_year_upsert(actor=county_official, enterprise=e, year=year, values={})


def test_enterprise_year_upsert_negative_refused_loss_allowed(county_official, changed):
    e = EnterpriseFactory(county_id="430104")
    with pytest.raises(ValidationError) as exc:
        services.enterprise_year_upsert(actor=county_official, enterprise=e, year=2021, values={"rd_expense": -1})
    assert exc.value.message_dict == {"rd_expense": ["不能为负数"]}
    row = services.enterprise_year_upsert(actor=county_official, enterprise=e, year=2021, values={"new_product_profit": -3})
    assert row.new_product_profit == -3


def test_enterprise_year_upsert_outside_scope_refused(other_county_official, changed):
    e = EnterpriseFactory(county_id="430104")
    with pytest.raises(DomainError):
        services.enterprise_year_upsert(actor=other_county_official, enterprise=e, year=2021, values={})

"""Selectors: scoped reads, search normalisation, region choices."""

import pytest

from breakzero.enterprises import selectors
from breakzero.enterprises.access import mask_person, mask_phone
from breakzero.enterprises.models import FormerName
from breakzero.enterprises.selectors import EnterpriseFilters
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory


def _names(user, **filters) -> list[str]:
    return [e.name for e in selectors.enterprise_list(user=user, filters=EnterpriseFilters(**filters))]


def test_enterprise_list_county_official_sees_own_county_only(county_official):
    EnterpriseFactory(county_id="430104", name="甲有限公司")
    EnterpriseFactory(county_id="430103", name="乙有限公司")
    assert _names(county_official) == ["甲有限公司"]


def test_enterprise_list_search_former_name_and_uscc_prefix(province_official):
    e = EnterpriseFactory(county_id="430104", name="新名有限公司")
    FormerName.objects.create(enterprise=e, name="旧名有限公司", name_normalized="旧名有限公司")
    EnterpriseFactory(county_id="430104", name="别家有限公司")
    assert _names(province_official, q="旧名") == ["新名有限公司"]
    assert _names(province_official, q=e.uscc[:16].lower()) == ["新名有限公司"]


def test_enterprise_list_year_filter_annotates_year_size(province_official):
    e = EnterpriseFactory(county_id="430104", latest_size="small")
    EnterpriseYearFactory(enterprise=e, year=2020, size="medium")
    [row] = selectors.enterprise_list(user=province_official, filters=EnterpriseFilters(year=2020))
    assert row.year_size == "medium"
    assert _names(province_official, year=2020, size="small") == []


def test_enterprise_get_outside_scope_404(other_county_official):
    from django.http import Http404

    e = EnterpriseFactory(county_id="430104")
    with pytest.raises(Http404):
        selectors.enterprise_get(user=other_county_official, pk=e.pk)


@pytest.mark.parametrize(
    ("persona", "cities", "county_count"),
    [("county_official", ["430100"], 1), ("city_official", ["430100"], 9), ("province_official", None, 122)],
)
def test_regions_for_limited_to_own_region(db, request, persona, cities, county_count):
    prefectures, counties = selectors.regions_for(request.getfixturevalue(persona))
    assert cities is None and len(prefectures) == 14 or [r.code for r in prefectures] == cities
    assert len(counties) == county_count


def test_enterprise_export_rows_masks_for_province(province_official):
    EnterpriseFactory(county_id="430104", contact_person="张三", contact_phone="13812345678")
    _, rows = selectors.enterprise_export_rows(user=province_official, filters=EnterpriseFilters())
    assert rows[0][9:11] == ["张*", "138****5678"]


@pytest.mark.parametrize(
    ("phone", "masked"), [("13812345678", "138****5678"), ("0731-88886666", "0731-****6666"), ("12345", "*2345"), ("", "")]
)
def test_mask_phone_keeps_ends_only(phone, masked):
    assert mask_phone(phone) == masked


def test_mask_person_keeps_family_name():
    assert (mask_person("欧阳修"), mask_person("")) == ("欧**", "")


def test_enterprise_by_uscc_code_name_and_former_name_within_scope_found(county_official):
    e = EnterpriseFactory(county_id="430104", name="岳麓甲科技有限公司")
    FormerName.objects.create(enterprise=e, name="岳麓旧名有限公司", name_normalized="岳麓旧名有限公司")
    assert selectors.enterprise_by_uscc(user=county_official, text=f" {e.uscc.lower()} ") == e
    assert selectors.enterprise_by_uscc(user=county_official, text="岳麓甲科技有限公司") == e
    assert selectors.enterprise_by_uscc(user=county_official, text="岳麓旧名有限公司") == e


def test_enterprise_by_uscc_other_region_or_ambiguous_name_none(county_official):
    other = EnterpriseFactory(county_id="430103", name="别区有限公司")
    EnterpriseFactory(county_id="430104", name="同名有限公司")
    EnterpriseFactory(county_id="430104", name="同名有限公司")
    assert selectors.enterprise_by_uscc(user=county_official, text=other.uscc) is None
    assert selectors.enterprise_by_uscc(user=county_official, text="别区有限公司") is None
    assert selectors.enterprise_by_uscc(user=county_official, text="同名有限公司") is None
    assert selectors.enterprise_by_uscc(user=county_official, text="") is None


def test_resolve_enterprise_unknown_raises_chinese_error_and_blank_is_enterprise_users_own(county_official, enterprise_user):
    from django.core.exceptions import ValidationError

    from breakzero.enterprises.forms import resolve_enterprise

    with pytest.raises(ValidationError, match="未找到本辖区内的该企业"):
        resolve_enterprise(county_official, "91430100MA4L000000")
    assert resolve_enterprise(enterprise_user, "") == enterprise_user.enterprise

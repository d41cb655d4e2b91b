"""Pages through the client: scoping (role × region), htmx partials, exports, review actions."""

import pytest
from django.urls import reverse

from breakzero.core.imports import get_importer, run_file
from breakzero.patents.models import ReviewItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(register, good_file):
    importer = get_importer("patents")
    importer.after_apply(run_file(importer, str(good_file), apply=True, skip_invalid=True), in_process=True)
    return register


def test_break_zero_list_province_sees_target(client_for, province_official, loaded):
    response = client_for(province_official).get(reverse("patents:break-zero-list"), {"year": 2022})
    body = response.content.decode()
    assert response.status_code == 200
    assert "湖南星辰科技有限公司" in body and "湖南蓝海电子有限公司" in body
    assert "2 / 300" in body


def test_break_zero_list_other_county_sees_only_own(client_for, other_county_official, loaded):
    body = client_for(other_county_official).get(reverse("patents:break-zero-list"), {"year": 2022}).content.decode()
    assert "湖南星辰科技有限公司" not in body


def test_break_zero_list_htmx_gets_partial(client_for, city_official, loaded):
    response = client_for(city_official).get(reverse("patents:break-zero-list"), {"year": 2022}, HTTP_HX_REQUEST="true")
    assert b'id="results"' in response.content and b"<html" not in response.content


def test_break_zero_list_export_xlsx(client_for, city_official, loaded):
    response = client_for(city_official).get(reverse("patents:break-zero-list"), {"year": 2022, "export": "xlsx"})
    assert response.content.startswith(b"PK")


def test_break_zero_list_enterprise_user_sent_to_search(client_for, enterprise_user):
    response = client_for(enterprise_user).get(reverse("patents:break-zero-list"))
    assert response.status_code == 302 and response.url == reverse("patents:patent-search")


def test_candidate_list_enterprise_user_404(client_for, enterprise_user):
    assert client_for(enterprise_user).get(reverse("patents:candidate-list")).status_code == 404


def test_candidate_list_shows_pending_invention_with_window(client_for, county_official, loaded):
    body = client_for(county_official).get(reverse("patents:candidate-list")).content.decode()
    assert "湖南启明光电有限公司" in body and "已公开" in body
    assert "2024-" in body or "2025-" in body


def test_candidate_list_export_xlsx(client_for, county_official, loaded):
    response = client_for(county_official).get(reverse("patents:candidate-list"), {"export": "xlsx"})
    assert response.content.startswith(b"PK")


@pytest.mark.parametrize("query", ["ZL 2021 1 0123456.7", "星辰装置", "中南大学", "cn113000000b"])
def test_patent_search_any_form_finds(client_for, province_official, loaded, query):
    body = client_for(province_official).get(reverse("patents:patent-search"), {"q": query}).content.decode()
    assert "202110123456.7" in body


def test_patent_search_scoped_to_region(client_for, other_county_official, loaded):
    body = client_for(other_county_official).get(reverse("patents:patent-search")).content.decode()
    assert "一种新材料" in body and "一种星辰装置" not in body


def test_review_list_scoped_to_candidate_region(client_for, county_official, other_county_official, loaded):
    assert "湖南启明光点有限公司" in client_for(county_official).get(reverse("patents:review-list")).content.decode()
    other = client_for(other_county_official).get(reverse("patents:review-list")).content.decode()
    assert "湖南启明光点有限公司" not in other


def test_review_confirm_htmx_returns_row_and_attributes(client_for, county_official, loaded):
    item = ReviewItem.objects.get()
    response = client_for(county_official).post(reverse("patents:review-confirm", args=[item.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"review-" in response.content
    item.refresh_from_db()
    assert (item.status, item.decided_by) == ("confirmed", county_official)


def test_review_reject_other_region_404(client_for, other_county_official, loaded):
    item = ReviewItem.objects.get()
    assert client_for(other_county_official).post(reverse("patents:review-reject", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == "pending"


def test_review_reject_twice_reports(client_for, county_official, loaded):
    item = ReviewItem.objects.get()
    client = client_for(county_official)
    client.post(reverse("patents:review-reject", args=[item.pk]))
    response = client.post(reverse("patents:review-reject", args=[item.pk]), follow=True)
    assert "已处理" in response.content.decode()


def test_enterprise_fragment_shows_status(client_for, county_official, loaded):
    url = reverse("patents:enterprise-fragment", args=[loaded["star"].pk])
    body = client_for(county_official).get(url).content.decode()
    assert "2022-06-10" in body and "一种实用结构" in body


def test_enterprise_fragment_outside_scope_404(client_for, other_county_official, loaded):
    url = reverse("patents:enterprise-fragment", args=[loaded["star"].pk])
    assert client_for(other_county_official).get(url).status_code == 404


def test_enterprise_fragment_own_enterprise_user(client_for, enterprise_user):
    url = reverse("patents:enterprise-fragment", args=[enterprise_user.enterprise_id])
    assert "尚未破零" in client_for(enterprise_user).get(url).content.decode()


def test_generic_import_page_lists_patent_columns(client_for, city_official):
    body = client_for(city_official).get("/imports/patents/").content.decode()
    assert "申请（专利权）人" in body


def test_break_zero_list_queries_bounded(client_for, province_official, loaded, django_assert_max_num_queries):
    client = client_for(province_official)
    with django_assert_max_num_queries(12):
        client.get(reverse("patents:break-zero-list"), {"year": 2022})

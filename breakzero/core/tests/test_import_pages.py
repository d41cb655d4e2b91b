"""Imports where the data is: 导入 beside 导出 for those who may import, the user's history,
and the error file named after the upload."""

import pytest
from django.urls import reverse

from breakzero.core.views import error_file_name

pytestmark = pytest.mark.django_db


def test_error_file_name_drops_the_upload_extension():
    assert error_file_name("2021年参与企业.xlsx") == "2021年参与企业-错误行.xlsx"
    assert error_file_name("名单.csv") == "名单-错误行.xlsx"


@pytest.mark.parametrize(("url", "kind"), [
    ("/enterprises/", "enterprises"), ("/enterprises/", "enterprise-years"), ("/progress/participants/", "participants"),
    ("/patents/search/", "patents"), ("/service/engineers/", "engineers"), ("/cultivation/", "titles"),
])
def test_list_has_import_button_next_to_export_for_officials(client_for, province_official, url, kind):
    html = client_for(province_official).get(url).content.decode()
    assert f'data-import="{kind}"' in html
    assert client_for(province_official).get(reverse("core:import-upload", args=[kind])).status_code == 200


def test_import_button_hidden_from_users_who_cannot_import(client_for, enterprise_user):
    html = client_for(enterprise_user).get("/cultivation/").content.decode()
    assert 'data-import="titles"' not in html


def test_import_history_lists_only_own_jobs_with_kind_filter(client_for, county_official, city_official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from breakzero.core import imports

    imports.import_job_create(kind="participants", user=county_official, upload=SimpleUploadedFile("我的.xlsx", b"x"))
    imports.import_job_create(kind="participants", user=city_official, upload=SimpleUploadedFile("别人的.xlsx", b"x"))
    html = client_for(county_official).get(reverse("core:import-history") + "?kind=participants").content.decode()
    assert "我的.xlsx" in html and "别人的.xlsx" not in html

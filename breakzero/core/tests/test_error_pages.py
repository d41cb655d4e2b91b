"""403, 404 and 500 pages: styled, in Chinese, with the navigation and a way back."""

import pytest
from django.test import Client

from breakzero.core import views


@pytest.mark.django_db
def test_error_page_404_has_navigation_and_way_home(client_for, county_official):
    response = client_for(county_official).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and 'class="mainnav"' in html and "返回首页" in html


@pytest.mark.django_db
def test_error_page_404_for_role_denied_view_is_styled(client_for, enterprise_user):
    response = client_for(enterprise_user).get("/progress/")
    assert response.status_code == 404
    assert "返回首页" in response.content.decode()


@pytest.mark.django_db
def test_error_page_403_on_csrf_failure_is_chinese(county_official):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_official)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


@pytest.mark.django_db
def test_error_page_500_renders_with_request(rf, county_official):
    request = rf.get("/boom/")
    request.user = county_official
    response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in html and "返回首页" in html and 'class="mainnav"' in html

"""Officials' accounts in bulk from an xlsx by the level above; first-login change; deactivation."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from breakzero.accounts import officials
from breakzero.accounts.models import ApiToken, Role, User
from breakzero.core.errors import DomainError
from breakzero.core.sheets import write_xlsx

pytestmark = pytest.mark.django_db
HEADERS = ["用户名", "姓名", "区划代码", "手机号", "初始密码"]


def _xlsx(rows, headers=HEADERS) -> io.BytesIO:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows)
    buffer.seek(0)
    buffer.name = "officials.xlsx"
    return buffer


def test_officials_import_province_creates_city_officials_who_must_change_password(province_official):
    created = officials.officials_import(actor=province_official, handle=_xlsx([
        ["cs-admin", "张三", "430100", "13800000001", ""],
        ["yy-admin", "李四", "430600", "", "Given-Pass-2020"],
    ]))
    assert [c.username for c in created] == ["cs-admin", "yy-admin"]
    assert created[0].initial_password and created[1].initial_password == ""
    cs = User.objects.get(username="cs-admin")
    assert (cs.role, cs.region_id, cs.must_change_password) == (Role.CITY_OFFICIAL, "430100", True)
    assert cs.check_password(created[0].initial_password)
    assert User.objects.get(username="yy-admin").check_password("Given-Pass-2020")


def test_officials_import_city_creates_only_its_own_counties(city_official):
    officials.officials_import(actor=city_official, handle=_xlsx([["yl-admin", "王五", "430104", "", ""]]))
    assert User.objects.get(username="yl-admin").role == Role.COUNTY_OFFICIAL
    with pytest.raises(ValidationError) as exc:
        officials.officials_import(actor=city_official, handle=_xlsx([
            ["ok-admin", "赵六", "430105", "", ""],
            ["yy-county", "钱七", "430602", "", ""],  # 岳阳楼区: another city's county
            ["city-admin", "孙八", "430100", "", ""],  # its own city: not one level below
        ]))
    text = "；".join(exc.value.messages)
    assert "第 3 行" in text and "第 4 行" in text and "不在本级可创建账户的下一级地区内" in text
    assert not User.objects.filter(username="ok-admin").exists()  # one bad row: nothing created


def test_officials_import_bad_rows_name_row_and_reason(province_official):
    User.objects.create(username="taken", role=Role.ENTERPRISE)
    with pytest.raises(ValidationError) as exc:
        officials.officials_import(actor=province_official, handle=_xlsx([
            ["taken", "甲", "430100", "", ""],
            ["dup", "乙", "430100", "", ""],
            ["dup", "丙", "999999", "", "short"],
            ["", "", "430104", "", ""],
        ]))
    text = "；".join(exc.value.messages)
    for expected in ("第 2 行", "已被使用", "文件中重复", "不是有效的行政区划代码", "第 5 行", "必填"):
        assert expected in text
    assert "short" not in text  # a password is never echoed back
    assert User.objects.filter(role=Role.CITY_OFFICIAL).count() == 0


def test_officials_import_refused_for_county_and_enterprise(county_official, enterprise_user):
    for actor in (county_official, enterprise_user):
        with pytest.raises(DomainError):
            officials.officials_import(actor=actor, handle=_xlsx([["x-admin", "甲", "430104", "", ""]]))


def test_official_deactivate_by_level_above_revokes_tokens_and_session(city_official, county_official,
                                                                       other_county_official, client):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=county_official, name="t", key_hash=ApiToken.hash_key(key), prefix=key[:8],
                            expires_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(county_official)
    with pytest.raises(DomainError):
        officials.official_deactivate(actor=city_official, user=other_county_official)  # another city's county
    officials.official_deactivate(actor=city_official, user=county_official)
    assert not ApiToken.objects.filter(user=county_official, revoked_at__isnull=True).exists()
    assert client.get("/reporting/").status_code == 302  # the session no longer logs in


def test_officials_page_uploads_lists_own_only_and_deactivates(client_for, city_official, other_county_official):
    page = client_for(city_official)
    response = page.post("/accounts/officials/", {"file": SimpleUploadedFile(
        "o.xlsx", _xlsx([["yl-admin", "王五", "430104", "", ""]]).getvalue())})
    body = response.content.decode()
    assert "已创建 1 个账户" in body and "yl-admin" in body
    assert other_county_official.username not in body  # 岳阳楼区 is not this city's
    created = User.objects.get(username="yl-admin")
    assert page.post("/accounts/officials/", {"deactivate": other_county_official.pk}).status_code == 404
    page.post("/accounts/officials/", {"deactivate": created.pk})
    created.refresh_from_db()
    other_county_official.refresh_from_db()
    assert not created.is_active and other_county_official.is_active
    bad = page.post("/accounts/officials/", {"file": SimpleUploadedFile(
        "o.xlsx", _xlsx([["yy", "钱七", "430602", "", ""]]).getvalue())}).content.decode()
    assert "不在本级可创建账户的下一级地区内" in bad


def test_officials_page_refused_to_county(client_for, county_official):
    assert client_for(county_official).get("/accounts/officials/").status_code in (403, 404)

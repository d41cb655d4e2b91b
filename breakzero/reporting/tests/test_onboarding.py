"""Enterprise self-registration, county confirmation, administrator and colleagues, deactivation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from breakzero.accounts.models import ApiToken, User
from breakzero.core.errors import DomainError
from breakzero.enterprises.models import Enterprise, FormerName
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.reporting import onboarding
from breakzero.reporting.models import EnterpriseRegistration
from breakzero.rules.uscc import make_uscc

PW = "Pw-for-tests-2020"


def _register(**overrides):
    data = dict(uscc=make_uscc("91", "430104", "B0000001"), name="湖南新注册科技有限公司", county_code="430104",
                contact_person="李四", contact_phone="13800000000", username="new-firm", password=PW,
                industry_code="3911")
    return onboarding.registration_create(**{**data, **overrides})


def test_register_invalid_uscc_is_refused_in_chinese(db):
    with pytest.raises(ValidationError) as exc:
        _register(uscc="91430104MA4L000000")
    assert "uscc" in exc.value.message_dict


def test_register_registered_enterprise_name_must_match_current_or_former(db):
    firm = EnterpriseFactory(county_id="430104")
    FormerName.objects.create(enterprise=firm, name="湖南旧名科技有限公司", name_normalized="湖南旧名科技有限公司")
    with pytest.raises(ValidationError) as exc:
        _register(uscc=firm.uscc, name="别的公司")
    assert "name" in exc.value.message_dict
    assert _register(uscc=firm.uscc, name="湖南旧名科技有限公司").enterprise == firm


def test_register_new_enterprise_needs_a_valid_industry_code(db):
    for bad in ("", "ZZ", "C"):
        with pytest.raises(ValidationError) as exc:
            _register(industry_code=bad)
        assert "industry_code" in exc.value.message_dict
    firm = EnterpriseFactory(county_id="430104")  # already in the register: its own code stands
    assert _register(uscc=firm.uscc, name=firm.name, industry_code="").industry_code == ""


def test_county_confirms_new_enterprise_first_user_is_admin(county_official):
    user = onboarding.registration_decide(actor=county_official, registration=_register(), approve=True)
    assert user.check_password(PW) and user.enterprise.name == "湖南新注册科技有限公司"
    assert (user.enterprise.industry_code, user.enterprise.industry_section) == ("3911", "C")  # sized, so counted
    assert onboarding.is_enterprise_admin(user)
    assert Enterprise.objects.filter(uscc=user.enterprise.uscc).exists()


def test_other_county_cannot_decide_and_refusal_needs_reason(other_county_official, county_official):
    registration = _register()
    with pytest.raises(DomainError, match="所在县市区"):
        onboarding.registration_decide(actor=other_county_official, registration=registration, approve=True)
    with pytest.raises(ValidationError):
        onboarding.registration_decide(actor=county_official, registration=registration, approve=False)
    onboarding.registration_decide(actor=county_official, registration=registration, approve=False, reason="非本辖区企业")
    assert EnterpriseRegistration.objects.get().status == "refused" and not User.objects.filter(username="new-firm").exists()


def test_admin_adds_colleague_who_must_change_password_then_deactivates(county_official, client_for, client):
    admin = onboarding.registration_decide(actor=county_official, registration=_register(), approve=True)
    colleague = onboarding.member_add(actor=admin, username="colleague", display_name="王五", password=PW)
    assert colleague.must_change_password and colleague.enterprise_id == admin.enterprise_id
    with pytest.raises(DomainError):
        onboarding.member_add(actor=colleague, username="x2", display_name="x", password=PW)
    key = ApiToken.new_key()
    ApiToken.objects.create(user=colleague, name="t", key_hash=ApiToken.hash_key(key), prefix=key[:8],
                            expires_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(colleague)
    onboarding.member_deactivate(actor=admin, user=colleague)
    assert not ApiToken.objects.filter(user=colleague, revoked_at__isnull=True).exists()
    assert client.get("/reporting/").status_code == 302  # the session no longer logs in


def test_register_page_public_and_county_confirms_by_page(client, client_for, county_official):
    page = client.post("/reporting/register/", {"uscc": make_uscc("91", "430104", "B0000002"), "name": "湖南页面科技有限公司",
                                                "county_code": "430104", "contact_person": "赵六",
                                                "contact_phone": "13900000000", "username": "page-firm", "password": PW,
                                                "industry_code": "C3911"})
    assert "注册申请已提交" in page.content.decode()
    registration = EnterpriseRegistration.objects.get()
    county = client_for(county_official)
    assert "湖南页面科技有限公司" in county.get("/reporting/registrations/").content.decode()
    county.post("/reporting/registrations/", {"registration": registration.pk, "action": "confirm"})
    assert User.objects.get(username="page-firm").enterprise.name == "湖南页面科技有限公司"


def test_members_page_only_for_enterprise_admin(client_for, enterprise_user):
    assert client_for(enterprise_user).get("/reporting/members/").status_code == 404

"""The portal through the client: page tree, 公示 with captcha-guarded objections, cache, admin guard."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from breakzero.calls import services
from breakzero.calls.models import Application, Objection, State
from breakzero.calls.tests.factories import make_call, make_programme
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.portal.captcha import captcha_check, captcha_new
from breakzero.portal.models import PolicyPage
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    cache.clear()
    call_command("portal_setup", stdout=open("/dev/null", "w"))
    yield
    cache.clear()


def _in_publicity(province_official, programme="公示测试项目"):
    call = make_call(programme=make_programme(name=programme), objection_channel="电话 0731-00000000")
    enterprise = EnterpriseFactory(county_id="430104")
    application = services.application_create(call=call, enterprise=enterprise, actor=None, form_data={"summary": "机密数据"})
    Application.objects.filter(pk=application.pk).update(state=State.SELECTED, score=Decimal("88"))
    services.call_publicity_start(call=call, actor=province_official)
    return call, application


def _answer(body: str) -> tuple[str, str]:
    token = re.search(r'name="captcha_token" value="([^"]+)"', body).group(1)
    a, b = map(int, re.search(r"(\d) \+ (\d) = \?", body).groups())
    return token, str(a + b)


def test_portal_setup_is_idempotent_and_serves_the_tree(client, portal):
    call_command("portal_setup", stdout=open("/dev/null", "w"))
    assert PolicyPage.objects.count() == 2
    for url in ("/portal/", "/portal/notices/", "/portal/policies/", "/portal/practices/", "/portal/cases/"):
        assert client.get(url).status_code == 200, url


def test_policy_page_links_to_the_checkup_only_when_rules_are_named(client, portal):
    with_rules = client.get("/portal/policies/srdi-measures/").content.decode()
    assert "工信部企业〔2022〕63号" in with_rules and 'id="checkup-link" href="/policies/"' in with_rules
    assert '<a href="/policies/?rule=srdi_sme">专精特新中小企业</a>' in with_rules
    assert '<a href="/policies/?rule=little_giant">' in with_rules
    assert 'id="checkup-link"' not in client.get("/portal/policies/break-zero-plan/").content.decode()


def test_policy_page_rejects_unknown_checkup_rule(portal):
    page = PolicyPage.objects.first()
    page.checkup_rules = "srdi_sme,火星规则"
    with pytest.raises(Exception, match="火星规则"):
        page.full_clean()


def test_open_call_listed_with_deadline_and_apply_link(client, portal):
    call = make_call(title="2026年破零企业申报")
    body = client.get("/portal/notices/").content.decode()
    assert "2026年破零企业申报" in body and call.enterprise_deadline.isoformat() in body
    assert f"/calls/{call.pk}/apply/" in body


def test_notice_shows_only_public_fields(client, portal, province_official):
    call, application = _in_publicity(province_official)
    assert call.title in client.get(reverse("portal:publicity-list")).content.decode()
    body = client.get(reverse("portal:notice", args=[call.pk])).content.decode()
    assert application.enterprise.name in body and "0731-00000000" in body
    # The score (88) must not show. Hidden inputs (the CSRF and captcha tokens) are random text that can hold
    # "88" by chance, so they are taken out before the check.
    visible = re.sub(r'<input type="hidden"[^>]*>', "", body)
    assert "captcha_token" not in visible and "csrfmiddlewaretoken" not in visible
    assert "机密数据" not in visible and "88" not in visible and application.enterprise.uscc not in visible


def test_objection_needs_the_captcha_then_gets_a_reference_and_status(client, portal, province_official):
    call, application = _in_publicity(province_official)
    url = reverse("portal:notice", args=[call.pk])
    token, answer = _answer(client.get(url).content.decode())
    data = {"application": application.pk, "name": "张三", "contact": "13900000000", "reason": "数据不实",
            "captcha_token": token, "captcha_answer": str(int(answer) + 1)}
    wrong = client.post(url, data)
    assert wrong.status_code == 200 and "验证题答案不正确" in wrong.content.decode() and not Objection.objects.exists()
    token, answer = _answer(wrong.content.decode())
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(url, {**data, "captcha_token": token, "captcha_answer": answer, "attachment": pdf})
    objection = Objection.objects.get()
    assert response.status_code == 302 and objection.reference in response.url
    status = client.get(reverse("portal:objection-status"), {"reference": objection.reference, "contact": "13900000000"})
    assert "待处理" in status.content.decode()
    assert "未找到" in client.get(reverse("portal:objection-status"),
                                  {"reference": objection.reference, "contact": "x"}).content.decode()


def test_objection_attachment_of_wrong_type_is_refused(client, portal, province_official):
    call, application = _in_publicity(province_official)
    url = reverse("portal:notice", args=[call.pk])
    token, answer = _answer(client.get(url).content.decode())
    exe = SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"application": application.pk, "name": "张三", "contact": "13900000000",
                                 "reason": "不实", "captcha_token": token, "captcha_answer": answer, "attachment": exe})
    assert response.status_code == 200 and not Objection.objects.exists()


def test_captcha_token_is_accepted_once():
    question, token = captcha_new()
    a, b = map(int, re.match(r"(\d) \+ (\d)", question).groups())
    assert not captcha_check(token=token + "x", answer=str(a + b))
    assert captcha_check(token=token, answer=str(a + b))
    assert not captcha_check(token=token, answer=str(a + b))


def test_notice_404_outside_publicity_and_published_list_public(client, portal, province_official):
    call = make_call()
    assert client.get(reverse("portal:notice", args=[call.pk])).status_code == 404
    assert client.get(reverse("portal:published", args=[call.pk])).status_code == 404
    call2, application = _in_publicity(province_official)
    Application.objects.filter(pk=application.pk).update(state=State.PUBLISHED)
    call2.status, call2.published_document_number, call2.published_on = "published", "湘工信〔2026〕9号", timezone.localdate()
    call2.save()
    body = client.get(reverse("portal:published", args=[call2.pk])).content.decode()
    assert application.enterprise.name in body and "湘工信〔2026〕9号" in body
    export = client.get(reverse("portal:published-export", args=[call2.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_anonymous_list_is_cached_and_signed_in_visitors_are_not(client, portal, province_official):
    first = client.get(reverse("portal:publicity-list"))
    assert "max-age" in first["Cache-Control"] and "Cookie" in first["Vary"]
    call, _application = _in_publicity(province_official)
    assert call.title not in client.get(reverse("portal:publicity-list")).content.decode()  # served from the cache
    client.force_login(province_official)
    signed_in = client.get(reverse("portal:publicity-list"))
    assert call.title in signed_in.content.decode() and "no-store" in signed_in["Cache-Control"]


def test_page_publish_clears_the_cache(client, portal):
    assert "新通知标题" not in client.get("/portal/").content.decode()
    from breakzero.portal.models import NoticePage, SectionPage

    section = SectionPage.objects.get(slug="notices")
    page = section.add_child(instance=NoticePage(title="新通知标题", slug="n1", issued_on=dt.date(2026, 1, 1),
                                                 issuer="省工信厅", body="<p>x</p>", live=False))
    page.save_revision().publish()
    assert "新通知标题" in client.get("/portal/").content.decode()


def test_portal_admin_only_for_officials_in_a_portal_group(client, portal, province_official):
    assert client.get("/portal-admin/").status_code == 302  # to the platform login
    enterprise_user = make_user("t-ent", "enterprise")
    client.force_login(enterprise_user)
    assert client.get("/portal-admin/").status_code == 404
    client.force_login(province_official)
    assert client.get("/portal-admin/").status_code == 404  # an official, but not in a portal group
    call_command("portal_setup", "--demo", stdout=open("/dev/null", "w"))
    assert client.get("/portal-admin/").status_code == 200


def test_portal_pages_link_no_workbench_route(client, portal, province_official):
    """Only the portal, its files, and the two deliberate entries (apply to a call, the check-up); the empty
    icon (`data:,`) is no link."""
    make_call()
    call, _ = _in_publicity(province_official)
    allowed = re.compile(r"^(/portal/|/portal-documents/|/static/|#|/calls/\d+/apply/$|/policies/(\?rule=\w+)?$|data:,$)")
    for url in ("/portal/", "/portal/notices/", "/portal/policies/srdi-measures/", reverse("portal:publicity-list"),
                reverse("portal:notice", args=[call.pk]), reverse("portal:objection-status")):
        body = client.get(url).content.decode()
        links = re.findall(r'(?:href|action|src)="([^"]*)"', body)
        bad = [link for link in links if link and not allowed.match(link) and not link.startswith("?")]
        assert not bad, (url, bad)
        assert "<script>" not in body and "nonce" not in body  # no inline script (and nothing per-request cached)


def test_break_zero_list_shows_only_consenting_enterprises_and_filters_and_exports(client, portal):
    from breakzero.patents.models import BreakZeroEvent
    from breakzero.patents.tests.factories import PatentFactory

    shown = EnterpriseFactory(county_id="430104", is_published_on_portal=True)
    hidden = EnterpriseFactory(county_id="430104")
    elsewhere = EnterpriseFactory(county_id="430602", is_published_on_portal=True)
    for enterprise in (shown, hidden, elsewhere):
        BreakZeroEvent.objects.create(enterprise=enterprise, patent=PatentFactory(), break_zero_date=dt.date(2025, 3, 1),
                                      year=2025)
    url = reverse("portal:list-detail", args=["break-zero"])
    body = client.get(url).content.decode()
    assert shown.name in body and elsewhere.name in body and hidden.name not in body and shown.uscc not in body
    filtered = client.get(url, {"region": "430100", "year": "2025"}).content.decode()
    assert shown.name in filtered and elsewhere.name not in filtered
    assert shown.name not in client.get(url, {"year": "2024"}).content.decode()
    export = client.get(reverse("portal:list-export", args=["break-zero"]), {"region": "430100"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("portal:list-detail", args=["nonsense"])).status_code == 404


def test_title_lists_show_valid_titles_of_the_tier(client, portal):
    from breakzero.cultivation.models import Title

    giant = EnterpriseFactory(county_id="430104")
    expired = EnterpriseFactory(county_id="430104")
    Title.objects.create(enterprise=giant, tier="little_giant", level="national", batch="第五批",
                         recognized_on=dt.date(2024, 7, 1), valid_until=dt.date(2099, 6, 30))
    Title.objects.create(enterprise=expired, tier="little_giant", level="national", batch="第一批",
                         recognized_on=dt.date(2019, 5, 1), valid_until=dt.date(2022, 4, 30))
    body = client.get(reverse("portal:list-detail", args=["little-giant"])).content.decode()
    assert giant.name in body and "国家级" in body and expired.name not in body
    assert giant.name not in client.get(reverse("portal:list-detail", args=["srdi"])).content.decode()


def test_service_catalogue_lists_bodies_in_force_with_services_and_rating(client, portal):
    from breakzero.service_bodies.models import ServiceProduct, ServiceRating
    from breakzero.portal.search_index import search_others_rebuild
    from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceRecordFactory

    body = ServiceBodyFactory(recognized_on=dt.date(2025, 1, 1), description="专利导航服务")
    lapsed = ServiceBodyFactory(recognized_on=dt.date(2018, 1, 1), description="专利导航服务")
    ServiceProduct.objects.create(body=body, name="专利挖掘")
    ServiceRating.objects.create(record=ServiceRecordFactory(body=body, enterprise=EnterpriseFactory()), score=4)
    page = client.get(reverse("portal:body-list")).content.decode()
    assert body.name in page and "专利挖掘" in page and "4.0 / 5" in page and lapsed.name not in page
    assert "王五" not in page  # the contact person's name is not published
    search_others_rebuild()  # the service system's changes reach the search table by the refresher (nightly)
    found = client.get(reverse("portal:search"), {"q": "专利导航"}).content.decode()
    assert body.name in found and lapsed.name not in found


def test_article_section_filter_keeps_the_chosen_programme(client, portal):
    body = client.get("/portal/cases/", {"programme": "doubling"}).content.decode()
    assert '<option value="doubling" selected>' in body and '<option value="break_zero">' in body


def test_cached_list_page_is_served_without_a_database_query(client, portal, django_assert_num_queries):
    """What bench/load_portal.py measures (≥ 1,000 req/s, BENCHMARKS.md): a warmed anonymous page is the
    cache read and the middleware only; a query creeping into that path would show here first."""
    url = reverse("portal:list-detail", args=["srdi"])
    assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_portal_root_is_the_portal_home_without_setup(client):
    """Migration 0002 turns Wagtail's welcome page into the portal home: /portal/ never shows
    "Welcome to your new Wagtail site", even before `portal_setup` has run."""
    from wagtail.models import Page, Site

    from breakzero.portal.models import PortalHomePage

    body = client.get("/portal/").content.decode()
    assert "Welcome" not in body and "湖南省中小企业“破零倍增”行动" in body
    home = PortalHomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    call_command("portal_setup", stdout=open("/dev/null", "w"))  # idempotent with the migration
    assert PortalHomePage.objects.get().pk == home.pk


@pytest.mark.django_db(transaction=True)
def test_portal_root_is_the_portal_home_after_a_flush(client):
    """A transactional test's flush removes the tree; conftest rebuilds it with the migration's function."""
    body = client.get("/portal/").content.decode()
    assert "Welcome" not in body and "湖南省中小企业“破零倍增”行动" in body


def test_portal_pages_name_their_icon_so_browsers_do_not_ask_for_favicon(client, portal):
    """Without an icon link a browser requests /favicon.ico after each first visit; its 404 page sets a fresh
    CSRF cookie that can land after the next page's (the login form then fails its CSRF check)."""
    for url in ("/portal/", "/portal/cases/", reverse("portal:search")):
        page = client.get(url).content.decode()
        assert '<link rel="icon" href="data:,">' in page, url


def test_a_page_with_a_csrf_token_is_served_but_never_cached(rf, portal):
    """A cached POST form would carry the first visitor's token to everyone, whose cookie it does not match."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from breakzero.portal.cache import cached_for_anonymous

    calls = []

    @cached_for_anonymous
    def with_form(request):
        calls.append(1)
        return HttpResponse(f"<form>{get_token(request)}</form>")

    @cached_for_anonymous
    def without_form(request):
        calls.append(2)
        return HttpResponse("<p>公开</p>")

    for view, path in ((with_form, "/portal/x-form/"), (without_form, "/portal/x-plain/")):
        for _ in range(2):
            request = rf.get(path)
            request.user = AnonymousUser()
            assert view(request).status_code == 200
    assert calls == [1, 1, 2]  # the form page rendered each time; the plain page came from the cache the 2nd time

"""One of every kind of public portal page, with content, for the accessibility checks (server-side
in test_accessibility.py, axe-core in the browser in test_browser_accessibility.py)."""

import datetime as dt
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone


def public_pages(province) -> list[str]:
    """Builds the content (after `portal_setup`) and returns the portal's public pages, each filled:
    home, the four sections, a policy with its check-up link, an article with a picture, an open
    call, a 公示 with its objection form, a published list, every list kind, services, events, search."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from breakzero.calls import services
    from breakzero.calls.models import Application, State
    from breakzero.calls.tests.factories import make_call, make_programme
    from breakzero.cultivation.models import Title
    from breakzero.enterprises.tests.factories import EnterpriseFactory
    from breakzero.patents.models import BreakZeroEvent
    from breakzero.patents.tests.factories import PatentFactory
    from breakzero.portal.models import ArticleEnterprise, ArticlePage, SectionPage
    from breakzero.service_bodies.models import ServiceProduct
    from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceEventFactory

    today = timezone.localdate()
    enterprise = EnterpriseFactory(county_id="430104", name="湖南无障碍检查科技有限公司", is_published_on_portal=True)
    BreakZeroEvent.objects.create(enterprise=enterprise, patent=PatentFactory(), break_zero_date=dt.date(2025, 3, 1),
                                  year=2025)
    make_call(programme=make_programme(name="无障碍申报项目"), title="2026年无障碍检查申报")
    call = make_call(programme=make_programme(name="无障碍公示项目"), title="2026年无障碍检查公示")
    application = services.application_create(call=call, enterprise=enterprise, actor=None, form_data={})
    Application.objects.filter(pk=application.pk).update(state=State.SELECTED, score=Decimal("90"))
    services.call_publicity_start(call=call, actor=province)
    Title.objects.create(enterprise=enterprise, tier="srdi_sme", level="provincial", batch="第一批",
                         recognized_on=today.replace(month=1, day=2), valid_until=dt.date(2099, 12, 31))
    body = ServiceBodyFactory(name="无障碍检查服务平台", recognized_on=today.replace(month=1, day=2),
                              is_contact_public=True, description="专利导航与挖掘")
    ServiceProduct.objects.create(body=body, name="专利挖掘")
    event = ServiceEventFactory(body=body, title="无障碍检查培训会", held_on=today + dt.timedelta(days=10))

    cases = SectionPage.objects.get(slug="cases")
    image = Image.objects.create(title="证书墙", file=get_test_image_file(filename="a11y.png"))
    article = ArticlePage(title="无障碍检查典型案例", slug="a11y-case", kind="case", region_id="430104",
                          issued_on=dt.date(2026, 3, 1), summary="县里帮助企业实现专利破零。",
                          body=[("paragraph", "<p>做法一：上门辅导。</p>"),
                                ("image", {"image": image, "alt": "企业车间里的专利证书墙", "caption": "证书墙"})])
    article.enterprises.add(ArticleEnterprise(uscc=enterprise.uscc))
    cases.add_child(instance=article)
    article.save_revision().publish()
    call_command("portal_search_rebuild", stdout=open("/dev/null", "w"))  # what the refresher and tasks keep current

    return [
        "/portal/", "/portal/notices/", "/portal/policies/", "/portal/policies/srdi-measures/", "/portal/practices/",
        "/portal/cases/", article.url, reverse("portal:publicity-list"), reverse("portal:notice", args=[call.pk]),
        reverse("portal:objection-status"), reverse("portal:list-index"),
        *(reverse("portal:list-detail", args=[kind]) for kind in ("break-zero", "srdi", "engineers", "recognitions")),
        reverse("portal:body-list"), f"{reverse('portal:event-calendar')}?month={event.held_on:%Y-%m}",
        reverse("portal:event-detail", args=[event.pk]), f"{reverse('portal:search')}?q=无障碍",
    ]


def setup_portal() -> None:
    call_command("portal_setup", stdout=open("/dev/null", "w"))

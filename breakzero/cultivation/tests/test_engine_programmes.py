"""The cultivation programmes on the calls engine: publishing the 小巨人（推荐）list records a recommendation
(ProgrammeListing), never a title; 白名单 and 上市后备库 publish into their lists; the provincial tiers grant
a Title with its authority."""

import datetime as dt

import pytest
from django.utils import timezone

from breakzero.calls import services
from breakzero.calls.models import Application, State
from breakzero.calls.tests.factories import make_call
from breakzero.cultivation.models import ProgrammeListing, Title
from breakzero.enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _publish(programme_type: str, province_official, name: str):
    programme = services.programme_create(name=name, owner_department="中小企业发展处", programme_type=programme_type)
    call = make_call(programme=programme, document_number="湘工信中小〔2026〕3号")
    application = services.application_create(call=call, enterprise=EnterpriseFactory(), actor=None)
    Application.objects.filter(pk=application.pk).update(state=State.SELECTED)
    services.call_publicity_start(call=call, actor=province_official, start=timezone.localdate() - dt.timedelta(days=30))
    services.call_publish(call=call, actor=province_official, document_number="湘工信中小〔2026〕9号")
    return application


def test_little_giant_publication_records_recommendation_not_title(province_official):
    application = _publish("tier_little_giant", province_official, "小巨人推荐")
    assert not Title.objects.filter(enterprise=application.enterprise).exists()
    listing = ProgrammeListing.objects.get(enterprise=application.enterprise)
    assert (listing.programme, listing.batch, listing.listed_on) == (
        "tier_little_giant", "湘工信中小〔2026〕9号", timezone.localdate())


@pytest.mark.parametrize(("programme_type", "listed_as"), [("cultivation_whitelist", "whitelist"),
                                                            ("cultivation_listing_reserve", "listing_reserve")])
def test_list_programmes_publish_into_their_list(province_official, programme_type, listed_as):
    application = _publish(programme_type, province_official, programme_type)
    assert ProgrammeListing.objects.get(enterprise=application.enterprise).programme == listed_as
    assert not Title.objects.exists()


def test_srdi_publication_grants_provincial_title_with_authority(province_official):
    application = _publish("tier_srdi_sme", province_official, "专精特新评价")
    title = Title.objects.get(enterprise=application.enterprise)
    assert (title.tier, title.level, title.authority) == ("srdi_sme", "provincial", "湖南省工业和信息化厅")
    assert not ProgrammeListing.objects.exists()

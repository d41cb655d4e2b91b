"""A call with 5,000 applications: the review list and the expert's sheet open in under 1 s (paginated,
indexed reads; a bounded number of queries). Timings on a shared, loaded machine."""

import time

import pytest
from django.urls import reverse

from breakzero.calls.models import Application, Assignment, PanelMember, State
from breakzero.calls.services import expert_create
from breakzero.calls.tests.factories import make_call
from breakzero.enterprises.models import Enterprise
from breakzero.enterprises.tests.factories import EnterpriseFactory
from conftest import make_user

pytestmark = pytest.mark.django_db
COUNT = 5000


@pytest.fixture
def big_call():
    call = make_call()
    template = EnterpriseFactory.build(county_id="430104", city_id="430100")
    Enterprise.objects.bulk_create([
        Enterprise(uscc=f"91430104MA4{i:07d}", name=f"湖南性能测试{i}有限公司", name_normalized=f"性能测试{i}",
                   county_id="430104", city_id="430100", industry_code=template.industry_code,
                   industry_section=template.industry_section) for i in range(COUNT)], batch_size=1000)
    ids = list(Enterprise.objects.filter(name__startswith="湖南性能测试").values_list("pk", flat=True))
    Application.objects.bulk_create([
        Application(call=call, enterprise_id=pk, county_id="430104", city_id="430100", state=State.EXPERT_REVIEW,
                    form_data={"summary": "x" * 200}, eligibility={"passed": True, "items": []}, eligibility_passed=True)
        for pk in ids], batch_size=1000)
    return call


def _timed(client, url):
    start = time.perf_counter()
    response = client.get(url)
    return response, time.perf_counter() - start


def test_review_list_of_5000_opens_under_a_second(big_call, client_for, province_official, county_official,
                                                  django_assert_max_num_queries):
    for user, query in ((province_official, "?todo=on"), (county_official, "?state=expert_review")):
        client = client_for(user)
        url = reverse("calls:application-list", args=[big_call.pk]) + query
        client.get(url)  # warm the template cache
        with django_assert_max_num_queries(12):
            response, seconds = _timed(client, url + "&page=40")
        assert response.status_code == 200 and "性能测试" in response.content.decode()
        assert seconds < 1.0, f"{seconds:.2f}s"


def test_expert_sheet_of_5000_opens_under_a_second(big_call, client_for, django_assert_max_num_queries):
    user = make_user("t-perf-expert", "expert")
    expert = expert_create(user=user, name="性能专家", fields=["智能制造"], employer="某大学")
    member = PanelMember.objects.create(call=big_call, expert=expert)
    Assignment.objects.bulk_create([Assignment(member=member, application_id=pk) for pk in
                                    Application.objects.filter(call=big_call).values_list("pk", flat=True)],
                                   batch_size=2000)
    client = client_for(user)
    url = reverse("calls:score-sheet", args=[big_call.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        response, seconds = _timed(client, url + "?page=60")
    assert response.status_code == 200 and response.content.count(b'name="s-') == 100
    assert seconds < 1.0, f"{seconds:.2f}s"

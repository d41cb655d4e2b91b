"""The demonstration programme types on the engine: platform facts, declared answers, publication effects."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from breakzero.calls import services as calls
from breakzero.calls.models import Application, Obligation, Recognition, State
from breakzero.calls.registry import get_programme_type
from breakzero.core.errors import DomainError
from breakzero.demonstration import facts, services
from breakzero.demonstration.models import TypicalCase
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from breakzero.patents.tests.factories import PatentApplicantFactory, PatentFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _call(programme_type, **programme):
    programme = calls.programme_create(name=f"{programme_type}项目", owner_department="科技处",
                                       programme_type=programme_type, **programme)
    return calls.call_create(programme=programme, actor=None, document_number=f"湘工信〔{TODAY.year}〕{programme.pk}号",
                             title=f"{TODAY.year}年{programme.name}", year=TODAY.year,
                             opens_on=TODAY - dt.timedelta(days=3), enterprise_deadline=TODAY + dt.timedelta(days=3))


def _publish(application, province_official):
    Application.objects.filter(pk=application.pk).update(state=State.SELECTED)
    calls.call_publicity_start(call=application.call, actor=province_official, start=TODAY - dt.timedelta(days=30))
    return calls.call_publish(call=application.call, actor=province_official, document_number="湘工信科技〔2026〕99号")


def test_every_programme_type_of_the_plan_is_registered():
    for key in ("break_zero_benchmark", "doubling_benchmark", "typical_case", "provincial_new_product",
                "industrial_new_product", "key_new_products_100", "major_product_innovation", "first_set", "first_batch",
                "first_version", "first_tapeout", "first_kit", "tech_centre", "tech_centre_re_review", "ndrc_tech_centre",
                "provincial_single_champion"):
        assert get_programme_type(key).name_zh


def test_benchmark_facts_from_patents_and_yearly_data():
    enterprise = EnterpriseFactory()
    year = TODAY.year - 1
    EnterpriseYearFactory(enterprise=enterprise, year=year, employees=100, rd_staff=10, rd_expense=Decimal("30"),
                          operating_revenue=Decimal("750"))
    EnterpriseYearFactory(enterprise=enterprise, year=year - 1, rd_expense=Decimal("20"))
    for day in (dt.date(year, 3, 1), dt.date(year, 9, 1)):
        PatentApplicantFactory(enterprise=enterprise, patent=PatentFactory(grant_date=day, legal_status="granted"))
    f = facts.benchmark_facts([enterprise.pk], TODAY)[enterprise.pk]
    assert (f.invention_grants_before_year, f.invention_grants_in_year, f.valid_invention_patents) == (0, 2, 2)
    assert f.is_rd_growing is True and f.rd_staff == 10 and f.took_part_in_action is None


def test_benchmark_declared_answers_complete_the_check(enterprise_user):
    enterprise = enterprise_user.enterprise
    year = TODAY.year - 1
    EnterpriseYearFactory(enterprise=enterprise, year=year, employees=100, rd_staff=10, rd_expense=Decimal("30"),
                          operating_revenue=Decimal("750"))
    EnterpriseYearFactory(enterprise=enterprise, year=year - 1, rd_expense=Decimal("20"))
    for day in (dt.date(year, 3, 1), dt.date(year, 9, 1)):
        PatentApplicantFactory(enterprise=enterprise, patent=PatentFactory(grant_date=day, legal_status="granted"))
    call = _call("break_zero_benchmark")
    application = calls.application_create(call=call, enterprise=enterprise, actor=enterprise_user)
    assert application.eligibility_passed is None and application.form_data["grants_in_year"] == 2
    declared = {"ip_system": True, "core_product": True, "product_sales": "300", "profit_tax": True,
                "key_industry": True, "leading": True, "took_part": True, "summary": "两件发明授权"}
    application = calls.application_update(application=application, actor=enterprise_user, form_data=declared)
    assert application.eligibility_passed is True, application.eligibility
    application = calls.application_update(application=application, actor=enterprise_user,
                                           form_data={"product_sales": "299.99"})
    assert application.eligibility_passed is False
    assert "took_part_in_action" in application.eligibility["declared"]


def test_tech_centre_publication_creates_recognition_with_reports_and_re_review(province_official):
    enterprise = EnterpriseFactory(county_id="430602")
    call = _call("tech_centre")
    application = calls.application_create(call=call, enterprise=enterprise, actor=None)
    assert application.eligibility["rule_set"].startswith("hngxt-")
    _publish(application, province_official)
    recognition = Recognition.objects.get(application=application)
    year = recognition.recognized_on.year
    assert recognition.kind == "tech_centre" and recognition.valid_until == dt.date(year + 2, 12, 31)
    assert recognition.batch == "湘工信科技〔2026〕99号"
    kinds = list(recognition.obligations.values_list("kind", "period"))
    assert (Obligation.Kind.RE_REVIEW, str(year + 3)) in kinds and (Obligation.Kind.HALF_YEAR_REPORT, f"{year + 2}H2") in kinds


def test_ndrc_centre_is_a_separate_kind(province_official):
    application = calls.application_create(call=_call("ndrc_tech_centre"), enterprise=EnterpriseFactory(), actor=None)
    assert application.eligibility == {}  # no 工信 rule runs on the 发改委 scheme
    _publish(application, province_official)
    assert Recognition.objects.get(application=application).kind == "ndrc_tech_centre"


def test_typical_case_editorial_review_and_picture(province_official, enterprise_user):
    call = _call("typical_case")
    application = calls.application_create(call=call, enterprise=enterprise_user.enterprise, actor=enterprise_user,
                                           form_data={"title": "破零路上", "technology": "智能检测", "problem": "良率低",
                                                      "results": "新增产值=3200 万元\n良率提升=12 %"})
    _publish(application, province_official)
    case = TypicalCase.objects.get(application=application)
    assert case.results == [{"label": "新增产值", "value": "3200", "unit": "万元"},
                            {"label": "良率提升", "value": "12", "unit": "%"}]
    with pytest.raises(DomainError, match="编审意见"):
        services.case_review(case=case, actor=province_official, publish=False)
    png = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\nxx", content_type="image/png")
    services.case_picture_add(case=case, actor=enterprise_user, image=png, caption="产线")
    services.case_review(case=case, actor=province_official, publish=True, note="")
    case.refresh_from_db()
    assert case.status == "published" and case.published_on == TODAY


def test_major_project_investment_report_closes_obligation(province_official, enterprise_user, client_for):
    call = _call("major_product_innovation")
    application = calls.application_create(call=call, enterprise=enterprise_user.enterprise, actor=enterprise_user,
                                           form_data={"product": "高精度减速器", "total_investment": "5000",
                                                      "investment_in_year": "3000"})
    _publish(application, province_official)
    recognition = Recognition.objects.get(application=application)
    period = str(recognition.recognized_on.year)
    client = client_for(enterprise_user)
    client.post(reverse("demonstration:project-detail", args=[recognition.pk]),
                {"period": period, "planned": "3000", "actual": "2800"})
    assert recognition.investment_reports.get().actual == Decimal("2800")
    assert recognition.obligations.get(period=period).done_on == TODAY
    page = client.get(reverse("calls:recognition-list")).content.decode()
    assert "major_product_innovation项目" in page and "暂无到期事项" in page  # the next report is due next year


def test_industrial_new_product_window_follows_the_call_year():
    call = _call("industrial_new_product")
    kind = get_programme_type("industrial_new_product")
    f = facts.product_facts([1], TODAY)[1]
    from dataclasses import replace

    late = kind.eligibility(replace(f, production_start=dt.date(TODAY.year - 2, 12, 31)), call, TODAY)
    assert late.item("c4.window").status == "unmet"


def test_demo_seed_one_call_per_type_idempotent():
    import io
    import random

    from breakzero.calls.models import Call, Expert
    from breakzero.demonstration import demo
    from conftest import make_user

    for _ in range(12):
        EnterpriseFactory(county_id="430104")
    make_user("demo-expert", "expert")
    for _ in range(2):
        demo.seed(rng=random.Random(1), enterprises=12, stdout=io.StringIO())
    assert Call.objects.count() == len(demo.PROGRAMMES)
    assert set(Call.objects.values_list("programme__programme_type", flat=True)) == {p[0] for p in demo.PROGRAMMES}
    assert Application.objects.filter(call__programme__programme_type="tech_centre").count() == 6
    assert Expert.objects.count() == 1


def test_tech_centre_re_review_retains_and_revocation(province_official):
    enterprise = EnterpriseFactory(county_id="430602")
    first = calls.application_create(call=_call("tech_centre"), enterprise=enterprise, actor=None)
    _publish(first, province_official)
    centre = Recognition.objects.get(application=first)
    review_call = _call("tech_centre_re_review")
    outsider = calls.application_create(call=review_call, enterprise=EnterpriseFactory(), actor=None)
    assert outsider.eligibility_passed is False  # no centre recognised: nothing to re-review
    review = calls.application_create(call=review_call, enterprise=enterprise, actor=None, form_data={"summary": "运行良好"})
    assert review.eligibility_passed is True, review.eligibility
    Application.objects.filter(pk=outsider.pk).update(state=State.REFUSED)
    _publish(review, province_official)
    centre.refresh_from_db()
    assert centre.obligations.filter(kind=Obligation.Kind.RE_REVIEW, done_on__isnull=False).exists()
    assert centre.details["last_review"] == "湘工信科技〔2026〕99号"
    calls.recognition_revoke(recognition=centre, actor=province_official, reason="复核不合格")
    centre.refresh_from_db()
    assert centre.status == "revoked"
    with pytest.raises(DomainError, match="已撤销"):
        calls.recognition_revoke(recognition=centre, actor=province_official, reason="x")

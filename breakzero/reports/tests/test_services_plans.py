"""Plan upload (versions, type checks), review by the parent level, missing-plan selector."""

import pytest

from breakzero.core.errors import DomainError
from breakzero.regions.models import Region
from breakzero.notifications.models import Notice as Notification
from breakzero.reports.models import ImplementationPlan, PlanReview
from breakzero.reports.selectors import plan_status_rows, regions_missing_plans
from breakzero.reports.services.plans import plan_review, plan_upload
from breakzero.reports.tests import factories as f

pytestmark = pytest.mark.django_db


def _county():
    return Region.objects.get(code="430104")


def test_plan_upload_county_creates_submitted_version_and_notifies_city(county_official, city_official):
    plan = plan_upload(user=county_official, region=_county(), period="2021", upload=f.pdf_upload())
    assert (plan.version, plan.status, plan.file_kind) == (1, "submitted", "pdf")
    assert plan.file.read().startswith(b"%PDF-")
    assert Notification.objects.filter(user=city_official, url=plan.get_absolute_url()).exists()
    assert list(plan.reviews.values_list("action", flat=True)) == ["submitted"]


def test_plan_upload_fake_pdf_rejected_and_nothing_saved(county_official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(DomainError, match="不是允许的类型"):
        plan_upload(user=county_official, region=_county(), period="2021",
                    upload=SimpleUploadedFile("方案.pdf", b"<html>not a pdf</html>"))
    assert not ImplementationPlan.objects.exists()


def test_plan_upload_other_region_refused(other_county_official):
    with pytest.raises(DomainError, match="本地区"):
        plan_upload(user=other_county_official, region=_county(), period="2021", upload=f.pdf_upload())


def test_plan_review_return_then_reupload_keeps_history(county_official, city_official):
    first = plan_upload(user=county_official, region=_county(), period="2021", upload=f.pdf_upload())
    with pytest.raises(DomainError, match="修改意见"):
        plan_review(user=city_official, plan_id=first.pk, approve=False, comment=" ")
    plan_review(user=city_official, plan_id=first.pk, approve=False, comment="请补充分年度目标")
    second = plan_upload(user=county_official, region=_county(), period="2021", upload=f.docx_upload())
    assert second.version == 2 and second.file_kind == "docx"
    first.refresh_from_db()
    assert first.status == "returned" and first.comment == "请补充分年度目标"
    assert PlanReview.objects.filter(plan__region_id="430104").count() == 3


def test_plan_review_superseded_version_refused(county_official, city_official):
    first = plan_upload(user=county_official, region=_county(), period="2021", upload=f.pdf_upload())
    plan_upload(user=county_official, region=_county(), period="2021", upload=f.pdf_upload())
    with pytest.raises(DomainError, match="新版本"):
        plan_review(user=city_official, plan_id=first.pk, approve=True, comment="")


def test_plan_upload_after_approval_refused(county_official, city_official):
    plan = plan_upload(user=county_official, region=_county(), period="2021", upload=f.pdf_upload())
    plan_review(user=city_official, plan_id=plan.pk, approve=True, comment="")
    with pytest.raises(DomainError, match="已审核通过"):
        plan_upload(user=county_official, region=_county(), period="2021", upload=f.pdf_upload())


def test_plan_review_by_province_of_county_plan_refused(county_official, province_official):
    plan = plan_upload(user=county_official, region=_county(), period="2021", upload=f.pdf_upload())
    with pytest.raises(DomainError, match="不能审核"):
        plan_review(user=province_official, plan_id=plan.pk, approve=True, comment="")


def test_regions_missing_plans_city_lists_counties_without_live_plan(db):
    city = Region.objects.get(code="430100")
    counties = list(Region.objects.filter(city_code="430100", level="county").values_list("code", flat=True))
    f.plan("430104", "2021")
    f.plan("430102", "2020-2022", status="approved")
    f.plan("430103", "2021", status="returned")
    missing = [r.code for r in regions_missing_plans(city, 2021)]
    assert "430104" not in missing and "430102" not in missing and "430103" in missing
    assert len(missing) == len(counties) - 2


def test_regions_missing_plans_county_has_nothing_inside(db):
    assert regions_missing_plans(_county(), 2021) == []


def test_plan_status_rows_city_sees_own_and_counties(city_official):
    f.plan("430100", "2021", status="approved")
    rows = plan_status_rows(user=city_official, period="2021")
    assert rows[0].region.code == "430100" and rows[0].is_own and rows[0].plan.status == "approved"
    assert {r.region.code[:4] for r in rows} == {"4301"} and all(r.can_review for r in rows[1:])


def test_plan_status_rows_province_optionally_adds_counties(province_official):
    cities = plan_status_rows(user=province_official, period="2021")
    everything = plan_status_rows(user=province_official, period="2021", include_counties=True)
    assert len(cities) == 14 and len(everything) > 100

"""Service bodies record their own training courses (plan §二(八); programme-rules-2.md §4): entry, correction and
import for their own body only; officials see the courses held in their region."""

import io

import pytest

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.imports import get_importer, run_file
from breakzero.core.sheets import write_xlsx
from breakzero.service_bodies.models import ServiceBodyMember
from breakzero.service_bodies.tests.factories import ServiceBodyFactory
from breakzero.talent import selectors, services
from breakzero.talent.models import TrainingCourse
from conftest import make_user

VALUES = {"course": "TRIZ 训练营", "held_on": "2022-05-01", "hours": "16", "attendees": "40", "certificates": "30"}


@pytest.fixture
def bodies(db):
    own, other = ServiceBodyFactory(region_id="430104"), ServiceBodyFactory(region_id="430602")
    staff = make_user("body-staff", Role.SERVICE_BODY)
    ServiceBodyMember.objects.create(user=staff, body=own)
    return own, other, staff


def _values(**changes):
    import datetime as dt
    from decimal import Decimal

    return {"course": "TRIZ 训练营", "held_on": dt.date(2022, 5, 1), "hours": Decimal(16), "attendees": 40,
            "certificates": 30, **changes}


def test_body_course_saved_in_the_bodys_county_with_the_body_as_organiser(bodies):
    own, _, staff = bodies
    course = services.body_course_save(actor=staff, body=own, values=_values())
    assert (course.body, course.organiser, course.county_id, course.city_id) == (own, own.name, "430104", "430100")


def test_body_course_other_body_refused(bodies):
    _, other, staff = bodies
    with pytest.raises(DomainError, match="只能登记本机构"):
        services.body_course_save(actor=staff, body=other, values=_values())
    assert not TrainingCourse.objects.exists()


def test_body_course_certificates_over_attendees_refused(bodies):
    own, _, staff = bodies
    with pytest.raises(DomainError, match="发证人数"):
        services.body_course_save(actor=staff, body=own, values=_values(certificates=41))


def test_courses_visible_body_staff_own_body_officials_their_region(bodies, county_official, other_county_official):
    own, other, staff = bodies
    mine = services.body_course_save(actor=staff, body=own, values=_values())
    theirs = TrainingCourse.objects.create(organiser=other.name, body=other, course="精益", held_on=mine.held_on,
                                           hours=8, attendees=10, county_id="430602", city_id="430600")
    assert list(selectors.courses_visible_to(staff)) == [mine]
    assert list(selectors.courses_visible_to(county_official)) == [mine]
    assert list(selectors.courses_visible_to(other_county_official)) == [theirs]


def test_body_course_pages_create_list_edit_and_other_bodys_course_404(bodies, client_for):
    own, other, staff = bodies
    client = client_for(staff)
    response = client.post("/talent/courses/new/", {"body": own.pk, **VALUES})
    assert response.status_code == 302
    course = TrainingCourse.objects.get()
    page = client.get("/talent/courses/").content.decode()
    assert "TRIZ 训练营" in page and f"/talent/courses/{course.pk}/edit/" in page
    assert "/imports/body_training_courses/" in page
    assert client.post(f"/talent/courses/{course.pk}/edit/", {"body": own.pk, **VALUES, "attendees": "45"}).status_code == 302
    course.refresh_from_db()
    assert course.attendees == 45
    theirs = TrainingCourse.objects.create(organiser=other.name, body=other, course="精益", held_on=course.held_on,
                                           hours=8, attendees=10, county_id="430602", city_id="430600")
    assert client.get(f"/talent/courses/{theirs.pk}/edit/").status_code == 404
    response = client.post("/talent/courses/new/", {"body": other.pk, **VALUES})
    assert response.status_code == 200 and TrainingCourse.objects.count() == 2  # another body: not a choice


def test_body_course_import_own_body_only_and_reload_updates(bodies):
    own, other, staff = bodies
    importer = get_importer("body_training_courses")
    assert importer.can_import(staff)

    def run(rows):
        buffer = io.BytesIO()
        write_xlsx(buffer, [c.header for c in importer.columns], rows)
        buffer.seek(0)
        return run_file(importer, buffer, user=staff, apply=True, skip_invalid=True)

    outcome = run([(own.uscc, "TRIZ 训练营", "2022-05-01", "16", "40", "30"),
                   (other.uscc, "精益管理", "2022-06-01", "8", "20", ""),
                   (own.uscc, "精益管理", "2022-06-01", "8", "20", "21")])
    assert {r.row: r.errors[0].column for r in outcome.rejected} == {3: "服务机构统一社会信用代码", 4: "发证人数"}
    course = TrainingCourse.objects.get()
    assert (course.body, course.county_id, course.attendees) == (own, "430104", 40)
    again = run([(own.uscc, "TRIZ 训练营", "2022-05-01", "16", "42", "")])
    assert (again.counts.created, again.counts.updated) == (0, 1) and TrainingCourse.objects.get().attendees == 42

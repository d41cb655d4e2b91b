"""Imports of the solutions catalogue and its adoptions (plan §二(五); programme-rules-2.md §3): row-by-row report,
template, a service body writes only its own solutions and their adoptions, an official only within their region."""

import datetime as dt
import io

import pytest

from breakzero.accounts.models import Role
from breakzero.core.imports import NOT_FOUND_IN_SCOPE, get_importer, run_file, template_xlsx
from breakzero.core.sheets import write_xlsx
from breakzero.digital.models import Solution, SolutionAdoption
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.service_bodies.models import ServiceBodyMember
from breakzero.service_bodies.tests.factories import ServiceBodyFactory
from conftest import make_user


def _run(kind: str, rows: list[tuple], user, *, skip_invalid: bool = False):
    buffer = io.BytesIO()
    write_xlsx(buffer, [c.header for c in get_importer(kind).columns], rows)
    buffer.seek(0)
    return run_file(get_importer(kind), buffer, user=user, apply=True, skip_invalid=skip_invalid)


@pytest.fixture
def bodies(db):
    own, other = ServiceBodyFactory(region_id="430104"), ServiceBodyFactory(region_id="430602")
    staff = make_user("body-staff", Role.SERVICE_BODY)
    ServiceBodyMember.objects.create(user=staff, body=own)
    return own, other, staff


def test_solution_import_body_staff_write_own_body_only_with_row_errors(bodies):
    own, other, staff = bodies
    rows = [(own.uscc, "MES 云平台", "工程机械", "生产执行", "", ""),
            (other.uscc, "仓储云", "物流", "供应链", "", ""),
            (own.uscc, "", "工程机械", "生产执行", "", "也许")]
    outcome = _run("digital_solutions", rows, staff, skip_invalid=True)
    assert {r.row: r.reason for r in outcome.rejected} == {
        3: "服务机构统一社会信用代码：未找到您可管理的该服务机构（请确认统一社会信用代码）",
        4: "解决方案名称：请填写；在目录中：应为：是 / 否"}
    assert list(Solution.objects.values_list("body", "name", "is_active")) == [(own.pk, "MES 云平台", True)]
    again = _run("digital_solutions", [(own.uscc, "MES 云平台", "工程机械", "生产执行", "订单到交付", "否")], staff)
    assert (again.counts.created, again.counts.updated) == (0, 1)
    assert Solution.objects.get().is_active is False and Solution.objects.get().description == "订单到交付"


def test_solution_import_file_with_errors_writes_nothing_unless_skipping(bodies):
    own, other, staff = bodies
    outcome = _run("digital_solutions", [(own.uscc, "甲", "行业", "场景", "", ""), (other.uscc, "乙", "行业", "场景", "", "")],
                   staff)
    assert not outcome.applied and not Solution.objects.exists()


def test_adoption_import_body_staff_only_own_solutions(bodies):
    own, other, staff = bodies
    mine = Solution.objects.create(body=own, name="MES 云平台", industry="工程机械", scenario="生产执行")
    theirs = Solution.objects.create(body=other, name="仓储云", industry="物流", scenario="供应链")
    firm = EnterpriseFactory(county_id="430602")  # a body's adopters may be anywhere
    rows = [(own.uscc, mine.name, firm.uscc, dt.date(2023, 6, 1), "交付周期缩短20%"),
            (other.uscc, theirs.name, firm.uscc, dt.date(2023, 6, 1), "")]
    outcome = _run("digital_adoptions", rows, staff, skip_invalid=True)
    assert [(r.row, r.errors[0].column) for r in outcome.rejected] == [(3, "解决方案名称")]
    adoption = SolutionAdoption.objects.get()
    assert (adoption.solution, adoption.enterprise, adoption.outcome) == (mine, firm, "交付周期缩短20%")


def test_adoption_import_official_only_enterprises_of_their_county(bodies, county_official):
    own, other, _ = bodies
    solution = Solution.objects.create(body=other, name="仓储云", industry="物流", scenario="供应链")
    home, foreign = EnterpriseFactory(county_id="430104"), EnterpriseFactory(county_id="430602")
    rows = [(other.uscc, solution.name, home.uscc, "2023-06-01", ""), (other.uscc, solution.name, foreign.uscc, "2023-06-01", ""),
            (other.uscc, solution.name, home.uscc, "不是日期", "")]
    outcome = _run("digital_adoptions", rows, county_official, skip_invalid=True)
    reasons = {r.row: r.reason for r in outcome.rejected}
    assert reasons[3] == f"统一社会信用代码：{NOT_FOUND_IN_SCOPE}" and reasons[4] == "采用日期：格式不正确"
    assert list(SolutionAdoption.objects.values_list("enterprise", flat=True)) == [home.pk]


def test_solution_importers_open_to_officials_and_bodies_not_enterprises(bodies, county_official, enterprise_user):
    _, _, staff = bodies
    for kind in ("digital_solutions", "digital_adoptions"):
        importer = get_importer(kind)
        assert importer.can_import(staff) and importer.can_import(county_official)
        assert not importer.can_import(enterprise_user)
        assert template_xlsx(importer)[:2] == b"PK"


def test_solution_list_shows_import_buttons_to_bodies(bodies, client_for):
    _, _, staff = bodies
    page = client_for(staff).get("/digital/solutions/").content.decode()
    assert "/imports/digital_solutions/" in page and "/imports/digital_adoptions/" in page
    assert client_for(staff).get("/imports/digital_solutions/template.xlsx").status_code == 200


def test_solution_import_official_only_bodies_of_their_region(bodies, county_official):
    own, other, _ = bodies  # own is in the official's county 430104, other in 430602
    rows = [(own.uscc, "MES 云平台", "工程机械", "生产执行", "", ""), (other.uscc, "仓储云", "物流", "供应链", "", "")]
    outcome = _run("digital_solutions", rows, county_official, skip_invalid=True)
    assert [r.row for r in outcome.rejected] == [3]
    assert list(Solution.objects.values_list("body", flat=True)) == [own.pk]

"""A web yearly import's apply step reuses its validation's parse (enterprises.sheets.yearly_kept)
when nothing the parse read changed, and parses again (with the right result) when anything did."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from breakzero.core import hooks, import_reuse
from breakzero.core.imports import import_job_apply, import_job_create, import_job_validate
from breakzero.enterprises.models import EnterpriseYear
from breakzero.enterprises.sheets import yearly_import, yearly_kept
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.enterprises.tests.fixtures.builders import YEARLY_HEADERS, csv_bytes, uscc, xlsx_bytes, yearly_row
from breakzero.reporting.models import PeriodLock
from breakzero.reporting.tests.factories import WindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parses(monkeypatch, settings, tmp_path):
    """The rows the row parser was given (kept parses under a fresh media root)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    calls: list[int] = []
    original = yearly_import._Context.parse

    def counted(self, parser):
        calls.append(parser.row)
        return original(self, parser)

    monkeypatch.setattr(yearly_import._Context, "parse", counted)
    return calls


@pytest.fixture
def firms():
    return [EnterpriseFactory(uscc=uscc(n), county_id="430104", industry_code="3911", industry_section="C")
            for n in range(1, 4)]  # fmt: skip


def rows(firms) -> list[list]:
    good = [yearly_row(f.uscc, year, employees=100 + year - 2020) for f in firms for year in (2021, 2022)]
    return [*good, yearly_row(uscc(99), 2022),  # not in the register (yet)
            yearly_row(firms[0].uscc, 2021, employees=101),  # an identical duplicate
            yearly_row(firms[1].uscc, 2021, employees=999),  # a conflicting one
            yearly_row(firms[2].uscc, 2023, rd=9000)]  # fmt: skip  # R&D above revenue: a note


def upload(firms, *, xlsx: bool = True, data: list | None = None) -> bytes:
    if xlsx:
        return xlsx_bytes(YEARLY_HEADERS, data or rows(firms))
    return csv_bytes(YEARLY_HEADERS, data or rows(firms))


def created(user, data: bytes, name: str = "年度.xlsx"):
    return import_job_create(kind="enterprise-years", user=user, upload=SimpleUploadedFile(name, data))


def applied(job) -> tuple:
    job = import_job_apply(job_id=job.pk, skip_invalid=True, in_process=True)
    counts = (job.status, job.total_rows, job.created_count, job.updated_count, job.unchanged_count, job.rejected_count)
    years = sorted(EnterpriseYear.objects.values_list("enterprise__uscc", "year", "employees", "rd_expense", "size"))
    return counts, job.rejected_rows, job.summary, years


def fresh(user, data: bytes, name: str = "年度.xlsx") -> tuple:
    """The result of applying `data` without a validation (nothing kept), then wiped again."""
    result = applied(created(user, data, name))
    EnterpriseYear.objects.all().delete()
    return result


@pytest.mark.parametrize("xlsx", [True, False], ids=["xlsx", "csv"])
def test_yearly_job_apply_after_validation_reuses_the_parse_with_the_same_result(firms, province_official, parses,
                                                                                 xlsx):
    name = "年度.xlsx" if xlsx else "年度.csv"
    data = upload(firms, xlsx=xlsx)
    expected = fresh(province_official, data, name)
    job = created(province_official, data, name)
    import_job_validate(job_id=job.pk)
    assert (import_reuse.kept_root() / str(job.pk) / yearly_kept.PART / yearly_kept.STAGE_FILE).is_file()
    parses.clear()
    got = applied(job)
    assert parses == []  # no row parsed again
    assert got == expected
    assert expected[0] == ("done", 10, 7, 0, 0, 2)
    assert expected[2]["重复行（已合并）"] == 1 and expected[2]["提示"] == 1
    assert not (import_reuse.kept_root() / str(job.pk)).exists()  # removed when the job ended


def _new_firm(firms, user, job, monkeypatch):
    EnterpriseFactory(uscc=uscc(99), county_id="430104", industry_code="3911", industry_section="C")


def _scope(firms, user, job, monkeypatch):
    user.region_id = "430602"  # the county official moved to another county: the firms are out of scope
    user.save()


def _lock(firms, user, job, monkeypatch):
    PeriodLock.objects.create(window=job.window, region_id="430104", locked_by=user)


def _new_year(firms, user, job, monkeypatch):
    class Today(dt.date):
        @classmethod
        def today(cls):
            return dt.date(2021, 6, 1)  # the last year accepted becomes 2022: the 2023 row is refused

    monkeypatch.setattr(yearly_import, "dt", SimpleNamespace(date=Today))


def _other_upload(firms, user, job, monkeypatch):
    data = upload(firms, data=[yearly_row(f.uscc, 2022, employees=500) for f in firms])
    job.file.storage.delete(job.file.name)
    assert job.file.storage.save(job.file.name, ContentFile(data)) == job.file.name
    job.replaced_with = data


@pytest.mark.parametrize("change", [_new_firm, _scope, _lock, _new_year, _other_upload],
                         ids=["register", "scope", "lock", "max-year", "upload"])
def test_yearly_job_apply_parses_again_when_what_the_parse_read_changed(firms, county_official, parses, change,
                                                                             monkeypatch):
    data = upload(firms)
    # Only for the lock: a window's guard reads the register too (which would hide the register's own part of the key).
    window = WindowFactory(period="2022", year=2022) if change is _lock else None
    before = fresh(county_official, data)
    job = created(county_official, data)
    import_job_validate(job_id=job.pk)
    job.window = window
    change(firms, county_official, job, monkeypatch)
    expected = fresh(county_official, getattr(job, "replaced_with", data))
    assert expected != before  # the change matters to the result
    parses.clear()
    got = applied(job)
    assert parses  # parsed again
    assert got == expected


@pytest.mark.parametrize("damage", ["truncated", "garbled", "loop-truncated", "missing"])
def test_yearly_job_apply_with_a_damaged_kept_parse_parses_again(firms, province_official, parses, damage):
    data = upload(firms)
    expected = fresh(province_official, data)
    job = created(province_official, data)
    import_job_validate(job_id=job.pk)
    kept = import_reuse.kept_root() / str(job.pk) / yearly_kept.PART
    stage, loop = kept / yearly_kept.STAGE_FILE, kept / yearly_kept.LOOP_FILE
    if damage == "truncated":
        stage.write_bytes(stage.read_bytes()[:-10])
    elif damage == "garbled":  # whole in size, unreadable: the savepoint leaves nothing staged
        stage.write_bytes((b"\x80\t" + b"x\n" * stage.stat().st_size)[: stage.stat().st_size])
    elif damage == "loop-truncated":
        loop.write_bytes(loop.read_bytes()[:-1])
    else:
        stage.unlink()
    parses.clear()
    got = applied(job)
    assert parses
    assert got == expected


def test_yearly_job_with_a_guard_without_state_is_parsed_again(firms, province_official, parses, monkeypatch):
    monkeypatch.setitem(hooks._ROW_GUARDS, "yearly", [lambda: (lambda key, values: [])])
    data = upload(firms)
    expected = fresh(province_official, data)
    job = created(province_official, data)
    import_job_validate(job_id=job.pk)
    assert not (import_reuse.kept_root() / str(job.pk) / yearly_kept.PART).exists()
    parses.clear()
    assert applied(job) == expected and parses


def test_row_guards_state_follows_each_guards_state_and_needs_every_one():
    def guard(state):
        def check(key, values):
            return []

        check.state = lambda: state
        return check

    assert hooks.row_guards_state([guard("a"), guard("b")]) == hooks.row_guards_state([guard("a"), guard("b")])
    assert hooks.row_guards_state([guard("a"), guard("b")]) != hooks.row_guards_state([guard("a"), guard("c")])
    assert hooks.row_guards_state([guard("a"), lambda key, values: []]) is None
    assert hooks.row_guards_state([]) is not None

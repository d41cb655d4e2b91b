"""factory_boy factories and a messy-file fixture builder for the patents tests."""

import csv
import datetime as dt
from pathlib import Path

import factory

from breakzero.patents.models import BreakZeroEvent, Patent, PatentApplicant, ReviewItem
from breakzero.rules.names import normalize_company_name
from breakzero.rules.patent_numbers import make_application_number

HEADERS = ["申请号", "申请日", "专利类型", "发明名称", "申请（专利权）人", "公开（公告）号", "公开（公告）日",
           "授权公告日", "法律状态", "IPC主分类号"]  # fmt: skip


def number(year: int, kind: str, serial: int) -> str:
    return make_application_number(year, kind, serial)


def write_csv(path: Path, rows: list[list], headers: list[str] | None = None, encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers or HEADERS)
        writer.writerows(rows)
    return path


def read_rows(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    """The data rows of a csv written by write_csv (header dropped)."""
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))[1:]


class PatentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patent

    application_number = factory.Sequence(lambda n: make_application_number(2021, "invention", 500000 + n))
    kind = "invention"
    title = factory.Sequence(lambda n: f"一种测试装置{n}")
    application_date = dt.date(2021, 3, 5)
    legal_status = "pending"


class PatentApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatentApplicant

    patent = factory.SubFactory(PatentFactory)
    position = 1
    name = factory.LazyAttribute(lambda o: o.enterprise.name if o.enterprise else "张三")
    name_normalized = factory.LazyAttribute(lambda o: normalize_company_name(o.name))
    enterprise = None
    applicant_type = factory.LazyAttribute(lambda o: "enterprise" if o.enterprise else "person")
    match_method = factory.LazyAttribute(lambda o: "name" if o.enterprise else "none")


class ReviewItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewItem

    applicant_name = "湖南启明光点有限公司"
    name_normalized = factory.LazyAttribute(lambda o: normalize_company_name(o.applicant_name))
    score = 90.0


class BreakZeroEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakZeroEvent

    patent = factory.SubFactory(PatentFactory, grant_date=dt.date(2022, 6, 10))
    break_zero_date = dt.date(2022, 6, 10)
    year = 2022
    size = "small"

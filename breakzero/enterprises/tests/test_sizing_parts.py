"""latest_size_refresh in parts: the same latest year and size as one statement, and on
PostgreSQL one marked statement per part (the job page's 更新 企业（第 i/n 批）)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from breakzero.core.import_progress import step_label
from breakzero.enterprises import sizing
from breakzero.enterprises.models import Enterprise
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory

pytestmark = pytest.mark.django_db

# (year, size) rows per enterprise: the newest sized year wins; unsized rows only when none is sized.
ROWS = [
    [(2022, "small"), (2023, "medium")],
    [(2021, "micro"), (2023, "")],
    [(2020, ""), (2022, "")],
    [(2024, "large")],
    [(2019, "small"), (2020, "small"), (2021, "micro")],
    [(2023, ""), (2022, "medium"), (2021, "small")],
    [(2018, "micro")],
]
EXPECTED = [(2023, "medium"), (2021, "micro"), (2022, ""), (2024, "large"), (2021, "micro"), (2022, "medium"),
            (2018, "micro")]


def _firms() -> list[int]:
    ids = []
    for rows in ROWS:
        firm = EnterpriseFactory(county_id="430104")
        for year, size in rows:
            EnterpriseYearFactory(enterprise=firm, year=year, size=size)
        ids.append(firm.pk)
    Enterprise.objects.filter(pk__in=ids).update(latest_year=None, latest_size="tiny")  # stale on purpose
    return ids


def _latest(ids: list[int]) -> list[tuple]:
    found = {pk: (year, size) for pk, year, size in
             Enterprise.objects.filter(pk__in=ids).values_list("pk", "latest_year", "latest_size")}
    return [found[pk] for pk in ids]


def test_parts_give_the_rows_of_one_statement_and_are_marked(monkeypatch):
    ids = _firms()
    monkeypatch.setattr(sizing, "REFRESH_PART_IDS", 3)
    with CaptureQueriesContext(connection) as queries:
        changed = sizing.latest_size_refresh(enterprise_ids=[*ids, ids[0]])  # a repeated id counts once
    assert changed == len(ROWS) and _latest(ids) == EXPECTED
    updates = [q["sql"] for q in queries.captured_queries if "latest_size = r.size" in q["sql"]]
    if connection.vendor == "postgresql":
        assert len(updates) == 3  # 7 ids in parts of 3
        assert [step_label(sql) for sql in updates] == [f"更新 企业（第 {i}/3 批）" for i in (1, 2, 3)]
    else:
        assert len(updates) == 1
    assert sizing.latest_size_refresh(enterprise_ids=ids) == 0  # nothing left to change


def test_one_statement_when_few_ids_or_the_whole_register():
    ids = _firms()
    with CaptureQueriesContext(connection) as queries:
        assert sizing.latest_size_refresh(enterprise_ids=ids[:4]) == 4
        assert sizing.latest_size_refresh() == len(ROWS) - 4
    assert _latest(ids) == EXPECTED
    updates = [q["sql"] for q in queries.captured_queries if "latest_size = r.size" in q["sql"]]
    assert len(updates) == 2 and not any("/* part" in sql for sql in updates)

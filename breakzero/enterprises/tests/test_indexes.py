"""The enterprise tables' indexes: a varchar_pattern_ops ("_like") copy only where a query
filters by prefix (LIKE 'x%'), every plain look-up column still indexed once."""

import pytest
from django.db import connection

from breakzero.enterprises.models import Enterprise, EnterpriseYear, FormerName

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL index layout"),
]
PREFIX_SEARCHED = {"uscc", "industry_code"}  # selectors.enterprise_list and search_condition


def _indexed_columns(model, *, pattern_ops: bool) -> list[str]:
    """The columns of the table's one-column indexes, with or without varchar_pattern_ops."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [model._meta.db_table])
        definitions = [row[0] for row in cursor.fetchall()]
    columns = []
    for definition in definitions:
        inside = definition.rsplit("(", 1)[1].rstrip(")")
        if "," in inside or ("pattern_ops" in inside) is not pattern_ops:
            continue
        columns.append(inside.split()[0].strip('"'))
    return columns


def test_pattern_indexes_only_prefix_searched_columns_keep_one():
    assert set(_indexed_columns(Enterprise, pattern_ops=True)) == PREFIX_SEARCHED
    assert _indexed_columns(EnterpriseYear, pattern_ops=True) == []
    assert _indexed_columns(FormerName, pattern_ops=True) == []


@pytest.mark.parametrize(
    ("model", "column"),
    [
        (Enterprise, "name"),
        (Enterprise, "name_normalized"),
        (Enterprise, "county_id"),
        (Enterprise, "industry_section"),
        (Enterprise, "latest_size"),
        (EnterpriseYear, "size"),
        (FormerName, "name_normalized"),
    ],
)
def test_plain_index_lookup_column_indexed_exactly_once(model, column):
    assert _indexed_columns(model, pattern_ops=False).count(column) == 1


def test_city_lookup_served_by_city_county_index_only():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'enterprises_enterprise'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert [d for d in definitions if "(city_id" in d] == [d for d in definitions if "(city_id, county_id)" in d]
    assert len([d for d in definitions if "(city_id, county_id)" in d]) == 1

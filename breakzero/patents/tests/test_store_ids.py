"""Patent ids drawn before the insert (store._new_ids): unique, in file order (the stage's
order, so nothing is sorted), and the id counter stays ahead of them for rows created later."""

import pytest
from django.db import IntegrityError, connection, transaction

from breakzero.core.imports import get_importer, run_file
from breakzero.patents.models import Patent, PatentApplicant
from breakzero.patents.tests.factories import PatentFactory, read_rows

pytestmark = pytest.mark.django_db


def run(path):
    return run_file(get_importer("patents"), str(path), apply=True, skip_invalid=True)


def test_import_new_patents_ids_follow_file_order(register, good_file):
    existing = PatentFactory()
    run(good_file)
    new = list(Patent.objects.exclude(pk=existing.pk).order_by("pk").values_list("pk", "title"))
    titles = [row[3] for row in read_rows(good_file)]
    assert [title for _, title in new] == titles and min(pk for pk, _ in new) > existing.pk


def test_import_applicants_point_at_their_own_patent(register, good_file):
    run(good_file)
    assert PatentApplicant.objects.count() > Patent.objects.count()
    for patent in Patent.objects.prefetch_related("applicants"):
        positions = [a.position for a in patent.applicants.all()]
        assert positions == list(range(1, len(positions) + 1))


def test_patent_created_after_import_gets_a_fresh_id(register, good_file):
    run(good_file)
    highest = Patent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert PatentFactory().pk > highest


def test_import_after_deleting_newest_patent_does_not_reuse_its_id(register, good_file):
    deleted = PatentFactory()
    deleted_pk = deleted.pk
    deleted.delete()
    run(good_file)
    assert not Patent.objects.filter(pk__lte=deleted_pk).exists()


def test_application_number_stays_unique(register):
    patent = PatentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Patent.objects.create(application_number=patent.application_number, kind="invention")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL index layout")
def test_application_number_has_no_like_index(register):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'patents_patent'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert not any("pattern_ops" in d for d in definitions)
    assert sum("UNIQUE" in d and "(application_number)" in d for d in definitions) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="first-load ids: PostgreSQL only")
def test_first_load_into_empty_table_ids_are_first_id_plus_row_number(register, good_file):
    run(good_file)
    rows = read_rows(good_file)
    numbers = dict(Patent.objects.values_list("title", "pk"))
    ids = [numbers[row[3]] for row in rows if row[3] in numbers]
    first_id = ids[0] - 2  # the first data row is row 2
    assert ids == [first_id + row for row, data in enumerate(rows, start=2) if data[3] in numbers]
    assert PatentFactory().pk > max(ids)  # the id counter continues after them

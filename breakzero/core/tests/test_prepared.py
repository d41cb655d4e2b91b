"""core.prepared: a statement compiled once returns what the ORM returns, for any parameters."""

import pytest
from django.db.models import CharField, IntegerField

from breakzero.accounts.models import Role, User
from breakzero.audit.models import AuditEntry
from breakzero.core.prepared import Param, Prepared

pytestmark = pytest.mark.django_db


def _users():
    regions = [(Role.COUNTY_OFFICIAL, "430104"), (Role.CITY_OFFICIAL, "430100"), (Role.COUNTY_OFFICIAL, "430104")]
    for i, (role, region) in enumerate(regions):
        User.objects.create(username=f"prep-{i}", role=role, region_id=region)


def test_prepared_different_params_same_rows_as_orm():
    _users()
    by_role = Prepared(lambda: User.objects.filter(role=Param("role", CharField()), username__startswith="prep-").order_by("pk"))
    for role in (Role.COUNTY_OFFICIAL, Role.CITY_OFFICIAL, Role.PROVINCE_OFFICIAL):
        expected = list(User.objects.filter(role=role, username__startswith="prep-").order_by("pk"))
        got = by_role.all(role=role)
        assert [(u.pk, u.username, u.role, u.region_id) for u in got] == [(u.pk, u.username, u.role, u.region_id) for u in expected]


def test_prepared_select_related_rows_need_no_further_query(django_assert_num_queries):
    _users()
    one = Prepared(lambda: User.objects.select_related("region").filter(username=Param("name", CharField()))[:1])
    one.first(name="prep-0")  # compiles
    with django_assert_num_queries(1):
        user = one.first(name="prep-2")
        assert user.username == "prep-2" and user.region.code == "430104"
    assert one.first(name="nobody") is None


def test_prepared_flat_values_converted_like_orm_and_never_stale():
    entry = AuditEntry.objects.create(action="export", object_type="t.prep", object_id="1", detail={"rows": 3, "what": "名单"})
    detail = Prepared(lambda: AuditEntry.objects.filter(pk=Param("pk", IntegerField())).values_list("detail", flat=True))
    assert detail.all(pk=entry.pk) == list(AuditEntry.objects.filter(pk=entry.pk).values_list("detail", flat=True))
    other = AuditEntry.objects.create(action="export", object_type="t.prep", object_id="2", detail={"rows": 9})
    assert detail.first(pk=other.pk) == {"rows": 9}  # only SQL is kept: new rows and new values are read


def test_prepared_missing_value_refused():
    by_name = Prepared(lambda: User.objects.filter(username=Param("name", CharField())))
    with pytest.raises(TypeError, match="name"):
        by_name.all()


def test_prepared_without_param_refused():
    with pytest.raises(ValueError):
        Prepared(lambda: User.objects.filter(username="x")).all()

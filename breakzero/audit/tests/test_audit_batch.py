"""audit_batch: the entries of a block written together are the entries written one by one."""

import pytest
from django.forms.models import model_to_dict

from breakzero.audit.models import AuditEntry
from breakzero.audit.recorder import remember_before
from breakzero.audit.services import audit_batch, audit_record

pytestmark = pytest.mark.django_db
FIELDS = ["user", "username", "role", "ip", "action", "object_type", "object_id", "object_repr", "changes", "detail", "path"]


def _record(city_official, n):
    return audit_record(action="export", user=city_official, target=("t.batch", n, f"第 {n} 份"),
                        changes={"a": [None, n]}, detail={"rows": n, "what": "名单"})


def test_audit_batch_entries_same_fields_and_order_as_single_writes(city_official):
    single = [_record(city_official, n) for n in (1, 2)]
    with audit_batch():
        batched = [_record(city_official, n) for n in (1, 2)]
        with audit_batch():  # a nested block joins the outer one
            batched.append(_record(city_official, 3))
        assert not AuditEntry.objects.filter(pk__gt=single[-1].pk).exists()  # nothing written before the end
    rows = list(AuditEntry.objects.filter(pk__gt=single[-1].pk).order_by("pk"))
    assert [model_to_dict(r, fields=FIELDS) for r in rows[:2]] == [model_to_dict(AuditEntry.objects.get(pk=e.pk), fields=FIELDS)
                                                                   for e in single]
    assert [r.object_id for r in rows] == ["1", "2", "3"] and [r.at for r in rows] == [e.at for e in batched]


def test_audit_batch_exception_writes_nothing(city_official):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), audit_batch():
        _record(city_official, 1)
        raise RuntimeError
    assert AuditEntry.objects.count() == before


def test_remember_before_used_by_one_save_only(city_official):
    city_official.display_name = "甲"
    city_official.save()
    remember_before(city_official)
    city_official.display_name = "乙"
    city_official.save()
    type(city_official).objects.filter(pk=city_official.pk).update(display_name="丙")  # behind the instance's back
    city_official.display_name = "丁"
    city_official.save()  # read again: the remembered snapshot was used once
    changes = list(AuditEntry.objects.filter(object_type="accounts.user", object_id=str(city_official.pk), action="update")
                   .order_by("pk").values_list("changes", flat=True))
    assert changes[-2]["display_name"] == ["甲", "乙"] and changes[-1]["display_name"] == ["丙", "丁"]

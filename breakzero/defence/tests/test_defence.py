"""民参军 qualifications: scoped entry and lists; the core-technology programme type on the engine."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.calls.registry import get_programme_type
from breakzero.core.errors import DomainError
from breakzero.defence import services
from breakzero.defence.models import Qualification
from breakzero.enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
VALUES = {"kind": "supplier", "number": "ZC-001", "fields": "电子元器件", "valid_from": dt.date(2021, 1, 1),
          "valid_until": dt.date(2025, 12, 31)}


def test_qualification_other_region_or_reversed_period_refused(county_official):
    with pytest.raises(DomainError, match="不能为该企业"):
        services.qualification_record(actor=county_official, enterprise=EnterpriseFactory(county_id="430602"), values=VALUES)
    with pytest.raises(DomainError, match="有效期"):
        services.qualification_record(actor=county_official, enterprise=EnterpriseFactory(county_id="430104"),
                                      values={**VALUES, "valid_until": dt.date(2020, 1, 1)})
    assert not Qualification.objects.exists()


def test_qualification_list_scoped_and_validity(client_for, county_official):
    own = services.qualification_record(actor=county_official, enterprise=EnterpriseFactory(county_id="430104"), values=VALUES)
    Qualification.objects.create(enterprise=EnterpriseFactory(county_id="430602"), **{**VALUES, "number": "ZC-乙"})
    body = client_for(county_official).get(reverse("defence:qualification-list")).content.decode()
    assert "ZC-001" in body and "ZC-乙" not in body
    assert own.is_valid_on(dt.date(2025, 12, 31)) and not own.is_valid_on(dt.date(2026, 1, 1))


def test_core_technology_programme_registered_without_invented_eligibility():
    kind = get_programme_type("defence_core_technology")
    assert kind.eligibility is None and {f.key for f in kind.form_fields} >= {"qualification", "project", "funding"}

"""The latest assessed digital level reaches the tier check-ups' facts (63号 附件2 数字化水平)."""

import datetime as dt

import pytest

from breakzero.digital.models import Assessment
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.policies.assembly import enterprise_facts, load_sources

pytestmark = pytest.mark.django_db


def test_facts_take_the_latest_assessment_on_or_before_as_of():
    firm = EnterpriseFactory()
    Assessment.objects.create(enterprise=firm, version="2022", score=45, level=2, assessed_on=dt.date(2023, 3, 1))
    Assessment.objects.create(enterprise=firm, version="2024", level=3, assessed_on=dt.date(2024, 11, 1))
    Assessment.objects.create(enterprise=firm, version="2024", level=4, assessed_on=dt.date(2025, 6, 1))  # later
    source = load_sources(as_of=dt.date(2025, 1, 1), enterprise_ids=[firm.pk])[firm.pk]
    assert enterprise_facts(source).digital_level == 3


def test_facts_without_assessment_keep_no_level():
    firm = EnterpriseFactory()
    source = load_sources(as_of=dt.date(2025, 1, 1), enterprise_ids=[firm.pk])[firm.pk]
    assert enterprise_facts(source).digital_level is None

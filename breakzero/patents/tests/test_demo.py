"""The demo seeder imports through the real importer and is idempotent."""

import io
import random

import pytest

from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.patents import demo
from breakzero.patents.models import BreakZeroEvent, Patent

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_patents_and_events_then_nothing(db):
    EnterpriseFactory.create_batch(60)
    out = io.StringIO()
    demo.seed(rng=random.Random(1), enterprises=60, stdout=out)
    assert Patent.objects.filter(kind="invention").exists()
    assert BreakZeroEvent.objects.filter(year__gte=2020).exists()
    assert "rejected=0" in out.getvalue()
    again = io.StringIO()
    demo.seed(rng=random.Random(1), enterprises=60, stdout=again)
    assert "created=0 updated=0" in again.getvalue()

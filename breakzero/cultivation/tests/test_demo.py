"""The demo seeder: idempotent, declared facts for the 岳麓区 demo enterprise, applications on the engine (calls)
in several states, each with its history."""

import io
import random

import pytest

from breakzero.cultivation import demo
from breakzero.calls.models import Application, Transition
from breakzero.cultivation.programme_types import CULTIVATION_TYPES
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.policies.models import DeclaredFacts

pytestmark = pytest.mark.django_db


def test_seed_twice_adds_nothing_and_covers_demo_enterprise():
    EnterpriseFactory.create_batch(12, county_id="430602")
    yuelu = EnterpriseFactory(county_id="430104")
    demo.seed(rng=random.Random(1), enterprises=100, stdout=io.StringIO())
    counts = (DeclaredFacts.objects.count(), Application.objects.count())
    demo.seed(rng=random.Random(1), enterprises=100, stdout=io.StringIO())
    assert (DeclaredFacts.objects.count(), Application.objects.count()) == counts
    assert DeclaredFacts.objects.filter(enterprise=yuelu).exists()
    application = Application.objects.filter(enterprise=yuelu).get()
    assert application.call.programme.programme_type in CULTIVATION_TYPES
    assert application.eligibility  # the check-up result beside each decision
    assert Transition.objects.filter(application=application, action="submit").exists()
    assert len(set(Application.objects.values_list("state", flat=True))) >= 2


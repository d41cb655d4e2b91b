"""Demo enterprises: deterministic, idempotent, realistic enough."""

import io
import random

import pytest

from breakzero.enterprises import demo
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.rules.uscc import is_valid_uscc

pytestmark = pytest.mark.django_db


def test_seed_creates_valid_realistic_enterprises_and_is_idempotent():
    out = io.StringIO()
    demo.seed(rng=random.Random("7:demo"), enterprises=300, stdout=out)
    assert Enterprise.objects.count() == 300
    assert all(is_valid_uscc(code) for code in Enterprise.objects.values_list("uscc", flat=True))
    assert Enterprise.objects.filter(city_id="430100").count() > 60  # 长沙 heavy
    assert Enterprise.objects.filter(industry_section="C").count() > 150
    assert EnterpriseYear.objects.filter(year=2025).count() > 250
    assert Enterprise.objects.exclude(latest_size="").count() > 250
    before = list(EnterpriseYear.objects.order_by("pk").values_list("pk", "updated_at"))
    out = io.StringIO()
    demo.seed(rng=random.Random("7:demo"), enterprises=300, stdout=out)
    assert "created=0 updated=0 unchanged=300" in out.getvalue()
    assert list(EnterpriseYear.objects.order_by("pk").values_list("pk", "updated_at")) == before

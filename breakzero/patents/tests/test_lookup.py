"""The register's attribution keys (attribution.build_lookup) and the rule (lookup.attribute)."""

import pytest

from breakzero.enterprises.models import FormerName
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.patents.attribution import build_lookup
from breakzero.patents.lookup import Lookup, attribute
from breakzero.patents.tests.factories import ReviewItemFactory
from breakzero.rules.names import normalize_company_name as key

pytestmark = pytest.mark.django_db


def other_name(enterprise, name, source="former"):
    return FormerName.objects.create(enterprise=enterprise, name=name, name_normalized=key(name), source=source)


def test_build_lookup_current_name_beats_another_firms_former_name():
    now, before = EnterpriseFactory(name="湖南甲乙科技有限公司"), EnterpriseFactory(name="湖南丙丁科技有限公司")
    other_name(before, "湖南甲乙科技有限公司")
    assert build_lookup().names[key("湖南甲乙科技有限公司")] == (now.pk, "name")


def test_build_lookup_name_two_firms_share_is_never_attributed():
    first, second = EnterpriseFactory(name="湖南甲科技有限公司"), EnterpriseFactory(name="湖南乙科技有限公司")
    other_name(first, "湖南旧名科技有限公司")
    other_name(second, "湖南旧名科技有限公司")
    ReviewItemFactory(applicant_name="湖南旧名科技有限公司", enterprise=first, status="confirmed")
    names = build_lookup().names
    assert key("湖南旧名科技有限公司") not in names  # ambiguous at its best level: a later level does not decide
    assert names[key("湖南甲科技有限公司")] == (first.pk, "name")


def test_build_lookup_levels_former_review_alias():
    firm = EnterpriseFactory(name="湖南现名科技有限公司")
    other_name(firm, "湖南曾用名科技有限公司")
    other_name(firm, "湖南别名科技有限公司", source="alias")
    ReviewItemFactory(applicant_name="湖南确认名科技有限公司", enterprise=firm, status="confirmed")
    ReviewItemFactory(applicant_name="湖南待定名科技有限公司", enterprise=firm, status="pending")
    names = build_lookup().names
    assert names[key("湖南曾用名科技有限公司")] == (firm.pk, "former_name")
    assert names[key("湖南确认名科技有限公司")] == (firm.pk, "review")
    assert names[key("湖南别名科技有限公司")] == (firm.pk, "alias")
    assert key("湖南待定名科技有限公司") not in names
    assert build_lookup().usccs[firm.uscc] == firm.pk


def test_attribute_order_uscc_then_name_then_branch():
    lookup = Lookup(names={"甲公司": (1, "name"), "乙有限公司": (2, "former_name")}, usccs={"U3": 3})
    assert attribute(key="甲公司", branch_parent="", uscc="U3", applicant_class="enterprise", lookup=lookup) == (
        3, "uscc", "enterprise")  # fmt: skip
    assert attribute(key="甲公司", branch_parent="", uscc="U9", applicant_class="enterprise", lookup=lookup) == (
        1, "name", "enterprise")  # fmt: skip
    assert attribute(key="乙有限公司岳麓分公司", branch_parent="乙有限公司", uscc="", applicant_class="enterprise",
                     lookup=lookup) == (2, "branch", "enterprise")  # fmt: skip
    assert attribute(key="丙公司", branch_parent="", uscc="", applicant_class="enterprise", lookup=lookup) == (
        None, "none", "unregistered")  # fmt: skip
    assert attribute(key="张三", branch_parent="", uscc="", applicant_class="person", lookup=lookup) == (
        None, "none", "person")  # fmt: skip

"""Factories for policy tests: an enterprise with three years of data, declared facts, titles."""

import datetime as dt
from decimal import Decimal

import factory

from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from breakzero.policies.models import DeclaredFacts

FULL_DECLARATION = {
    "is_independent_legal_person": True, "is_on_abnormal_or_dishonest_list": False,
    "has_prohibited_products": False, "had_major_incident_3y": False, "is_strategic_emerging_field": True,
    "niche_years": "5", "net_profit_prev": "800", "digital_level": 3, "quality_items": 2,
    "main_product_field": "foundation", "rd_institution_level": "city", "has_sti_award_3y": False,
    "has_valid_hnte": False, "has_valid_honour": False, "equity_financing_2y": "0", "equity_financing_3y": "0",
    "has_award_top_rank_3y": False, "is_maker_china_top500_3y": False, "ip_class1_high_value": 0,
    "ip_class1_self_developed": 1, "ip_class1_other": 0, "ip_class2_other": 2,
}


class DeclaredFactsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclaredFacts

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2024
    data = factory.LazyFunction(lambda: dict(FULL_DECLARATION))


def enterprise_with_years(*, last_year: int = 2024, rd: str = "320", revenue: str = "8000", **kwargs):
    """An enterprise with yearly data for last_year-2 … last_year (revenue growing 10 % a year)."""
    enterprise = EnterpriseFactory(**kwargs)
    for offset in (2, 1, 0):
        factor = Decimal("1.1") ** offset
        EnterpriseYearFactory(
            enterprise=enterprise, year=last_year - offset,
            operating_revenue=(Decimal(revenue) / factor).quantize(Decimal("0.01")),
            main_business_revenue=(Decimal(revenue) * Decimal("0.9") / factor).quantize(Decimal("0.01")),
            rd_expense=(Decimal(rd) / factor).quantize(Decimal("0.01")),
        )
    return enterprise


AS_OF = dt.date(2025, 6, 30)

"""factory_boy factories for enterprises and their yearly data."""

import itertools
from decimal import Decimal

import factory

from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.rules.names import normalize_company_name
from breakzero.rules.uscc import make_uscc

_serial = itertools.count(1)


def _uscc(county: str) -> str:
    body = f"MA4{next(_serial):05d}"
    return make_uscc("91", county, body)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    county_id = "430104"
    city_id = factory.LazyAttribute(lambda o: o.county_id[:4] + "00")
    uscc = factory.LazyAttribute(lambda o: _uscc(o.county_id))
    name = factory.Sequence(lambda n: f"湖南测试科技{n}有限公司")
    name_normalized = factory.LazyAttribute(lambda o: normalize_company_name(o.name))
    industry_code = "3911"
    industry_section = "C"


class EnterpriseYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseYear

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2021
    employees = 120
    operating_revenue = Decimal("8000")
    main_business_revenue = Decimal("7600")
    total_assets = Decimal("9000")
    total_liabilities = Decimal("4000")
    rd_expense = Decimal("320")
    rd_staff = 20
    new_product_revenue = Decimal("1500")
    new_product_profit = Decimal("200")
    high_tech_revenue = Decimal("5000")
    size = "medium"

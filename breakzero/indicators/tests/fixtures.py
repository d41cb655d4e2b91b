"""A small hand-checked data set: expected values are computed by hand in the tests."""

import datetime as dt
from decimal import Decimal

from breakzero.cultivation.models import Title
from breakzero.enterprises.models import EnterpriseYear
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.indicators.models import Participant
from breakzero.patents.models import BreakZeroEvent, Patent, PatentApplicant


def _year(enterprise, year, size, rd, revenue, new_revenue=None, new_profit=None):
    return EnterpriseYear.objects.create(
        enterprise=enterprise, year=year, size=size, rd_expense=rd, operating_revenue=revenue,
        new_product_revenue=new_revenue, new_product_profit=new_profit,
    )


def _patent(number, kind, granted, *applicants):
    patent = Patent.objects.create(application_number=number, kind=kind, grant_date=granted)
    for position, enterprise in enumerate(applicants, start=1):
        PatentApplicant.objects.create(
            patent=patent, position=position, name=enterprise.name, name_normalized=enterprise.name_normalized,
            enterprise=enterprise, applicant_type="enterprise",
        )
    return patent


def build():
    """A: 岳麓 small; B: 芙蓉 medium; C: 岳阳楼 micro; L: 岳麓 large (never counted)."""
    a = EnterpriseFactory(county_id="430104", name="湖南甲科技有限公司", latest_size="small")
    b = EnterpriseFactory(county_id="430102", name="湖南乙科技有限公司", latest_size="medium")
    c = EnterpriseFactory(county_id="430602", name="岳阳丙科技有限公司", latest_size="micro")
    large = EnterpriseFactory(county_id="430104", name="湖南大型集团有限公司", latest_size="large")
    _year(a, 2022, "small", Decimal(100), Decimal(1000), Decimal(200), Decimal(20))
    _year(b, 2022, "medium", Decimal(30), Decimal(3000), Decimal(300), Decimal(45))
    _year(c, 2022, "micro", Decimal(50), Decimal(500))
    _year(large, 2022, "large", Decimal(999), Decimal(9999), Decimal(5000), Decimal(800))
    _year(a, 2019, "small", Decimal(10), Decimal(1000), Decimal(100), Decimal(10))
    p1 = _patent("2021100000011", "invention", dt.date(2022, 3, 10), a, b)
    p2 = _patent("2021100000022", "invention", dt.date(2022, 5, 1), a, c)
    _patent("2021200000033", "utility_model", dt.date(2022, 6, 1), a)
    _patent("2021100000044", "invention", dt.date(2022, 7, 1), large)
    p5 = _patent("2018100000055", "invention", dt.date(2019, 8, 1), a)
    BreakZeroEvent.objects.create(enterprise=a, patent=p5, break_zero_date=dt.date(2019, 8, 1), year=2019, size="small")
    BreakZeroEvent.objects.create(enterprise=b, patent=p1, break_zero_date=dt.date(2022, 3, 10), year=2022, size="medium")
    BreakZeroEvent.objects.create(enterprise=c, patent=p2, break_zero_date=dt.date(2022, 5, 1), year=2022, size="micro")
    Title.objects.create(enterprise=a, tier="little_giant", level="national", recognized_on=dt.date(2021, 7, 19),
                         valid_until=dt.date(2024, 7, 19))
    Title.objects.create(enterprise=c, tier="little_giant", level="national", recognized_on=dt.date(2019, 6, 1),
                         valid_until=dt.date(2022, 6, 1))
    Title.objects.create(enterprise=b, tier="srdi_sme", level="provincial", recognized_on=dt.date(2021, 1, 1),
                         valid_until=dt.date(2024, 1, 1))
    for enterprise in (a, b, c):
        Participant.objects.create(enterprise=enterprise, year=2022)
    return {"a": a, "b": b, "c": c, "large": large}

"""Test helpers: a fund with a budget and categories, users, a published fund call's setting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from breakzero.accounts.models import Role
from breakzero.funds import services
from conftest import make_user


def finance(username: str = "t-finance-province", region: str = "430000"):
    return make_user(username, Role.FINANCE, region)


def fund_with_budget(actor, *, year: int = 2026, total: str = "10000000.00", kept: str = "4000000.00"):
    fund = services.fund_create(actor=actor, name="湖南省中小企业发展专项资金", code="sme")
    services.fund_period_add(actor=actor, fund=fund, document_number="湘财企〔2023〕6号",
                             title="湖南省中小企业发展专项资金管理办法", first_year=2024)
    budget = services.budget_create(actor=actor, fund=fund, year=year, total=Decimal(total), province_kept=Decimal(kept))
    transformation = services.category_set(actor=actor, budget=budget, kind="transformation", name="转型升级类",
                                           amount=Decimal("3000000.00"))
    return fund, budget, transformation


def project(actor, *, enterprise, amount: str = "500000.00", year: int = 2026):
    fund, budget, category = fund_with_budget(actor, year=year)
    return services.project_create(fund=fund, year=year, category=category, enterprise=enterprise, name="数字化改造",
                                   approved_amount=Decimal(amount), approved_on=dt.date(year, 6, 1))

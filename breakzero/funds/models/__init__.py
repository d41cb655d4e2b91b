"""Special funds (programme-rules-2.md §6): funds and budgets (budgets.py), projects and their
ledgers (projects.py). Money is stored in 元 with two decimals (database numeric), never float."""

from breakzero.funds.models.budgets import MONEY, ZERO, UNCONFIRMED_SETTINGS, AppendOnlyError, AppendOnlyQuerySet, Fund, FundPeriod, Budget, BudgetDocument, Category, RegionScore, Allocation, AllocationLine  # noqa: F401
from breakzero.funds.models.projects import SupportMode, FundProject, PerformanceTarget, Payment, Clawback, Recovery, Ban, Voucher, CityOpinion, FundCall, CreditRecord  # noqa: F401

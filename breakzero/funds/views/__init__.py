"""Pages of the special funds (split by sub-domain: pages, reviews; shared helpers in common)."""

from breakzero.funds.views.pages import (  # noqa: F401
    fund_list, fund_detail, budget_detail, allocation_detail, project_list, project_detail, support, execution, execution_overview, payment_list, self_evaluation, self_evaluation_report,
)
from breakzero.funds.views.reviews import credit_list, city_opinion, opinions, opinion_list, voucher_list  # noqa: F401

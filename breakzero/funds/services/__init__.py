"""Every write of the special funds (budgets, allocations, projects, payments, clawbacks, vouchers)."""

from breakzero.funds.services.allocations import allocation_approve, allocation_simulate
from breakzero.funds.services.budgets import (
    budget_create, budget_document_add, budget_update, category_set, credit_record_add, credit_record_remove, fund_create,
    fund_period_add, region_score_set,
)
from breakzero.funds.services.clawbacks import ban_refusal, body_ban_on, clawback_record, recovery_record
from breakzero.funds.services.payments import payment_record, payment_reverse, project_amount_set
from breakzero.funds.services.projects import (
    city_opinion_give, fund_call_link, industry_decision_record, project_accept, project_create, project_from_application,
    project_from_subsidy_plan, subsidy_plan_refusals, target_add, target_report,
)
from breakzero.funds.services.vouchers import voucher_issue, voucher_redeem

__all__ = [
    "allocation_approve", "allocation_simulate", "budget_create", "budget_document_add", "budget_update",
    "category_set", "city_opinion_give", "clawback_record", "credit_record_add", "credit_record_remove", "fund_call_link", "fund_create", "industry_decision_record",
    "fund_period_add", "payment_record", "payment_reverse", "project_accept", "project_create",
    "project_amount_set", "project_from_application", "project_from_subsidy_plan", "recovery_record", "region_score_set", "subsidy_plan_refusals", "ban_refusal", "body_ban_on", "target_add", "target_report",
    "voucher_issue", "voucher_redeem",
]

"""Budgets, allocation versions, payments (append-only, never above approved), clawbacks and bans."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.audit.models import AuditEntry
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds import services
from breakzero.funds.models import Allocation, AppendOnlyError, Ban, Budget, Payment
from breakzero.funds.money import wan
from breakzero.funds.services.payments import paid_total
from breakzero.funds.tests.factories import finance, fund_with_budget, project
from breakzero.indicators.models import Participant
from breakzero.regions.models import Region

pytestmark = pytest.mark.django_db


def test_budget_create_splits_kept_and_allocated_down(province_official):
    _, budget, _ = fund_with_budget(province_official)
    assert budget.allocated_down == Decimal("6000000.00")
    assert wan(budget.total) == "1,000.00"


def test_budget_create_rejects_float_and_fractions_of_a_fen(province_official):
    fund, _, _ = fund_with_budget(province_official)
    with pytest.raises(DomainError, match="浮点"):
        services.budget_create(actor=province_official, fund=fund, year=2027, total=1.5, province_kept=0)
    with pytest.raises(DomainError, match="两位小数"):
        services.budget_create(actor=province_official, fund=fund, year=2027, total="1.005", province_kept=0)


def test_budget_update_is_audited_with_before_and_after(province_official):
    _, budget, _ = fund_with_budget(province_official)
    services.budget_update(actor=province_official, budget=budget, total="12000000.00", province_kept="4000000.00")
    entry = AuditEntry.objects.filter(object_type="funds.budget", action="update").latest("pk")
    assert entry.changes["total"] == ["10000000.00", "12000000.00"]


def test_budget_services_refuse_city_officials(city_official, province_official):
    fund, _, _ = fund_with_budget(province_official)
    with pytest.raises(DomainError):
        services.budget_create(actor=city_official, fund=fund, year=2030, total="1.00", province_kept="0")


def test_categories_never_exceed_the_budget(province_official):
    _, budget, _ = fund_with_budget(province_official)
    with pytest.raises(DomainError, match="超过年度预算"):
        services.category_set(actor=province_official, budget=budget, kind="award", name="奖励类", amount="7000000.01")


def _participants(city_counts: dict[str, int], year: int):
    for county, n in city_counts.items():
        for _ in range(n):
            Participant.objects.create(enterprise=EnterpriseFactory(county_id=county), year=year)


def test_allocation_simulate_sums_to_allocated_down_and_approval_is_versioned(province_official):
    _, budget, _ = fund_with_budget(province_official)
    _participants({"430104": 3, "430602": 1}, 2025)
    province = Region.objects.get(code="430000")
    first = services.allocation_simulate(actor=province_official, budget=budget, parent=province,
                                         weights={"participants": "1"})
    lines = {line.region_id: line.amount for line in first.lines.all()}
    assert sum(lines.values()) == budget.allocated_down
    assert lines["430100"] == Decimal("4500000.00") and lines["430600"] == Decimal("1500000.00")
    services.allocation_approve(actor=province_official, allocation=first)
    with pytest.raises(DomainError, match="已批准的方案不可修改"):
        services.allocation_approve(actor=province_official, allocation=first)
    second = services.allocation_simulate(actor=province_official, budget=budget, parent=province,
                                          weights={"participants": "1", "break_zero": "1"})
    second = services.allocation_approve(actor=province_official, allocation=second)
    first.refresh_from_db()
    assert (first.status, second.version, second.supersedes_id) == (Allocation.Status.SUPERSEDED, 2, first.pk)


def test_allocation_city_passes_on_its_approved_amount_to_counties(province_official, city_official, other_city_official):
    _, budget, _ = fund_with_budget(province_official)
    _participants({"430104": 2, "430102": 1, "430602": 1}, 2025)
    province, changsha = Region.objects.get(code="430000"), Region.objects.get(code="430100")
    with pytest.raises(DomainError, match="尚未批准"):
        services.allocation_simulate(actor=city_official, budget=budget, parent=changsha, weights={"participants": 1})
    services.allocation_approve(actor=province_official, allocation=services.allocation_simulate(
        actor=province_official, budget=budget, parent=province, weights={"participants": 1}))
    with pytest.raises(DomainError, match="本市州"):
        services.allocation_simulate(actor=other_city_official, budget=budget, parent=changsha, weights={"participants": 1})
    counties = services.allocation_simulate(actor=city_official, budget=budget, parent=changsha, weights={"participants": 1})
    amounts = dict(counties.lines.values_list("region_id", "amount"))
    assert sum(amounts.values()) == Decimal("4500000.00") and amounts["430104"] == Decimal("3000000.00")


def test_payment_never_exceeds_approved_and_reversal_restores_room(province_official):
    payer = finance()
    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"))
    first = services.payment_record(actor=payer, project=p, amount="300000.00", budget_document="湘财企指〔2026〕1号",
                                    paid_on=dt.date(2026, 7, 1), payee_account="6222 0000 1111 2345")
    assert first.payee_account_masked == "6222********2345"
    entry = AuditEntry.objects.get(object_type="funds.payment", object_id=str(first.pk), action="create")
    assert entry.changes["amount"] == [None, "300000.00"] and "6222000011112345" not in str(entry.changes)
    with pytest.raises(DomainError, match="超过批准金额"):
        services.payment_record(actor=payer, project=p, amount="200000.01", budget_document="湘财企指〔2026〕2号",
                                paid_on=dt.date(2026, 8, 1), payee_account="6222000011112345")
    services.payment_reverse(actor=payer, payment=first, reason="金额录入错误", on=dt.date(2026, 7, 2))
    assert paid_total(p.pk) == Decimal("0.00")
    services.payment_record(actor=payer, project=p, amount="500000.00", budget_document="湘财企指〔2026〕2号",
                            paid_on=dt.date(2026, 8, 1), payee_account="6222000011112345")
    assert paid_total(p.pk) == Decimal("500000.00")


def test_payment_is_append_only(province_official):
    payer = finance()
    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"))
    payment = services.payment_record(actor=payer, project=p, amount="1.00", budget_document="湘财企指〔2026〕1号",
                                      paid_on=dt.date(2026, 7, 1), payee_account="6222000011112345")
    payment.amount = Decimal("2.00")
    with pytest.raises(AppendOnlyError):
        payment.save()
    with pytest.raises(AppendOnlyError):
        payment.delete()
    with pytest.raises(AppendOnlyError):
        Payment.objects.filter(pk=payment.pk).update(amount=Decimal("3.00"))


def test_payment_recorded_only_by_finance_of_the_region(province_official, city_official):
    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"))
    kwargs = {"project": p, "amount": "1.00", "budget_document": "x", "paid_on": dt.date(2026, 7, 1),
              "payee_account": "6222000011112345"}
    for actor in (province_official, city_official, finance("t-fin-yy", "430600")):
        with pytest.raises(DomainError, match="财政人员"):
            services.payment_record(actor=actor, **kwargs)
    assert services.payment_record(actor=finance("t-fin-cs", "430100"), **kwargs).amount == Decimal("1.00")


def test_project_amount_cannot_drop_below_paid(province_official):
    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"))
    services.payment_record(actor=finance(), project=p, amount="100.00", budget_document="x", paid_on=dt.date(2026, 7, 1),
                            payee_account="6222000011112345")
    with pytest.raises(DomainError, match="不能低于已拨付"):
        services.project_amount_set(actor=province_official, project=p, approved_amount="99.99")


def test_clawback_records_recovery_and_bans_for_the_configured_years(province_official):
    payer = finance()
    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"))
    services.payment_record(actor=payer, project=p, amount="200000.00", budget_document="x", paid_on=dt.date(2026, 7, 1),
                            payee_account="6222000011112345")
    services.project_accept(actor=province_official, project=p, passed=False, note="主要指标未完成")
    with pytest.raises(DomainError, match="超过已拨付"):
        services.clawback_record(actor=province_official, project=p, reason="failed_acceptance",
                                 amount_to_recover="200000.01", decided_on=dt.date(2027, 3, 1))
    clawback = services.clawback_record(actor=province_official, project=p, reason="failed_acceptance",
                                        amount_to_recover="200000.00", decided_on=dt.date(2027, 3, 1))
    ban = Ban.objects.get(clawback=clawback)
    assert (ban.starts_on, ban.ends_on) == (dt.date(2027, 3, 1), dt.date(2030, 2, 28))
    services.recovery_record(actor=payer, clawback=clawback, amount="150000.00", recovered_on=dt.date(2027, 4, 1))
    with pytest.raises(DomainError, match="超过应追回"):
        services.recovery_record(actor=payer, clawback=clawback, amount="50000.01", recovered_on=dt.date(2027, 5, 1))


def test_budget_row_constraint_keeps_parts_summing_to_total(province_official):
    _, budget, _ = fund_with_budget(province_official)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(pk=budget.pk).update(total=Decimal("1.00"))


def test_simulation_shows_last_years_approved_amounts_beside(province_official):
    fund, last_budget, _ = fund_with_budget(province_official, year=2025)
    _participants({"430104": 1, "430602": 1}, 2024)
    _participants({"430104": 3, "430602": 1}, 2025)
    province = Region.objects.get(code="430000")
    services.allocation_approve(actor=province_official, allocation=services.allocation_simulate(
        actor=province_official, budget=last_budget, parent=province, weights={"participants": 1}))
    budget = services.budget_create(actor=province_official, fund=fund, year=2026, total="8000000", province_kept="0")
    now = services.allocation_simulate(actor=province_official, budget=budget, parent=province, weights={"participants": 1})
    rows = {line.region_id: (line.amount, line.last_year_amount) for line in now.lines.all()}
    assert rows["430100"] == (Decimal("6000000.00"), Decimal("3000000.00"))
    assert rows["430600"] == (Decimal("2000000.00"), Decimal("3000000.00"))
    assert rows["430200"] == (Decimal("0.00"), Decimal("0.00"))

"""Paid never exceeds approved under two simultaneous payment requests (PostgreSQL row lock)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds import services
from breakzero.funds.models import Payment
from breakzero.funds.services import payments as payment_services
from breakzero.funds.tests.factories import finance, project

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises writers)"),
]


def test_two_concurrent_payments_cannot_exceed_approved(province_official, monkeypatch):
    payer = finance()
    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"), amount="500000.00")
    barrier, outcomes = threading.Barrier(2), []
    real_paid_total = payment_services.paid_total

    def slow_paid_total(project_id):
        total = real_paid_total(project_id)
        try:
            barrier.wait(timeout=3)  # both requests have read the paid total before either writes
        except threading.BrokenBarrierError:
            pass  # the other request is blocked on the row lock: that is the point
        return total

    monkeypatch.setattr(payment_services, "paid_total", slow_paid_total)

    def pay():
        try:
            services.payment_record(actor=payer, project=p, amount="300000.00", budget_document="湘财企指〔2026〕1号",
                                    paid_on=dt.date(2026, 7, 1), payee_account="6222000011112345")
            outcomes.append("paid")
        except DomainError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("paid") == 1 and any("超过批准金额" in o for o in outcomes), outcomes
    assert sum(Payment.objects.filter(project=p).values_list("amount", flat=True)) == Decimal("300000.00")

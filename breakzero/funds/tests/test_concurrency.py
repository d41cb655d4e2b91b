"""Paid never exceeds approved under two simultaneous payment requests (PostgreSQL row lock); payments
are append-only in the database itself (trigger)."""

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


def test_two_simultaneous_payment_requests_cannot_exceed_approved(province_official, monkeypatch):
    """The same race through the page: two finance officers post a tranche at the same moment."""
    from django.test import Client

    payer = finance("t-fin-cs", "430100")
    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"), amount="500000.00")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(payer)
    barrier = threading.Barrier(2)
    real_paid_total = payment_services.paid_total

    def slow_paid_total(project_id):
        total = real_paid_total(project_id)
        try:
            barrier.wait(timeout=3)
        except threading.BrokenBarrierError:
            pass  # the other request waits on the project's row lock
        return total

    monkeypatch.setattr(payment_services, "paid_total", slow_paid_total)
    pages = []

    def post(client, number):
        try:
            form = {"action": "pay", "amount": "300000.00", "budget_document": f"湘财企指〔2026〕{number}号",
                    "paid_on": "2026-07-01", "payee_account": "6222000011112345"}
            pages.append(client.post(p.get_absolute_url(), form, follow=True).content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(client, n)) for n, client in enumerate(clients, start=1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(pages) == 2 and sum("超过批准金额" in page for page in pages) == 1
    assert sum(Payment.objects.filter(project=p).values_list("amount", flat=True)) == Decimal("300000.00")


def test_database_refuses_raw_update_and_delete_of_payments(province_official):
    """Append-only below the ORM too: raw SQL cannot edit or delete a recorded payment."""
    from django.db import DatabaseError, transaction

    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"))
    payment = services.payment_record(actor=finance(), project=p, amount="1.00", budget_document="湘财企指〔2026〕1号",
                                      paid_on=dt.date(2026, 7, 1), payee_account="6222000011112345")
    for sql in ("UPDATE funds_payment SET amount = 2 WHERE id = %s", "DELETE FROM funds_payment WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [payment.pk])
    assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("1.00")]

"""Twenty identical payout requests at once write one ledger entry (PostgreSQL row locks)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tests.confirming import confirm_fields
from tests.factories import ClaimFactory
from tests.welfare.transactional import geography  # noqa: F401
from welfare import ledger
from welfare.models import Claim, LedgerEntry

REQUESTS = 20

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serializes all writers, so no race can happen there",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("geography"),
]


def _approved_claim(paying_member, sickness, alice, somsri) -> Claim:
    ledger.record_entry(
        paying_member.fund, "grant", Decimal("5000"), dt.date.today(), alice, source="codi"
    )
    # Filed by the factory's clerk: the two who approve never include the one who filed.
    claim = ClaimFactory(member=paying_member, benefit_type=sickness, event_on=dt.date.today())
    claim.approve(alice)
    claim.approve(somsri)
    return claim


def _all_at_once(work) -> list:
    start = threading.Barrier(REQUESTS)
    outcomes: list = []

    def run():
        try:
            start.wait()
            outcomes.append(work())
        except Exception as error:  # collected, so the test reports it
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_twenty_simultaneous_payouts_write_one_entry(
    paying_member, sickness, tambon_coordinator, second_approver
):
    claim = _approved_claim(paying_member, sickness, tambon_coordinator, second_approver)
    outcomes = _all_at_once(lambda: ledger.pay_claim(claim, tambon_coordinator, dt.date.today()).pk)
    assert len(outcomes) == REQUESTS
    assert all(isinstance(o, int) for o in outcomes), outcomes
    assert len(set(outcomes)) == 1  # every request got the same entry back
    assert LedgerEntry.objects.filter(claim=claim).count() == 1
    fund = claim.fund
    fund.refresh_from_db()
    assert fund.balance == fund.ledger_total()


def test_twenty_simultaneous_pay_clicks_through_the_page_pay_once(
    paying_member, sickness, tambon_coordinator, second_approver
):
    claim = _approved_claim(paying_member, sickness, tambon_coordinator, second_approver)
    url = reverse("claim_pay", args=[claim.fund_id, claim.pk])

    # One confirm page open on twenty phones (or one button tapped twenty times): the same token.
    reader = Client()
    reader.force_login(tambon_coordinator)
    confirmation = confirm_fields(reader.post(url))

    def click():
        client = Client()
        client.force_login(tambon_coordinator)
        return client.post(url, confirmation).status_code

    outcomes = _all_at_once(click)
    # The first pays and goes to the claim; the others find it paid: sent to the claim too, or
    # shown its state again, never a second payment or an error.
    assert all(outcome in (200, 302) for outcome in outcomes), outcomes
    assert 302 in outcomes
    assert LedgerEntry.objects.filter(claim=claim).count() == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID

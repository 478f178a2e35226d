"""A paid claim and the ledger hold on every path: the pages, the admin, the queryset, the
shell and (on PostgreSQL) the database; the one way back is reversing the payout."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tests.accounts_helpers import verified_client
from tests.factories import ClaimFactory
from welfare import ledger
from welfare.models import Claim, ClaimPaid, LedgerEntry

TODAY = dt.date.today()


@pytest.fixture
def paid(paying_member, sickness, filer, tambon_coordinator, second_approver):
    ledger.record_entry(
        paying_member.fund, "grant", Decimal("5000"), TODAY, tambon_coordinator, source="codi"
    )
    claim = ClaimFactory(
        member=paying_member, benefit_type=sickness, event_on=TODAY, amount=Decimal("500"),
        filed_by=filer,
    )  # fmt: skip
    claim.approve(tambon_coordinator)
    claim.approve(second_approver)
    ledger.pay_claim(claim, tambon_coordinator, TODAY)
    claim.refresh_from_db()
    assert claim.is_paid
    return claim


def test_a_paid_claim_refuses_save_and_delete_from_the_shell(paid):
    paid.amount = Decimal("1500")
    with pytest.raises(ClaimPaid):
        paid.save()
    with pytest.raises(ClaimPaid):
        paid.save(update_fields=["amount"])
    with pytest.raises(ClaimPaid):
        paid.delete()
    stale = Claim.objects.get(pk=paid.pk)
    stale.status = Claim.Status.APPROVED  # a copy cannot talk its way out of the lock
    with pytest.raises(ClaimPaid):
        stale.save()
    paid.refresh_from_db()
    assert (paid.amount, paid.status) == (Decimal("500.00"), Claim.Status.PAID)


def test_a_paid_claim_refuses_queryset_updates_and_deletes(paid, other_fund):
    claims = Claim.objects.filter(pk=paid.pk)
    for change in (
        {"amount": Decimal("1")},
        {"member": paid.member},
        {"benefit_type": paid.benefit_type},
        {"status": Claim.Status.REJECTED},
        {"status": Claim.Status.APPROVED},  # not while its payout stands
    ):
        with pytest.raises(ClaimPaid):
            claims.update(**change)
    with pytest.raises(ClaimPaid):
        claims.delete()
    assert Claim.objects.get(pk=paid.pk).is_paid


def test_reversing_the_payout_is_the_way_back(paid, tambon_coordinator):
    payout = paid.payouts.get()
    ledger.reverse(payout, tambon_coordinator, "จ่ายผิดคน", TODAY)
    paid.refresh_from_db()
    assert paid.status == Claim.Status.APPROVED
    paid.reject(tambon_coordinator, "ไม่มีใบรับรองแพทย์")  # open again: it may change
    assert Claim.objects.get(pk=paid.pk).status == Claim.Status.REJECTED


def test_the_pages_do_not_change_a_paid_claim(paid, tambon_coordinator, client_for):
    client = client_for(tambon_coordinator)
    fund = paid.fund
    client.post(reverse("claim_reject", args=[fund.pk, paid.pk]), {"reason": "เปลี่ยนใจ"})
    client.post(reverse("claim_approve", args=[fund.pk, paid.pk]))
    client.post(reverse("claim_pay", args=[fund.pk, paid.pk]))
    paid.refresh_from_db()
    assert paid.status == Claim.Status.PAID and paid.payouts.count() == 1


def test_the_admin_neither_changes_nor_deletes_a_paid_claim(paid, codi_staff):
    client = verified_client(codi_staff, "en")
    change = reverse("admin:welfare_claim_change", args=[paid.pk])
    assert client.post(change, {"amount": "99999"}).status_code == 403
    delete = reverse("admin:welfare_claim_delete", args=[paid.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:welfare_claim_changelist"),
        {"action": "delete_selected", "_selected_action": [paid.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403)
    assert Claim.objects.get(pk=paid.pk).is_paid


def test_the_admin_neither_changes_nor_deletes_a_ledger_entry(paid, codi_staff):
    client = verified_client(codi_staff, "en")
    entry = paid.payouts.get()
    change = reverse("admin:welfare_ledgerentry_change", args=[entry.pk])
    assert client.post(change, {"amount": "-1"}).status_code == 403
    delete = reverse("admin:welfare_ledgerentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("-500.00")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_postgresql_refuses_to_truncate_the_ledger(paid):
    with (
        pytest.raises(DatabaseError, match="never truncated"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The test suite's sessions may truncate (to empty tables between tests); this one not.
        cursor.execute("SET LOCAL welfare.allow_truncate = 'off'")
        # The fixture's rows left deferred key checks pending, which TRUNCATE would trip on.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE welfare_ledgerentry CASCADE")
    assert LedgerEntry.objects.filter(claim=paid).exists()

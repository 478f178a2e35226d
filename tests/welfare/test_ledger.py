"""The ledger is append-only everywhere, reversals correct mistakes, and the balance is its sum."""

import contextlib
import datetime as dt
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tests.accounts_helpers import verified_client
from tests.confirming import post_confirmed
from tests.factories import FundMemberFactory
from welfare import ledger
from welfare.models import AppendOnly, LedgerEntry

DAY = dt.date(2025, 3, 1)


@pytest.fixture
def entry(fund, tambon_coordinator):
    member = FundMemberFactory(fund=fund)
    return ledger.record_contribution(member, Decimal("30.00"), DAY, tambon_coordinator)


def test_an_entry_cannot_be_saved_again(entry):
    entry.amount = Decimal("3000.00")
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.save(update_fields=["amount"])


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_a_queryset_update_is_refused(entry):
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    entry.refresh_from_db()
    assert entry.amount == Decimal("30.00")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_postgresql_refuses_raw_updates_and_deletes(entry):
    for sql in (
        "UPDATE welfare_ledgerentry SET amount = 1 WHERE id = %s",
        "DELETE FROM welfare_ledgerentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.amount == Decimal("30.00")


def test_the_admin_shows_entries_read_only(entry, admin_user, client_for):
    client = verified_client(admin_user, "en")
    change = reverse("admin:welfare_ledgerentry_change", args=[entry.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert b'name="amount"' not in response.content  # shown, not editable
    assert client.post(change, {"amount": "1"}).status_code == 403
    delete = reverse("admin:welfare_ledgerentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:welfare_ledgerentry_add")).status_code == 403
    entry.refresh_from_db()
    assert entry.amount == Decimal("30.00")


def test_a_reversal_points_at_the_entry_and_cancels_it(entry, fund, tambon_coordinator):
    reversal = ledger.reverse(entry, tambon_coordinator, "บันทึกซ้ำ", DAY)
    assert (reversal.reverses, reversal.amount, reversal.kind) == (
        entry,
        Decimal("-30.00"),
        LedgerEntry.Kind.REVERSAL,
    )
    fund.refresh_from_db()
    assert fund.balance == Decimal("0.00") == fund.ledger_total()
    with pytest.raises(ValidationError):
        ledger.reverse(entry, tambon_coordinator, "อีกครั้ง", DAY)
    with pytest.raises(ValidationError):
        ledger.reverse(reversal, tambon_coordinator, "กลับรายการของการกลับรายการ", DAY)


def test_reversing_through_the_page(entry, fund, tambon_coordinator, client_for):
    client = client_for(tambon_coordinator)
    url = reverse("entry_reverse", args=[fund.pk, entry.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    summary = client.post(url, {"reason": "จำนวนเงินผิด"})
    assert summary.status_code == 200 and not entry.is_reversed  # the summary reverses nothing
    assert post_confirmed(client, url, {"reason": "จำนวนเงินผิด"}).status_code == 302
    entry.refresh_from_db()
    assert entry.reversed_by.description == "จำนวนเงินผิด"


def test_the_balance_is_always_the_sum_of_the_entries(fund, tambon_coordinator):
    """Random contributions, grants, expenses and reversals: after each, balance == sum."""
    rng = random.Random(4)
    members = [FundMemberFactory(fund=fund) for _ in range(3)]
    entries = []
    for step in range(60):
        action = rng.choice(["contribution", "grant", "expense", "reverse"])
        amount = Decimal(rng.randint(1, 50_000)) / 100
        if action == "contribution":
            entries.append(
                ledger.record_contribution(rng.choice(members), amount, DAY, tambon_coordinator)
            )
        elif action == "grant":
            entries.append(
                ledger.record_entry(fund, "grant", amount, DAY, tambon_coordinator, source="codi")
            )
        elif action == "expense":
            entries.append(ledger.record_entry(fund, "expense", amount, DAY, tambon_coordinator))
        elif entries:
            target = rng.choice(entries)
            with contextlib.suppress(ValidationError):  # already reversed
                ledger.reverse(target, tambon_coordinator, f"แก้ไขครั้งที่ {step}", DAY)
        fund.refresh_from_db()
        assert fund.balance == fund.ledger_total()
    assert LedgerEntry.objects.filter(fund=fund).count() > 40


def test_a_double_submitted_grant_is_recorded_once(fund, tambon_coordinator, client_for):
    client = client_for(tambon_coordinator)
    data = {
        "kind": "grant", "source": "local_government", "amount": "20000",
        "occurred_on": "1/3/2568", "description": "อบต.แม่สายสมทบ", "key": "a-key",
    }  # fmt: skip
    for _ in range(2):
        assert client.post(reverse("entry_new", args=[fund.pk]), data).status_code == 302
    assert fund.entries.filter(kind="grant").count() == 1
    fund.refresh_from_db()
    assert fund.balance == Decimal("20000.00")


def test_a_form_token_records_its_entry_once_in_its_own_fund(fund, other_fund, tambon_coordinator):
    def grant(to_fund, token=""):
        return ledger.record_entry(
            to_fund, "grant", Decimal("500"), DAY, tambon_coordinator, source="codi", token=token
        )

    first = grant(fund, "a-key")
    assert grant(fund, "a-key") == first
    assert grant(other_fund, "a-key") != first  # the same token typed in another fund's form
    assert grant(fund) != grant(fund)  # without a token, every call records an entry
    assert fund.entries.count() == 3


def test_a_grant_needs_its_source(fund, tambon_coordinator, client_for):
    data = {"kind": "grant", "amount": "100", "occurred_on": "1/3/2568", "description": "x"}
    response = client_for(tambon_coordinator).post(reverse("entry_new", args=[fund.pk]), data)
    assert "source" in response.context["form"].errors
    assert not fund.entries.exists()

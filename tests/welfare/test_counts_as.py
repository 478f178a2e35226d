"""What a ledger entry counts as is stored on it: a reversal counts as the entry it reverses.

The statements and roll-ups read only these stored fields, so they must be right whichever path
wrote the entry (the ledger's functions, bulk_create, the migration that filled old rows), and
the integrity check names an entry whose fields disagree with the entry it reverses.
"""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from councils.buddhist_era import fiscal_year_be
from reports import integrity
from tests.factories import ClaimFactory, FundMemberFactory
from tests.welfare.transactional import geography  # noqa: F401
from welfare import ledger, statistics
from welfare.models import BenefitType, LedgerEntry, Member

TODAY = dt.date.today()
YEAR = fiscal_year_be(TODAY)
backfill = importlib.import_module("welfare.migrations.0009_ledger_counts_as")


def counted(entry: LedgerEntry) -> tuple[str, str, str]:
    entry.refresh_from_db()
    return entry.counts_as, entry.counts_as_source, entry.counts_as_benefit


def paid_claim(member, benefit, by, approver):
    claim = ClaimFactory(member=member, benefit_type=benefit, event_on=TODAY, amount=Decimal(500))
    claim.approve(by)
    claim.approve(approver)
    return ledger.pay_claim(claim, by, TODAY)


def raw_ledger_update(sql: str, params=()) -> None:
    """Change ledger rows beneath the ORM, as a bad restore or a hand edit would."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.fixture
def member(fund):
    return FundMemberFactory(fund=fund, joined_on=TODAY - dt.timedelta(days=400))


def test_a_reversed_contribution_counts_as_a_contribution(member, tambon_coordinator):
    entry = ledger.record_contribution(member, Decimal(30), TODAY, tambon_coordinator)
    reversal = ledger.reverse(entry, tambon_coordinator, "บันทึกซ้ำ", TODAY)
    assert counted(entry) == ("contribution", "members", "")
    assert counted(reversal) == ("contribution", "members", "")
    assert Member.objects.with_contributed().get(pk=member.pk).contributed == 0


def test_a_reversed_grant_counts_under_its_source(fund, tambon_coordinator):
    grant = ledger.record_entry(
        fund, "grant", Decimal(10000), TODAY, tambon_coordinator, source="codi"
    )
    ledger.record_entry(
        fund, "grant", Decimal(2000), TODAY, tambon_coordinator, source="local_government"
    )
    reversal = ledger.reverse(grant, tambon_coordinator, "ผิดแหล่ง", TODAY)
    assert counted(reversal) == ("grant", "codi", "")
    statement = statistics.year_statement(fund, YEAR)
    assert statement.income_by_source == {"codi": 0, "local_government": Decimal(2000)}
    (this_month,) = [row for row in statement.months if row.month == TODAY.replace(day=1)]
    assert this_month.other_income == Decimal(2000)


def test_a_reversed_payout_counts_under_its_benefit(
    fund, paying_member, sickness, tambon_coordinator, second_approver
):
    member = paying_member
    payout = paid_claim(member, sickness, tambon_coordinator, second_approver)
    reversal = ledger.reverse(payout, tambon_coordinator, "จ่ายผิด", TODAY)
    assert counted(payout) == ("benefit", "", BenefitType.Kind.SICKNESS)
    assert counted(reversal) == ("benefit", "", BenefitType.Kind.SICKNESS)
    statement = statistics.year_statement(fund, YEAR)
    assert (statement.benefits_by_kind, statement.benefit_counts) == (
        {"sickness": 0},
        {"sickness": 1},
    )
    rollup = statistics.area_rollup(type(fund).objects.filter(pk=fund.pk))
    assert (rollup.benefits_by_kind, rollup.funds[0].benefits) == ({"sickness": 0}, 0)


def test_bulk_created_entries_count_as_saved_ones(
    fund, paying_member, sickness, tambon_coordinator, second_approver
):
    member = paying_member
    payout = paid_claim(member, sickness, tambon_coordinator, second_approver)
    grant = ledger.record_entry(
        fund, "grant", Decimal(100), TODAY, tambon_coordinator, source="codi"
    )
    made = [
        LedgerEntry(fund=fund, kind="reversal", amount=500, occurred_on=TODAY, reverses=payout),
        LedgerEntry(fund=fund, kind="reversal", amount=-100, occurred_on=TODAY, reverses=grant),
        LedgerEntry(
            fund=fund, kind="contribution", amount=30, occurred_on=TODAY, member=member,
            source="members",
        ),
    ]  # fmt: skip
    ledger.post_many(fund, made)
    assert [counted(entry) for entry in made] == [
        ("benefit", "", "sickness"), ("grant", "codi", ""), ("contribution", "members", ""),
    ]  # fmt: skip


# The migration runs in a transaction of its own: PostgreSQL cannot disable a trigger of a table
# that has foreign-key checks pending, as a test's open transaction would.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("geography")
def test_the_backfill_counts_old_entries_as_save_does(
    fund, paying_member, sickness, tambon_coordinator, second_approver
):
    member = paying_member
    payout = paid_claim(member, sickness, tambon_coordinator, second_approver)
    contribution = ledger.record_contribution(member, Decimal(30), TODAY, tambon_coordinator)
    grant = ledger.record_entry(
        fund, "grant", Decimal(100), TODAY, tambon_coordinator, source="codi"
    )
    reversals = [
        ledger.reverse(e, tambon_coordinator, "ผิด", TODAY) for e in (payout, contribution, grant)
    ]
    # welfare.ledger refuses a reversal of a reversal; an old database may still hold one.
    twice = LedgerEntry.objects.create(
        fund=fund, kind="reversal", amount=-500, occurred_on=TODAY, reverses=reversals[0]
    )
    entries = LedgerEntry.objects.filter(fund=fund).order_by("pk")
    saved = list(entries.values_list("pk", "counts_as", "counts_as_source", "counts_as_benefit"))
    assert ("benefit", "", "sickness") in {row[1:] for row in saved if row[0] == twice.pk}
    # The rows as they stood before the migration: nothing stored.
    raw_ledger_update(
        "UPDATE welfare_ledgerentry"
        " SET counts_as = '', counts_as_source = '', counts_as_benefit = ''"
    )
    assert set(entries.values_list("counts_as", flat=True)) == {""}
    with transaction.atomic():
        backfill.backfill_counts_as(connection)
    assert (
        list(entries.values_list("pk", "counts_as", "counts_as_source", "counts_as_benefit"))
        == saved
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("geography")
def test_the_backfill_leaves_the_ledger_append_only(member, tambon_coordinator):
    entry = ledger.record_contribution(member, Decimal(30), TODAY, tambon_coordinator)
    with transaction.atomic():
        backfill.backfill_counts_as(connection)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE welfare_ledgerentry SET amount = 1 WHERE id = %s", [entry.pk])


def test_an_entry_that_counts_as_something_else_is_named(
    fund, paying_member, sickness, tambon_coordinator, second_approver
):
    member = paying_member
    payout = paid_claim(member, sickness, tambon_coordinator, second_approver)
    contribution = ledger.record_contribution(member, Decimal(30), TODAY, tambon_coordinator)
    reversal = ledger.reverse(contribution, tambon_coordinator, "ผิด", TODAY)
    payout_reversal = ledger.reverse(payout, tambon_coordinator, "ผิด", TODAY)
    assert not list(integrity.counted_as())
    raw_ledger_update(
        "UPDATE welfare_ledgerentry SET counts_as = 'grant' WHERE id = %s", [reversal.pk]
    )
    raw_ledger_update(
        "UPDATE welfare_ledgerentry SET counts_as_benefit = 'death' WHERE id = %s",
        [payout_reversal.pk],
    )
    raw_ledger_update(
        "UPDATE welfare_ledgerentry SET counts_as_source = 'codi' WHERE id = %s", [contribution.pk]
    )
    named = list(integrity.counted_as())
    assert [line.split(":")[0] for line in named] == [
        f"ledger entry {pk}" for pk in sorted([contribution.pk, reversal.pk, payout_reversal.pk])
    ]
    assert any(line.startswith(f"ledger entry {reversal.pk}: counts as grant") for line in named)

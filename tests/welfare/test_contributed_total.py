"""A member's net contributions are kept on the member by the ledger, in the same transaction
as each entry (as the fund's balance is): the fund's standing reads only that total, so it must
follow every path that writes a contribution, and the integrity check names a member whose total
disagrees with the ledger."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.db import connection

from reports import integrity
from tests.factories import FundMemberFactory
from welfare import ledger
from welfare.models import LedgerEntry, Member

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
recount = importlib.import_module("welfare.migrations.0011_member_contributed_total")


def total(member) -> Decimal:
    return Member.objects.get(pk=member.pk).contributed_total


@pytest.fixture
def member(fund):
    return FundMemberFactory(fund=fund, joined_on=TODAY - dt.timedelta(days=400))


def test_a_contribution_and_its_reversal_move_the_members_total(member, tambon_coordinator):
    first = ledger.record_contribution(member, Decimal(30), TODAY, tambon_coordinator)
    ledger.record_contribution(member, Decimal(60), TODAY, tambon_coordinator)
    assert total(member) == Decimal(90)
    ledger.reverse(first, tambon_coordinator, "บันทึกซ้ำ", TODAY)
    assert total(member) == Decimal(60)
    assert list(integrity.member_contributions()) == []


def test_other_entries_leave_the_total_alone(member, fund, tambon_coordinator):
    LedgerEntry.objects.create(
        fund=fund, kind="grant", source="codi", amount=Decimal(5000), occurred_on=TODAY
    )
    assert total(member) == 0


def test_a_bulk_import_adds_each_members_contributions(fund, member, tambon_coordinator):
    other = FundMemberFactory(fund=fund, joined_on=TODAY - dt.timedelta(days=400))
    rows = [
        LedgerEntry(
            fund=fund,
            kind="contribution",
            source="members",
            member=who,
            amount=Decimal(amount),
            occurred_on=TODAY,
        )  # fmt: skip
        for who, amount in ((member, 30), (member, 30), (other, 120))
    ]
    ledger.post_many(fund, rows)
    assert (total(member), total(other)) == (Decimal(60), Decimal(120))
    assert list(integrity.member_contributions()) == []


def test_the_migration_recounts_from_the_ledger_and_the_check_names_a_drift(
    member, tambon_coordinator
):
    ledger.record_contribution(member, Decimal(30), TODAY, tambon_coordinator)
    Member.objects.filter(pk=member.pk).update(contributed_total=Decimal(999))
    (problem,) = integrity.member_contributions()
    assert f"member no. {member.member_no}" in problem and "999.00" in problem
    with connection.cursor() as cursor:
        cursor.execute(recount.RECOUNT)
    assert total(member) == Decimal(30)
    assert list(integrity.member_contributions()) == []

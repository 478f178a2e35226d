"""Who is behind on payments: a warning one payment before lapsing, and lapsing after N."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.confirming import post_confirmed
from tests.factories import FundMemberFactory
from welfare import ledger, standing
from welfare.models import Member

TODAY = dt.date(2025, 6, 15)


@pytest.fixture
def members(fund, tambon_coordinator):
    """Joined 1 January 2025: six payments due by 15 June (January to June)."""

    def joined_paying(months: int, name: str) -> Member:
        member = FundMemberFactory(fund=fund, first_name=name, joined_on=dt.date(2025, 1, 1))
        if months:
            # A lump sum counts as many payments as it covers.
            ledger.record_contribution(
                member, Decimal(30 * months), member.joined_on, tambon_coordinator
            )
        return member

    return {
        "up_to_date": joined_paying(6, "ครบ"),
        "one_behind": joined_paying(5, "ขาดหนึ่ง"),
        "warned": joined_paying(4, "ใกล้หมดสิทธิ์"),
        "lapses": joined_paying(3, "ขาดสาม"),
    }


def test_who_is_behind_and_by_how_much(fund, members):
    rows = {row.member.first_name: row for row in standing.behind(fund, TODAY)}
    assert "ครบ" not in rows
    assert (rows["ขาดหนึ่ง"].missed, rows["ขาดหนึ่ง"].warned, rows["ขาดหนึ่ง"].lapses) == (
        1,
        False,
        False,
    )
    assert (rows["ใกล้หมดสิทธิ์"].missed, rows["ใกล้หมดสิทธิ์"].warned) == (2, True)
    assert (rows["ขาดสาม"].missed, rows["ขาดสาม"].lapses) == (3, True)


def test_lapsing_marks_only_those_past_the_limit(fund, members):
    lapsed = standing.lapse_overdue(fund, TODAY)
    assert [m.first_name for m in lapsed] == ["ขาดสาม"]
    statuses = dict(fund.members.values_list("first_name", "status"))
    assert statuses["ขาดสาม"] == Member.Status.LAPSED
    assert statuses["ใกล้หมดสิทธิ์"] == Member.Status.ACTIVE


def test_a_reversed_contribution_no_longer_counts(fund, tambon_coordinator):
    member = FundMemberFactory(fund=fund, joined_on=dt.date(2025, 6, 1))
    entry = ledger.record_contribution(member, Decimal("30"), TODAY, tambon_coordinator)
    assert standing.behind(fund, TODAY) == []
    ledger.reverse(entry, tambon_coordinator, "เช็คเด้ง", TODAY)
    [row] = standing.behind(fund, TODAY)
    assert row.missed == 1


def test_the_behind_page_warns_and_lapses(fund, members, tambon_coordinator, client_for):
    client = client_for(tambon_coordinator)
    page = client.get(reverse("behind_list", args=[fund.pk]))
    body = page.content.decode()
    assert "ใกล้หมดสิทธิ์" in body and "ขาดสาม" in body
    assert "no-store" in page["Cache-Control"]
    client.post(reverse("lapse_members", args=[fund.pk]))
    assert not fund.members.filter(status=Member.Status.LAPSED).exists()  # a tap asks first
    post_confirmed(client, reverse("lapse_members", args=[fund.pk]))
    assert fund.members.filter(status=Member.Status.LAPSED).exists()


def test_the_bookkeeper_records_a_death_and_a_reinstatement(fund, tambon_coordinator, client_for):
    member = FundMemberFactory(fund=fund)
    client = client_for(tambon_coordinator)
    url = reverse("member_status", args=[fund.pk, member.pk])
    client.post(url, {"status": "deceased", "changed_on": "3/2/2569"})
    member.refresh_from_db()
    assert member.status == Member.Status.DECEASED
    assert member.status_changed_on == dt.date(2026, 2, 3)
    client.post(url, {"status": "active", "changed_on": "2025"})  # not a date: nothing changes
    member.refresh_from_db()
    assert member.status == Member.Status.DECEASED

"""Member numbers run on within each fund, whoever registers: a page, an import or the shell."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from tests.factories import FundMemberFactory, citizen_id
from tests.welfare.transactional import geography  # noqa: F401
from welfare.models import Member

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serializes all writers, so no race can happen there",
)


def test_each_fund_numbers_its_own_members_from_one(fund, other_fund):
    mine = [FundMemberFactory(fund=fund).member_no for _ in range(3)]
    theirs = FundMemberFactory(fund=other_fund).member_no
    assert (mine, theirs) == ([1, 2, 3], 1)


def test_the_next_number_follows_the_highest_not_the_count(fund):
    FundMemberFactory(fund=fund, member_no=40)
    assert Member.objects.next_member_no(fund.pk) == 41
    assert FundMemberFactory(fund=fund).member_no == 41


def test_a_number_given_is_kept(fund):
    assert FundMemberFactory(fund=fund, member_no=7).member_no == 7


@postgresql_only
def test_registering_holds_the_funds_row_lock(fund):
    with CaptureQueriesContext(connection) as queries:
        FundMemberFactory(fund=fund)
    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 1 and '"welfare_welfarefund"' in locks[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("geography")
def test_ten_bookkeepers_registering_at_once_get_ten_numbers(fund):
    at_once = 10
    start = threading.Barrier(at_once)
    outcomes: list = []

    def register(n: int):
        try:
            start.wait()
            member = Member.objects.create(
                fund=fund, first_name="สมาชิก", last_name=f"ที่ {n}", citizen_id=citizen_id(n),
                birth_date=dt.date(1970, 1, 1), joined_on=dt.date(2025, 1, 1),
            )  # fmt: skip
            outcomes.append(member.member_no)
        except Exception as error:  # collected, so the test reports it
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(at_once)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == list(range(1, at_once + 1)), outcomes

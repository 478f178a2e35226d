"""The daily lapse check: a member at the limit of missed payments is warned first, lapses only
after the warning period, and a payment in between cancels the warning."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import FundMemberFactory
from welfare import ledger, standing
from welfare.models import Member
from welfare.tasks import lapse_overdue_members

TODAY = dt.date(2026, 3, 12)


@pytest.fixture
def behind(fund):
    """Joined in October and never paid: five payments missed, the limit is three."""
    return FundMemberFactory(fund=fund, joined_on=dt.date(2025, 10, 1))


def test_a_member_at_the_limit_is_warned_first(fund, behind):
    run = standing.warn_and_lapse(fund, TODAY)
    behind.refresh_from_db()
    assert run.warned == [behind] and not run.lapsed
    assert (behind.status, behind.lapse_warned_on) == (Member.Status.ACTIVE, TODAY)


def test_the_member_lapses_after_the_warning_period(fund, behind):
    standing.warn_and_lapse(fund, TODAY)
    standing.warn_and_lapse(fund, TODAY + dt.timedelta(days=29))
    behind.refresh_from_db()
    assert behind.status == Member.Status.ACTIVE
    run = standing.warn_and_lapse(fund, TODAY + dt.timedelta(days=30))
    behind.refresh_from_db()
    assert [m.pk for m in run.lapsed] == [behind.pk]
    assert behind.status == Member.Status.LAPSED
    assert behind.status_changed_on == TODAY + dt.timedelta(days=30)
    assert behind.status_changed_by is None  # the task, not a person
    assert "daily check" in behind.status_note and behind.lapse_warned_on is None


def test_a_payment_in_between_cancels_the_warning(fund, behind, tambon_coordinator):
    standing.warn_and_lapse(fund, TODAY)
    ledger.record_contribution(behind, Decimal("300"), TODAY, tambon_coordinator)
    run = standing.warn_and_lapse(fund, TODAY + dt.timedelta(days=31))
    behind.refresh_from_db()
    assert run.cleared == [behind] and not run.lapsed
    assert (behind.status, behind.lapse_warned_on) == (Member.Status.ACTIVE, None)


def test_the_behind_list_shows_the_warning(fund, behind, tambon_coordinator, client_for):
    standing.warn_and_lapse(fund, dt.date.today())
    page = client_for(tambon_coordinator).get(reverse("behind_list", args=[fund.pk]))
    assert "lapses by itself 30 days later" in page.content.decode()


def test_the_task_and_the_command_run_every_fund(fund, behind):
    assert lapse_overdue_members.call() == {"warned": 1, "lapsed": 0, "cleared": 0}
    call_command("lapse_overdue_members")  # enqueued: the tests' backend runs it at once
    call_command("lapse_overdue_members", "--now", "--warning-days", "0")
    behind.refresh_from_db()
    assert behind.status == Member.Status.LAPSED

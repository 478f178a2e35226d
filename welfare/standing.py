"""Who is behind on payments, who is about to lapse, and lapsing those who missed too many."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from councils.buddhist_era import thai_date
from welfare.models import Member, WelfareFund


@dataclass(frozen=True)
class Standing:
    member: Member
    missed: int
    limit: int

    @property
    def lapses(self) -> bool:
        return self.member.fund.lapses(self.missed)

    @property
    def warned(self) -> bool:
        """One payment short of lapsing: the member should be reminded now."""
        return self.missed == self.limit - 1 and not self.lapses


def behind(fund: WelfareFund, today: dt.date) -> list[Standing]:
    """Active members who owe at least one payment, most missed first (one query)."""
    members = fund.members.filter(status=Member.Status.ACTIVE).with_contributed()
    rows = []
    for member in members.order_by("member_no"):
        member.fund = fund
        missed = member.missed_payments(today, contributed=member.contributed)
        if missed:
            rows.append(Standing(member, missed, fund.lapse_after_missed))
    rows.sort(key=lambda s: (-s.missed, s.member.member_no))
    return rows


def lapsing(fund: WelfareFund, today: dt.date) -> list[Standing]:
    """The active members who lapse if the fund lapses its overdue members today."""
    return [row for row in behind(fund, today) if row.lapses]


def lapse_state(rows: list[Standing], today: dt.date) -> str:
    """Who exactly would lapse, and on which day: a confirmation holds for these members only."""
    return f"{today.isoformat()}:" + ",".join(str(row.member.pk) for row in rows)


def lapse_overdue(fund: WelfareFund, today: dt.date) -> list[Member]:
    """Mark lapsed every active member who has missed the fund's number of payments."""
    with transaction.atomic():
        WelfareFund.objects.select_for_update().get(pk=fund.pk)
        overdue = [s.member for s in behind(fund, today) if s.lapses]
        Member.objects.filter(pk__in=[m.pk for m in overdue]).update(
            status=Member.Status.LAPSED, status_changed_on=today
        )
    return overdue


# Days between the warning and the lapse: time for the member to pay what they owe.
LAPSE_WARNING_DAYS = 30


@dataclass
class LapseRun:
    warned: list[Member]
    lapsed: list[Member]
    cleared: list[Member]


def warn_and_lapse(
    fund: WelfareFund, today: dt.date, warning_days: int = LAPSE_WARNING_DAYS
) -> LapseRun:
    """The daily run over one fund: a member who reaches the limit of missed payments is warned;
    one still there `warning_days` after the warning lapses; one who paid meanwhile is cleared.

    The lapse is recorded with no person as its author (the daily task) and the reason.
    """
    run = LapseRun([], [], [])
    with transaction.atomic():
        WelfareFund.objects.select_for_update().get(pk=fund.pk)
        at_limit = {s.member.pk: s for s in behind(fund, today) if s.lapses}
        warned_before = fund.members.filter(
            status=Member.Status.ACTIVE, lapse_warned_on__isnull=False
        )
        for member in warned_before:
            if member.pk not in at_limit:
                run.cleared.append(member)
        for row in at_limit.values():
            member = row.member
            if member.lapse_warned_on is None:
                run.warned.append(member)
            elif (today - member.lapse_warned_on).days >= warning_days:
                member.status_note = gettext(
                    "Lapsed by the daily check: %(missed)s payments missed (the limit is "
                    "%(limit)s), warned on %(warned)s."
                ) % {
                    "missed": row.missed,
                    "limit": row.limit,
                    "warned": thai_date(member.lapse_warned_on, short=True),
                }
                run.lapsed.append(member)
        Member.objects.filter(pk__in=[m.pk for m in run.cleared]).update(lapse_warned_on=None)
        Member.objects.filter(pk__in=[m.pk for m in run.warned]).update(lapse_warned_on=today)
        for member in run.lapsed:
            member.status, member.status_changed_on = Member.Status.LAPSED, today
            member.status_changed_by, member.lapse_warned_on = None, None
            member.save(
                update_fields=[
                    "status", "status_changed_on", "status_changed_by", "status_note",
                    "lapse_warned_on",
                ]
            )  # fmt: skip
    return run

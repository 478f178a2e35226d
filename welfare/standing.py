"""Who is behind on payments, who is about to lapse, and lapsing those who missed too many.

A fund may have 30,000 members: standing is computed by the database
(MemberQuerySet.with_missed_payments), counted in one aggregate query, and the list of those
behind comes a page at a time, most missed first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from councils.buddhist_era import thai_date
from welfare.models import Member, WelfareFund

PAGE_SIZE = 50


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


@dataclass(frozen=True)
class StandingCounts:
    behind: int
    warned: int
    lapsing: int


def _standing(fund: WelfareFund, today: dt.date) -> QuerySet[Member]:
    """The fund's active members annotated `missed`, most missed first."""
    return (
        fund.members.filter(status=Member.Status.ACTIVE)
        .with_missed_payments(today)
        .order_by("-missed", "member_no")
    )


def behind_members(fund: WelfareFund, today: dt.date) -> QuerySet[Member]:
    """Active members who owe at least one payment, annotated `missed`, most missed first."""
    return _standing(fund, today).filter(missed__gt=0)


def lapsing_members(fund: WelfareFund, today: dt.date) -> QuerySet[Member]:
    """Active members at the fund's limit of missed payments or past it."""
    return _standing(fund, today).filter(missed__gte=fund.lapse_after_missed)


def counts(fund: WelfareFund, today: dt.date) -> StandingCounts:
    """How many members are behind, one payment from lapsing, and past the limit (one query).

    The members are counted by the number of payments they missed (a few dozen groups), so the
    database works out each member's standing once; a filtered count per figure would sum
    every member's contributions once per figure.
    """
    by_missed = dict(
        _standing(fund, today).order_by().values_list("missed").annotate(n=Count("pk"))
    )
    limit = fund.lapse_after_missed
    return StandingCounts(
        behind=sum(n for missed, n in by_missed.items() if missed > 0),
        warned=sum(n for missed, n in by_missed.items() if 0 < missed == limit - 1),
        lapsing=sum(n for missed, n in by_missed.items() if fund.lapses(missed)),
    )


def _rows(fund: WelfareFund, members) -> list[Standing]:
    rows = []
    for member in members:
        member.fund = fund
        rows.append(Standing(member, member.missed, fund.lapse_after_missed))
    return rows


def behind(fund: WelfareFund, today: dt.date) -> list[Standing]:
    """Every active member who owes at least one payment, most missed first (one query)."""
    return _rows(fund, behind_members(fund, today))


def behind_page(fund: WelfareFund, today: dt.date, number, behind_count: int) -> Page:
    """One page of behind(), given how many are behind (counts().behind).

    Most missed first, the members behind come before those up to date, so the first
    `behind_count` of all active members are exactly those behind: the page is read without a
    filter on `missed`, which the database would work out a second time for every member.
    """
    paginator = Paginator(_standing(fund, today), PAGE_SIZE)
    paginator.count = behind_count  # a cached_property: the pages end where those behind do
    page = paginator.get_page(number)
    page.object_list = _rows(fund, page.object_list)
    return page


def lapsing(fund: WelfareFund, today: dt.date) -> list[Standing]:
    """The active members who lapse if the fund lapses its overdue members today."""
    return _rows(fund, lapsing_members(fund, today))


def lapse_state(rows: list[Standing], today: dt.date) -> str:
    """Who exactly would lapse, and on which day: a confirmation holds for these members only."""
    pks = sorted(row.member.pk for row in rows)
    return f"{today.isoformat()}:" + ",".join(str(pk) for pk in pks)


def lapse_overdue(fund: WelfareFund, today: dt.date) -> list[Member]:
    """Mark lapsed every active member who has missed the fund's number of payments."""
    with transaction.atomic():
        WelfareFund.objects.select_for_update().get(pk=fund.pk)
        overdue = list(lapsing_members(fund, today))
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

    The lapse is recorded with no person as its author (the daily task) and the reason. Each
    group is one query over the fund's standing, whatever the number of members; only the
    lapsed are saved one by one, for their note (and the audit trail).
    """
    with transaction.atomic():
        WelfareFund.objects.select_for_update().get(pk=fund.pk)
        active = fund.members.filter(status=Member.Status.ACTIVE).with_missed_payments(today)
        at_limit = Q(missed__gte=fund.lapse_after_missed)
        warned_before = Q(lapse_warned_on__isnull=False)
        due = today - dt.timedelta(days=warning_days)
        run = LapseRun(
            warned=list(active.filter(at_limit, lapse_warned_on__isnull=True)),
            lapsed=list(active.filter(at_limit, lapse_warned_on__lte=due).order_by("member_no")),
            cleared=list(active.filter(warned_before).exclude(at_limit).order_by("member_no")),
        )
        Member.objects.filter(pk__in=[m.pk for m in run.cleared]).update(lapse_warned_on=None)
        Member.objects.filter(pk__in=[m.pk for m in run.warned]).update(lapse_warned_on=today)
        for member in run.lapsed:
            member.status_note = gettext(
                "Lapsed by the daily check: %(missed)s payments missed (the limit is "
                "%(limit)s), warned on %(warned)s."
            ) % {
                "missed": member.missed,
                "limit": fund.lapse_after_missed,
                "warned": thai_date(member.lapse_warned_on, short=True),
            }
            member.status, member.status_changed_on = Member.Status.LAPSED, today
            member.status_changed_by, member.lapse_warned_on = None, None
            member.save(
                update_fields=[
                    "status", "status_changed_on", "status_changed_by", "status_note",
                    "lapse_warned_on",
                ]
            )  # fmt: skip
    return run

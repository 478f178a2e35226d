"""Who is behind on payments, who is about to lapse, and lapsing those who missed too many."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

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


def lapse_overdue(fund: WelfareFund, today: dt.date) -> list[Member]:
    """Mark lapsed every active member who has missed the fund's number of payments."""
    with transaction.atomic():
        WelfareFund.objects.select_for_update().get(pk=fund.pk)
        overdue = [s.member for s in behind(fund, today) if s.lapses]
        Member.objects.filter(pk__in=[m.pk for m in overdue]).update(
            status=Member.Status.LAPSED, status_changed_on=today
        )
    return overdue

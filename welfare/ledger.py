"""Writing to a fund's ledger: contributions, grants, expenses, benefit payouts and reversals.

Every write locks the fund's row first, so two bookkeepers (or twenty clicks on "pay") are
served one after the other, and the fund's balance stays the sum of its entries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from welfare import rules
from welfare.models import ZERO, Claim, LedgerEntry, Member, WelfareFund

Kind = LedgerEntry.Kind


def lock_fund(fund: WelfareFund) -> WelfareFund:
    return WelfareFund.objects.select_for_update().get(pk=fund.pk)


def record_contribution(
    member: Member, amount: Decimal, on: dt.date, by, description: str = ""
) -> LedgerEntry:
    if amount <= 0:
        raise ValidationError({"amount": _("A contribution is more than 0 baht.")})
    with transaction.atomic():
        lock_fund(member.fund)
        return LedgerEntry.objects.create(
            fund_id=member.fund_id,
            kind=Kind.CONTRIBUTION,
            source=LedgerEntry.Source.MEMBERS,
            member=member,
            amount=amount,
            occurred_on=on,
            description=description,
            recorded_by=by,
        )


def record_entry(
    fund: WelfareFund,
    kind: str,
    amount: Decimal,
    on: dt.date,
    by,
    *,
    source: str = "",
    description: str = "",
    token: str = "",
) -> LedgerEntry:
    """A grant, other income or an operating expense; amount is what the fund gets or spends.

    `token` is the one-time key of the form it was typed in: the same form sent twice (a
    double-tapped "save") records the entry once.
    """
    if amount <= 0:
        raise ValidationError({"amount": _("Enter the amount as a number above 0.")})
    if kind not in (Kind.GRANT, Kind.OTHER_INCOME, Kind.EXPENSE):
        raise ValidationError({"kind": _("Record contributions and payouts from their own pages.")})
    if kind == Kind.GRANT and not source:
        raise ValidationError({"source": _("Say where the grant came from.")})
    signed = -amount if kind == Kind.EXPENSE else amount
    key = entry_key(fund, token) if token else None
    with transaction.atomic():
        lock_fund(fund)
        if key and (existing := LedgerEntry.objects.filter(idempotency_key=key).first()):
            return existing
        return LedgerEntry.objects.create(
            fund=fund,
            kind=kind,
            amount=signed,
            occurred_on=on,
            source=source,
            description=description,
            idempotency_key=key,
            recorded_by=by,
        )


def reverse(entry: LedgerEntry, by, reason: str, on: dt.date) -> LedgerEntry:
    """Correct a mistake: a new entry of the opposite amount that points at the wrong one."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is reversed.")})
    with transaction.atomic():
        lock_fund(entry.fund)
        entry = LedgerEntry.objects.select_related("claim").get(pk=entry.pk)
        if entry.kind == Kind.REVERSAL:
            raise ValidationError(_("A reversal cannot itself be reversed; record a new entry."))
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise ValidationError(_("This entry has already been reversed."))
        reversal = LedgerEntry.objects.create(
            fund_id=entry.fund_id,
            kind=Kind.REVERSAL,
            amount=-entry.amount,
            occurred_on=on,
            source=entry.source,
            member_id=entry.member_id,
            reverses=entry,
            description=reason.strip(),
            idempotency_key=f"reverse:{entry.pk}",
            recorded_by=by,
        )
        if entry.claim is not None:
            # The claim was paid by mistake: it goes back to waiting for payment.
            Claim.objects.filter(pk=entry.claim_id).update(status=Claim.Status.APPROVED)
        return reversal


def entry_key(fund: WelfareFund, token: str) -> str:
    return f"entry:{fund.pk}:{token}"


def payout_key(claim: Claim) -> str:
    return f"claim:{claim.pk}"


def pay_claim(claim: Claim, by, on: dt.date) -> LedgerEntry:
    """Pay an approved claim once, however many times the button is pressed at once.

    The fund's row lock puts concurrent requests in a line; each then finds the claim already
    paid and gets the same entry back. The unique key is the last line of defence.
    """
    key = payout_key(claim)
    try:
        with transaction.atomic():
            fund = lock_fund(claim.fund)
            claim = Claim.objects.select_related("member", "benefit_type").get(pk=claim.pk)
            if paid := _live_payout(claim):
                return paid
            if problems := payment_problems(claim, fund, on):
                raise ValidationError(problems)
            entry = LedgerEntry.objects.create(
                fund=fund,
                kind=Kind.BENEFIT,
                amount=-claim.amount,
                occurred_on=on,
                member=claim.member,
                claim=claim,
                description=str(claim.benefit_type),
                idempotency_key=_next_key(key),
                recorded_by=by,
            )
            Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PAID)
            return entry
    except IntegrityError:
        paid = _live_payout(claim)
        if paid is None:
            raise
        return paid


def payment_problems(claim: Claim, fund: WelfareFund, on: dt.date) -> list[str]:
    """Why the claim cannot be paid on that day, nothing when it can: asked again under the lock
    by pay_claim, and before its confirm page, so no one is asked to confirm a refused payment."""
    if not claim.is_awaiting_payment:
        return [str(_("Only a claim approved by two people can be paid."))]
    # The rules the committee's exception waived at filing are not asked again.
    waived = claim.waived_rule_names
    failed = [r for r in rules.check(claim, on) if not r.passed and r.name not in waived]
    if failed:
        return [str(r.reason) for r in failed]
    if fund.balance < claim.amount:
        return [
            str(
                _("The fund holds %(balance)s baht, less than the %(amount)s baht claimed.")
                % {"balance": fund.balance, "amount": claim.amount}
            )
        ]
    return []


def _live_payout(claim: Claim) -> LedgerEntry | None:
    """The payout of this claim that has not been reversed, if any."""
    payouts = LedgerEntry.objects.filter(idempotency_key__startswith=payout_key(claim) + ":")
    return payouts.filter(kind=Kind.BENEFIT, reversed_by__isnull=True).first()


def _next_key(key: str) -> str:
    # A payout reversed by mistake may be paid again, under the next key in line.
    earlier = LedgerEntry.objects.filter(idempotency_key__startswith=key + ":").count()
    return f"{key}:{earlier + 1}"


def post_many(fund: WelfareFund, entries: list[LedgerEntry]) -> None:
    """Append many entries in one go (an import), keeping the balance their sum."""
    with transaction.atomic():
        lock_fund(fund)
        LedgerEntry.objects.bulk_create(entries, batch_size=1000)
        total = sum((entry.amount for entry in entries), ZERO)
        WelfareFund.objects.filter(pk=fund.pk).update(balance=F("balance") + total)

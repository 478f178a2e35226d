"""What the confirm pages of a fund say before a claim is paid, an entry reversed or members
lapse (councils/confirmation.py): every figure from the models' and standing's methods."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from councils.buddhist_era import thai_date
from councils.confirmation import Fact, Summary, baht
from councils.spreadsheets.jobs import ImportJob
from welfare.models import Claim, LedgerEntry, WelfareFund
from welfare.standing import Standing


def pay_claim(claim: Claim) -> Summary:
    figures = claim.payment_summary()
    member = claim.member
    return Summary(
        title=_("Pay this claim?"),
        lead=_(
            "Pay %(amount)s baht to %(name)s (member no. %(no)s) for %(benefit)s: the fund will "
            "hold %(after)s baht."
        )
        % {
            "amount": baht(figures.amount),
            "name": member.full_name,
            "no": member.member_no,
            "benefit": claim.benefit_type.name,
            "after": baht(figures.balance_after),
        },
        button=_("Pay %(amount)s baht") % {"amount": baht(figures.amount)},
        facts=[
            Fact(_("Amount paid (baht)"), baht(figures.amount)),
            Fact(_("The fund holds now (baht)"), baht(figures.balance_before)),
            Fact(_("The fund holds after (baht)"), baht(figures.balance_after)),
        ],
        warning=_(
            "The payment goes into the ledger, which is never edited: a mistake can only be "
            "corrected by a reversing entry."
        ),
    )


def reverse_entry(entry: LedgerEntry, reason: str) -> Summary:
    figures = entry.reversal_summary()
    facts = [
        Fact(_("Entry"), f"{entry.pk} · {entry.kind_label} · {thai_date(entry.occurred_on)}"),
        Fact(_("Amount of the entry (baht)"), baht(entry.amount)),
        Fact(_("Amount of the reversal (baht)"), baht(figures.amount)),
        Fact(_("The fund holds after (baht)"), baht(figures.balance_after)),
        Fact(_("Why"), reason),
    ]
    if entry.member is not None:
        facts.insert(1, Fact(_("Member"), entry.member.full_name))
    return Summary(
        title=_("Reverse this entry?"),
        lead=_(
            "Add a reversing entry of %(amount)s baht against entry no. %(no)s: the fund will "
            "hold %(after)s baht. A reversal cannot itself be reversed."
        )
        % {"amount": baht(figures.amount), "no": entry.pk, "after": baht(figures.balance_after)},
        button=_("Reverse the entry"),
        facts=facts,
        warning=(
            _("The claim this entry paid goes back to waiting for payment.")
            if figures.reopens_claim
            else _("The original entry stays in the ledger, marked as reversed.")
        ),
        carry={"reason": reason},
        danger=True,
    )


def lapse_members(fund: WelfareFund, rows: list[Standing]) -> Summary:
    count = len(rows)
    return Summary(
        title=_("Lapse these members?"),
        lead=ngettext(
            "Lapse %(n)s member who has missed %(limit)s payments or more: they can no longer "
            "claim benefits until their membership is restored.",
            "Lapse %(n)s members who have missed %(limit)s payments or more: they can no longer "
            "claim benefits until their membership is restored.",
            count,
        )
        % {"n": count, "limit": fund.lapse_after_missed},
        button=ngettext("Lapse %(n)s member", "Lapse %(n)s members", count) % {"n": count},
        items=[
            ngettext(
                "%(no)s · %(name)s: %(missed)s payment missed",
                "%(no)s · %(name)s: %(missed)s payments missed",
                row.missed,
            )
            % {"no": row.member.member_no, "name": row.member.full_name, "missed": row.missed}
            for row in rows
        ],
        danger=True,
    )


def import_rows(job: ImportJob, what: str) -> Summary:
    """The preview of a member or contribution file: the rows it adds, and the money it brings."""
    preview = job.preview
    facts = [
        Fact(_("Rows to add"), f"{preview.added:,}"),
        Fact(_("Rows to change"), f"{preview.changed:,}"),
    ]
    if preview.amount:
        facts.append(Fact(_("Money into the fund (baht)"), baht(preview.amount)))
    if what == "members":
        lead = ngettext(
            "The file “%(file)s” adds %(n)s member to the fund.",
            "The file “%(file)s” adds %(n)s members to the fund.",
            preview.added,
        )
    else:
        lead = ngettext(
            "The file “%(file)s” records %(n)s contribution of %(amount)s baht in all.",
            "The file “%(file)s” records %(n)s contributions of %(amount)s baht in all.",
            preview.added,
        )
    return Summary(
        title=_("Import this file?"),
        lead=lead
        % {"file": job.file_name, "n": f"{preview.added:,}", "amount": baht(preview.amount)},
        button=_("Import %(n)s rows") % {"n": f"{preview.added + preview.changed:,}"},
        facts=facts,
        warning=_(
            "Nothing has been written yet. Every row was checked; the rows are written together, "
            "and contributions go into the ledger, which is corrected only by reversing entries."
        ),
    )

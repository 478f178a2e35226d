"""The integrity check of a database (after a restore, or nightly): money, books and references.

Each check is one function that yields what it found wrong, in words a CODI engineer acts on.
The money checks are one grouped query each, whatever the number of funds; the books are read
one at a time, since a book's figures are computed from its items.
"""

from collections.abc import Callable, Iterator
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from councils.models import District, Province, Subdistrict
from plans.books.contents import book_data
from plans.books.models import BookSnapshot, StrategyBook
from plans.models import CommunityPlan
from reports.models import Document
from welfare.models import CONTRIBUTED, ZERO, Claim, LedgerEntry, Member, WelfareFund

OUR_APPS = ("councils", "plans", "welfare", "reports")
AREA_MODELS = {2: Province, 4: District, 6: Subdistrict}

Check = Callable[[], Iterator[str]]


def fund_balances() -> Iterator[str]:
    """Every fund's balance is the sum of its ledger entries."""
    entries = (
        LedgerEntry.objects.filter(fund=OuterRef("pk"))
        .order_by()
        .values("fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    funds = WelfareFund.objects.annotate(
        ledger=Coalesce(Subquery(entries), ZERO, output_field=models.DecimalField())
    ).exclude(balance=F("ledger"))
    for fund in funds.only("pk", "name", "balance"):
        yield (
            f"fund {fund.pk} ({fund.name}): balance {fund.balance:.2f} but its entries sum to "
            f"{fund.ledger:.2f}"
        )


def member_contributions() -> Iterator[str]:
    """Every member's stored net contributions (what the fund's standing reads) are the sum of
    their contributions in the ledger, less those reversed."""
    entries = (
        LedgerEntry.objects.filter(CONTRIBUTED, member=OuterRef("pk"))
        .order_by()
        .values("member")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    members = Member.objects.annotate(
        ledger=Coalesce(Subquery(entries), ZERO, output_field=models.DecimalField())
    ).exclude(contributed_total=F("ledger"))
    for member in members.only("pk", "fund_id", "member_no", "contributed_total"):
        yield (
            f"fund {member.fund_id}, member no. {member.member_no}: contributed "
            f"{member.contributed_total:.2f} but the ledger's contributions sum to "
            f"{member.ledger:.2f}"
        )


def reversals() -> Iterator[str]:
    """A reversal undoes exactly the entry it reverses, in the same fund."""
    wrong = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL).filter(
        Q(reverses__isnull=True)
        | ~Q(amount=-F("reverses__amount"))
        | ~Q(fund_id=F("reverses__fund_id"))
    )
    for entry in wrong.only("pk", "amount"):
        yield f"ledger entry {entry.pk}: a reversal that does not undo the entry it reverses"


def counted_as() -> Iterator[str]:
    """Every entry counts as it should (LedgerEntry.count_as): as its own kind and source and its
    claim's benefit, or, for a reversal, as the entry it reverses; the statements read only this."""
    own = Q(reverses__isnull=True) & (~Q(counts_as=F("kind")) | ~Q(counts_as_source=F("source")))
    reversal = Q(reverses__isnull=False) & (
        ~Q(counts_as=F("reverses__counts_as"))
        | ~Q(counts_as_source=F("reverses__counts_as_source"))
    )
    benefit = (
        Q(claim__isnull=False) & ~Q(counts_as_benefit=F("claim__benefit_type__kind"))
        | Q(claim__isnull=True, reverses__isnull=True) & ~Q(counts_as_benefit="")
        | Q(claim__isnull=True, reverses__isnull=False)
        & ~Q(counts_as_benefit=F("reverses__counts_as_benefit"))
    )
    wrong = LedgerEntry.objects.filter(own | reversal | benefit).order_by("pk")
    for entry in wrong.only("pk", "counts_as"):
        yield (
            f"ledger entry {entry.pk}: counts as {entry.counts_as or 'nothing'}, "
            "not as its own kind or the entry it reverses"
        )


def paid_claims() -> Iterator[str]:
    """A paid claim has exactly its amount paid out and not reversed."""
    live = (
        LedgerEntry.objects.filter(
            claim=OuterRef("pk"), kind=LedgerEntry.Kind.BENEFIT, reversed_by__isnull=True
        )
        .order_by()
        .values("claim")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    claims = Claim.objects.filter(status=Claim.Status.PAID).annotate(
        paid=Coalesce(Subquery(live), ZERO, output_field=models.DecimalField())
    )
    for claim in claims.exclude(paid=-F("amount")).only("pk", "amount"):
        yield f"claim {claim.pk}: paid, but {-claim.paid:.2f} baht of {claim.amount:.2f} went out"


def book_figures(data: dict) -> list[str]:
    """The figures of one book's data that do not add up to its total."""
    totals = data["totals"]
    total = Decimal(totals["total"])
    wrong = [
        f"total {total:.2f} but by {margin} {sum_of(totals[key]):.2f}"
        for margin, key in (
            ("theme", "by_theme"),
            ("source", "by_source"),
            ("year", "by_year"),
            ("district", "by_district"),
        )
        if sum_of(totals[key]) != total
    ]
    for district in data["districts"]:
        for tambon in district["tambons"]:
            for item in tambon["items"]:
                if sum_of(item["projects"]) != Decimal(item["total"]):
                    wrong.append(
                        f"item {item['id']}: total {item['total']} but its projects differ"
                    )
    return wrong


def sum_of(rows: list[dict]) -> Decimal:
    return sum((Decimal(row["total"]) for row in rows), ZERO)


def books() -> Iterator[str]:
    """Every total of every book, live or as endorsed, is the sum of the items behind it."""
    for book in StrategyBook.objects.order_by("pk").iterator():
        for problem in book_figures(book_data(book)):
            yield f"book {book.pk}: {problem}"
    for snapshot in BookSnapshot.objects.order_by("pk").iterator():
        if not snapshot.data.get("totals"):
            yield f"endorsed snapshot {snapshot.pk}: its frozen data has no totals"
            continue
        for problem in book_figures(snapshot.data):
            yield f"endorsed snapshot {snapshot.pk} of book {snapshot.book_id}: {problem}"


def references() -> Iterator[str]:
    """No row points at a row that is not there (a restore without its constraints can leave
    them), nor at an area that does not exist, nor a document at a plan or book that is gone."""
    for model in (m for app in OUR_APPS for m in apps.get_app_config(app).get_models()):
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            target = field.related_model._default_manager.values(field.target_field.attname)
            orphans = (
                model._default_manager.exclude(**{f"{field.attname}__isnull": True})
                .exclude(**{f"{field.attname}__in": target})
                .count()
            )
            if orphans:
                yield f"{model._meta.label}.{field.name}: {orphans} rows point at missing rows"
        for field in model._meta.concrete_fields:
            if field.name == "area_code":
                yield from _unknown_areas(model)
    kinds = {
        Document.Kind.TAMBON_PLAN: CommunityPlan,
        Document.Kind.DISTRICT_BOOK: StrategyBook,
        Document.Kind.PROVINCE_BOOK: StrategyBook,
    }
    for kind, target in kinds.items():
        missing = Document.objects.filter(kind=kind).exclude(
            object_id__in=target.objects.values("pk")
        )
        for document in missing.only("pk"):
            yield f"document {document.pk}: its {kind} is gone"


def _unknown_areas(model) -> Iterator[str]:
    codes = model._default_manager.exclude(area_code="").values_list("area_code", flat=True)
    for length, area in AREA_MODELS.items():
        unknown = (
            codes.filter(area_code__regex=rf"^[0-9]{{{length}}}$")
            .exclude(area_code__in=area.objects.values("code"))
            .distinct()
        )
        for code in unknown:
            yield f"{model._meta.label}: area code {code} does not exist"
    odd = codes.exclude(area_code__regex=r"^([0-9]{2}|[0-9]{4}|[0-9]{6})$").distinct()
    for code in odd:
        yield f"{model._meta.label}: {code!r} is not a DOPA area code"


CHECKS: dict[str, Check] = {
    "fund balances": fund_balances,
    "members' contributions": member_contributions,
    "reversals": reversals,
    "what entries count as": counted_as,
    "paid claims": paid_claims,
    "book totals": books,
    "references": references,
}


def problems() -> dict[str, list[str]]:
    """What each check found, by check; empty lists where all is well."""
    return {name: list(check()) for name, check in CHECKS.items()}

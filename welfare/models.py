"""Community welfare funds: the fund, its benefit types, members, the append-only ledger, claims."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Case, F, Q, Sum, Value, When
from django.db.models.functions import Cast, ExtractMonth, ExtractYear, Greatest, Round
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.th import pin

from councils.access import AreaQuerySet
from councils.buddhist_era import arabic_digits
from councils.models import Council, CouncilMember
from councils.name_search import words_in_names
from councils.phones import ThaiPhoneField

ZERO = Decimal("0.00")
CITIZEN_ID_DIGITS = 13
CENT = Decimal("0.01")
MONEY = {"max_digits": 14, "decimal_places": 2}
# Administration costs above this share of the fund are flagged (DESIGN.md, welfare funds).
EXPENSE_SHARE_LIMIT = Decimal("0.20")
# The version of the privacy notice (/privacy/) a member consents to; change it with the notice.
PRIVACY_NOTICE_VERSION = "2569-1"


def money(value) -> Decimal:
    """A sum from the database as baht and satang (SQLite sums decimals as floats)."""
    return Decimal(value or 0).quantize(CENT)


def compact_citizen_id(value: str) -> str:
    value = value or ""
    if len(value) == 13 and value.isascii() and value.isdigit():
        return value  # already compact, as stored and most typed IDs are
    return pin.compact(value)


def validate_citizen_id(value: str) -> None:
    """A Thai citizen ID: 13 digits whose last is the mod-11 check digit."""
    try:
        pin.validate(value)
    except StdnumError:
        # The number typed is not repeated back: error messages end up in logs and screenshots.
        raise ValidationError(
            _("This is not a valid Thai citizen ID: 13 digits, the last one a check digit."),
            code="invalid_citizen_id",
        ) from None


def mask_citizen_id(value: str) -> str:
    """1-2345-xxxxx-xx-1: enough to tell two people apart on a list, not enough to misuse."""
    digits = compact_citizen_id(value)
    if len(digits) != 13 or not digits.isdigit():
        return "x-xxxx-xxxxx-xx-x"
    return f"{digits[0]}-{digits[1:5]}-xxxxx-xx-{digits[12]}"


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def _int(expression):
    # EXTRACT gives a numeric on PostgreSQL: months are counted in integers on both databases.
    return Cast(expression, models.IntegerField())


def _satang(baht):
    return Cast(Round(baht * 100), models.BigIntegerField())


class FundQuerySet(AreaQuerySet):
    area_field = "council__subdistrict__code"


class WelfareFund(models.Model):
    """A tambon's community welfare fund (กองทุนสวัสดิการชุมชน), kept by its council."""

    class Period(models.TextChoices):
        DAY = "day", _("per day")
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")

    council = models.OneToOneField(
        Council, models.PROTECT, related_name="welfare_fund", verbose_name=_("council")
    )
    name = models.CharField(_("fund name"), max_length=200)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    contribution_amount = models.DecimalField(
        _("contribution (baht)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    contribution_period = models.CharField(
        _("contribution per"), max_length=10, choices=Period.choices, default=Period.DAY
    )
    lapse_after_missed = models.PositiveSmallIntegerField(
        _("lapses after missed payments"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A member who misses this many payments in a row lapses; a warning comes one earlier."
        ),
    )
    # Kept equal to the sum of the ledger by the ledger itself (LedgerEntry.save and post_many),
    # under the fund's row lock; test_ledger checks the invariant.
    balance = models.DecimalField(_("balance"), **MONEY, default=ZERO, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # A daily scheme collects a month of days at once (MemberQuerySet.with_missed_payments too).
    DAYS_PER_MONTH = 30

    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["council__subdistrict_id"]
        verbose_name = _("welfare fund")
        verbose_name_plural = _("welfare funds")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("fund_detail", args=[self.pk])

    @classmethod
    def default_name_for(cls, council: Council) -> str:
        """The name a tambon's fund is usually registered under, offered when setting one up."""
        return f"กองทุนสวัสดิการชุมชนตำบล{council.subdistrict.name_th}"

    @property
    def area_code(self) -> str:
        return self.council.subdistrict_id

    @property
    def payment_interval_months(self) -> int:
        # Daily and monthly schemes collect once a month (1 baht a day is 30 baht a month).
        return 12 if self.contribution_period == self.Period.YEAR else 1

    @property
    def amount_per_payment(self) -> Decimal:
        if self.contribution_period == self.Period.DAY:
            return self.contribution_amount * self.DAYS_PER_MONTH
        return self.contribution_amount

    def payments_due(self, joined_on: dt.date, today: dt.date) -> int:
        """The payments a member who joined on joined_on owes by today, the first on joining."""
        if joined_on > today:
            return 0
        return months_between(joined_on, today) // self.payment_interval_months + 1

    def lapses(self, missed: int) -> bool:
        """Whether a member who has missed this many payments lapses: at the fund's limit."""
        return missed >= self.lapse_after_missed

    def ledger_total(self) -> Decimal:
        """The sum of the ledger, which the balance must always equal."""
        return money(self.entries.aggregate(total=Sum("amount"))["total"])


class BenefitType(models.Model):
    """A benefit the fund pays, with its amount, waiting period, caps and conditions."""

    class Kind(models.TextChoices):
        BIRTH = "birth", _("birth of a child")
        SICKNESS = "sickness", _("sickness and hospital stay")
        ELDERLY = "elderly", _("elderly allowance")
        DEATH = "death", _("death and funeral")
        DISABILITY = "disability", _("disability")
        EDUCATION = "education", _("education")
        DISASTER = "disaster", _("disaster")
        OTHER = "other", _("other")

    fund = models.ForeignKey(
        WelfareFund, models.CASCADE, related_name="benefit_types", verbose_name=_("fund")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(
        _("English name"), max_length=200, blank=True,
        help_text=_("Shown in the English interface; when empty, the kind of benefit is shown."),
    )  # fmt: skip
    amount = models.DecimalField(
        _("amount per event (baht)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    amount_per_night = models.DecimalField(
        _("paid per night in hospital (baht)"), **MONEY, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "For hospital stays: a claim is proposed this amount times the nights, up to the "
            "amount per event. Leave empty for a fixed amount per event."
        ),
    )  # fmt: skip
    waiting_days = models.PositiveIntegerField(
        _("waiting period (days)"), default=180,
        help_text=_("Days from joining before a member may claim this benefit."),
    )  # fmt: skip
    max_claims_per_year = models.PositiveSmallIntegerField(
        _("most claims per member per year"), null=True, blank=True
    )
    max_amount_per_year = models.DecimalField(
        _("most paid per member per year (baht)"), **MONEY, null=True, blank=True
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    min_membership_years = models.PositiveSmallIntegerField(
        _("minimum years of membership"), null=True, blank=True
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["fund", "kind", "name"]
        verbose_name = _("benefit type")
        verbose_name_plural = _("benefit types")
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "name"],
                name="one_benefit_name_per_fund",
                violation_error_message=_("The fund already has a benefit with this name."),
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The fund's own Thai name; in the English interface its English name, or its kind."""
        if (get_language() or "th").startswith("en"):
            return self.name_en or self.get_kind_display()
        return self.name

    @property
    def is_per_night(self) -> bool:
        return self.amount_per_night is not None

    def amount_for(self, nights: int | None = None) -> Decimal:
        """What the rule gives for one event: per night times nights (up to the amount per
        event) for a hospital stay, the fixed amount otherwise."""
        if self.is_per_night:
            return min(self.amount_per_night * (nights or 0), self.amount)
        return self.amount


class MemberQuerySet(AreaQuerySet):
    area_field = "fund__council__subdistrict__code"

    def with_contributed(self):
        """Annotate each member's net contributions (less the contributions reversed): the
        total the ledger keeps on the member (Member.contributed_total)."""
        return self.annotate(contributed=F("contributed_total"))

    def with_missed_payments(self, today: dt.date):
        """Annotate `missed`: the payments each member owes by today (Member.missed_payments in
        one query for any number of members, so that a fund's standing is counted, ordered and
        paged by the database).

        Payments due follow WelfareFund.payments_due: whole months since joining (one less when
        today's day of the month is before the joining day), divided by the fund's interval, plus
        the first on joining. Payments covered are the net contributions // the amount of one
        payment, both in satang so that SQLite's float sums cannot round a payment away.
        """
        joined = F("joined_on")
        months = (
            (Value(today.year) - _int(ExtractYear(joined))) * 12
            + Value(today.month)
            - _int(ExtractMonth(joined))
            - Case(When(Q(joined_on__day__gt=today.day), then=1), default=0)
        )
        interval = Case(When(fund__contribution_period=WelfareFund.Period.YEAR, then=12), default=1)
        due = Case(When(joined_on__gt=today, then=0), default=months / interval + 1)
        per_payment = Case(
            When(
                fund__contribution_period=WelfareFund.Period.DAY,
                then=F("fund__contribution_amount") * WelfareFund.DAYS_PER_MONTH,
            ),
            default=F("fund__contribution_amount"),
        )
        covered = _satang(F("contributed")) / _satang(per_payment)
        return self.with_contributed().annotate(
            missed=Greatest(due - covered, 0, output_field=models.IntegerField())
        )

    def matching(self, query: str):
        """Members found by what a bookkeeper types, each way by an index: a member number (Thai
        digits too), a whole citizen ID (dashes and spaces allowed; the list still shows it
        masked), or words that each appear in the first or the last name ("สมศรี ใจ" finds
        สมศรี ใจดี; councils/name_search.py)."""
        query = arabic_digits(query).strip()
        digits = query.replace("-", "").replace(" ", "")
        if len(digits) == CITIZEN_ID_DIGITS and digits.isdigit():
            return self.filter(citizen_id=digits)
        if query.isdigit():
            return self.filter(member_no=int(query)) if len(query) < 10 else self.none()
        return self.filter(words_in_names(query, ("first_name", "last_name")))

    def without_consent(self):
        """Members whose consent to the privacy notice is not recorded (registered before it was
        asked, or imported from a file without it): the committee still has to ask them."""
        return self.filter(consented_on__isnull=True)

    def next_member_no(self, fund_id: int) -> int:
        """The number the fund's next member gets: numbers run on within each fund.

        Two bookkeepers registering at once would read the same last number; Member.save holds
        the fund's row lock from this read until the new member is in.
        """
        last = self.filter(fund_id=fund_id).aggregate(n=models.Max("member_no"))["n"]
        return (last or 0) + 1


class Member(models.Model):
    """A member of the fund. The citizen ID is stored whole and shown masked everywhere."""

    class Group(models.TextChoices):
        WORKING_AGE = "working_age", _("working age")
        CHILD = "child", _("child and youth")
        ELDERLY = "elderly", _("elderly")
        DISADVANTAGED = "disadvantaged", _("disadvantaged or disabled")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        LAPSED = "lapsed", _("lapsed")
        LEFT = "left", _("left the fund")
        DECEASED = "deceased", _("deceased")

    Sex = CouncilMember.Sex  # one list of sexes for the whole portal

    fund = models.ForeignKey(
        WelfareFund, models.PROTECT, related_name="members", verbose_name=_("fund")
    )
    member_no = models.PositiveIntegerField(_("member no."), editable=False)
    title = models.CharField(_("title"), max_length=30, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    citizen_id = models.CharField(_("citizen ID"), max_length=13, validators=[validate_citizen_id])
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, default=Sex.UNSPECIFIED)
    village_no = models.PositiveSmallIntegerField(_("village no."), null=True, blank=True)
    group = models.CharField(
        _("group"), max_length=20, choices=Group.choices, default=Group.WORKING_AGE
    )
    beneficiaries = models.CharField(
        _("beneficiaries"), max_length=300, blank=True,
        help_text=_("Who receives the death benefit, and their relation to the member."),
    )  # fmt: skip
    phone = ThaiPhoneField(_("phone"), blank=True)
    joined_on = models.DateField(_("joined on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, editable=False
    )
    status_changed_on = models.DateField(_("status since"), null=True, blank=True, editable=False)
    # Consent to the privacy notice (PDPA): empty for members registered before it was asked.
    consented_on = models.DateField(_("consented on"), null=True, blank=True, editable=False)
    consent_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True, editable=False
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("consent recorded by"),
    )  # fmt: skip
    # Who changed the status and why; empty for the daily lapse task, which is no person.
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("status changed by"),
    )  # fmt: skip
    status_note = models.CharField(_("why the status changed"), max_length=300, blank=True)
    # The day the member was first found at the fund's limit of missed payments; they lapse
    # only after the warning period has passed without a payment (welfare.tasks).
    lapse_warned_on = models.DateField(
        _("warned of lapsing on"), null=True, blank=True, editable=False
    )
    # The member's net contributions (less those reversed), kept by the ledger in the same
    # transaction as each entry, as the fund's balance is: a fund's standing is then one scan of
    # its members, not one ledger lookup per member (reports.integrity checks the two agree).
    contributed_total = models.DecimalField(
        _("contributed in all (baht)"), default=ZERO, editable=False, **MONEY
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["fund", "member_no"]
        verbose_name = _("fund member")
        verbose_name_plural = _("fund members")
        # The admin searches members across funds by number or citizen ID (matching); the
        # names' trigram indexes exist on PostgreSQL only (migration 0009).
        indexes = [
            models.Index(fields=["member_no"], name="member_no_any_fund"),
            models.Index(fields=["citizen_id"], name="member_citizen_id_any_fund"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "citizen_id"],
                name="one_membership_per_citizen_id",
                violation_error_message=_("A member with this citizen ID is already registered."),
            ),
            models.UniqueConstraint(fields=["fund", "member_no"], name="unique_member_no"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.citizen_id = compact_citizen_id(self.citizen_id)
        if self.member_no:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            WelfareFund.objects.select_for_update().get(pk=self.fund_id)
            self.member_no = Member.objects.next_member_no(self.fund_id)
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("member_detail", args=[self.fund_id, self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def masked_citizen_id(self) -> str:
        return mask_citizen_id(self.citizen_id)

    def age_on(self, day: dt.date) -> int:
        return months_between(self.birth_date, day) // 12

    @property
    def consent_recorded(self) -> bool:
        return self.consented_on is not None

    def record_consent(self, *, by, on: dt.date | None = None) -> None:
        """The member has read the privacy notice and consents; set before the member is saved."""
        self.consented_on = on or timezone.localdate()
        self.consent_version = PRIVACY_NOTICE_VERSION
        self.consent_recorded_by = by if getattr(by, "is_authenticated", False) else None

    def membership_years_on(self, day: dt.date) -> int:
        return months_between(self.joined_on, day) // 12

    def missed_payments(self, today: dt.date, contributed: Decimal | None = None) -> int:
        """Payments the member owes by today, counting lump sums paid in advance.

        `contributed` is the member's net contributions when already read (`with_contributed`);
        otherwise they are summed from the ledger.
        """
        if contributed is None:
            contributed = self.entries.filter(CONTRIBUTED).aggregate(total=Sum("amount"))["total"]
        covered = int(money(contributed) // self.fund.amount_per_payment)
        return max(self.fund.payments_due(self.joined_on, today) - covered, 0)

    def clean(self):
        self.citizen_id = compact_citizen_id(self.citizen_id)
        errors = {}
        if self.birth_date and self.joined_on and self.joined_on < self.birth_date:
            errors["joined_on"] = _("A member cannot join before being born.")
        if self.fund_id and (
            unknown := self.fund.council.subdistrict.unknown_village(self.village_no)
        ):
            errors["village_no"] = unknown
        if errors:
            raise ValidationError(errors)

    def set_status(self, status: str, on: dt.date) -> None:
        self.status, self.status_changed_on = status, on
        self.save(update_fields=["status", "status_changed_on"])

    def reveal_citizen_id(self, *, by) -> str:
        """The full citizen ID, for `by` to read once: every reveal is logged, whoever asks."""
        RevealLog.objects.create(member=self, revealed_by=by)
        return self.citizen_id


# A member's contributions, net of reversed ones, as a filter on their ledger entries.
CONTRIBUTED = Q(counts_as="contribution")


class RevealLog(models.Model):
    """Who saw a member's full citizen ID, and when: the only way it is ever shown."""

    member = models.ForeignKey(
        Member, models.CASCADE, related_name="reveals", verbose_name=_("member")
    )
    revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("revealed by")
    )
    revealed_at = models.DateTimeField(_("revealed at"), default=timezone.now)

    class Meta:
        ordering = ["-revealed_at"]
        verbose_name = _("citizen ID reveal")
        verbose_name_plural = _("citizen ID reveals")

    def __str__(self):
        return f"{self.revealed_by} · {self.member} · {self.revealed_at:%Y-%m-%d %H:%M}"


class AppendOnly(Exception):
    """A ledger entry was about to be changed or deleted."""


class LedgerQuerySet(AreaQuerySet):
    area_field = "fund__council__subdistrict__code"

    def update(self, **kwargs):
        raise AppendOnly("Ledger entries are never changed; post a reversing entry.")

    def delete(self):
        raise AppendOnly("Ledger entries are never deleted; post a reversing entry.")

    def _raw_delete(self, using):
        raise AppendOnly("Ledger entries are never deleted; post a reversing entry.")

    def income(self):
        return self.filter(amount__gt=0)

    def outgoing(self):
        return self.filter(amount__lt=0)

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(): what each entry counts as is set here instead, in two
        # queries for any number of entries (the claims' benefits, the entries reversed).
        objs = list(objs)
        benefits = dict(
            Claim.objects.filter(pk__in={e.claim_id for e in objs if e.claim_id}).values_list(
                "pk", "benefit_type__kind"
            )
        )
        reversed_entries = LedgerEntry.objects.in_bulk(
            {e.reverses_id for e in objs if e.reverses_id}
        )
        for entry in objs:
            entry.count_as(
                reversed_entries.get(entry.reverses_id), benefits.get(entry.claim_id, "")
            )
        with transaction.atomic():
            created = super().bulk_create(objs, *args, **kwargs)
            add_contributions(objs)
        return created


def add_contributions(entries) -> None:
    """Add contributions (and their reversals) to their members' stored totals: one read and
    one CASE update per thousand members, whatever the number of entries."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        if entry.member_id and entry.counts_as == LedgerEntry.Kind.CONTRIBUTION:
            totals[entry.member_id] += entry.amount
    members = list(Member.objects.filter(pk__in=list(totals)).only("pk", "contributed_total"))
    for member in members:
        member.contributed_total += totals[member.pk]
    Member.objects.bulk_update(members, ["contributed_total"], batch_size=1000)


class LedgerEntry(models.Model):
    """One movement of the fund's money. Inflows are positive, outflows negative.

    Entries are never changed or deleted (the model, the queryset, the admin and, on
    PostgreSQL, a trigger all refuse); a mistake is corrected by a reversing entry.
    """

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("member contribution")
        GRANT = "grant", _("grant")
        OTHER_INCOME = "other_income", _("interest and other income")
        BENEFIT = "benefit", _("benefit payout")
        EXPENSE = "expense", _("operating expense")
        REVERSAL = "reversal", _("reversal")

    class Source(models.TextChoices):
        MEMBERS = "members", _("members")
        LOCAL_GOVERNMENT = "local_government", _("local government")
        CODI = "codi", _("government through CODI")
        OTHER = "other", _("other")

    INFLOWS = (Kind.CONTRIBUTION, Kind.GRANT, Kind.OTHER_INCOME)
    OUTFLOWS = (Kind.BENEFIT, Kind.EXPENSE)

    fund = models.ForeignKey(
        WelfareFund, models.PROTECT, related_name="entries", verbose_name=_("fund")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (baht)"), **MONEY)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    member = models.ForeignKey(
        Member, models.PROTECT, null=True, blank=True, related_name="entries",
        verbose_name=_("member"),
    )  # fmt: skip
    claim = models.ForeignKey(
        "Claim", models.PROTECT, null=True, blank=True, related_name="payouts",
        verbose_name=_("claim"),
    )  # fmt: skip
    reverses = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="reversed_by",
        verbose_name=_("reverses"),
    )  # fmt: skip
    description = models.CharField(_("description"), max_length=300, blank=True)
    # One payout, grant or correction per key: a second identical request finds the first.
    idempotency_key = models.CharField(max_length=100, unique=True, null=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # What the entry counts under in statements and roll-ups, set on saving (count_as): its own
    # kind, source and benefit, or for a reversal those of the entry it reverses. Stored so that
    # no figure has to join the ledger to itself.
    counts_as = models.CharField(
        _("counts as"), max_length=20, choices=Kind.choices, blank=True, editable=False
    )
    counts_as_source = models.CharField(
        _("counts under source"), max_length=20, choices=Source.choices, blank=True,
        editable=False,
    )  # fmt: skip
    counts_as_benefit = models.CharField(
        _("counts under benefit"), max_length=20, choices=BenefitType.Kind.choices, blank=True,
        editable=False,
    )  # fmt: skip

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["fund", "occurred_on", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["fund", "kind", "occurred_on"]),
            # The roll-ups and statements group a fund's entries by what they count as; on
            # PostgreSQL they read this index alone (an index-only scan), never the table.
            models.Index(
                fields=["fund", "counts_as", "counts_as_source", "counts_as_benefit"],
                include=["amount", "kind", "occurred_on"],
                name="ledger_counts_as",
            ),
            # A fund's year (its statement and the fund page): a range of dates of one fund,
            # read from the index alone, however long the fund's history.
            models.Index(
                fields=["fund", "occurred_on"],
                include=["amount", "kind", "counts_as", "counts_as_source", "counts_as_benefit"],
                name="ledger_fund_date",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_amount_not_zero"),
            models.CheckConstraint(
                condition=Q(kind__in=["contribution", "grant", "other_income"], amount__gt=0)
                | Q(kind__in=["benefit", "expense"], amount__lt=0)
                | Q(kind="reversal", reverses__isnull=False),
                name="ledger_sign_follows_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="contribution") | Q(member__isnull=False),
                name="contribution_has_member",
            ),
            models.CheckConstraint(
                condition=~Q(kind="benefit") | Q(claim__isnull=False),
                name="benefit_has_claim",
            ),
        ]

    def __str__(self):
        return f"{self.occurred_on} · {self.get_kind_display()} · {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnly("Ledger entries are never changed; post a reversing entry.")
        self.count_as(
            self.reverses if self.reverses_id else None,
            self.claim.benefit_type.kind if self.claim_id else "",
        )
        with transaction.atomic():
            super().save(*args, **kwargs)
            WelfareFund.objects.filter(pk=self.fund_id).update(balance=F("balance") + self.amount)
            if self.member_id and self.counts_as == self.Kind.CONTRIBUTION:
                Member.objects.filter(pk=self.member_id).update(
                    contributed_total=F("contributed_total") + self.amount
                )

    def delete(self, *args, **kwargs):
        raise AppendOnly("Ledger entries are never deleted; post a reversing entry.")

    def count_as(self, reversed_entry: LedgerEntry | None, claim_benefit: str) -> None:
        """Set what the entry counts under: a reversal takes the kind, source and benefit of the
        entry it reverses, so that a reversed payout lowers the payouts, not some "reversals"
        line. `claim_benefit` is the benefit kind of the entry's own claim ("" without one)."""
        if reversed_entry is None:
            self.counts_as, self.counts_as_source = self.kind, self.source
            self.counts_as_benefit = claim_benefit
        else:
            self.counts_as = reversed_entry.counts_as
            self.counts_as_source = reversed_entry.counts_as_source
            self.counts_as_benefit = claim_benefit or reversed_entry.counts_as_benefit

    @property
    def is_reversed(self) -> bool:
        return hasattr(self, "reversed_by")

    def reversal_summary(self) -> ReversalSummary:
        """What reversing this entry does to the fund's balance (the balance as stored now)."""
        balance = WelfareFund.objects.filter(pk=self.fund_id).values_list("balance", flat=True)
        before = money(balance.get())
        return ReversalSummary(
            -self.amount, before, before - self.amount, self.claim_id is not None
        )

    @property
    def kind_label(self) -> str:
        if self.kind == self.Kind.REVERSAL and self.reverses_id:
            return str(_("reversal of entry no. %(no)s") % {"no": self.reverses_id})
        return self.get_kind_display()


@dataclass(frozen=True)
class PaymentSummary:
    """A payout as its confirm page shows it: the amount and the fund's balance around it."""

    amount: Decimal
    balance_before: Decimal
    balance_after: Decimal


@dataclass(frozen=True)
class ReversalSummary:
    """A reversing entry as its confirm page shows it."""

    amount: Decimal  # the reversal's own amount, the opposite of the entry's
    balance_before: Decimal
    balance_after: Decimal
    reopens_claim: bool  # a reversed payout puts its claim back to waiting for payment


class ClaimPaid(Exception):
    """A paid claim was about to be changed or deleted: it is corrected in the ledger instead."""

    def __init__(self):
        super().__init__(
            _(
                "A paid claim is never changed or deleted. If it was paid by mistake, reverse its "
                "payout in the ledger: the claim then goes back to awaiting payment."
            )
        )


class ClaimQuerySet(AreaQuerySet):
    area_field = "fund__council__subdistrict__code"

    def update(self, **kwargs):
        paid = self.filter(status=Claim.Status.PAID)
        # The one change a paid claim takes: back to approved once its payout is reversed
        # (welfare.ledger.reverse posts the reversal first, then moves the claim).
        unpaid_back = kwargs == {"status": Claim.Status.APPROVED}
        live_payout = Q(payouts__kind=LedgerEntry.Kind.BENEFIT, payouts__reversed_by__isnull=True)
        if paid.exists() and (not unpaid_back or paid.filter(live_payout).exists()):
            raise ClaimPaid
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=Claim.Status.PAID).exists():
            raise ClaimPaid
        return super().delete()

    def anonymise(self, **texts: str) -> int:
        """Blank a claim's free text under the PDPA (reports.privacy), paid claims too: the one
        change a paid claim takes beyond its reversal; amounts, member and dates stay."""
        if set(texts) - Claim.PERSONAL_TEXT:
            raise ClaimPaid
        return super().update(**texts)

    def awaiting_approval_by(self, user):
        """Claims this user may approve now (Claim.may_approve for many): filed in a fund they
        keep, neither filed nor already approved by them."""
        return (
            self.editable_by(user)
            .filter(status=Claim.Status.FILED)
            .exclude(filed_by=user)
            .exclude(first_approver=user)
        )

    def waiting(self):
        """Claims still to be decided or paid, the oldest first."""
        return self.filter(status__in=[Claim.Status.FILED, Claim.Status.APPROVED]).order_by(
            "filed_at"
        )


class Claim(models.Model):
    """A member's claim for a benefit: checked by the rules, approved by two people, then paid."""

    class Status(models.TextChoices):
        FILED = "filed", _("awaiting approval")
        APPROVED = "approved", _("approved, awaiting payment")
        REJECTED = "rejected", _("rejected")
        PAID = "paid", _("paid")

    APPROVALS_NEEDED = 2
    # What a person may have written about the member, blanked when the member is erased.
    PERSONAL_TEXT = frozenset({"description", "rejected_reason"})

    fund = models.ForeignKey(
        WelfareFund, models.PROTECT, related_name="claims", verbose_name=_("fund")
    )
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="claims", verbose_name=_("member")
    )
    benefit_type = models.ForeignKey(
        BenefitType, models.PROTECT, related_name="claims", verbose_name=_("benefit")
    )
    event_on = models.DateField(_("date of the event"))
    nights = models.PositiveSmallIntegerField(
        _("nights in hospital"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    amount = models.DecimalField(
        _("amount (baht)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    description = models.CharField(_("what happened"), max_length=300, blank=True)
    exception_resolution = models.ForeignKey(
        "councils.Resolution",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="welfare_exceptions",
        verbose_name=_("resolution granting an exception"),
        help_text=_(
            "Only when the claim breaks a rule of the fund: the fund committee's resolution "
            "that grants the exception."
        ),
    )
    exception_reason = models.CharField(
        _("why the exception was granted"), max_length=300, blank=True
    )
    # The rules the claim broke when it was filed, waived by the exception: [{rule, reason}].
    waived_rules = models.JSONField(_("rules waived"), default=list, blank=True, editable=False)
    resolution = models.ForeignKey(
        "councils.Resolution",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="welfare_claims",
        verbose_name=_("approving resolution"),
        help_text=_("The meeting resolution that approved this claim, if there was one."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FILED, editable=False
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    first_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("first approval by"),
    )  # fmt: skip
    first_approved_at = models.DateTimeField(null=True, blank=True)
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("second approval by"),
    )  # fmt: skip
    second_approved_at = models.DateTimeField(null=True, blank=True)
    rejected_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(second_approver__isnull=True) | ~Q(second_approver=F("first_approver")),
                name="two_different_approvers",
                violation_error_message=_("A claim needs two different approvers."),
            ),
            models.CheckConstraint(
                condition=(Q(first_approver__isnull=True) | ~Q(first_approver=F("filed_by")))
                & (Q(second_approver__isnull=True) | ~Q(second_approver=F("filed_by"))),
                name="filer_does_not_approve",
                violation_error_message=_("The person who filed a claim cannot approve it."),
            ),
        ]

    def __str__(self):
        return f"{self.benefit_type} · {self.member}"

    def save(self, *args, **kwargs):
        if not self._state.adding and self._stored_paid():
            raise ClaimPaid
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("claim_detail", args=[self.fund_id, self.pk])

    def delete(self, *args, **kwargs):
        if self._stored_paid():
            raise ClaimPaid
        return super().delete(*args, **kwargs)

    def payment_summary(self) -> PaymentSummary:
        """What paying the claim does to the fund, read from the fund's row as stored now."""
        balance = WelfareFund.objects.filter(pk=self.fund_id).values_list("balance", flat=True)
        before = money(balance.get())
        return PaymentSummary(self.amount, before, before - self.amount)

    def confirmation_state(self) -> str:
        """What must not change between the payment's confirm page and the payment."""
        return f"{self.pk}:{self.status}:{self.amount}:{self.approvals}"

    def _stored_paid(self) -> bool:
        # The row as stored decides, not this copy: a copy read before payment is still locked.
        return Claim.objects.filter(pk=self.pk, status=self.Status.PAID).exists()

    @property
    def approvals(self) -> int:
        return bool(self.first_approver_id) + bool(self.second_approver_id)

    @property
    def is_awaiting_approval(self) -> bool:
        return self.status == self.Status.FILED

    @property
    def is_awaiting_payment(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID

    @property
    def can_be_rejected(self) -> bool:
        """Until it is paid, a claim may be turned down; a paid one is corrected in the ledger."""
        return self.is_awaiting_approval or self.is_awaiting_payment

    def approved_by(self, user) -> bool:
        return user.pk in (self.first_approver_id, self.second_approver_id)

    @property
    def approvals_missing(self) -> int:
        return self.APPROVALS_NEEDED - self.approvals if self.is_awaiting_approval else 0

    def may_approve(self, user) -> bool:
        """Two people approve, neither of them the one who filed the claim."""
        return (
            self.is_awaiting_approval and user.pk != self.filed_by_id and not self.approved_by(user)
        )

    @property
    def waived_rule_names(self) -> set[str]:
        return (
            {waived["rule"] for waived in self.waived_rules}
            if self.exception_resolution_id
            else set()
        )

    def approve(self, by) -> None:
        """Record one approval; the second, by someone else, makes the claim payable.

        The claim's row is locked and read again first: two people pressing "approve" at once
        are served one after the other, and a copy read before someone else approved (an open
        page, the shell) cannot count the same person twice.
        """
        with transaction.atomic():
            self.refresh_from_db(
                fields=["status", "filed_by", "first_approver", "second_approver"],
                from_queryset=Claim.objects.select_for_update(),
            )
            if not self.is_awaiting_approval:
                raise ValidationError(_("Only a claim awaiting approval can be approved."))
            if by.pk == self.filed_by_id:
                raise ValidationError(
                    _(
                        "You filed this claim, so you cannot approve it: two other members of "
                        "the fund committee must."
                    )
                )
            if self.approved_by(by):
                raise ValidationError(
                    _(
                        "You have already approved this claim; the second approval must come "
                        "from someone else."
                    )
                )
            now = timezone.now()
            if not self.first_approver_id:
                self.first_approver, self.first_approved_at = by, now
            else:
                self.second_approver, self.second_approved_at = by, now
                self.status = self.Status.APPROVED
            self.save(
                update_fields=[
                    "first_approver", "first_approved_at", "second_approver",
                    "second_approved_at", "status",
                ]
            )  # fmt: skip

    def reject(self, by, reason: str) -> None:
        if not self.can_be_rejected:
            raise ValidationError(_("A paid or rejected claim cannot be rejected."))
        self.status, self.rejected_reason = self.Status.REJECTED, reason
        self.save(update_fields=["status", "rejected_reason"])

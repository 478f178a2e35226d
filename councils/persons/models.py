"""The tambon's leaders: persons, the roles they hold across bodies, and their trainings.

A council member is one seat a person holds; the same person may also lead a savings group,
sit on the welfare fund's committee and be the village headman (the field reports'
"สวมหมวกหลายใบ"). Persons belong to the council of their tambon, so they are read through the
same prefix scopes as every council row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet
from councils.buddhist_era import be_year, validate_be_year
from councils.models import CommunityOrganization, Council, CouncilChildQuerySet, CouncilMember
from councils.phones import ThaiPhoneField, national_digits

# The field reports' "แกนนำรุ่นใหม่" and "แกนนำรุ่นเก่า", by age in the current year.
YOUNG_LEADER_AGE = 40
OLD_LEADER_AGE = 60
# More roles than this at once is the warning "one person wears too many hats".
MAX_ROLES = 4
OLDEST_AGE = 110


class Generation(models.TextChoices):
    NEW = "new", _("new generation (under 40)")
    MIDDLE = "middle", _("middle generation (40 to 59)")
    OLD = "old", _("old generation (60 and over)")
    UNKNOWN = "unknown", _("birth year not known")


def generation_of(birth_year_be: int | None, today: dt.date | None = None) -> Generation:
    if not birth_year_be:
        return Generation.UNKNOWN
    age = be_year((today or timezone.localdate()).year) - birth_year_be
    if age < YOUNG_LEADER_AGE:
        return Generation.NEW
    if age < OLD_LEADER_AGE:
        return Generation.MIDDLE
    return Generation.OLD


def young_birth_year(today: dt.date | None = None) -> int:
    """The earliest B.E. birth year of a person under 40 this year."""
    return be_year((today or timezone.localdate()).year) - YOUNG_LEADER_AGE + 1


def generation_q(today: dt.date | None = None) -> dict[str, Q]:
    """The condition on the birth year of each generation this year."""
    young_from = young_birth_year(today)
    old_until = young_from - (OLD_LEADER_AGE - YOUNG_LEADER_AGE) - 1
    return {
        Generation.NEW.value: Q(birth_year__gte=young_from),
        Generation.MIDDLE.value: Q(birth_year__lt=young_from, birth_year__gt=old_until),
        Generation.OLD.value: Q(birth_year__lte=old_until),
        Generation.UNKNOWN.value: Q(birth_year__isnull=True),
    }


class PersonQuerySet(CouncilChildQuerySet):
    def matching(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(first_name__icontains=text) | Q(last_name__icontains=text))

    def of_generation(self, generation: str, today: dt.date | None = None):
        return self.filter(generation_q(today)[generation])

    def generation_counts(self, today: dt.date | None = None) -> dict[str, int]:
        """How many persons of each generation, in one query: {"new": 3, "middle": 5, ...}."""
        return self.order_by().aggregate(
            **{
                generation: Count("pk", filter=condition)
                for generation, condition in generation_q(today).items()
            }
        )

    def with_role_counts(self, today: dt.date | None = None):
        """Annotate `role_count`: the roles each person holds today, their council seats
        included (two subqueries, whatever the number of persons)."""
        today = today or timezone.localdate()
        roles = (
            PersonRole.objects.current(today)
            .filter(person=OuterRef("pk"))
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values("n")
        )
        seats = (
            CouncilMember.objects.sitting()
            .filter(person=OuterRef("pk"))
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            role_count=Coalesce(Subquery(roles), Value(0)) + Coalesce(Subquery(seats), Value(0))
        )

    def holding_too_many_roles(self, today: dt.date | None = None):
        return self.with_role_counts(today).filter(role_count__gt=MAX_ROLES)


class Person(models.Model):
    """A leader or active person of the tambon, whatever bodies they serve in."""

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="persons", verbose_name=_("council")
    )
    title = models.CharField(_("title"), max_length=30, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    sex = models.CharField(
        _("sex"), max_length=20, choices=CouncilMember.Sex.choices,
        default=CouncilMember.Sex.UNSPECIFIED,
    )  # fmt: skip
    birth_year = models.PositiveSmallIntegerField(
        _("birth year (B.E.)"), null=True, blank=True,
        help_text=_("The Buddhist-era year, for example 2518; it tells the generation."),
    )  # fmt: skip
    village_no = models.PositiveSmallIntegerField(_("village no."), null=True, blank=True)
    phone = ThaiPhoneField(_("phone"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["council", "first_name", "last_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["council", "last_name", "first_name"])]
        permissions = [
            ("import_person", _("Can import persons")),
            ("export_person", _("Can export persons")),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("person_detail", args=[self.pk])

    @property
    def area_code(self) -> str:
        return self.council.subdistrict_id

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def masked_phone(self) -> str:
        digits = national_digits(self.phone)
        if len(digits) < 4:
            return ""
        return f"{digits[:2]}x-xxx-{digits[-4:]}"

    def generation(self, today: dt.date | None = None) -> Generation:
        return generation_of(self.birth_year, today)

    def age(self, today: dt.date | None = None) -> int | None:
        if not self.birth_year:
            return None
        return be_year((today or timezone.localdate()).year) - self.birth_year

    def clean(self):
        errors: dict[str, list] = {}
        if self.birth_year:
            try:
                validate_be_year(self.birth_year)
            except ValidationError as error:
                errors["birth_year"] = error.messages
            else:
                this_year = be_year(timezone.localdate().year)
                if self.birth_year > this_year:
                    errors["birth_year"] = [_("A birth year cannot be in the future.")]
                elif this_year - self.birth_year > OLDEST_AGE:
                    errors["birth_year"] = [
                        _("%(year)s would make the person older than %(age)s years.")
                        % {"year": self.birth_year, "age": OLDEST_AGE}
                    ]
        if self.council_id and (
            unknown := self.council.subdistrict.unknown_village(self.village_no)
        ):
            errors.setdefault("village_no", []).append(unknown)
        if errors:
            raise ValidationError(errors)


class PersonLineQuerySet(AreaQuerySet):
    area_field = "person__council__subdistrict__code"


class PersonRoleQuerySet(PersonLineQuerySet):
    def current(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=today),
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        )


class PersonRole(models.Model):
    """A role a person holds in a body other than the council (their council seats are their
    CouncilMember rows)."""

    class Body(models.TextChoices):
        ORGANIZATION = "organization", _("community organization (leader or committee)")
        WELFARE_FUND = "welfare_fund", _("community welfare fund committee")
        VILLAGE_HEADMAN = "village_headman", _("village headman")
        KAMNAN = "kamnan", _("kamnan (tambon headman)")
        VILLAGE_COMMITTEE = "village_committee", _("village committee")
        HEALTH_VOLUNTEER = "health_volunteer", _("village health volunteer")
        LOCAL_COUNCILLOR = "local_councillor", _("local councillor (SAO or municipality)")
        LOCAL_EXECUTIVE = "local_executive", _("local government executive")
        CON_CENTRE = "con_centre", _("community organization network centre (CON)")
        OTHER = "other", _("other body")

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    body = models.CharField(_("body"), max_length=30, choices=Body.choices)
    organization = models.ForeignKey(
        CommunityOrganization,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person_roles",
        verbose_name=_("organization"),
        help_text=_("For a role in a community organization registered with the council."),
    )
    position = models.CharField(
        _("position"), max_length=100, blank=True,
        help_text=_("For example: chair, committee member, treasurer."),
    )  # fmt: skip
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = PersonRoleQuerySet.as_manager()

    class Meta:
        ordering = ["person", "body", "pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        parts = [self.get_body_display(), self.position]
        if self.organization_id:
            parts.append(self.organization.name)
        return " · ".join(part for part in parts if part)

    @property
    def area_code(self) -> str:
        return self.person.council.subdistrict_id

    def is_current(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (self.started_on is None or self.started_on <= today) and (
            self.ended_on is None or self.ended_on >= today
        )

    def clean(self):
        errors: dict[str, str] = {}
        if self.body == self.Body.ORGANIZATION and not self.organization_id:
            errors["organization"] = _("Choose the community organization of this role.")
        # The person may be a new one not saved yet (the admin's person form with its roles).
        try:
            person = self.person
        except Person.DoesNotExist:
            person = None
        if (
            self.organization_id
            and person is not None
            and self.organization.council_id != person.council_id
        ):
            errors["organization"] = _(
                "Choose an organization registered with the person's council."
            )
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A role cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class Training(models.Model):
    """A course a person attended."""

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="trainings", verbose_name=_("person")
    )
    course = models.CharField(_("course"), max_length=200)
    organiser = models.CharField(_("organised by"), max_length=200)
    attended_on = models.DateField(_("attended on"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("999"))],
    )  # fmt: skip

    objects = PersonLineQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-attended_on", "-pk"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        indexes = [models.Index(fields=["attended_on"])]

    def __str__(self):
        return self.course

    @property
    def area_code(self) -> str:
        return self.person.council.subdistrict_id

    def clean(self):
        if self.attended_on and self.attended_on > timezone.localdate():
            raise ValidationError({"attended_on": _("A training cannot be in the future.")})

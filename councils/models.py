"""Geography, the council registry under the Community Organization Council Act, and roles."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from councils.access import ROLE_CODE_LENGTH, AreaQuerySet, Role
from councils.buddhist_era import add_years
from councils.geography import Region
from councils.phones import ThaiPhoneField, national_digits

MEMBER_TERM_YEARS = 4  # s.8
MAX_REPRESENTATIVES_PER_VILLAGE = 4  # s.5
MAX_REPRESENTATIVES_PER_OTHER_COMMUNITY = 2  # s.5


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    region = models.CharField(_("CODI region"), max_length=20, choices=Region.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name_th

    def get_absolute_url(self):
        return reverse("area_overview", args=[self.code])


class District(models.Model):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, models.PROTECT, related_name="districts")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name_th

    def get_absolute_url(self):
        return reverse("area_overview", args=[self.code])


class Subdistrict(models.Model):
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, models.PROTECT, related_name="subdistricts")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    village_count = models.PositiveSmallIntegerField(
        _("number of villages"), null=True, blank=True,
        help_text=_("Its villages are numbered 1 to this number; leave empty where not known."),
    )  # fmt: skip

    class Meta:
        ordering = ["code"]
        verbose_name = _("subdistrict (tambon)")
        verbose_name_plural = _("subdistricts (tambons)")

    def __str__(self):
        return self.name_th

    def unknown_village(self, village_no: int | None) -> str:
        """Why the tambon has no such village (หมู่ที่), where its villages are known; else ""."""
        if not village_no or not self.village_count or village_no <= self.village_count:
            return ""
        return _("Tambon %(tambon)s has %(count)s villages: there is no village no. %(no)s.") % {
            "tambon": self.name_th,
            "count": self.village_count,
            "no": village_no,
        }


# The geography model a DOPA code names, by the code's length.
AREA_MODELS: dict[int, type[Province | District | Subdistrict]] = {
    2: Province,
    4: District,
    6: Subdistrict,
}


def area_name(code: str) -> str:
    """The Thai name of any DOPA code, for headings."""
    model = AREA_MODELS.get(len(code))
    if model is None:
        return code
    name = model.objects.filter(code=code).values_list("name_th", flat=True).first()
    return name or code


class CouncilQuerySet(AreaQuerySet):
    area_field = "subdistrict__code"

    def active(self):
        return self.exclude(status=Council.Status.DISSOLVED)


class CouncilChildQuerySet(AreaQuerySet):
    """Rows that belong to a council, and so to its tambon."""

    area_field = "council__subdistrict__code"


class Council(models.Model):
    """A tambon Community Organization Council (s.5, s.10): at most one not dissolved per tambon."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        DISSOLVED = "dissolved", _("dissolved")

    subdistrict = models.ForeignKey(
        Subdistrict, models.PROTECT, related_name="councils", verbose_name=_("subdistrict")
    )
    name = models.CharField(_("council name"), max_length=200)
    registration_number = models.CharField(
        _("registration number"), max_length=50, blank=True, db_index=True
    )
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    dissolved_on = models.DateField(_("dissolution date"), null=True, blank=True)
    office_address = models.CharField(_("office address"), max_length=300, blank=True)
    phone = ThaiPhoneField(_("phone"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["subdistrict_id"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict"],
                condition=~Q(status="dissolved"),
                name="one_council_per_subdistrict",
                violation_error_message=_(
                    "This tambon already has a council that is not dissolved."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="active", dissolved_on__isnull=True)
                | Q(status="dissolved", dissolved_on__isnull=False),
                name="dissolved_council_has_date",
                violation_error_message=_(
                    "A dissolved council needs its dissolution date, and only then."
                ),
            ),
        ]
        permissions = [
            ("import_council", _("Can import councils")),
            ("export_council", _("Can export councils")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("council_detail", args=[self.pk])

    @property
    def area_code(self) -> str:
        return self.subdistrict_id


class CommunityOrganization(models.Model):
    """A community organization registered with the council, whose representatives sit on it."""

    class Kind(models.TextChoices):
        SAVINGS = "savings", _("savings group")
        WELFARE = "welfare", _("community welfare fund")
        WOMEN = "women", _("women's group")
        HEALTH_VOLUNTEERS = "health_volunteers", _("village health volunteers")
        OCCUPATION = "occupation", _("occupational group")
        COMMUNITY_ENTERPRISE = "enterprise", _("community enterprise")
        AGRICULTURE = "agriculture", _("farmers' group")
        YOUTH = "youth", _("youth group")
        ELDERS = "elders", _("elders' club")
        NATURAL_RESOURCES = "resources", _("natural resources group")
        HOUSING = "housing", _("housing group")
        CULTURE = "culture", _("culture and religion group")
        OTHER = "other", _("other")

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="organizations", verbose_name=_("council")
    )
    name = models.CharField(_("organization name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    village_no = models.PositiveSmallIntegerField(
        _("village no."), null=True, blank=True, help_text=_("Leave empty for a tambon-wide group.")
    )
    community_name = models.CharField(
        _("community name"), max_length=200, blank=True,
        help_text=_("The village or community the group belongs to."),
    )  # fmt: skip
    registered_on = models.DateField(_("registered with the council on"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("number of members"), default=0)
    leader_name = models.CharField(_("leader"), max_length=200, blank=True)
    phone = ThaiPhoneField(_("phone"), blank=True)

    objects = CouncilChildQuerySet.as_manager()

    class Meta:
        ordering = ["village_no", "name"]
        verbose_name = _("community organization")
        verbose_name_plural = _("community organizations")
        permissions = [
            ("import_communityorganization", _("Can import community organizations")),
            ("export_communityorganization", _("Can export community organizations")),
        ]

    def __str__(self):
        return self.name

    @property
    def area_code(self) -> str:
        return self.council.subdistrict_id

    def clean(self):
        if self.council_id and (
            unknown := self.council.subdistrict.unknown_village(self.village_no)
        ):
            raise ValidationError({"village_no": unknown})


class CouncilMemberQuerySet(CouncilChildQuerySet):
    def sitting(self):
        return self.filter(left_on__isnull=True)

    def former(self):
        return self.filter(left_on__isnull=False)

    def matching(self, text: str):
        """The members a search box finds: the text in the name, the village or community of
        the seat, or the organization represented. Empty text finds every member."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(community_name__icontains=text)
            | Q(organization__name__icontains=text)
        )


class CouncilMember(models.Model):
    """A member of the council: a community representative or a qualified person (s.5, s.6)."""

    class Seat(models.TextChoices):
        REPRESENTATIVE = "representative", _("community representative")
        QUALIFIED = "qualified", _("qualified person")

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR_1 = "vice_chair_1", _("first vice-chair")
        VICE_CHAIR_2 = "vice_chair_2", _("second vice-chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")

    class Sex(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        UNSPECIFIED = "unspecified", _("not specified")

    # Officers of s.15: one of each at a time.
    OFFICER_ROLES = (Role.CHAIR, Role.VICE_CHAIR_1, Role.VICE_CHAIR_2, Role.SECRETARY)

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="members", verbose_name=_("council")
    )
    title = models.CharField(_("title"), max_length=30, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, default=Sex.UNSPECIFIED)
    seat = models.CharField(_("seat"), max_length=20, choices=Seat.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    organization = models.ForeignKey(
        CommunityOrganization,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name=_("organization represented"),
    )
    village_no = models.PositiveSmallIntegerField(
        _("village no."),
        null=True,
        blank=True,
        help_text=_("For a representative of a village (up to 4 per village)."),
    )
    community_name = models.CharField(
        _("other community"),
        max_length=200,
        blank=True,
        help_text=_("For a representative of a community that is not a village (up to 2)."),
    )
    selected_on = models.DateField(_("selected on"))
    replaces = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replacements",
        verbose_name=_("replaces"),
        help_text=_("A replacement serves the rest of the term of the member they replace."),
    )
    term_ends_on = models.DateField(_("term ends on"), editable=False)
    left_on = models.DateField(_("left the council on"), null=True, blank=True)
    phone = ThaiPhoneField(_("phone"), blank=True)
    # The person of the leaders' registry who holds this seat (councils/persons): made from the
    # member's row when a member is added without one.
    person = models.ForeignKey(
        "councils.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
        verbose_name=_("person"),
    )
    successor = models.ForeignKey(
        "councils.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="succeeding",
        verbose_name=_("named successor"),
        help_text=_("For an officer: the person being prepared to take over the office."),
    )

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        ordering = ["council", "seat", "village_no", "last_name"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "role"],
                condition=Q(left_on__isnull=True)
                & Q(role__in=["chair", "vice_chair_1", "vice_chair_2", "secretary"]),
                name="one_sitting_officer_per_role",
                violation_error_message=_("The council already has a sitting member in this role."),
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__gt=models.F("selected_on")),
                name="term_ends_after_selection",
            ),
        ]
        permissions = [
            ("import_councilmember", _("Can import council members")),
            ("export_councilmember", _("Can export council members")),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.term_ends_on = self.computed_term_end()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "selected_on" in update_fields:
            kwargs["update_fields"] = {*update_fields, "term_ends_on"}
        if self.person_id is None and update_fields is None:
            self.person = self._registry_person()
        super().save(*args, **kwargs)

    def _registry_person(self):
        """The person this member is: the council's person of the same name, or a new one
        made from the member's row, so that every member is in the leaders' registry (whatever
        path the member came by: a page, an import, the admin or the shell)."""
        # The registry's model is looked up through the field: councils.persons imports this
        # module, never the other way round.
        person_model = self._meta.get_field("person").related_model
        same_name = person_model.objects.filter(
            council_id=self.council_id, first_name=self.first_name, last_name=self.last_name
        ).first()
        if same_name:
            return same_name
        return person_model.objects.create(
            council_id=self.council_id,
            title=self.title,
            first_name=self.first_name,
            last_name=self.last_name,
            sex=self.sex,
            village_no=self.village_no,
            phone=self.phone,
        )

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def is_sitting(self) -> bool:
        return self.left_on is None

    @property
    def masked_phone(self) -> str:
        digits = national_digits(self.phone)
        if len(digits) < 4:
            return ""
        return f"{digits[:2]}x-xxx-{digits[-4:]}"

    @property
    def seat_place(self) -> str:
        if self.village_no:
            return _("village no. %(no)s") % {"no": self.village_no}
        return self.community_name

    def computed_term_end(self) -> dt.date:
        """Four years from selection (s.8); a replacement serves the rest of the term."""
        if self.replaces_id and self.replaces.term_ends_on:
            return self.replaces.term_ends_on
        return add_years(self.selected_on, MEMBER_TERM_YEARS)

    def clean(self):
        errors: dict[str, list] = {}
        if self.seat == self.Seat.REPRESENTATIVE:
            if bool(self.village_no) == bool(self.community_name):
                errors.setdefault("village_no", []).append(
                    _(
                        "A community representative represents either a village or another "
                        "community."
                    )
                )
        elif self.village_no or self.community_name:
            errors.setdefault("seat", []).append(
                _("A qualified person does not represent a village or community.")
            )
        if self.selected_on and not self.replaces_id and not errors:
            self.term_ends_on = self.computed_term_end()
        if self.replaces_id and self.replaces.council_id != self.council_id:
            errors.setdefault("replaces", []).append(
                _("A member can only replace a member of the same council.")
            )
        if self.organization_id and self.organization.council_id != self.council_id:
            errors.setdefault("organization", []).append(
                _("A member can only represent an organization registered with the same council.")
            )
        if self.person_id and self.person.council_id != self.council_id:
            errors.setdefault("person", []).append(
                _("A member must be a person registered with the same council.")
            )
        if self.successor_id:
            if self.role not in self.OFFICER_ROLES:
                errors.setdefault("successor", []).append(
                    _("Only an officer (chair, vice-chair or secretary) has a named successor.")
                )
            elif self.successor.council_id != self.council_id:
                errors.setdefault("successor", []).append(
                    _("Choose a successor registered with the same council.")
                )
            elif self.person_id and self.successor_id == self.person_id:
                errors.setdefault("successor", []).append(
                    _("An officer cannot be their own successor.")
                )
        if self.left_on and self.selected_on and self.left_on < self.selected_on:
            errors.setdefault("left_on", []).append(
                _("A member cannot leave before being selected.")
            )
        if self.council_id and (
            unknown := self.council.subdistrict.unknown_village(self.village_no)
        ):
            errors.setdefault("village_no", []).append(unknown)
        if self.council_id and self.is_sitting and not errors:
            self._check_seat_limits(errors)
        if errors:
            raise ValidationError(errors)

    def _check_seat_limits(self, errors: dict[str, list]) -> None:
        others = (
            CouncilMember.objects.sitting().filter(council_id=self.council_id).exclude(pk=self.pk)
        )
        sitting_officer = (
            others.filter(role=self.role).first() if self.role in self.OFFICER_ROLES else None
        )
        if sitting_officer:
            # Naming who holds the office tells the coordinator whom to record as having left.
            errors.setdefault("role", []).append(
                _(
                    "The council already has a sitting %(role)s: %(name)s. Record the day "
                    "the sitting %(role)s left the office first."
                )
                % {"role": self.get_role_display(), "name": sitting_officer.full_name}
            )
        if self.seat != self.Seat.REPRESENTATIVE:
            representatives = others.filter(seat=self.Seat.REPRESENTATIVE).count()
            qualified = others.filter(seat=self.Seat.QUALIFIED).count() + 1
            if qualified * 5 > representatives:
                errors.setdefault("seat", []).append(
                    _(
                        "Qualified persons may be at most one fifth of the community "
                        "representatives (s.6): %(reps)s representatives allow %(allowed)s, "
                        "this would make %(qualified)s."
                    )
                    % {
                        "reps": representatives,
                        "allowed": representatives // 5,
                        "qualified": qualified,
                    }
                )
        elif self.village_no:
            same_village = others.filter(seat=self.seat, village_no=self.village_no).count()
            if same_village >= MAX_REPRESENTATIVES_PER_VILLAGE:
                errors.setdefault("village_no", []).append(
                    _(
                        "Village no. %(no)s already has %(max)s representatives, the most "
                        "allowed (s.5)."
                    )
                    % {"no": self.village_no, "max": MAX_REPRESENTATIVES_PER_VILLAGE}
                )
        elif self.community_name:
            same_community = others.filter(
                seat=self.seat, community_name=self.community_name
            ).count()
            if same_community >= MAX_REPRESENTATIVES_PER_OTHER_COMMUNITY:
                errors.setdefault("community_name", []).append(
                    _("%(name)s already has %(max)s representatives, the most allowed (s.5).")
                    % {"name": self.community_name, "max": MAX_REPRESENTATIVES_PER_OTHER_COMMUNITY}
                )


class PartnerQuerySet(AreaQuerySet):
    def visible_to(self, user):
        """A partner is seen where it works and from the areas inside it (a PAO from a tambon)."""
        from councils.access import inside_or_around_q, scope_for

        prefixes = scope_for(user).visible
        if not prefixes:
            return self.none()
        return self.filter(inside_or_around_q("area_code", prefixes) | Q(area_code=""))


class Partner(models.Model):
    """An agency the councils work with: local government, PAO, provincial offices, CODI..."""

    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT = "local_government", _("local government (SAO / municipality)")
        PAO = "pao", _("provincial administrative organization")
        DISTRICT_OFFICE = "district_office", _("district office")
        PROVINCIAL_OFFICE = "provincial_office", _("provincial government office")
        GOVERNOR = "governor", _("provincial governor")
        CODI = "codi", _("CODI")
        CENTRAL_AGENCY = "central_agency", _("central government agency")
        CIVIL_SOCIETY = "civil_society", _("civil society or academic partner")
        PRIVATE = "private", _("private sector")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    area_code = models.CharField(
        _("area code"), max_length=6, blank=True, db_index=True,
        help_text=_("The DOPA code of the area it serves; empty for a national agency."),
    )  # fmt: skip
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = ThaiPhoneField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["area_code", "name"]
        verbose_name = _("partner agency")
        verbose_name_plural = _("partner agencies")

    def __str__(self):
        return self.name

    def clean(self):
        if self.area_code and not _area_exists(self.area_code):
            raise ValidationError(
                {"area_code": _("No province, district or tambon has this code.")}
            )


def _area_exists(code: str) -> bool:
    model = AREA_MODELS.get(len(code))
    return bool(code.isdigit() and model and model.objects.filter(code=code).exists())


class Assignment(models.Model):
    """A user's role over an area; a user's scope is the union of their assignments."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    area_code = models.CharField(
        _("area code"), max_length=6, blank=True, db_index=True,
        help_text=_("Tambon (6 digits), district (4) or province (2) DOPA code."),
    )  # fmt: skip
    region = models.CharField(_("CODI region"), max_length=20, choices=Region.choices, blank=True)

    class Meta:
        ordering = ["user", "role", "area_code"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area_code", "region"], name="unique_assignment"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.area_code or self.region or '*'}"

    def clean(self):
        expected = ROLE_CODE_LENGTH.get(self.role)
        if expected:
            if len(self.area_code) != expected or not self.area_code.isdigit():
                raise ValidationError(
                    {"area_code": _("This role needs a %(n)s-digit DOPA code.") % {"n": expected}}
                )
            model = AREA_MODELS[expected]
            if not model.objects.filter(code=self.area_code).exists():
                raise ValidationError({"area_code": _("No area has this code.")})
            if self.region:
                raise ValidationError({"region": _("Only CODI regional staff have a region.")})
        elif self.role == Role.CODI_REGIONAL:
            if not self.region:
                raise ValidationError({"region": _("Choose the region of this CODI staff member.")})
            if self.area_code:
                raise ValidationError({"area_code": _("CODI staff are assigned to a region.")})
        elif self.area_code or self.region:
            raise ValidationError({"area_code": _("CODI national staff cover the whole country.")})

"""The leaders' registry import and export: persons of a tambon with the roles they hold today.

One row is one person, found again by council and name (as a council member's own person is);
the roles are two cells a coordinator can fill in without a second sheet: the bodies the
person serves in, separated by commas, and the community organizations they lead, by the names
the council registered them under. A listed role the person does not hold today is added; no
role is ever ended by a file (that is a dated decision, made in the admin). Council seats come
from the council member import. Like the registry's other imports: only councils in the
importer's area, B.E. years, every bad row named, and nothing written unless every row is good.
"""

from __future__ import annotations

import re

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from councils.imports import (
    CouncilWidget,
    RegistryResource,
    _phone_column,
    _tambon_column,
)
from councils.models import CommunityOrganization, CouncilMember
from councils.persons.models import Person, PersonRole
from councils.spreadsheets.resources import Column
from councils.spreadsheets.widgets import (
    BuddhistYearWidget,
    ChoiceWidget,
    ResourceWidget,
    WholeNumberWidget,
    cell_text,
)

BODIES_COLUMN = "บทบาท"
ORGANIZATIONS_COLUMN = "แกนนำองค์กรชุมชน"
# The words people write for the bodies, the first of each being the one exported.
BODY_WORDS = {
    "กรรมการกองทุนสวัสดิการ": PersonRole.Body.WELFARE_FUND,
    "กรรมการกองทุนสวัสดิการชุมชน": PersonRole.Body.WELFARE_FUND,
    "ผู้ใหญ่บ้าน": PersonRole.Body.VILLAGE_HEADMAN,
    "กำนัน": PersonRole.Body.KAMNAN,
    "กรรมการหมู่บ้าน": PersonRole.Body.VILLAGE_COMMITTEE,
    "อสม.": PersonRole.Body.HEALTH_VOLUNTEER,
    "อสม": PersonRole.Body.HEALTH_VOLUNTEER,
    "สมาชิกสภาท้องถิ่น": PersonRole.Body.LOCAL_COUNCILLOR,
    "ส.อบต.": PersonRole.Body.LOCAL_COUNCILLOR,
    "สมาชิกสภาเทศบาล": PersonRole.Body.LOCAL_COUNCILLOR,
    "ผู้บริหารท้องถิ่น": PersonRole.Body.LOCAL_EXECUTIVE,
    "ศอช.": PersonRole.Body.CON_CENTRE,
    "ศูนย์ประสานงานองค์กรชุมชน": PersonRole.Body.CON_CENTRE,
    "อื่น ๆ": PersonRole.Body.OTHER,
    "อื่นๆ": PersonRole.Body.OTHER,
}
ORGANIZATION = PersonRole.Body.ORGANIZATION
SEPARATORS = re.compile(r"[,;\n]+")


def _parts(value) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(cell_text(value)) if part.strip()]


class BodiesWidget(ChoiceWidget):
    """The bodies a person serves in, as words separated by commas: "อสม., ผู้ใหญ่บ้าน"."""

    def __init__(self):
        super().__init__(PersonRole.Body, BODY_WORDS)

    def clean(self, value, row=None, **kwargs):
        bodies: list[str] = []
        for part in _parts(value):
            body = super().clean(part, row, **kwargs)
            if body == ORGANIZATION:
                raise ValueError(
                    gettext("Write the organizations the person leads in the column %(column)s.")
                    % {"column": ORGANIZATIONS_COLUMN}
                )
            if body not in bodies:
                bodies.append(body)
        return bodies

    def allowed(self) -> str:
        return ", ".join(self.word_for(body) for body in self.choices if body != ORGANIZATION)

    def render(self, value, obj=None, **kwargs):
        return ", ".join(self.word_for(body) for body in value or ())


class OrganizationsWidget(ResourceWidget):
    """Community organizations the person leads, by their names within the person's council,
    separated by commas (a name that itself holds a comma is found whole first)."""

    def clean(self, value, row=None, **kwargs):
        council = self.resource.councils.get_or_none(row or {})
        text = cell_text(value)
        if not text or council is None:  # a bad tambon code is reported in its own column
            return []
        registered = CommunityOrganization.objects.filter(council=council)
        whole = registered.filter(name=text).first()
        if whole is not None:
            return [whole]
        names = _parts(text)
        found = {org.name: org for org in registered.filter(name__in=names)}
        missing = [name for name in names if name not in found]
        if missing:
            raise ValueError(
                gettext(
                    "The council of tambon %(code)s has no organization named %(names)s; write "
                    "the names as the council registered them, separated by commas."
                )
                % {"code": council.subdistrict_id, "names": ", ".join(f"“{n}”" for n in missing)}
            )
        return list(dict.fromkeys(found[name] for name in names))

    def render(self, value, obj=None, **kwargs):
        return ", ".join(org.name for org in value or ())


class BirthYearWidget(BuddhistYearWidget):
    not_a_year = _("Write the birth year as a Buddhist-era year, for example 2518.")


class PersonResource(RegistryResource):
    council = _tambon_column(
        CouncilWidget(),
        _("The 6-digit DOPA code of the tambon whose council keeps the person in its registry."),
    )
    subdistrict_name = Column("council__subdistrict__name_th", "ตำบล", readonly=True)
    title = Column(
        "title", "คำนำหน้านาม", help_text=_("Title, such as Mr, Mrs or Ms."), example="นาย"
    )
    first_name = Column(
        "first_name",
        "ชื่อ",
        help_text=_(
            "First name. A row with the first and last name of a person the council already "
            "has updates that person."
        ),
        example="คำปัน",
        required=True,
    )
    last_name = Column(
        "last_name", "นามสกุล", help_text=_("Last name."), example="ใจดี", required=True
    )
    sex = Column(
        "sex",
        "เพศ",
        ChoiceWidget(CouncilMember.Sex),
        help_text=_("Sex; empty means not specified."),
        example=CouncilMember.Sex.MALE.label,
        saves_null_values=False,
    )
    birth_year = Column(
        "birth_year",
        "ปีเกิด (พ.ศ.)",
        BirthYearWidget(),
        help_text=_(
            "The Buddhist-era birth year, for example 2518 (a Christian-era year such as 1975 "
            "is refused); it tells the generation of the leader. Empty when not known."
        ),
        example="2518",
        as_text=True,
    )
    village_no = Column(
        "village_no",
        "หมู่ที่",
        WholeNumberWidget(),
        help_text=_("The number of the village the person lives in."),
        example="3",
    )
    phone = _phone_column(_("The person's phone number."))
    role_bodies = Column(
        "role_bodies",
        BODIES_COLUMN,
        BodiesWidget(),
        help_text=_(
            "The bodies the person serves in today, separated by commas. A role the person "
            "does not hold yet is added; none is ever ended by a file. Council seats come from "
            "the council member import, leaders of organizations from the next column."
        ),
        example="อสม., กรรมการกองทุนสวัสดิการ",
    )
    role_organizations = Column(
        "role_organizations",
        ORGANIZATIONS_COLUMN,
        OrganizationsWidget(),
        help_text=_(
            "The community organizations the person leads or sits on the committee of, by the "
            "names the council registered them under, separated by commas."
        ),
        example="กลุ่มออมทรัพย์เพื่อการผลิต หมู่ 3",
    )

    export_select_related = ("council__subdistrict",)

    class Meta(RegistryResource.Meta):
        model = Person
        name = _("persons (leaders' registry)")
        fields = (
            "council",
            "subdistrict_name",
            "title",
            "first_name",
            "last_name",
            "sex",
            "birth_year",
            "village_no",
            "phone",
            "role_bodies",
            "role_organizations",
        )
        import_order = export_order = fields
        import_id_fields = ["council", "first_name", "last_name"]

    ROLE_FIELDS = ("role_bodies", "role_organizations")

    def filter_export(self, queryset, **kwargs):
        today = timezone.localdate()
        current = PersonRole.objects.current(today).select_related("organization")
        return (
            super()
            .filter_export(queryset, **kwargs)
            .prefetch_related(Prefetch("roles", queryset=current, to_attr="current_roles"))
        )

    def dehydrate_role_bodies(self, person: Person) -> str:
        bodies = [r.body for r in self._current_roles(person) if r.body != ORGANIZATION]
        return self.fields["role_bodies"].widget.render(list(dict.fromkeys(bodies)))

    def dehydrate_role_organizations(self, person: Person) -> str:
        organizations = [
            r.organization for r in self._current_roles(person) if r.body == ORGANIZATION
        ]
        return self.fields["role_organizations"].widget.render(
            list(dict.fromkeys(org for org in organizations if org is not None))
        )

    def _current_roles(self, person: Person) -> list[PersonRole]:
        if hasattr(person, "current_roles"):
            return person.current_roles
        return list(
            PersonRole.objects.current().filter(person=person).select_related("organization")
        )

    # Import ---------------------------------------------------------------------------

    def get_instance(self, instance_loader, row):
        council = self.councils.get_or_none(row)
        key = {name: self.value_of(name, row) for name in ("first_name", "last_name")}
        if council is None or not all(key.values()):
            return None
        return self.get_queryset().filter(council=council, **key).order_by("pk").first()

    def init_instance(self, row=None):
        person = super().init_instance(row)
        person.role_bodies, person.role_organizations = [], []
        return person

    def import_instance(self, instance, row, **kwargs):
        instance.role_bodies, instance.role_organizations = [], []
        super().import_instance(instance, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The person's own cells unchanged and no role to add: import-export's comparison
        # would see the two role cells, which are no fields of a person, as always changed.
        if import_validation_errors or original is None or original.pk is None:
            return False
        for field in self.get_import_fields():
            if field.attribute in self.ROLE_FIELDS or field.readonly:
                continue
            if field.get_value(instance) != field.get_value(original):
                return False
        return not self.roles_to_add(instance)

    def roles_to_add(self, person: Person) -> list[PersonRole]:
        """The roles the row lists that the person does not hold today."""
        held: set[tuple[str, int | None]] = set()
        if person.pk is not None:
            held = set(
                PersonRole.objects.current()
                .filter(person=person)
                .values_list("body", "organization_id")
            )
        bodies = {body for body, _org in held}
        led = {org for body, org in held if body == ORGANIZATION}
        roles = [PersonRole(person=person, body=b) for b in person.role_bodies if b not in bodies]
        roles += [
            PersonRole(person=person, body=ORGANIZATION, organization=org)
            for org in person.role_organizations
            if org.pk not in led
        ]
        return roles

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        for role in self.roles_to_add(instance):
            role.full_clean()
            role.save()

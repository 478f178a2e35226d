"""The council registry's import and export resources: councils, organizations and members.

A file may only touch councils in the area the importing CODI staff member administers, and
names each council by its tambon's DOPA code; councils/spreadsheets/ reads the file, validates
every row like a form and keeps a file with any bad row out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from councils.access import CODI_ROLES, scope_for
from councils.buddhist_era import arabic_digits
from councils.models import CommunityOrganization, Council, CouncilMember, Subdistrict
from councils.spreadsheets.resources import Column, SpreadsheetResource, date_column
from councils.spreadsheets.widgets import (
    BuddhistDateWidget,
    ChoiceWidget,
    PhoneWidget,
    ResourceWidget,
    WholeNumberWidget,
    cell_text,
)

if TYPE_CHECKING:
    from councils.access import AnyUser

TAMBON_COLUMN = "รหัสตำบล"


def administers(user: AnyUser, code: str) -> bool:
    return scope_for(user).holds(code, *CODI_ROLES)


# --- Widgets ------------------------------------------------------------------------------


def _tambon_code(value) -> str:
    code = arabic_digits(cell_text(value))
    if not code:
        raise ValueError(gettext("Enter the 6-digit tambon code, for example 570901."))
    if not re.fullmatch(r"\d{6}", code):
        raise ValueError(
            gettext("%(code)s is not a tambon code: it has 6 digits, for example 570901.")
            % {"code": code}
        )
    return code


def _outside_area(code: str) -> ValueError:
    return ValueError(
        gettext(
            "Tambon %(code)s is outside the area you administer; this file may only change "
            "councils in your area."
        )
        % {"code": code}
    )


class SubdistrictWidget(ResourceWidget):
    """The tambon of a council row, by its DOPA code, inside the importer's area."""

    def clean(self, value, row=None, **kwargs):
        code = _tambon_code(value)
        subdistrict = Subdistrict.objects.filter(code=code).first()
        if subdistrict is None:
            raise ValueError(gettext("No tambon has the code %(code)s.") % {"code": code})
        if not administers(self.resource.user, code):
            raise _outside_area(code)
        return subdistrict

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class CouncilLookup:
    """Finds the council a row belongs to by its tambon code, among those the user administers."""

    def __init__(self, user: AnyUser):
        self.user = user
        self._found: dict[str, Council | ValueError] = {}

    def get(self, value) -> Council:
        code = _tambon_code(value)
        if code not in self._found:
            self._found[code] = self._find(code)
        found = self._found[code]
        if isinstance(found, ValueError):
            raise found
        return found

    def get_or_none(self, row) -> Council | None:
        try:
            return self.get(row.get(TAMBON_COLUMN))
        except ValueError:
            return None

    def _find(self, code: str) -> Council | ValueError:
        council = Council.objects.administered_by(self.user).active().filter(subdistrict_id=code)
        if council := council.first():
            return council
        if not Subdistrict.objects.filter(code=code).exists():
            return ValueError(gettext("No tambon has the code %(code)s.") % {"code": code})
        if not administers(self.user, code):
            return _outside_area(code)
        return ValueError(
            gettext("Tambon %(code)s has no registered council; import the council first.")
            % {"code": code}
        )


class CouncilWidget(ResourceWidget):
    """The council of an organization or member row, named by its tambon code."""

    def clean(self, value, row=None, **kwargs):
        return self.resource.councils.get(value)

    def render(self, value, obj=None, **kwargs):
        return value.subdistrict_id if value else ""


class OrganizationWidget(ResourceWidget):
    """The community organization a member represents, by its name within the member's council."""

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        council = self.resource.councils.get_or_none(row or {})
        if not name or council is None:  # a bad tambon code is reported in its own column
            return None
        organization = CommunityOrganization.objects.filter(council=council, name=name).first()
        if organization is None:
            raise ValueError(
                gettext('The council of tambon %(code)s has no organization named "%(name)s".')
                % {"code": council.subdistrict_id, "name": name}
            )
        return organization

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


# --- Resources ----------------------------------------------------------------------------


def _tambon_column(widget: widgets.Widget, help_text: str) -> Column:
    return Column(
        "subdistrict" if isinstance(widget, SubdistrictWidget) else "council",
        TAMBON_COLUMN,
        widget,
        help_text=help_text,
        example="570901",
        required=True,
        as_text=True,
    )


def _phone_column(help_text: str) -> Column:
    return Column(
        "phone", "โทรศัพท์", PhoneWidget(), help_text=help_text, example="081-234-5678", as_text=True
    )


class RegistryResource(SpreadsheetResource):
    """Rows of the council registry, read and written within the user's administered area."""

    # Related rows each export line reads, fetched with the lines.
    export_select_related: tuple[str, ...] = ()

    def __init__(self, user: AnyUser | None = None, **kwargs):
        super().__init__(user, **kwargs)
        self.councils = CouncilLookup(self.user)

    def get_queryset(self):
        return self._meta.model.objects.administered_by(self.user)

    def filter_export(self, queryset, **kwargs):
        return queryset.administered_by(self.user).select_related(*self.export_select_related)

    class Meta(SpreadsheetResource.Meta):
        skip_unchanged = True


class CouncilResource(RegistryResource):
    subdistrict = _tambon_column(
        SubdistrictWidget(),
        _(
            "The 6-digit DOPA code of the council's tambon. A row updates the tambon's "
            "council, or registers one if it has none."
        ),
    )
    subdistrict_name = Column("subdistrict__name_th", "ตำบล", readonly=True)
    district_name = Column("subdistrict__district__name_th", "อำเภอ", readonly=True)
    province_name = Column("subdistrict__district__province__name_th", "จังหวัด", readonly=True)
    name = Column(
        "name",
        "ชื่อสภา",
        help_text=_("The council's full name."),
        example="สภาองค์กรชุมชนตำบลแม่สาย",
        required=True,
    )
    registration_number = Column(
        "registration_number",
        "เลขที่จดแจ้งจัดตั้ง",
        help_text=_("The registration number given when the council was registered."),
        example="ชร 0001/2552",
    )
    registered_on = date_column(
        "registered_on",
        "วันที่จดแจ้งจัดตั้ง",
        _("The registration date, as day/month/Buddhist-era year."),
    )
    status = Column(
        "status",
        "สถานะ",
        ChoiceWidget(Council.Status),
        help_text=_("Whether the council is active or dissolved; empty keeps it as it is."),
        example=Council.Status.ACTIVE.label,
        saves_null_values=False,
    )
    dissolved_on = date_column(
        "dissolved_on",
        "วันที่ยุบเลิก",
        _("Only for a dissolved council: the dissolution date, as day/month/Buddhist-era year."),
    )
    office_address = Column(
        "office_address",
        "ที่ตั้งสำนักงาน",
        help_text=_("The council's office address."),
        example="ที่ทำการ อบต.แม่สาย หมู่ 1",
    )
    phone = _phone_column(_("The council's phone number."))

    export_select_related = ("subdistrict__district__province",)

    class Meta(RegistryResource.Meta):
        model = Council
        name = _("council registry")
        fields = (
            "subdistrict",
            "subdistrict_name",
            "district_name",
            "province_name",
            "name",
            "registration_number",
            "registered_on",
            "status",
            "dissolved_on",
            "office_address",
            "phone",
        )
        import_order = export_order = fields
        import_id_fields = ["subdistrict"]

    def get_instance(self, instance_loader, row):
        code = self.value_of("subdistrict", row)
        if code is None:
            return None
        return self.get_queryset().active().filter(subdistrict=code).first()


class CommunityOrganizationResource(RegistryResource):
    council = _tambon_column(
        CouncilWidget(),
        _("The 6-digit DOPA code of the tambon whose council the organization is registered with."),
    )
    subdistrict_name = Column("council__subdistrict__name_th", "ตำบล", readonly=True)
    name = Column(
        "name",
        "ชื่อองค์กร",
        help_text=_(
            "The organization's name; a row with a name the council already has updates "
            "that organization."
        ),
        example="กลุ่มออมทรัพย์เพื่อการผลิต หมู่ 3",
        required=True,
    )
    kind = Column(
        "kind",
        "ประเภท",
        ChoiceWidget(CommunityOrganization.Kind),
        help_text=_("The kind of organization."),
        example=CommunityOrganization.Kind.SAVINGS.label,
        required=True,
        saves_null_values=False,
    )
    village_no = Column(
        "village_no",
        "หมู่ที่",
        WholeNumberWidget(),
        help_text=_("The village number; empty for a tambon-wide group."),
        example="3",
    )
    community_name = Column(
        "community_name",
        "ชื่อชุมชน",
        help_text=_("The village or community the group belongs to."),
        example="บ้านป่าซาง",
    )
    registered_on = date_column(
        "registered_on",
        "วันที่ขึ้นทะเบียนกับสภา",
        _("The date the organization registered with the council, as day/month/Buddhist-era year."),
    )
    member_count = Column(
        "member_count",
        "จำนวนสมาชิก",
        WholeNumberWidget(),
        help_text=_("How many members the organization has."),
        example="35",
        saves_null_values=False,
    )
    leader_name = Column(
        "leader_name",
        "ผู้นำกลุ่ม",
        help_text=_("The name of the organization's leader."),
        example="นางบุญมา แก้วมณี",
    )
    phone = _phone_column(_("The organization's phone number."))

    export_select_related = ("council__subdistrict",)

    class Meta(RegistryResource.Meta):
        model = CommunityOrganization
        name = _("community organizations")
        fields = (
            "council",
            "subdistrict_name",
            "name",
            "kind",
            "village_no",
            "community_name",
            "registered_on",
            "member_count",
            "leader_name",
            "phone",
        )
        import_order = export_order = fields
        import_id_fields = ["council", "name"]

    def get_instance(self, instance_loader, row):
        council = self.councils.get_or_none(row)
        name = self.value_of("name", row)
        if council is None or not name:
            return None
        return self.get_queryset().filter(council=council, name=name).first()


class CouncilMemberResource(RegistryResource):
    council = _tambon_column(
        CouncilWidget(),
        _("The 6-digit DOPA code of the tambon whose council the member sits on."),
    )
    subdistrict_name = Column("council__subdistrict__name_th", "ตำบล", readonly=True)
    title = Column(
        "title", "คำนำหน้านาม", help_text=_("Title, such as Mr, Mrs or Ms."), example="นาง"
    )
    first_name = Column(
        "first_name", "ชื่อ", help_text=_("First name."), example="บุญมา", required=True
    )
    last_name = Column(
        "last_name", "นามสกุล", help_text=_("Last name."), example="แก้วมณี", required=True
    )
    sex = Column(
        "sex",
        "เพศ",
        ChoiceWidget(CouncilMember.Sex),
        help_text=_("Sex; empty means not specified."),
        example=CouncilMember.Sex.FEMALE.label,
        saves_null_values=False,
    )
    seat = Column(
        "seat",
        "ประเภทสมาชิก",
        ChoiceWidget(CouncilMember.Seat),
        help_text=_(
            "A community representative or a qualified person (at most one fifth of the "
            "representatives)."
        ),
        example=CouncilMember.Seat.REPRESENTATIVE.label,
        required=True,
        saves_null_values=False,
    )
    role = Column(
        "role",
        "ตำแหน่ง",
        ChoiceWidget(CouncilMember.Role),
        help_text=_("The member's office on the council; empty means an ordinary member."),
        example=CouncilMember.Role.MEMBER.label,
        saves_null_values=False,
    )
    organization = Column(
        "organization",
        "องค์กรที่เป็นผู้แทน",
        OrganizationWidget(),
        help_text=_(
            "For a representative: the name of the organization represented, as "
            "registered with the council."
        ),
        example="กลุ่มออมทรัพย์เพื่อการผลิต หมู่ 3",
    )
    village_no = Column(
        "village_no",
        "หมู่ที่",
        WholeNumberWidget(),
        help_text=_("For a representative of a village: the village number (up to 4 per village)."),
        example="3",
    )
    community_name = Column(
        "community_name",
        "ชุมชนอื่น",
        help_text=_(
            "For a representative of a community that is not a village: its name (up to 2 "
            "per community)."
        ),
    )
    selected_on = date_column(
        "selected_on",
        "วันที่ได้รับคัดเลือก",
        _("The selection date, as day/month/Buddhist-era year; the term is 4 years from it."),
        required=True,
    )
    term_ends_on = Column("term_ends_on", "วันที่ครบวาระ", BuddhistDateWidget(), readonly=True)
    left_on = date_column(
        "left_on",
        "วันที่พ้นจากสมาชิกภาพ",
        _("Only for a member who has left the council: the date, as day/month/Buddhist-era year."),
    )
    phone = _phone_column(_("The member's phone number."))

    export_select_related = ("council__subdistrict", "organization")

    class Meta(RegistryResource.Meta):
        model = CouncilMember
        name = _("council members")
        fields = (
            "council",
            "subdistrict_name",
            "title",
            "first_name",
            "last_name",
            "sex",
            "seat",
            "role",
            "organization",
            "village_no",
            "community_name",
            "selected_on",
            "term_ends_on",
            "left_on",
            "phone",
        )
        import_order = export_order = fields
        import_id_fields = ["council", "first_name", "last_name", "selected_on"]

    def get_instance(self, instance_loader, row):
        council = self.councils.get_or_none(row)
        key = {
            name: self.value_of(name, row) for name in ("first_name", "last_name", "selected_on")
        }
        if council is None or not all(key.values()):
            return None
        return self.get_queryset().filter(council=council, **key).first()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # The term end is derived, not typed; full_clean checks it, so compute it first.
        if isinstance(instance.selected_on, dt.date):
            instance.term_ends_on = instance.computed_term_end()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        if instance.term_ends_on is None:
            # Left unset only when the selection date is wrong, which has its own error.
            exclude.add("term_ends_on")
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

"""Spreadsheet import and export of the council registry: Thai columns, B.E. dates, scoped rows.

A file may only touch councils in the area the importing CODI staff member administers, every
row is validated like a form (the model's full_clean), and a file with any bad row writes
nothing. Exported cells that a spreadsheet would run as a formula are escaped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING

import openpyxl.xml
import tablib
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.forms import ImportForm
from import_export.results import RowResult
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from councils.access import CODI_ROLES, scope_for
from councils.buddhist_era import be_year, parse_be_date
from councils.models import CommunityOrganization, Council, CouncilMember, Subdistrict

if TYPE_CHECKING:
    from councils.access import AnyUser

TAMBON_COLUMN = "รหัสตำบล"

# What a spreadsheet takes as the start of a formula (with the full-width forms Excel accepts).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# A signed plain number cannot call a function or reach another cell, so "-250" and
# "+66812345678" stay as they are instead of gaining an apostrophe.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# An xlsx file is a zip; one that unpacks to far more than the upload limit is a zip bomb.
MAX_XLSX_EXPANSION = 20


def escape_formula(value):
    """Prefix a cell a spreadsheet would run as a formula with ', the spreadsheet's text mark."""
    triggers = isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)
    if triggers and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """Undo escape_formula, so an exported file imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def administers(user: AnyUser, code: str) -> bool:
    return scope_for(user).holds(code, *CODI_ROLES)


def _invalid(error: ValidationError) -> ValueError:
    # import-export files a ValueError from a widget under the field's column.
    return ValueError(" ".join(error.messages))


# --- Formats ------------------------------------------------------------------------------


class FormulaSafeFormatMixin:
    """Escapes formulae properly, whatever IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT says.

    import-export 4.4.3's own escaping only strips a leading "=" (leaving +, -, @, tab and CR
    live) and turns every cell into a string, writing "None" into empty cells.
    """

    def _escape_formulae(self, dataset):
        for _row in range(dataset.height):
            dataset.append([escape_formula(cell) for cell in dataset.lpop()])

    def export_data(self, dataset, **kwargs):
        self._escape_formulae(dataset)
        return super().export_data(dataset, **kwargs)


class XLSX(FormulaSafeFormatMixin, base_formats.XLSX):
    def create_dataset(self, in_stream):
        # openpyxl parses the workbook's XML with defusedxml when it is installed; refuse
        # to parse an uploaded workbook without it (XML entity attacks).
        if not openpyxl.xml.DEFUSEDXML:
            raise ImproperlyConfigured("defusedxml must be installed to import xlsx files.")
        return super().create_dataset(in_stream)


class CSV(FormulaSafeFormatMixin, base_formats.CSV):
    """UTF-8 CSV with a BOM (so Excel shows Thai), reading Windows Thai (cp874) files too."""

    def is_binary(self):
        # Read the upload as bytes, so create_dataset can choose the encoding.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                # Excel on Thai Windows saves "CSV" in the Windows Thai code page.
                in_stream = in_stream.decode("cp874")
        return tablib.import_set(in_stream, format="csv", **kwargs)

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


FORMATS = (XLSX, CSV)


# --- Widgets ------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value).strip())


def _tambon_code(value) -> str:
    code = _text(value).translate(_THAI_DIGITS)
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


class TextWidget(widgets.CharWidget):
    """A text cell, trimmed, with the apostrophe of our formula escaping taken off again."""

    def clean(self, value, row=None, **kwargs):
        return _text(value)


class PhoneWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(
                gettext(
                    "The phone number was read as a number, which drops its leading 0. "
                    "Format the column as text and type the number again."
                )
            )
        return super().clean(value, row, **kwargs)


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number; "3.5" or "abc" is a clear error, never truncated or a crash."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(gettext("Enter a whole number."))
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            raise ValueError(gettext("Enter a whole number."))
        text = _text(value).translate(_THAI_DIGITS).replace(",", "")
        if not text:
            return None
        if not re.fullmatch(r"[+-]?\d{1,9}", text):
            raise ValueError(gettext("Enter a whole number."))
        return int(text)


class BuddhistDateWidget(widgets.Widget):
    """Dates as day/month/B.E. year (15/3/2568) or B.E. ISO (2568-03-15), both ways.

    A date cell that a spreadsheet stored as a date is read with the year it holds, so a
    Christian-era year gets validate_be_year's clear error rather than being shifted by 543.
    """

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            text = f"{value.day}/{value.month}/{value.year}"
        else:
            text = _text(value)
        if not text:
            return None
        try:
            return parse_be_date(text)
        except ValidationError as error:
            raise _invalid(error) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{value.day}/{value.month}/{be_year(value.year)}"


class ChoiceWidget(widgets.Widget):
    """A choice written as its Thai label (or its code); exported as the label."""

    def __init__(self, choices: type[models.TextChoices]):
        super().__init__()
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        wanted = text.casefold()
        for choice in self.choices:
            if wanted in (choice.value.casefold(), str(choice.label).casefold()):
                return choice.value
        raise ValueError(
            gettext('"%(value)s" is not one of: %(choices)s.')
            % {"value": text, "choices": self.allowed()}
        )

    def allowed(self) -> str:
        return ", ".join(str(label) for label in self.choices.labels)

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return str(self.choices(value).label)


class SubdistrictWidget(widgets.Widget):
    """The tambon of a council row, by its DOPA code, inside the importer's area."""

    user: AnyUser | None = None  # bound by the resource

    def bind(self, resource: RegistryResource) -> None:
        self.user = resource.user

    def clean(self, value, row=None, **kwargs):
        code = _tambon_code(value)
        subdistrict = Subdistrict.objects.filter(code=code).first()
        if subdistrict is None:
            raise ValueError(gettext("No tambon has the code %(code)s.") % {"code": code})
        if not administers(self.user, code):
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


class CouncilWidget(widgets.Widget):
    """The council of an organization or member row, named by its tambon code."""

    councils: CouncilLookup | None = None  # bound by the resource

    def bind(self, resource: RegistryResource) -> None:
        self.councils = resource.councils

    def clean(self, value, row=None, **kwargs):
        return self.councils.get(value)

    def render(self, value, obj=None, **kwargs):
        return value.subdistrict_id if value else ""


class OrganizationWidget(widgets.Widget):
    """The community organization a member represents, by its name within the member's council."""

    councils: CouncilLookup | None = None  # bound by the resource

    def bind(self, resource: RegistryResource) -> None:
        self.councils = resource.councils

    def clean(self, value, row=None, **kwargs):
        name = _text(value)
        council = self.councils.get_or_none(row or {})
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


class Column(fields.Field):
    """A spreadsheet column, with what the template file says about it."""

    def __init__(
        self,
        attribute: str,
        column_name: str,
        widget: widgets.Widget | None = None,
        *,
        help_text: str = "",
        example: str = "",
        required: bool = False,
        as_text: bool = False,
        **kwargs,
    ):
        super().__init__(
            attribute=attribute, column_name=column_name, widget=widget or TextWidget(), **kwargs
        )
        self.help_text = help_text
        self.example = example
        self.required = required
        # Typed into a text-formatted column, so Excel keeps leading zeros and B.E. years.
        self.as_text = as_text


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


def _date_column(attribute: str, column_name: str, help_text: str, **kwargs) -> Column:
    return Column(
        attribute,
        column_name,
        BuddhistDateWidget(),
        help_text=help_text,
        example="15/3/2568",
        as_text=True,
        **kwargs,
    )


def _phone_column(help_text: str) -> Column:
    return Column(
        "phone", "โทรศัพท์", PhoneWidget(), help_text=help_text, example="081-234-5678", as_text=True
    )


class RegistryResource(resources.ModelResource):
    """Rows of the council registry, read and written within the user's administered area."""

    # Related rows each export line reads, fetched with the lines.
    export_select_related: tuple[str, ...] = ()

    def __init__(self, user: AnyUser | None = None, **kwargs):
        super().__init__(**kwargs)
        self.user = user if user is not None else AnonymousUser()
        self.councils = CouncilLookup(self.user)
        self._missing_columns: list[str] = []
        for field in self.fields.values():
            if bind := getattr(field.widget, "bind", None):
                bind(self)

    def columns(self) -> list[Column]:
        """The columns a file may carry, in order (the rest are exported for reading only)."""
        return [field for field in self.get_import_fields() if not field.readonly]

    def get_user_visible_fields(self):
        # The import page lists the columns a file may carry, not the read-only ones.
        return self.columns()

    # Import ---------------------------------------------------------------------------

    def import_data(self, dataset, **kwargs):
        # All or nothing: a file with any invalid row rolls back every row it wrote.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        dataset.headers = [str(h).strip() if h is not None else "" for h in dataset.headers or []]
        required = [c.column_name for c in self.columns() if c.required]
        self._missing_columns = [name for name in required if name not in dataset.headers]
        if self._missing_columns:
            raise ValueError(
                gettext(
                    "The file has no column %(columns)s. Download the template file to see "
                    "the columns an import needs."
                )
                % {"columns": ", ".join(self._missing_columns)}
            )

    def import_row(self, row, instance_loader, **kwargs):
        if self._missing_columns or all(_text(value) == "" for value in row.values()):
            # A file without its key columns is reported once, not on every row; empty
            # spreadsheet rows are passed over without changing the numbering.
            skipped = self.get_row_result_class()()
            skipped.import_type = RowResult.IMPORT_TYPE_SKIP
            return skipped
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error is not None:
            row_result.validation_error = self._by_column(row_result.validation_error)
        return row_result

    def _by_column(self, error: ValidationError) -> ValidationError:
        """Name each error by the file's column header rather than the model's field name."""
        columns = {field.attribute: field.column_name for field in self.fields.values()}
        errors = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {NON_FIELD_ERRORS: error.messages}
        )
        by_column: dict[str, list[str]] = {}
        for key, messages in errors.items():
            if key in columns:
                name = columns[key]
            elif key == NON_FIELD_ERRORS:
                name = key
            else:
                name = self._verbose_name(key)
            by_column.setdefault(name, []).extend(messages)
        return ValidationError(by_column)

    def _verbose_name(self, key: str) -> str:
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name)
        except Exception:
            return key

    def value_of(self, name: str, row):
        """A cleaned cell of the row, or None when it is missing or does not clean."""
        field = self.fields[name]
        if field.column_name not in row:
            return None
        try:
            return field.clean(row)
        except ValueError:
            return None

    def get_queryset(self):
        return self._meta.model.objects.administered_by(self.user)

    # Export ---------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.administered_by(self.user).select_related(*self.export_select_related)

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
        use_transactions = True


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
    registered_on = _date_column(
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
    dissolved_on = _date_column(
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
    registered_on = _date_column(
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
    selected_on = _date_column(
        "selected_on",
        "วันที่ได้รับคัดเลือก",
        _("The selection date, as day/month/Buddhist-era year; the term is 4 years from it."),
        required=True,
    )
    term_ends_on = Column("term_ends_on", "วันที่ครบวาระ", BuddhistDateWidget(), readonly=True)
    left_on = _date_column(
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


# --- The import form and the template file ------------------------------------------------


class RegistryImportForm(ImportForm):
    """The admin's upload form, which refuses an oversized file before anything parses it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _(
                    "The file is %(size)s; the largest file that can be imported is %(limit)s. "
                    "Split it into smaller files."
                ),
                code="too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if zipfile.is_zipfile(upload):
            try:
                with zipfile.ZipFile(upload) as archive:
                    unpacked = sum(member.file_size for member in archive.infolist())
            except zipfile.BadZipFile:
                unpacked = 0  # the spreadsheet reader reports a broken file
            if unpacked > limit * MAX_XLSX_EXPANSION:
                raise ValidationError(
                    _("The spreadsheet unpacks to more than %(limit)s and cannot be imported."),
                    code="too_large",
                    params={"limit": filesizeformat(limit * MAX_XLSX_EXPANSION)},
                )
        upload.seek(0)
        return upload


def import_template(resource_class: type[RegistryResource]) -> bytes:
    """An xlsx file with the import's header row and a sheet that explains each column."""
    columns = resource_class().columns()
    book = Workbook()
    data = book.active
    data.title = str(_("Data"))[:31]
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = data.cell(row=1, column=index, value=column.column_name)
        cell.font = bold
        cell.comment = Comment(_column_note(column), "CODI")
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(14, len(column.column_name) * 2)
        if column.as_text:
            data.column_dimensions[letter].number_format = "@"
    data.freeze_panes = "A2"

    notes = book.create_sheet(str(_("Explanation"))[:31])
    notes.append([str(_("Column")), str(_("Required")), str(_("What to write")), str(_("Example"))])
    for cell in notes[1]:
        cell.font = bold
    for column in columns:
        notes.append(
            [
                column.column_name,
                str(_("yes")) if column.required else "",
                _column_note(column),
                str(column.example),
            ]
        )
    for letter, width in zip("ABCD", (24, 10, 80, 32), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 0

    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _column_note(column: Column) -> str:
    note = str(column.help_text)
    if isinstance(column.widget, ChoiceWidget):
        note += " " + gettext("Allowed values: %(values)s.") % {"values": column.widget.allowed()}
    return note

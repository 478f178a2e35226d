"""Spreadsheet import of a fund's members and contributions, and the masked member export.

An import belongs to one fund (the bookkeeper's own), dates are day/month/B.E. year, a file
with any bad row writes nothing and names every bad row, and the member register exports with
citizen IDs masked like everywhere else. 100,000 members import in seconds, about as fast as
bulk_create of the same rows (bench/welfare_import.py): the fund's members are read once, each
row is read by the columns' widgets without import-export's per-row layers and checked without
a query, and the rows are written in batches by COPY on PostgreSQL (councils.spreadsheets.bulk),
with one ImportRecord for the whole file instead of an audit entry per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import tablib
from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.results import RowResult

from councils.audit import record_import
from councils.buddhist_era import arabic_digits
from councils.spreadsheets.bulk import insert_new
from councils.spreadsheets.errors import RowError, by_row_and_column, cell_error
from councils.spreadsheets.formats import XLSX, UnreadableFile, read_upload
from councils.spreadsheets.outcome import ImportOutcome, ImportRefused
from councils.spreadsheets.resources import Column, SpreadsheetResource, date_column
from councils.spreadsheets.widgets import (
    AmountWidget,
    ChoiceWidget,
    PhoneWidget,
    TextWidget,
    WholeNumberWidget,
    cell_text,
)
from welfare import ledger
from welfare.models import (
    LedgerEntry,
    Member,
    WelfareFund,
    compact_citizen_id,
    mask_citizen_id,
    validate_citizen_id,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.core.files import File
    from django.core.files.uploadedfile import UploadedFile

    from councils.access import AnyUser


class CitizenIdWidget(TextWidget):
    """13 digits with a correct check digit; dashes and spaces are allowed. Exported masked."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float):
            value = f"{value:.0f}"
        text = arabic_digits(super().clean(value, row, **kwargs))
        if not (len(text) == 13 and text.isascii() and text.isdigit()):
            text = compact_citizen_id(text)  # dashes and spaces; most files have none
        if not text:
            raise ValueError(gettext("Enter the 13-digit citizen ID."))
        try:
            validate_citizen_id(text)
        except ValidationError as error:
            raise cell_error(error) from None
        return text

    def render(self, value, obj=None, **kwargs):
        return mask_citizen_id(value) if value else ""


class ConsentWidget(TextWidget):
    """Whether the member consented to the privacy notice: yes gives today's date, empty or no
    leaves the consent pending (the member list flags it for the committee)."""

    YES = {"ยินยอม", "ใช่", "yes", "y", "1", "true", "✓", "/"}
    NO = {"", "ไม่", "ไม่ยินยอม", "no", "n", "0", "false"}

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).strip().lower()
        if text in self.YES:
            return timezone.localdate()
        if text in self.NO:
            return None
        raise ValueError(gettext("Write ยินยอม (consents) or leave the cell empty."))

    def render(self, value, obj=None, **kwargs):
        return "ยินยอม" if value else ""


GROUP_WORDS = {
    "วัยทำงาน": Member.Group.WORKING_AGE,
    "เด็กและเยาวชน": Member.Group.CHILD,
    "เด็ก": Member.Group.CHILD,
    "เยาวชน": Member.Group.CHILD,
    "ผู้สูงอายุ": Member.Group.ELDERLY,
    "ผู้ด้อยโอกาส": Member.Group.DISADVANTAGED,
    "ผู้พิการ": Member.Group.DISADVANTAGED,
}
SEX_WORDS = {"หญิง": Member.Sex.FEMALE, "ชาย": Member.Sex.MALE, "ไม่ระบุ": Member.Sex.UNSPECIFIED}


class FundResource(SpreadsheetResource):
    """Rows that belong to one fund, validated without a database query per row."""

    offers_template = False  # the import page lists the columns instead
    imports = ""  # what the outcome counts: "members", "contributions"

    def __init__(self, fund: WelfareFund, user: AnyUser | None = None, **kwargs):
        self.fund = fund
        super().__init__(user, **kwargs)

    def get_instance(self, instance_loader, row):
        return None  # every row is a new member or a new payment

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if not field.attribute or field.column_name not in row:
            return
        if getattr(field, "required", False):
            self.require(field, row)
        # What import-export's Field.save does for these plain columns (no defaults, no
        # related attributes), without its layers: they cost seconds on 100,000 rows.
        value = field.widget.clean(row[field.column_name], row=row)
        if value is not None or field.saves_null_values:
            setattr(instance, field.attribute, value)

    def import_rows(self, dataset: tablib.Dataset) -> ImportOutcome:
        """Import the rows through import-export, all or none."""
        result = self.import_data(dataset, dry_run=False)
        return ImportOutcome.of(result, **{self.imports: result.totals[RowResult.IMPORT_TYPE_NEW]})

    @staticmethod
    def require(field: Column, row) -> None:
        if cell_text(row.get(field.column_name)) == "":
            raise ValueError(gettext("This cell is empty; it must be filled in."))


# The member fields a file sets that its column widgets do not check already (the ID's check
# digit, dates, choices, whole numbers): only these go through the model's field validation,
# and the model's clean (joined after birth, a village the tambon has) runs on every row.
MODEL_CHECKED = frozenset(
    {"title", "first_name", "last_name", "beneficiaries", "phone", "village_no"}
)
NOT_MODEL_CHECKED = frozenset(f.name for f in Member._meta.fields) - MODEL_CHECKED
BATCH_ROWS = 2000


class MemberResource(FundResource):
    """The member register. Imported by its own bulk path (import_rows), not import-export's
    per-row one: 100,000 members are checked and written in seconds, all or none."""

    imports = "members"
    member_no = Column(
        "member_no", "เลขที่สมาชิก", WholeNumberWidget(),
        help_text=_("The member's number in the fund's book; empty gives the next number."),
        example="101",
    )  # fmt: skip
    title = Column("title", "คำนำหน้า", help_text=_("Title, such as Mr, Mrs or Ms."), example="นาง")
    first_name = Column(
        "first_name", "ชื่อ", help_text=_("First name."), example="บุญมา", required=True
    )
    last_name = Column(
        "last_name", "นามสกุล", help_text=_("Last name."), example="แก้วมณี", required=True
    )
    citizen_id = Column(
        "citizen_id", "เลขประจำตัวประชาชน", CitizenIdWidget(),
        help_text=_("The 13-digit Thai citizen ID."), example="3100600445635", required=True,
        as_text=True,
    )  # fmt: skip
    birth_date = date_column(
        "birth_date", "วันเกิด", _("Birth date, as day/month/Buddhist-era year."), required=True
    )
    sex = Column(
        "sex", "เพศ", ChoiceWidget(Member.Sex, SEX_WORDS),
        help_text=_("Sex; empty means not specified."),
        saves_null_values=False,
    )  # fmt: skip
    village_no = Column(
        "village_no", "หมู่ที่", WholeNumberWidget(), help_text=_("Village number."), example="3"
    )
    group = Column(
        "group", "กลุ่ม", ChoiceWidget(Member.Group, GROUP_WORDS),
        help_text=_("Working age, child and youth, elderly, or disadvantaged."),
        saves_null_values=False,
    )  # fmt: skip
    beneficiaries = Column(
        "beneficiaries", "ผู้รับผลประโยชน์", help_text=_("Who receives the death benefit.")
    )
    phone = Column("phone", "โทรศัพท์", PhoneWidget(), help_text=_("Phone number."), as_text=True)
    joined_on = date_column(
        "joined_on", "วันที่สมัคร", _("The day the member joined the fund."), required=True
    )
    consented_on = Column(
        "consented_on", "ความยินยอม", ConsentWidget(),
        help_text=_(
            "ยินยอม if the member has read the privacy notice and consents; empty: consent is "
            "pending and the member is listed for the committee to ask."
        ),
        example="ยินยอม",
    )  # fmt: skip

    class Meta:
        model = Member
        fields = (
            "member_no", "title", "first_name", "last_name", "citizen_id", "birth_date", "sex",
            "village_no", "group", "beneficiaries", "phone", "joined_on", "consented_on",
        )  # fmt: skip
        import_order = export_order = fields

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Member numbers are given out here, as Member.save does under the same lock: a second
        # import into the fund waits for this one rather than taking the same numbers.
        WelfareFund.objects.select_for_update().filter(pk=self.fund.pk).values_list("pk").get()
        existing = Member.objects.filter(fund=self.fund).order_by()
        self.taken_ids = dict(existing.values_list("citizen_id", "member_no"))
        self.taken_nos = set(self.taken_ids.values())
        self.next_no = max(self.taken_nos, default=0) + 1

    def import_rows(self, dataset: tablib.Dataset) -> ImportOutcome:
        """Every row checked against the fund as read once (one query for its citizen IDs and
        member numbers, one for its tambon's villages) and written in batches while no row is
        bad; one bad row and nothing is kept, every bad row named."""
        try:
            with transaction.atomic():
                return self._import_rows(dataset)
        except ImportRefused as refused:
            return refused.outcome

    def _import_rows(self, dataset: tablib.Dataset) -> ImportOutcome:
        try:
            self.before_import(dataset)
        except ValueError as error:  # a required column is missing
            raise ImportRefused(ImportOutcome.refused(str(error))) from None
        self.fund.council.subdistrict  # noqa: B018  read once here for Member.clean's villages
        errors: list[RowError] = []
        batch: list[Member] = []
        added = 0
        for read in self.read_rows(dataset):
            member, problems = self.member_of(read.values, read.errors)
            if problems:
                errors.extend(self.row_errors(read.row, problems))
            elif not errors:  # after a bad row the rest are only checked
                batch.append(member)
                if len(batch) == BATCH_ROWS:
                    added += self._write(batch)
            if self.progress is not None and read.row % BATCH_ROWS == 0:
                self.progress(read.row - 1)  # rows read, whether written or only checked
        if errors:
            raise ImportRefused(ImportOutcome(errors=sorted(errors, key=by_row_and_column)))
        added += self._write(batch)
        return ImportOutcome(imported={"members": added}, added=added)

    def member_of(self, values: dict, errors: dict) -> tuple[Member, dict]:
        """The row's member, and what is wrong with it by model attribute."""
        member = Member(fund=self.fund, **values)
        errors = dict(errors)
        if "citizen_id" not in errors and member.citizen_id in self.taken_ids:
            errors["citizen_id"] = [
                gettext("%(id)s is already member no. %(no)s of this fund.")
                % {
                    "id": mask_citizen_id(member.citizen_id),
                    "no": self.taken_ids[member.citizen_id],
                }
            ]
        if "member_no" not in errors and member.member_no in self.taken_nos:
            errors["member_no"] = [
                gettext("Member no. %(no)s is already taken.") % {"no": member.member_no}
            ]
        try:
            member.full_clean(
                exclude={*NOT_MODEL_CHECKED, *errors},
                validate_unique=False,  # checked above against what was read once
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            return member, errors
        if member.consented_on:
            member.record_consent(by=self.user, on=member.consented_on)
        if not member.member_no:
            while self.next_no in self.taken_nos:
                self.next_no += 1
            member.member_no = self.next_no
        self.taken_ids[member.citizen_id] = member.member_no
        self.taken_nos.add(member.member_no)
        return member, {}

    @staticmethod
    def _write(batch: list[Member]) -> int:
        written = len(batch)
        insert_new(Member, batch)
        batch.clear()
        return written

    def dehydrate_citizen_id(self, member: Member) -> str:
        return member.masked_citizen_id


class ContributionResource(FundResource):
    imports = "contributions"

    member = Column(
        "member", "เลขที่สมาชิก", WholeNumberWidget(),
        help_text=_("The member's number in the fund."), example="101", required=True,
    )  # fmt: skip
    occurred_on = date_column(
        "occurred_on", "วันที่ชำระ", _("The day of payment, as day/month/B.E. year."), required=True
    )
    amount = Column(
        "amount", "จำนวนเงิน", AmountWidget(above_zero=True),
        help_text=_("The amount paid, in baht."), example="30", required=True,
    )  # fmt: skip
    description = Column("description", "หมายเหตุ", help_text=_("A note, if any."))

    class Meta:
        model = LedgerEntry
        fields = ("member", "occurred_on", "amount", "description")
        import_order = export_order = fields
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        clean_model_instances = False
        force_init_instance = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.members = {
            m.member_no: m
            for m in Member.objects.filter(fund=self.fund).only("pk", "member_no", "status")
        }

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute != "member":
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        self.require(field, row)
        number = field.clean(row)
        member = self.members.get(number)
        if member is None:
            raise ValueError(gettext("This fund has no member no. %(no)s.") % {"no": number})
        if member.status in (Member.Status.LEFT, Member.Status.DECEASED):
            raise ValueError(
                gettext("Member no. %(no)s has left the fund or died.") % {"no": number}
            )
        instance.member = member

    def import_instance(self, instance, row, **kwargs):
        instance.fund = self.fund
        instance.kind = LedgerEntry.Kind.CONTRIBUTION
        instance.source = LedgerEntry.Source.MEMBERS
        instance.recorded_by = self.user if self.user.is_authenticated else None
        super().import_instance(instance, row, **kwargs)

    def import_rows(self, dataset: tablib.Dataset) -> ImportOutcome:
        before = WelfareFund.objects.filter(pk=self.fund.pk).values_list("balance", flat=True).get()
        outcome = super().import_rows(dataset)
        after = WelfareFund.objects.filter(pk=self.fund.pk).values_list("balance", flat=True).get()
        if outcome.ok and after != before:
            outcome.amount = str(after - before)  # what the contributions bring into the fund
        return outcome

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # Through the ledger, so the fund's balance grows by what the rows bring in.
        if self.create_instances and (using_transactions or not dry_run):
            try:
                ledger.post_many(self.fund, self.create_instances)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()


@dataclass(frozen=True)
class ImportKind:
    resource: type[FundResource]
    label: str

    def columns_help(self) -> list[Column]:
        return self.resource(WelfareFund()).columns()


IMPORTS = {
    "members": ImportKind(MemberResource, _("members")),
    "contributions": ImportKind(ContributionResource, _("contributions")),
}


def import_file(
    fund: WelfareFund,
    what: str,
    upload: UploadedFile | File,
    user: AnyUser | None,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import one file into the fund: all of its rows, or none and every bad row named."""
    try:
        dataset = read_upload(upload)
    except UnreadableFile as error:
        return ImportOutcome.refused(str(error))
    # One record of the import, in the import's transaction, rather than an entry per row.
    with transaction.atomic(), disable_auditlog():
        outcome = import_dataset(fund, what, dataset, user, progress)
        if outcome.ok:
            record_import(
                upload, what=f"welfare.{what}", rows=dataset.height, by=user,
                area_code=fund.area_code,
            )  # fmt: skip
    return outcome


def import_dataset(
    fund: WelfareFund,
    what: str,
    dataset: tablib.Dataset,
    user: AnyUser | None,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    resource = IMPORTS[what].resource(fund, user)
    resource.progress = progress
    return resource.import_rows(dataset)


def export_members(fund: WelfareFund) -> bytes:
    """The member register as xlsx, citizen IDs masked, cells safe from formula injection."""
    resource = MemberResource(fund)
    dataset = resource.export(queryset=Member.objects.filter(fund=fund).order_by("member_no"))
    status = [
        str(Member.Status(m).label)
        for m in fund.members.order_by("member_no").values_list("status", flat=True)
    ]
    dataset.append_col(status, header="สถานะ")
    return XLSX().export_data(dataset)

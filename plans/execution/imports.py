"""Import of project updates collected on paper: a district's (or a tambon's) file, all or none.

One row is one update of one project, or one more money line of it: rows with the same project
and the same date make one update, whose status, progress, note and agency are read from its
first row (later rows may leave them empty, or repeat them unchanged). Each row may carry one
money line: a fiscal year, a source, and the amount approved (committed by the agency that took
the project into its plan) and/or the amount actually spent since the previous update. Every
update is written through record_update, so the timeline's rules hold as they do in a form.
The plan import's conventions hold too: Thai column names, B.E. years, errors named by the
spreadsheet's row and column, and nothing written unless every row is valid.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.styles import Font

from councils.audit import record_import
from councils.buddhist_era import arabic_digits
from councils.models import Partner
from councils.spreadsheets import jobs
from councils.spreadsheets.errors import RowError
from councils.spreadsheets.formats import XLSX, UnreadableFile, escape_formula, read_upload
from councils.spreadsheets.outcome import ImportOutcome, ImportRefused
from councils.spreadsheets.resources import Column, SpreadsheetResource, date_column
from councils.spreadsheets.templates import import_template
from councils.spreadsheets.widgets import (
    AmountWidget,
    BuddhistYearWidget,
    ChoiceWidget,
    ResourceWidget,
    WholeNumberWidget,
    cell_text,
)
from plans.execution.models import (
    AgencyPlan,
    Commitment,
    NotRecordable,
    ProjectUpdate,
    Spending,
    record_update,
)
from plans.imports import SOURCE_WORDS
from plans.models import CommunityPlan, ExecutionStatus, FundingSource, PlanProject

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from councils.access import AnyUser

XLSX_TYPE = XLSX.CONTENT_TYPE
JOB_KIND = "plans.updates"

STATUS_WORDS = {
    "ยังไม่เริ่ม": ExecutionStatus.NOT_STARTED,
    "ยังไม่ได้เริ่ม": ExecutionStatus.NOT_STARTED,
    "กำลังดำเนินการ": ExecutionStatus.UNDER_WAY,
    "อยู่ระหว่างดำเนินการ": ExecutionStatus.UNDER_WAY,
    "เสร็จแล้ว": ExecutionStatus.DONE,
    "ดำเนินการแล้วเสร็จ": ExecutionStatus.DONE,
    "แล้วเสร็จ": ExecutionStatus.DONE,
    "ล่าช้า": ExecutionStatus.DELAYED,
    "ยกเลิก": ExecutionStatus.DROPPED,
    "ไม่ได้รับงบประมาณ": ExecutionStatus.NOT_FUNDED,
}
AGENCY_PLAN_WORDS = {
    "แผนพัฒนาท้องถิ่น": AgencyPlan.LOCAL_DEVELOPMENT,
    "แผนพัฒนาท้องถิ่น อบต.": AgencyPlan.LOCAL_DEVELOPMENT,
    "แผนพัฒนาท้องถิ่น เทศบาล": AgencyPlan.LOCAL_DEVELOPMENT,
    "แผนพัฒนา อบจ.": AgencyPlan.PAO,
    "แผนพัฒนาจังหวัด": AgencyPlan.PROVINCE,
    "แผนหน่วยงานส่วนกลาง": AgencyPlan.CENTRAL_AGENCY,
    "แผน พอช.": AgencyPlan.CODI,
    "แผนหน่วยงานอื่น": AgencyPlan.OTHER,
}
# The update's own cells: given on the first row of an update, empty or the same on the others.
UPDATE_FIELDS = ("status", "progress", "note", "adopted_by", "agency_plan", "agency_plan_year")
LINE_FIELDS = ("line_year", "line_source", "line_committed", "line_spent")


class AreaTarget:
    """What an import job is imported into: a district or a tambon, by its DOPA code."""

    def __init__(self, code: str):
        self.pk = int(code)
        self.area_code = code


class TambonWidget(ResourceWidget):
    """The project's tambon, by its 6-digit code, the council's name or the tambon's name:
    checked against the project so a mistyped project number is caught."""

    def clean(self, value, row=None, **kwargs):
        text = arabic_digits(cell_text(value))
        if not text:
            raise ValueError(gettext("Write the tambon code (6 digits) or the council's name."))
        return text


class ProjectWidget(ResourceWidget):
    """A project by the number printed in the sheet of the area's projects."""

    def clean(self, value, row=None, **kwargs):
        text = arabic_digits(cell_text(value))
        if not text:
            raise ValueError(gettext("Write the project's number from the sheet of projects."))
        if not re.fullmatch(r"\d{1,18}", text):
            raise ValueError(
                gettext("“%(value)s” is not a project number; copy it from the sheet of projects.")
                % {"value": text}
            )
        project = self.resource.projects().get(int(text))
        if project is None:
            raise ValueError(
                gettext(
                    "Project %(number)s is not a project of an accepted plan in %(area)s; "
                    "copy its number from the sheet of projects of this template."
                )
                % {"number": text, "area": self.resource.area_name}
            )
        return project


class AgencyWidget(ResourceWidget):
    """The agency that took the project into its plan, by its name in the portal."""

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        if not name:
            return None
        partner = self.resource.partners().get(name)
        if partner is None:
            raise ValueError(
                gettext(
                    "No partner named “%(name)s” works in your area; write its name as the "
                    "portal has it, or leave the cell empty."
                )
                % {"name": name}
            )
        return partner


@dataclass
class PendingUpdate:
    """An update read from the file: its first row, and the money lines of all its rows."""

    row: int
    update: ProjectUpdate
    commitments: list[tuple[int, Commitment]] = field(default_factory=list)
    spending: list[tuple[int, Spending]] = field(default_factory=list)
    lines: dict[tuple[int, str], int] = field(default_factory=dict)  # (year, source) -> row


class ProjectUpdateResource(SpreadsheetResource):
    """Rows of project updates and their money lines, for the projects of one area."""

    tambon = Column(
        "tambon",
        "ตำบล",
        TambonWidget(),
        help_text=_(
            "The tambon's 6-digit code or the council's name, as in the sheet of projects; it "
            "must be the project's own."
        ),
        example="570901",
        required=True,
        as_text=True,
    )
    project = Column(
        "project",
        "เลขที่โครงการ",
        ProjectWidget(),
        help_text=_(
            "The project's number from the sheet “projects” of this template. Rows with the "
            "same project and date make one update."
        ),
        example="1024",
        required=True,
        as_text=True,
    )
    happened_on = date_column(
        "happened_on",
        "วันที่",
        _("The day it happened, as day/month/B.E. year, inside the plan period and not later "
          "than today."),
        required=True,
    )  # fmt: skip
    status = Column(
        "status",
        "สถานะ",
        ChoiceWidget(ExecutionStatus, STATUS_WORDS),
        help_text=_("Where the project stands on that day."),
        example="กำลังดำเนินการ",
        required=True,
    )
    progress = Column(
        "progress",
        "ความคืบหน้า (ร้อยละ)",
        WholeNumberWidget(),
        help_text=_("How far the work is, a whole number from 0 to 100."),
        example="40",
        required=True,
    )
    note = Column(
        "note",
        "สิ่งที่เกิดขึ้น",
        help_text=_("What happened, in a few words."),
        example="อบต.บรรจุโครงการในแผนพัฒนาท้องถิ่น ปี 2569",
    )
    adopted_by = Column(
        "adopted_by",
        "หน่วยงานที่รับเข้าแผน",
        AgencyWidget(),
        help_text=_(
            "The agency that took the project into its own plan, by its name in the portal; "
            "empty when none did (yet). Needed for an approved amount."
        ),
        example="องค์การบริหารส่วนตำบลแม่สาย",
    )
    agency_plan = Column(
        "agency_plan",
        "แผนของหน่วยงาน",
        ChoiceWidget(AgencyPlan, AGENCY_PLAN_WORDS),
        help_text=_("Into which of the agency's plans; needed with the agency."),
        example="แผนพัฒนาท้องถิ่น",
        saves_null_values=False,
    )
    agency_plan_year = Column(
        "agency_plan_year",
        "ปีของแผนหน่วยงาน (พ.ศ.)",
        BuddhistYearWidget(),
        help_text=_(
            "The fiscal year (B.E.) the agency put the project in, inside the plan period."
        ),
        example="2569",
        as_text=True,
    )
    line_year = Column(
        "line_year",
        "ปีงบประมาณ (พ.ศ.)",
        BuddhistYearWidget(),
        help_text=_(
            "The fiscal year (B.E.) of this row's money, inside the plan period. One update may "
            "take several rows, one per year and source."
        ),
        example="2569",
        as_text=True,
    )
    line_source = Column(
        "line_source",
        "แหล่งเงิน",
        ChoiceWidget(FundingSource, SOURCE_WORDS),
        help_text=_("Where this row's money comes from: at most one row per year and source."),
        example="อปท.",
    )
    line_committed = Column(
        "line_committed",
        "งบที่ได้รับอนุมัติ (บาท)",
        AmountWidget(),
        help_text=_("The amount the agency approved for this year and source, in baht."),
        example="80000",
    )
    line_spent = Column(
        "line_spent",
        "ใช้จ่ายจริง (บาท)",
        AmountWidget(),
        help_text=_("The amount actually spent since the previous update, in baht."),
        example="25000",
    )

    class Meta(SpreadsheetResource.Meta):
        model = ProjectUpdate
        name = _("project updates")
        fields = (
            "tambon",
            "project",
            "happened_on",
            *UPDATE_FIELDS,
            *LINE_FIELDS,
        )
        import_order = export_order = fields
        import_id_fields = ["project"]
        skip_unchanged = False
        skip_diff = True

    def __init__(self, user: AnyUser | None = None, area_code: str = "", **kwargs):
        self.area_code = area_code
        self.area_name = area_code
        self._projects: dict[int, PlanProject] | None = None
        self._partners: dict[str, Partner] | None = None
        self._row_number = 0
        self._row_key: tuple[str, str] = ("", "")
        self._failed: set[tuple[str, str]] = set()
        self.pending: dict[tuple[int, dt.date], PendingUpdate] = {}
        super().__init__(user=user, **kwargs)

    # Lookups, one query each for the whole file --------------------------------------------

    def projects(self) -> dict[int, PlanProject]:
        """The projects of the area's plans that have been accepted, which the user may update."""
        if self._projects is None:
            accepted = CommunityPlan.State.ACCEPTED
            plans = CommunityPlan.objects.in_area(self.area_code).filter(_accepted_once(accepted))
            projects = (
                PlanProject.objects.updatable_by(self.user)
                .in_area(self.area_code)
                .filter(issue__plan__in=plans)
                .select_related("issue__plan__council__subdistrict")
            )
            self._projects = {project.pk: project for project in projects}
        return self._projects

    def partners(self) -> dict[str, Partner]:
        if self._partners is None:
            self._partners = {}
            for partner in Partner.objects.visible_to(self.user).order_by("area_code", "pk"):
                self._partners.setdefault(partner.name, partner)
        return self._partners

    # Rows -----------------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", 0) + 1  # the spreadsheet's row

        self._row_key = self._key_of(row)

    def _key_of(self, row) -> tuple[str, str]:
        cells = (self.fields["project"].column_name, self.fields["happened_on"].column_name)
        return tuple(arabic_digits(cell_text(row.get(name))) for name in cells)

    def get_instance(self, instance_loader, row):
        return None  # every row adds to a timeline

    def init_instance(self, row=None):
        instance = ProjectUpdate()
        for name in ("tambon", *LINE_FIELDS):
            setattr(instance, name, None)
        return instance

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in LINE_FIELDS or field.attribute == "tambon":
            if field.column_name in row:
                setattr(instance, field.attribute, field.clean(row))
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.validation_error is not None or result.errors:
            self._failed.add(self._key_of(row))
        return result

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        project = instance.project if instance.project_id else None
        if project is not None and "tambon" not in errors:
            self._check_tambon(errors, instance.tambon, project)
        pending = None
        if project is not None and instance.happened_on:
            pending = self.pending.get((project.pk, instance.happened_on))
        if pending is not None:
            self._continues(errors, instance, pending)
        elif self._row_key not in self._failed:
            self._starts(errors, instance)
        # else an earlier row of this update failed: only this row's own cells are reported.
        if project is not None:
            self._check_line(errors, instance, project, pending)
        if errors:
            raise ValidationError(errors)

    def _check_tambon(self, errors: dict, text: str, project: PlanProject) -> None:
        council = project.issue.plan.council
        names = {council.subdistrict_id, council.name, council.subdistrict.name_th}
        names |= {f"ตำบล{council.subdistrict.name_th}", f"ต.{council.subdistrict.name_th}"}
        if text not in names:
            errors["tambon"] = ValidationError(
                gettext(
                    "Project %(number)s is of %(council)s (%(code)s), not “%(text)s”: check the "
                    "project's number."
                )
                % {
                    "number": project.pk,
                    "council": council.name,
                    "code": council.subdistrict_id,
                    "text": text,
                }
            )

    def _starts(self, errors: dict, instance: ProjectUpdate) -> None:
        """The first row of an update: its own cells are the update's."""
        if not instance.status and "status" not in errors:
            errors["status"] = ValidationError(
                gettext("Write the project's status on that day: %(values)s.")
                % {"values": self.fields["status"].widget.allowed()}
            )
        if instance.progress is None and "progress" not in errors:
            errors["progress"] = ValidationError(
                gettext("Write the progress as a whole number from 0 to 100.")
            )
        exclude = {"by", "project", "adopted_by", "proposed_to", "proposal_resolution"}
        exclude |= set(errors)
        if instance.progress is None:
            exclude.add("progress")
        try:
            instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in errors:
                    errors[name] = ValidationError(messages)

    def _continues(self, errors: dict, instance: ProjectUpdate, pending: PendingUpdate) -> None:
        """A later row of an update: its own cells are empty or the same as the first row's."""
        first = pending.update
        for name in UPDATE_FIELDS:
            given = getattr(instance, name, None)
            if name == "adopted_by":
                given = instance.adopted_by if instance.adopted_by_id else None
            if given in (None, "") or name in errors:
                continue
            if given != getattr(first, name):
                errors[name] = ValidationError(
                    gettext(
                        "Row %(row)s already gives this update (same project and date) another "
                        "value; leave the cell empty or write the same."
                    )
                    % {"row": pending.row}
                )

    def _check_line(
        self, errors: dict, row: ProjectUpdate, project: PlanProject, pending: PendingUpdate | None
    ) -> None:
        year, source = row.line_year, row.line_source
        committed, spent = row.line_committed, row.line_spent
        given = [value not in (None, "") for value in (year, source)]
        amounts = [value is not None for value in (committed, spent)]
        if set(LINE_FIELDS) & set(errors):
            return
        if not any(given) and not any(amounts):
            return
        if not all(given) or not any(amounts):
            missing = [
                str(self.fields[name].column_name)
                for name, ok in zip(LINE_FIELDS[:2], given, strict=True)
                if not ok
            ]
            if not any(amounts):
                missing.append(
                    gettext("%(a)s or %(b)s")
                    % {
                        "a": self.fields["line_committed"].column_name,
                        "b": self.fields["line_spent"].column_name,
                    }
                )
            errors["line_year"] = ValidationError(
                gettext(
                    "A money line needs the fiscal year, the source and an amount; %(missing)s "
                    "is empty."
                )
                % {"missing": ", ".join(missing)}
            )
            return
        plan = project.issue.plan
        if year not in plan.years:
            errors["line_year"] = ValidationError(
                gettext("Fiscal year %(year)s is outside the plan period %(a)s-%(b)s.")
                % {"year": year, "a": plan.first_year, "b": plan.last_year}
            )
            return
        lines = pending.lines if pending is not None else {}
        if (year, source) in lines:
            errors["line_source"] = ValidationError(
                gettext(
                    "Row %(row)s already gives this update's money for %(year)s from %(source)s; "
                    "add the amounts up in one row."
                )
                % {
                    "row": lines[(year, source)],
                    "year": year,
                    "source": FundingSource(source).label,
                }
            )
            return
        agency = pending.update.adopted_by_id if pending is not None else row.adopted_by_id
        if committed is not None and not agency:
            errors["line_committed"] = ValidationError(
                gettext(
                    "An approved amount is committed by an agency: write it in the column "
                    "%(column)s on the update's first row."
                )
                % {"column": self.fields["adopted_by"].column_name}
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        """Nothing is written per row: the rows of an update are gathered, and each update is
        recorded through record_update once the whole file has been read."""
        key = (instance.project_id, instance.happened_on)
        pending = self.pending.get(key)
        if pending is None:
            update = ProjectUpdate(
                project=instance.project,
                happened_on=instance.happened_on,
                status=instance.status,
                progress=instance.progress,
                note=instance.note or "",
                adopted_by=instance.adopted_by if instance.adopted_by_id else None,
                agency_plan=instance.agency_plan or "",
                agency_plan_year=instance.agency_plan_year,
                by=self.user,
            )
            pending = self.pending[key] = PendingUpdate(row=self._row_number, update=update)
        year, source = instance.line_year, instance.line_source
        if year and source:
            pending.lines[(year, source)] = self._row_number
            if instance.line_committed is not None:
                line = Commitment(fiscal_year=year, source=source, amount=instance.line_committed)
                pending.commitments.append((self._row_number, line))
            if instance.line_spent is not None:
                line = Spending(fiscal_year=year, source=source, amount=instance.line_spent)
                pending.spending.append((self._row_number, line))

    def save_m2m(self, instance, row, **kwargs):
        pass

    def record(self) -> list[RowError]:
        """Record every gathered update; the errors the model layer still finds, by row."""
        errors: list[RowError] = []
        for pending in sorted(self.pending.values(), key=lambda p: p.row):
            try:
                record_update(
                    pending.update.project,
                    pending.update,
                    commitments=[line for _row, line in pending.commitments],
                    spending=[line for _row, line in pending.spending],
                )
            except NotRecordable as refused:
                errors.append(RowError(pending.row, self.fields["project"].column_name,
                                       str(refused)))  # fmt: skip
            except ValidationError as error:
                errors.extend(self._row_errors(pending, error))
        return errors

    def _row_errors(self, pending: PendingUpdate, error: ValidationError) -> list[RowError]:
        columns = {f.attribute: str(f.column_name) for f in self.fields.values()}
        line_columns = {
            "fiscal_year": columns["line_year"],
            "source": columns["line_source"],
            "amount": None,
        }
        found = []
        for key, messages in error.message_dict.items():
            row, column = pending.row, columns.get(key, "")
            parts = key.split("-")
            if len(parts) == 3 and parts[0] in ("commitments", "spending"):
                lines = pending.commitments if parts[0] == "commitments" else pending.spending
                row = lines[int(parts[1])][0]
                amount = columns["line_committed" if parts[0] == "commitments" else "line_spent"]
                column = line_columns.get(parts[2]) or amount
            elif key == NON_FIELD_ERRORS:
                column = ""
            found.extend(RowError(row, column, message) for message in messages)
        return found


def _accepted_once(accepted: str) -> Q:
    """Plans that are accepted now or were once (reopened since): their projects have a life
    after the plan (record_update's rule)."""
    return Q(state=accepted) | Q(history__to_state=accepted)


# --- Running an import --------------------------------------------------------------------


def import_updates(area_code: str, upload: UploadedFile, user: AnyUser) -> ImportOutcome:
    """Read the file and record its updates on the area's projects; all rows or none."""
    try:
        dataset = read_upload(upload)
    except UnreadableFile as error:
        return ImportOutcome.refused(str(error))
    if not dataset.height:
        return ImportOutcome.refused(gettext("The file has no rows under its header."))
    resource = ProjectUpdateResource(user=user, area_code=area_code)
    resource.area_name = area_name(area_code)
    try:
        with transaction.atomic():
            result = resource.import_data(dataset, dry_run=False, raise_errors=False)
            outcome = ImportOutcome.of(result)
            if not outcome.ok:
                raise ImportRefused(outcome)
            errors = resource.record()
            if errors:
                raise ImportRefused(
                    ImportOutcome(errors=sorted(errors, key=lambda e: (e.row or 0,)))
                )
            pending = resource.pending.values()
            outcome.imported = {
                "updates": len(pending),
                "projects": len({p.update.project_id for p in pending}),
                "commitments": sum(len(p.commitments) for p in pending),
                "spending": sum(len(p.spending) for p in pending),
            }
            outcome.added = len(pending)
            outcome.changed = 0
            outcome.amount = str(sum_spent(pending))
            record_import(
                upload, what="plans.ProjectUpdate", rows=dataset.height, by=user,
                area_code=area_code,
            )  # fmt: skip
    except ImportRefused as refused:
        return refused.outcome
    return outcome


def sum_spent(pending) -> Decimal:
    return sum((line.amount for p in pending for _row, line in p.spending), Decimal(0))


def area_name(code: str) -> str:
    from councils.models import District, Subdistrict

    model = District if len(code) == 4 else Subdistrict
    area = model.objects.filter(code=code).first()
    return area.name_th if area else code


# --- The preview and the confirmed import (councils/spreadsheets/jobs.py) ----------------------


def check_upload(area_code: str, upload: UploadedFile, user: AnyUser) -> jobs.ImportJob:
    """Keep the file and run its import without keeping anything: what it would write, or its
    bad rows. A district's paper updates are a few hundred rows, so the check runs right away."""
    job = jobs.hold(JOB_KIND, AreaTarget(area_code), upload, user)
    jobs.check(job.pk, import_kept_file)
    job.refresh_from_db()
    return job


def import_kept_file(job: jobs.ImportJob, upload, progress) -> ImportOutcome:
    """The kept file's import into its area (for the check and, once confirmed, for real)."""
    return import_updates(job.area_code, upload, job.requested_by)


def columns() -> list[Column]:
    return ProjectUpdateResource().columns()


def projects_sheet_rows(user: AnyUser, area_code: str) -> list[list]:
    resource = ProjectUpdateResource(user=user, area_code=area_code)
    projects = sorted(
        resource.projects().values(),
        key=lambda p: (p.issue.plan.council.subdistrict_id, p.issue.plan.first_year, p.pk),
    )
    rows = []
    for project in projects:
        plan = project.issue.plan
        council = plan.council
        rows.append(
            [
                project.pk,
                council.subdistrict_id,
                council.name,
                f"{plan.first_year}-{plan.last_year}",
                project.title,
                project.get_execution_status_display(),
                project.progress,
            ]
        )
    return rows


def template_for(user: AnyUser, area_code: str) -> bytes:
    """The import's template, with a sheet of the area's projects (their numbers, tambons and
    titles) to copy the numbers from, and the rule that groups rows into updates."""
    book = load_workbook(io.BytesIO(import_template(ProjectUpdateResource)))
    notes = book.worksheets[1]
    notes.append([])
    for rule in GROUPING_NOTES:
        notes.append([str(rule)])
    sheet = book.create_sheet(str(_("Projects"))[:31])
    sheet.append(
        [
            str(_("Project number")),
            str(_("Tambon code")),
            str(_("Council")),
            str(_("Plan period")),
            str(_("Project")),
            str(_("Status now")),
            str(_("Progress now (%)")),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in projects_sheet_rows(user, area_code):
        sheet.append([escape_formula(value) for value in row])
    for letter, width in zip("ABCDEFG", (14, 12, 32, 14, 60, 18, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


GROUPING_NOTES = (
    _("How rows make updates:"),
    _(
        "One row is one update of one project on one date. Rows with the same project number "
        "and the same date make ONE update."
    ),
    _(
        "The status, progress, what happened and the agency are read from the update's first "
        "row; later rows of the same update leave them empty or repeat them unchanged."
    ),
    _(
        "Each row may carry one money line: a fiscal year, a source, and the approved and/or "
        "spent amount. Money from several years or sources takes several rows, at most one row "
        "per year and source in one update."
    ),
    _(
        "The file is imported only when every row is valid: one bad row and nothing is written. "
        "An update is never changed afterwards; a correction is a new update."
    ),
)

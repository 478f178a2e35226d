"""Import of a plan's projects from the spreadsheet template: one plan, all rows or none.

One row is one budget line of a project (a fiscal year, a source, an amount); a project with
budget in several years or from several sources takes several rows that repeat its issue and
title, and its details are read from the first row that gives them. An issue the plan does not
have yet is added under the row's theme. The registry import's conventions hold: Thai column
names, B.E. years, errors named by spreadsheet row and column, and nothing written unless every
row is valid.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from councils.audit import record_import
from councils.models import Partner
from councils.spreadsheets import jobs
from councils.spreadsheets.formats import XLSX, UnreadableFile, escape_formula, read_upload
from councils.spreadsheets.outcome import ImportOutcome, ImportRefused
from councils.spreadsheets.resources import Column, SpreadsheetResource
from councils.spreadsheets.templates import import_template
from councils.spreadsheets.widgets import (
    AmountWidget,
    BuddhistYearWidget,
    ChoiceWidget,
    ResourceWidget,
    cell_text,
)
from plans.execution.models import Indicator
from plans.models import (
    CommunityPlan,
    FundingSource,
    PlanIssue,
    PlanProject,
    PlanStateError,
    ProjectBudget,
    StaleEdit,
    Theme,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from councils.access import AnyUser

XLSX_TYPE = XLSX.CONTENT_TYPE

# The words coordinators write in their plans, besides the labels of the choices.
APPROACH_WORDS = {
    "ทำเอง": PlanProject.Approach.SELF,
    "ชุมชนทำเอง": PlanProject.Approach.SELF,
    "ทำร่วม": PlanProject.Approach.JOINT,
    "ร่วมทำ": PlanProject.Approach.JOINT,
    "ขอรับการสนับสนุน": PlanProject.Approach.REQUEST,
    "ขอสนับสนุน": PlanProject.Approach.REQUEST,
}
SOURCE_WORDS = {
    "ชุมชน": FundingSource.COMMUNITY,
    "อปท.": FundingSource.LOCAL_GOVERNMENT,
    "อปท": FundingSource.LOCAL_GOVERNMENT,
    "ท้องถิ่น": FundingSource.LOCAL_GOVERNMENT,
    "อบต.": FundingSource.LOCAL_GOVERNMENT,
    "เทศบาล": FundingSource.LOCAL_GOVERNMENT,
    "อบจ.": FundingSource.PAO,
    "อบจ": FundingSource.PAO,
    "พอช.": FundingSource.CODI,
    "พอช": FundingSource.CODI,
    "จังหวัด": FundingSource.PROVINCE,
    "ส่วนกลาง": FundingSource.CENTRAL_AGENCY,
    "หน่วยงานส่วนกลาง": FundingSource.CENTRAL_AGENCY,
    "อื่นๆ": FundingSource.OTHER,
    "อื่น ๆ": FundingSource.OTHER,
}


class ThemeWidget(widgets.Widget):
    """A theme by its Thai name (with or without ด้าน), English name or code."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        wanted = text.casefold().removeprefix("ด้าน").strip()
        themes = list(Theme.objects.all())
        for theme in themes:
            names = (theme.code, theme.name_th, theme.name_th.removeprefix("ด้าน"), theme.name_en)
            if wanted in {name.casefold().strip() for name in names}:
                return theme
        # The first words are enough when they name one theme: "สังคม", "ทรัพยากรธรรมชาติ".
        starting = [t for t in themes if t.name_th.removeprefix("ด้าน").startswith(wanted)]
        if len(starting) == 1:
            return starting[0]
        raise ValueError(
            gettext("“%(value)s” is not a theme; write one of: %(themes)s.")
            % {"value": text, "themes": ", ".join(t.name_th for t in Theme.objects.all())}
        )


class IssueWidget(ResourceWidget):
    """The plan issue a project answers, by its title; a new title adds the issue."""

    def clean(self, value, row=None, **kwargs):
        title = cell_text(value)
        if not title:
            raise ValueError(gettext("Write the issue this project answers."))
        return self.resource.issue_for(title, row or {})


class PartnerWidget(ResourceWidget):
    """The lead partner by its name, among the partners the importing person may see."""

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        if not name:
            return None
        partner = Partner.objects.visible_to(self.resource.user).filter(name=name).first()
        if partner is None:
            raise ValueError(
                gettext(
                    "No partner named “%(name)s” works in your area; write its name as the "
                    "portal has it, or leave the cell empty."
                )
                % {"name": name}
            )
        return partner


class FiscalYearWidget(BuddhistYearWidget):
    """A B.E. fiscal year inside the plan's period; a C.E. year is refused, never shifted."""

    def clean(self, value, row=None, **kwargs):
        year = super().clean(value, row, **kwargs)
        if year is None:
            return None
        plan = self.resource.plan
        if year not in plan.years:
            raise ValueError(
                gettext("Fiscal year %(year)s is outside the plan period %(a)s-%(b)s.")
                % {"year": year, "a": plan.first_year, "b": plan.last_year}
            )
        return year


# Not fields of a project: the row's theme and its budget line, kept on the instance for a while.
ROW_ONLY = ("issue_theme", "budget_year", "budget_source", "budget_amount")
# Nor is the row's indicator: a name that the project gets as an Indicator row.
INDICATOR = "indicator_name"
INDICATOR_NAME_CHARS = Indicator._meta.get_field("name").max_length


class PlanProjectResource(SpreadsheetResource):
    """Rows of one plan's projects and budget lines."""

    issue_theme = Column(
        "issue_theme",
        "ด้าน",
        ThemeWidget(),
        help_text=_("The theme of the issue; needed when the issue is new to the plan."),
        example="ด้านเศรษฐกิจ",
    )
    issue = Column(
        "issue",
        "ประเด็นปัญหา",
        IssueWidget(),
        help_text=_(
            "The issue found at the community forum that the project answers; an issue the plan "
            "does not have yet is added."
        ),
        example="รายได้จากผลผลิตการเกษตรไม่พอรายจ่าย",
        required=True,
    )
    title = Column(
        "title",
        "โครงการ",
        help_text=_(
            "The project's name. Rows with the same issue and project add budget lines to one "
            "project."
        ),
        example="โครงการส่งเสริมเกษตรอินทรีย์และตลาดชุมชน",
        required=True,
    )
    objective = Column(
        "objective", "วัตถุประสงค์", help_text=_("What the project sets out to do."),
        example="ลดต้นทุนการผลิตและเพิ่มรายได้ครัวเรือน",
    )  # fmt: skip
    target = Column(
        "target", "กลุ่มเป้าหมาย", help_text=_("Who it is for, and how many."),
        example="เกษตรกร 60 ครัวเรือน",
    )  # fmt: skip
    indicator_name = Column(
        "indicator_name",
        "ตัวชี้วัด",
        help_text=_(
            "One indicator of the project: how success is measured. Rows of the same project "
            "with another indicator add it; its unit, baseline and targets per year are entered "
            "on the project's form."
        ),
        example="ครัวเรือนมีรายได้เพิ่มขึ้นร้อยละ 20",
    )
    approach = Column(
        "approach",
        "วิธีดำเนินการ",
        ChoiceWidget(PlanProject.Approach, APPROACH_WORDS),
        help_text=_("How it is done; needed for a new project."),
        example="ทำร่วม",
        saves_null_values=False,
    )
    lead_partner = Column(
        "lead_partner",
        "หน่วยงานหลัก",
        PartnerWidget(),
        help_text=_("The lead partner's name as the portal has it; may be empty."),
    )
    expected_result = Column(
        "expected_result", "ผลที่คาดว่าจะได้รับ",
        help_text=_("What the community will have when the project is done; may be empty."),
        example="ครัวเรือนมีรายได้เสริมจากผลผลิตแปรรูป",
    )  # fmt: skip
    budget_year = Column(
        "budget_year",
        "ปีงบประมาณ (พ.ศ.)",
        FiscalYearWidget(),
        help_text=_("The Buddhist-era fiscal year of this budget line, inside the plan period."),
        example="2569",
        as_text=True,
    )
    budget_source = Column(
        "budget_source",
        "แหล่งงบประมาณ",
        ChoiceWidget(FundingSource, SOURCE_WORDS),
        help_text=_("Where the money of this line comes from."),
        example="พอช.",
    )
    budget_amount = Column(
        "budget_amount",
        "งบประมาณ (บาท)",
        AmountWidget(),
        help_text=_("The amount of this line in baht."),
        example="50000",
    )

    class Meta(SpreadsheetResource.Meta):
        model = PlanProject
        name = _("plan projects")
        fields = (
            "issue_theme",
            "issue",
            "title",
            "objective",
            "target",
            "indicator_name",
            "approach",
            "lead_partner",
            "expected_result",
            "budget_year",
            "budget_source",
            "budget_amount",
        )
        import_order = export_order = fields
        import_id_fields = ["issue", "title"]
        skip_unchanged = False  # a repeated project row still carries a budget line

    def __init__(self, user: AnyUser | None = None, plan: CommunityPlan | None = None, **kwargs):
        self.plan = plan
        self._issues: dict[str, PlanIssue] | None = None
        self._lines: dict[tuple[str, str, int, str], int] = {}
        self._row_number = 0
        self._failed_projects: set[tuple[str, str]] = set()
        self.projects: set[int] = set()
        self.budget_lines = 0
        self.indicators = 0
        super().__init__(user=user, **kwargs)

    def get_queryset(self):
        return PlanProject.objects.filter(issue__plan=self.plan)

    # Issues ---------------------------------------------------------------------------

    def issue_for(self, title: str, row) -> PlanIssue:
        if self._issues is None:
            issues = self.plan.issues.select_related("theme")
            self._issues = {issue.title: issue for issue in issues}
        theme = self.value_of("issue_theme", row)
        issue = self._issues.get(title)
        if issue is None:
            if theme is None:
                raise ValueError(
                    gettext(
                        "The plan has no issue “%(title)s”; write its theme in the column "
                        "ด้าน to add it."
                    )
                    % {"title": title}
                )
            try:
                PlanIssue.check_room(self.plan.pk)
            except ValidationError as full:
                raise ValueError(full.messages[0]) from None
            issue = PlanIssue.objects.create(plan=self.plan, theme=theme, title=title)
            self._issues[title] = issue
        elif theme is not None and theme.pk != issue.theme_id:
            raise ValueError(
                gettext("The issue “%(title)s” is under %(theme)s in the plan, not %(other)s.")
                % {"title": title, "theme": issue.theme.name_th, "other": theme.name_th}
            )
        return issue

    # Rows -----------------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", 0)

    def get_instance(self, instance_loader, row):
        issue_title = cell_text(row.get(self.fields["issue"].column_name))
        title = cell_text(row.get(self.fields["title"].column_name))
        if not issue_title or not title:
            return None
        return self.get_queryset().filter(issue__title=issue_title, title=title).first()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A later row of a saved project may leave its details empty: they stay as they are.
        empty = cell_text(row.get(field.column_name)) == ""
        if instance.pk and empty and field.attribute not in (*ROW_ONLY, INDICATOR):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.validation_error is not None or result.errors:
            issue = cell_text(row.get(self.fields["issue"].column_name))
            self._failed_projects.add((issue, cell_text(row.get(self.fields["title"].column_name))))
        return result

    @staticmethod
    def _project_key(instance) -> tuple[str, str]:
        return (instance.issue.title if instance.issue_id else "", instance.title)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        line = [getattr(instance, name, None) for name in ROW_ONLY[1:]]
        given = [value not in (None, "") for value in line]
        columns = {name: self.fields[name].column_name for name in ROW_ONLY}
        if any(given) and not all(given) and not set(ROW_ONLY[1:]) & set(errors):
            pairs = zip(ROW_ONLY[1:], given, strict=True)
            missing = [columns[name] for name, ok in pairs if not ok]
            errors[ROW_ONLY[1]] = ValidationError(
                gettext(
                    "A budget line needs the year, the source and the amount; %(missing)s is empty."
                )
                % {"missing": ", ".join(missing)}
            )
        elif all(given) and instance.issue_id:
            key = (instance.issue.title, instance.title, line[0], line[1])
            if key in self._lines:
                errors[ROW_ONLY[1]] = ValidationError(
                    gettext(
                        "Row %(row)s already gives this project's budget for %(year)s from "
                        "%(source)s; add the amounts up in one row."
                    )
                    % {
                        "row": self._lines[key] + 1,
                        "year": line[0],
                        "source": FundingSource(line[1]).label,
                    }
                )
            else:
                self._lines[key] = self._row_number
        name = getattr(instance, INDICATOR, None) or ""
        if len(name) > INDICATOR_NAME_CHARS:
            errors[INDICATOR] = ValidationError(
                gettext(
                    "An indicator may be at most %(limit)s characters long (this one has %(n)s)."
                )
                % {"limit": INDICATOR_NAME_CHARS, "n": len(name)}
            )
        exclude = set(errors) | set(ROW_ONLY) | {INDICATOR}
        if not instance.pk and self._project_key(instance) in self._failed_projects:
            # An earlier row of this project failed, so it was not saved and this row looks
            # like a new project with empty details; only this row's own cells are reported.
            exclude |= {f.name for f in PlanProject._meta.fields}
        if not instance.issue_id:
            exclude.add("issue")  # the issue column says what is wrong with it
        try:
            instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        self.projects.add(instance.pk)
        name = (getattr(instance, INDICATOR, None) or "").strip()
        if name and not instance.indicators.filter(name=name).exists():
            last = instance.indicators.aggregate(n=Max("order"))["n"] or 0
            Indicator(project=instance, name=name, order=last + 1).save()
            self.indicators += 1
        year, source, amount = (getattr(instance, name, None) for name in ROW_ONLY[1:])
        if year and source and amount is not None:
            ProjectBudget.objects.update_or_create(
                project=instance, fiscal_year=year, source=source, defaults={"amount": amount}
            )
            self.budget_lines += 1


# --- Running an import --------------------------------------------------------------------


def import_projects(plan: CommunityPlan, upload: UploadedFile, user: AnyUser) -> ImportOutcome:
    """Read the file and add or update the plan's projects; all rows or none."""
    try:
        dataset = read_upload(upload)
    except UnreadableFile as error:
        return ImportOutcome.refused(str(error))
    if not dataset.height:
        return ImportOutcome.refused(gettext("The file has no rows under its header."))
    try:
        # An import adds to the plan rather than overwriting a form someone is typing into, so
        # it runs against the version read with the request; the lock orders it with the rest.
        with plan.editing(expected_version=plan.version), disable_auditlog():
            existing = set(
                PlanProject.objects.filter(issue__plan=plan).values_list("pk", flat=True)
            )
            issues_before = plan.issues.count()
            resource = PlanProjectResource(user=user, plan=plan)
            result = resource.import_data(dataset, dry_run=False, raise_errors=False)
            outcome = ImportOutcome.of(
                result,
                projects=len(resource.projects),
                budget_lines=resource.budget_lines,
                indicators=resource.indicators,
                issues=plan.issues.count() - issues_before,
            )
            if not outcome.ok:
                raise ImportRefused(outcome)
            # A row is a budget line: the preview counts projects added and changed instead.
            outcome.added = len(resource.projects - existing)
            outcome.changed = len(resource.projects & existing)
            record_import(
                upload, what="plans.PlanProject", rows=dataset.height, by=user,
                area_code=plan.area_code,
            )  # fmt: skip
    except ImportRefused as refused:
        return refused.outcome
    except StaleEdit:
        return ImportOutcome.refused(
            gettext("Someone saved the plan at the same moment; upload the file again.")
        )
    return outcome


# --- The preview and the confirmed import (councils/spreadsheets/jobs.py) ----------------------

JOB_KIND = "plans.projects"


def check_upload(plan: CommunityPlan, upload: UploadedFile, user: AnyUser) -> jobs.ImportJob:
    """Keep the file and run its import without keeping anything: what it would write, or its
    bad rows. A plan's file is small (MAX_PROJECTS_PER_PLAN), so the check runs right away."""
    job = jobs.hold(JOB_KIND, plan, upload, user)
    jobs.check(job.pk, import_kept_file)
    job.refresh_from_db()
    return job


def import_kept_file(job: jobs.ImportJob, upload, progress) -> ImportOutcome:
    """The kept file's import into its plan (for the check and, once confirmed, for real)."""
    plan = CommunityPlan.objects.select_related("council").get(pk=job.object_id)
    try:
        return import_projects(plan, upload, job.requested_by)
    except PlanStateError as error:  # submitted between the preview and the confirmation
        return ImportOutcome.refused(str(error))


def columns() -> list[Column]:
    return PlanProjectResource().columns()


def template_for(plan: CommunityPlan) -> bytes:
    return import_template(PlanProjectResource)


def export_plan(plan: CommunityPlan) -> bytes:
    """The plan's projects in the import's columns, a row per budget line, to edit and re-import."""
    columns = PlanProjectResource().columns()
    book = Workbook()
    sheet = book.active
    sheet.title = str(plan.first_year)
    sheet.append([column.column_name for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    projects = PlanProject.objects.filter(issue__plan=plan).select_related(
        "issue__theme", "lead_partner"
    )
    lines = ProjectBudget.objects.of_plan(plan).order_by("project", "fiscal_year", "source")
    by_project: dict[int, list[ProjectBudget]] = {}
    for line in lines:
        by_project.setdefault(line.project_id, []).append(line)
    names: dict[int, list[str]] = {}
    for project_id, name in (
        Indicator.objects.filter(project__issue__plan=plan)
        .order_by("project", "order", "pk")
        .values_list("project_id", "name")
    ):
        names.setdefault(project_id, []).append(name)
    approach = ChoiceWidget(PlanProject.Approach, APPROACH_WORDS)
    source = ChoiceWidget(FundingSource, SOURCE_WORDS)
    for project in projects.order_by("issue__order", "issue", "order", "pk"):
        details = [
            project.issue.theme.name_th,
            project.issue.title,
            project.title,
            project.objective,
            project.target,
        ]
        rest = [
            approach.word_for(project.approach),
            project.lead_partner.name if project.lead_partner else "",
            project.expected_result,
        ]
        project_lines = by_project.get(project.pk) or []
        indicators = names.get(project.pk) or []
        # One row per budget line; the project's indicators go one a row beside them.
        for number in range(max(len(project_lines), len(indicators), 1)):
            line = project_lines[number] if number < len(project_lines) else None
            indicator = indicators[number] if number < len(indicators) else ""
            budget = (
                [str(line.fiscal_year), source.word_for(line.source), line.amount]
                if line
                else ["", "", ""]
            )
            cells = [*details, indicator, *rest]
            sheet.append([escape_formula(value) for value in cells] + budget)
    for index in range(1, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18 if index > 2 else 28
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()

"""The local development plan's project form (แบบ ผ.02): which projects ask a local government
or the PAO for support, their rows in the form's columns, and the form as an xlsx workbook.

A project is *asked of* an agency (a Partner of kind local government or PAO) when it is done
by asking for support or jointly (approach "request" or "joint") and either

- the agency is its lead partner, or
- it has a budget line from the agency's source (local government, PAO) and no lead partner of
  the agency's kind (that one would be the agency asked), and the agency serves its tambon (the
  agency's area code is a prefix of the tambon's: an SAO of the tambon, the PAO of the province).

The form's budget is what is asked of that agency: the project's budget lines from the agency's
source, summed by fiscal year (for "all agencies": the lines from both sources). The KPI column
is the project's Indicator rows, "name target unit" a line, with the target of the latest year
of the plan that has one. The responsible agency is the lead partner, or the council itself when
the community leads the project.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from councils.models import Partner
from councils.spreadsheets.formats import escape_formula
from plans.execution.models import Indicator, IndicatorTarget
from plans.models import CommunityPlan, FundingSource, PlanProject, ProjectBudget

ZERO = Decimal(0)
ASKING_APPROACHES = (PlanProject.Approach.REQUEST, PlanProject.Approach.JOINT)
# The agency kinds the form is made for, and the funding source that is their money. The kind's
# value is the source's value, which lets one query match an agency's lines by its kind.
AGENCY_SOURCES = {
    Partner.Kind.LOCAL_GOVERNMENT: FundingSource.LOCAL_GOVERNMENT,
    Partner.Kind.PAO: FundingSource.PAO,
}
AGENCY_KINDS = tuple(AGENCY_SOURCES)
assert all(kind.value == source.value for kind, source in AGENCY_SOURCES.items())
# A district's form in one xlsx: 30 tambons of 50 projects each fit with room to spare.
MAX_FORM_ROWS = 2_000
# A PDF is laid out in the request, bounded like a plan's: about 1.2 CPU seconds for 30 rows
# and 15 for 400 (bench/p02_pdf.py), so 200 rows (some 8 s) stay well inside the render's
# limit on a busy machine. A bigger district form is exported one agency at a time, or as xlsx.
MAX_PDF_ROWS = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAMBON_FIELD = "issue__plan__council__subdistrict__code"


# --- Which projects ---------------------------------------------------------------------------


def _asked_q(agency_pk, kind, area_code, budget_kind) -> Q:
    """The rule of the module's docstring; the agency's fields are values or OuterRefs
    (`budget_kind` is the kind as seen from the budget line's subquery)."""
    from_its_source = Exists(
        ProjectBudget.objects.filter(project=OuterRef("pk"), source=budget_kind)
    )
    no_lead_of_its_kind = Q(lead_partner__isnull=True) | ~Q(lead_partner__kind=kind)
    serves_the_tambon = Q(**{f"{TAMBON_FIELD}__startswith": area_code})
    return Q(approach__in=ASKING_APPROACHES) & (
        Q(lead_partner=agency_pk) | (from_its_source & no_lead_of_its_kind & serves_the_tambon)
    )


def _asked_of_any_q() -> Q:
    from_a_source = Exists(
        ProjectBudget.objects.filter(project=OuterRef("pk"), source__in=AGENCY_KINDS)
    )
    return Q(approach__in=ASKING_APPROACHES) & (
        Q(lead_partner__kind__in=AGENCY_KINDS) | from_a_source
    )


def asked_of(agency: Partner | None, plans: QuerySet[CommunityPlan]) -> QuerySet[PlanProject]:
    """The projects of the plans asked of the agency (None: of any local government or PAO)."""
    projects = PlanProject.objects.filter(issue__plan__in=plans)
    if agency is None:
        return projects.filter(_asked_of_any_q())
    return projects.filter(_asked_q(agency.pk, agency.kind, agency.area_code, agency.kind))


def agencies_asked(partners: QuerySet[Partner], plans: QuerySet[CommunityPlan]):
    """The local governments and PAOs among the partners that the plans ask for support, each
    with `project_count` and `tambon_count`: one query, counted by the rule of asked_of."""
    asked = PlanProject.objects.filter(issue__plan__in=plans).filter(
        _asked_q(
            OuterRef("pk"), OuterRef("kind"), OuterRef("area_code"), OuterRef(OuterRef("kind"))
        )
    )

    def count(field_name: str, template: str) -> Coalesce:
        # A plain function, not an aggregate: the subquery counts all its rows without a GROUP BY.
        counted = asked.order_by().annotate(n=Func(F(field_name), template=template))
        return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)

    return (
        partners.filter(kind__in=AGENCY_KINDS)
        .annotate(
            project_count=count("pk", "COUNT(%(expressions)s)"),
            tambon_count=count(TAMBON_FIELD, "COUNT(DISTINCT %(expressions)s)"),
        )
        .filter(project_count__gt=0)
        .order_by("kind", "area_code", "name")
    )


# --- The form's rows --------------------------------------------------------------------------


@dataclass
class FormRow:
    number: int
    title: str
    objective: str
    target: str
    amounts: list[Decimal]
    kpi: list[str]
    expected_result: str
    responsible: str


@dataclass
class ThemeGroup:
    name: str
    rows: list[FormRow] = field(default_factory=list)
    totals: list[Decimal] = field(default_factory=list)


@dataclass
class TambonGroup:
    """The projects of one tambon's plan (a tambon plan's form has one)."""

    tambon: str
    council: str
    plan_title: str
    themes: list[ThemeGroup] = field(default_factory=list)
    totals: list[Decimal] = field(default_factory=list)


@dataclass
class LocalPlanForm:
    """What the form shows: its header, the year columns and the grouped rows with totals."""

    agency: str  # "สำหรับ ..." names it
    source: str  # who proposes: the council, or the district's network
    budget_note: str
    years: list[int]
    tambons: list[TambonGroup]
    totals: list[Decimal]
    by_district: bool = False

    @property
    def period(self) -> str:
        return f"{self.years[0]}-{self.years[-1]}" if self.years else ""

    @property
    def row_count(self) -> int:
        return sum(len(theme.rows) for tambon in self.tambons for theme in tambon.themes)

    @property
    def total(self) -> Decimal:
        return sum(self.totals, ZERO)


class TooManyRows(Exception):
    """More projects than one file takes (MAX_FORM_ROWS, MAX_PDF_ROWS): one agency at a time."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def agency_label(agency: Partner | None) -> str:
    return agency.name if agency else "องค์กรปกครองส่วนท้องถิ่นและองค์การบริหารส่วนจังหวัด"


def budget_note(agency: Partner | None) -> str:
    if agency is None:
        return (
            "งบประมาณ คือ จำนวนที่ขอรับการสนับสนุนจากองค์กรปกครองส่วนท้องถิ่นและองค์การบริหาร"
            "ส่วนจังหวัด (บาท) ตามปีงบประมาณ"
        )
    source = "องค์การบริหารส่วนจังหวัด" if agency.kind == Partner.Kind.PAO else "ท้องถิ่น"
    return (
        f"งบประมาณ คือ จำนวนที่ขอรับการสนับสนุนจาก {agency.name} (งบประมาณแหล่ง{source}, บาท) ตามปีงบประมาณ"
    )


def _bounded(projects: QuerySet[PlanProject], max_rows: int) -> QuerySet[PlanProject]:
    if projects.count() > max_rows:
        raise TooManyRows(max_rows)
    return projects


def for_plan(
    plan: CommunityPlan, agency: Partner | None, *, max_rows: int = MAX_FORM_ROWS
) -> LocalPlanForm:
    """The form of one tambon plan: its projects asked of the agency, by theme (TooManyRows
    past max_rows)."""
    plans = CommunityPlan.objects.filter(pk=plan.pk)
    projects = _bounded(asked_of(agency, plans), max_rows)
    tambons, totals = _grouped(projects, agency, list(plan.years))
    council = plan.council
    area = council.subdistrict
    return LocalPlanForm(
        agency=agency_label(agency),
        source=(
            f"โครงการที่{council.name} ตำบล{area.name_th} อำเภอ{area.district.name_th} "
            f"จังหวัด{area.district.province.name_th} เสนอขอรับการสนับสนุน"
        ),
        budget_note=budget_note(agency),
        years=list(plan.years),
        tambons=tambons,
        totals=totals,
    )


def for_district(
    district, plans: QuerySet[CommunityPlan], agency: Partner | None, *,
    max_rows: int = MAX_FORM_ROWS,
) -> LocalPlanForm:  # fmt: skip
    """The form of a district's accepted plans: their projects asked of the agency, by tambon
    and theme; the year columns are every year of those plans. TooManyRows past max_rows."""
    projects = _bounded(asked_of(agency, plans), max_rows)
    years: set[int] = set()
    for first, last in plans.values_list("first_year", "last_year"):
        years.update(range(first, last + 1))
    ordered = sorted(years)
    tambons, totals = _grouped(projects, agency, ordered)
    return LocalPlanForm(
        agency=agency_label(agency),
        source=(
            f"โครงการตามแผนพัฒนาตำบลของสภาองค์กรชุมชนตำบลในอำเภอ{district.name_th} "
            f"จังหวัด{district.province.name_th} ที่เสนอขอรับการสนับสนุน"
        ),
        budget_note=budget_note(agency),
        years=ordered,
        tambons=tambons,
        totals=totals,
        by_district=True,
    )


def _grouped(projects: QuerySet[PlanProject], agency: Partner | None, years: list[int]):
    """The rows grouped by tambon and theme, with totals per year.

    Queries: the projects, their amounts by year (one GROUP BY), their indicators and their
    indicators' targets: four, however many tambons and projects.
    """
    projects = list(
        projects.select_related(
            "issue__theme", "issue__plan__council__subdistrict", "lead_partner"
        ).order_by(
            TAMBON_FIELD,
            "issue__theme__order",
            "issue__theme__code",
            "issue__order",
            "issue",
            "order",
            "pk",
        )
    )
    ids = [project.pk for project in projects]
    amounts = _amounts(ids, agency)
    kpis = _kpis(ids)
    tambons: list[TambonGroup] = []
    for project in projects:
        plan = project.issue.plan
        tambon = tambons[-1] if tambons else None
        if tambon is None or tambon.plan_title != plan.title or tambon.council != plan.council.name:
            tambon = TambonGroup(plan.council.subdistrict.name_th, plan.council.name, plan.title)
            tambons.append(tambon)
        theme_name = project.issue.theme.name_th
        if not tambon.themes or tambon.themes[-1].name != theme_name:
            tambon.themes.append(ThemeGroup(theme_name))
        theme = tambon.themes[-1]
        lead = project.lead_partner
        theme.rows.append(
            FormRow(
                number=len(theme.rows) + 1,
                title=project.title,
                objective=project.objective,
                target=project.target,
                amounts=[amounts.get((project.pk, year), ZERO) for year in years],
                kpi=kpis.get(project.pk, []),
                expected_result=project.expected_result,
                responsible=lead.name if lead else plan.council.name,
            )
        )
    for tambon in tambons:
        for theme in tambon.themes:
            theme.totals = _column_sums((row.amounts for row in theme.rows), len(years))
        tambon.totals = _column_sums((theme.totals for theme in tambon.themes), len(years))
    return tambons, _column_sums((tambon.totals for tambon in tambons), len(years))


def _column_sums(rows: Iterable[list[Decimal]], width: int) -> list[Decimal]:
    sums = [ZERO] * width
    for row in rows:
        sums = [a + b for a, b in zip(sums, row, strict=True)]
    return sums


def _amounts(ids: list[int], agency: Partner | None) -> dict[tuple[int, int], Decimal]:
    sources = [agency.kind] if agency else list(AGENCY_KINDS)
    lines = ProjectBudget.objects.filter(project__in=ids, source__in=sources)
    return {
        (project, year): total
        for project, year, total in lines.order_by()
        .values("project", "fiscal_year")
        .annotate(total=Sum("amount"))
        .values_list("project", "fiscal_year", "total")
    }


def _kpis(ids: list[int]) -> dict[int, list[str]]:
    """Each project's indicators as "name target unit" lines, the target of the latest year."""
    latest: dict[int, Decimal] = {}
    targets = IndicatorTarget.objects.filter(indicator__project__in=ids).order_by("fiscal_year")
    for indicator_id, value in targets.values_list("indicator", "value"):
        latest[indicator_id] = value
    lines: dict[int, list[str]] = {}
    indicators = Indicator.objects.filter(project__in=ids).order_by("project", "order", "pk")
    for pk, project, name, unit in indicators.values_list("pk", "project", "name", "unit"):
        target = latest.get(pk)
        parts = [name, number_text(target) if target is not None else "", unit]
        lines.setdefault(project, []).append(" ".join(part for part in parts if part))
    return lines


def number_text(value: Decimal) -> str:
    """1,500 or 12.5: a target as people write it."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


# --- The workbook -----------------------------------------------------------------------------

COLUMNS_BEFORE = ("ที่", "โครงการ", "วัตถุประสงค์", "เป้าหมาย\n(ผลผลิตของโครงการ)")
COLUMNS_AFTER = ("ตัวชี้วัด\n(KPI)", "ผลที่คาดว่าจะได้รับ", "หน่วยงาน\nรับผิดชอบหลัก")
WIDTHS_BEFORE = (5, 34, 30, 24)
WIDTHS_AFTER = (28, 28, 22)
YEAR_WIDTH = 13
MONEY = "#,##0"
THIN = Side(style="thin", color="444444")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def workbook(form: LocalPlanForm) -> bytes:
    """The form as an xlsx sheet laid out like the paper form, ready to print on A4 landscape:
    the header block, the two header rows ("งบประมาณ" over the years), tambon and theme
    headings, totals; amounts as numbers; every text escaped against formulae."""
    book = Workbook()
    sheet = book.active
    sheet.title = "ผ.02"
    years = form.years
    width = len(COLUMNS_BEFORE) + len(years) + len(COLUMNS_AFTER)
    first_year_column = len(COLUMNS_BEFORE) + 1

    def put(row: int, column: int, value, **style):
        cell = sheet.cell(row=row, column=column, value=escape_formula(value))
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def line(row: int, text: str, *, bold: bool = False) -> None:
        put(row, 1, text, font=Font(bold=bold, size=14 if bold else 12), alignment=CENTRE)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)

    line(1, "รายละเอียดโครงการพัฒนา", bold=True)
    line(2, f"แผนพัฒนาท้องถิ่น (พ.ศ. {form.period})", bold=True)
    line(3, f"สำหรับ {form.agency}", bold=True)
    line(4, form.source)
    line(5, form.budget_note)
    head, sub = 6, 7
    headings = [
        *((i + 1, text) for i, text in enumerate(COLUMNS_BEFORE)),
        *((first_year_column + len(years) + i, text) for i, text in enumerate(COLUMNS_AFTER)),
    ]
    for column, text in headings:
        put(head, column, text, font=Font(bold=True), alignment=CENTRE, fill=HEAD_FILL)
        sheet.merge_cells(start_row=head, start_column=column, end_row=sub, end_column=column)
    put(head, first_year_column, "งบประมาณ", font=Font(bold=True), alignment=CENTRE)
    if len(years) > 1:
        sheet.merge_cells(
            start_row=head, start_column=first_year_column,
            end_row=head, end_column=first_year_column + len(years) - 1,
        )  # fmt: skip
    for offset, year in enumerate(years):
        put(sub, first_year_column + offset, f"{year}\n(บาท)", font=Font(bold=True))
    for row in (head, sub):
        for column in range(1, width + 1):
            cell = sheet.cell(row=row, column=column)
            cell.border, cell.fill, cell.alignment = BOX, HEAD_FILL, CENTRE

    row = sub + 1

    def amounts_row(label: str, amounts: list[Decimal], *, bold: bool = True) -> None:
        nonlocal row
        put(row, 2, label, font=Font(bold=bold))
        for offset, amount in enumerate(amounts):
            put(row, first_year_column + offset, amount, number_format=MONEY, font=Font(bold=bold))
        for column in range(1, width + 1):
            sheet.cell(row=row, column=column).border = BOX
        row += 1

    def heading_row(text: str) -> None:
        nonlocal row
        put(row, 1, text, font=Font(bold=True), fill=GROUP_FILL)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1

    for tambon in form.tambons:
        if form.by_district:
            heading_row(f"ตำบล{tambon.tambon} ({tambon.council})")
        for theme in tambon.themes:
            heading_row(theme.name)
            for item in theme.rows:
                values = [item.number, item.title, item.objective, item.target]
                values += [*item.amounts, "\n".join(item.kpi), item.expected_result]
                values.append(item.responsible)
                for column, value in enumerate(values, start=1):
                    cell = put(row, column, value, border=BOX, alignment=WRAP)
                    if first_year_column <= column < first_year_column + len(years):
                        cell.number_format = MONEY
                row += 1
            amounts_row(f"รวม{theme.name}", theme.totals)
        if form.by_district:
            amounts_row(f"รวมตำบล{tambon.tambon}", tambon.totals)
    amounts_row("รวมทั้งสิ้น", form.totals)

    widths = [*WIDTHS_BEFORE, *([YEAR_WIDTH] * len(years)), *WIDTHS_AFTER]
    for index, column_width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width
    sheet.freeze_panes = f"C{sub + 1}"
    sheet.print_title_rows = f"{head}:{sub}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "หน้า &P / &N"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def filename(stem: str, suffix: str) -> str:
    return f"p02-{stem}.{suffix}"

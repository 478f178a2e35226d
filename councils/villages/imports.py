"""Imports of the village datasets from their spreadsheet exports: จปฐ. and กชช. 2ค.

The จปฐ. (BMN) file is long, like the DCD system's village report: one row per village, year and
indicator, with the households surveyed and those that meet the criterion. The กชช. 2ค (NRD 2C)
file has one row per village and year: its basic facts, then one column per indicator in use,
headed "<code>. <name>", holding the village's level 1-3; its columns are built from the
indicators at run time, so an indicator CODI staff add in the admin is a column of the next
template. Both go through the shared framework: Thai column headers, B.E. years, every row
validated like a form and named by row and column, all rows or none, one ImportRecord. A row of
a village and year already imported updates its figures rather than adding a second copy.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.styles import Font

from councils.access import CODI_ROLES, Role, prefix_q, scope_for
from councils.audit import record_import
from councils.buddhist_era import arabic_digits
from councils.models import Subdistrict
from councils.spreadsheets import jobs
from councils.spreadsheets.formats import XLSX, UnreadableFile, escape_formula, read_upload
from councils.spreadsheets.outcome import ImportOutcome, ImportRefused
from councils.spreadsheets.resources import Column, SpreadsheetResource
from councils.spreadsheets.templates import import_template
from councils.spreadsheets.widgets import (
    AmountWidget,
    BuddhistYearWidget,
    ResourceWidget,
    WholeNumberWidget,
    cell_text,
)
from councils.villages.models import (
    Dataset,
    VillageFigure,
    VillageIndicator,
    VillageProfile,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from councils.access import AnyUser

XLSX_TYPE = XLSX.CONTENT_TYPE
JOB_KIND = "councils.villages."  # + the dataset: "councils.villages.bmn"
# Who imports village data: the coordinators of the area (the tambon's, the district CON
# centre's, the province's) on the portal's pages, and CODI staff in the admin.
COORDINATOR_ROLES = (Role.TAMBON_COORDINATOR, Role.DISTRICT_COORDINATOR, Role.PROVINCE_COORDINATOR)
IMPORTING_ROLES = (*COORDINATOR_ROLES, *CODI_ROLES)
# A template is filled in with the area's villages when that takes at most this many rows.
PREFILL_ROWS = 5000


def may_import(user: AnyUser, code: str) -> bool:
    """Whether the user imports village data of the tambon (or area) of this code."""
    return scope_for(user).holds(code, *IMPORTING_ROLES)


# --- Cells --------------------------------------------------------------------------------


class TambonWidget(ResourceWidget):
    """The village's tambon by its 6-digit DOPA code, inside the area the file is imported into
    and the importer's own scope."""

    def clean(self, value, row=None, **kwargs):
        code = arabic_digits(cell_text(value))
        if not code:
            raise ValueError(gettext("Enter the 6-digit tambon code, for example 570901."))
        if not re.fullmatch(r"\d{6}", code):
            raise ValueError(
                gettext("%(code)s is not a tambon code: it has 6 digits, for example 570901.")
                % {"code": code}
            )
        return self.resource.tambon(code)

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class VillageNumberWidget(WholeNumberWidget):
    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        if number is None:
            raise ValueError(gettext("Write the village number (หมู่ที่), for example 3."))
        if number < 1:
            raise ValueError(gettext("A village number is 1 or more."))
        return number


class IndicatorWidget(ResourceWidget):
    """A จปฐ. indicator by its code in the survey."""

    def clean(self, value, row=None, **kwargs):
        code = arabic_digits(cell_text(value)).rstrip(".")
        if not code:
            raise ValueError(gettext("Write the indicator's code, for example 9."))
        indicator = self.resource.indicators().get(code)
        if indicator is None:
            raise ValueError(
                gettext(
                    "The BMN survey has no indicator %(code)s; the template's sheet of "
                    "indicators lists their codes."
                )
                % {"code": code}
            )
        return indicator

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class LevelWidget(ResourceWidget):
    """A กชช. 2ค level: 1, 2 or 3 (Thai digits too); an empty cell is no figure."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = arabic_digits(cell_text(value))
        if not text:
            return None
        if text not in ("1", "2", "3"):
            raise ValueError(
                gettext("“%(value)s” is not a level: write 1, 2 or 3.") % {"value": text}
            )
        return int(text)


def _year_column() -> Column:
    return Column(
        "year",
        "ปี พ.ศ.",
        BuddhistYearWidget(),
        help_text=_("The survey year in the Buddhist era, for example 2568."),
        example="2568",
        required=True,
        as_text=True,
    )


def _tambon_column() -> Column:
    return Column(
        "subdistrict",
        "รหัสตำบล",
        TambonWidget(),
        help_text=_("The tambon's 6-digit DOPA code; it must be in the area you import into."),
        example="570901",
        required=True,
        as_text=True,
    )


def _village_column() -> Column:
    return Column(
        "village_no",
        "หมู่ที่",
        VillageNumberWidget(),
        help_text=_("The village number, no higher than the tambon's number of villages."),
        example="3",
        required=True,
    )


# --- Resources ----------------------------------------------------------------------------


class VillageDataResource(SpreadsheetResource):
    """What both datasets share: the tambons and indicators, looked up once for the file, and
    the count of villages the file writes and replaces."""

    dataset = ""

    def __init__(self, user: AnyUser | None = None, area_code: str = "", **kwargs):
        self.area_code = area_code
        self._tambons: dict[str, Subdistrict | ValueError] = {}
        self._indicators: dict[str, VillageIndicator] | None = None
        self._seen: dict[tuple, int] = {}
        self._row_number = 0
        self.villages: set[tuple[str, int, int]] = set()
        self.replaced: set[tuple[str, int, int]] = set()
        self.figures = 0
        super().__init__(user=user, **kwargs)

    def tambon(self, code: str) -> Subdistrict:
        if code not in self._tambons:
            self._tambons[code] = self._find_tambon(code)
        found = self._tambons[code]
        if isinstance(found, ValueError):
            raise found
        return found

    def _find_tambon(self, code: str) -> Subdistrict | ValueError:
        subdistrict = Subdistrict.objects.filter(code=code).first()
        if subdistrict is None:
            return ValueError(gettext("No tambon has the code %(code)s.") % {"code": code})
        if not code.startswith(self.area_code) or not may_import(self.user, code):
            return ValueError(
                gettext(
                    "Tambon %(code)s is outside the area you import into; this file may only "
                    "bring data of villages in your area."
                )
                % {"code": code}
            )
        return subdistrict

    def indicators(self) -> dict[str, VillageIndicator]:
        """The dataset's indicators in use, by code."""
        if self._indicators is None:
            rows = VillageIndicator.objects.filter(dataset=self.dataset, active=True)
            self._indicators = {indicator.code: indicator for indicator in rows}
        return self._indicators

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", 0) + 1  # the spreadsheet's row

    # The columns a template fills in for each village; a row with nothing else is passed over.
    prefilled = ("subdistrict", "village_no")

    def import_row(self, row, instance_loader, **kwargs):
        given = {self.fields[name].column_name for name in self.prefilled}
        if all(cell_text(value) == "" for column, value in row.items() if column not in given):
            skipped = self.get_row_result_class()()
            skipped.import_type = skipped.IMPORT_TYPE_SKIP
            return skipped
        return super().import_row(row, instance_loader, **kwargs)

    def village_of(self, instance) -> tuple[str, int, int]:
        return (instance.subdistrict_id, instance.village_no, instance.year)

    def key_of(self, instance) -> tuple:
        return self.village_of(instance)

    def check_repeated(self, errors: dict, instance, column: str, message: str) -> None:
        if not (instance.subdistrict_id and instance.village_no and instance.year):
            return
        key = self.key_of(instance)
        if key in self._seen:
            errors[column] = ValidationError(message % {"row": self._seen[key]})
        else:
            self._seen[key] = self._row_number

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        self.check_rows(errors, instance)
        try:
            # Figures of a village and year already there are updated (get_instance), so the
            # unique constraints hold; the level range is the widget's, passed <= surveyed the
            # model's clean, each with a message that names the column.
            instance.full_clean(
                exclude=set(errors), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_rows(self, errors: dict, instance) -> None:
        pass

    def save_instance(self, instance, is_create, row, **kwargs):
        village = self.village_of(instance)
        self.villages.add(village)
        if not is_create:
            self.replaced.add(village)
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        pass

    class Meta(SpreadsheetResource.Meta):
        skip_unchanged = False
        skip_diff = True


class BasicNeedsResource(VillageDataResource):
    """จปฐ.: one row per village, year and indicator."""

    dataset = Dataset.BASIC_NEEDS
    prefilled = ("subdistrict", "village_no", "indicator", "indicator_name")

    year = _year_column()
    subdistrict = _tambon_column()
    village_no = _village_column()
    indicator = Column(
        "indicator",
        "รหัสตัวชี้วัด",
        IndicatorWidget(),
        help_text=_("The indicator's code in the BMN survey, as the sheet of indicators lists it."),
        example="9",
        required=True,
        as_text=True,
    )
    # For reading only: the template fills it in beside the code, and an import passes it over.
    indicator_name = Column(
        None,
        "ตัวชี้วัด",
        help_text=_("The indicator's name, for reading; it is not read on import."),
        example="ครัวเรือนมีน้ำสะอาดสำหรับดื่มและบริโภคเพียงพอตลอดปี",
    )
    households_surveyed = Column(
        "households_surveyed",
        "จำนวนครัวเรือนที่สำรวจ",
        WholeNumberWidget(),
        help_text=_("How many households of the village were surveyed."),
        example="120",
        required=True,
    )
    households_passed = Column(
        "households_passed",
        "จำนวนครัวเรือนที่ผ่านเกณฑ์",
        WholeNumberWidget(),
        help_text=_(
            "How many of them meet the indicator's criterion; no more than those surveyed."
        ),
        example="102",
        required=True,
    )

    class Meta(VillageDataResource.Meta):
        model = VillageFigure
        name = _("BMN village figures")
        fields = (
            "year",
            "subdistrict",
            "village_no",
            "indicator",
            "indicator_name",
            "households_surveyed",
            "households_passed",
        )
        import_order = export_order = fields
        import_id_fields = ["subdistrict", "village_no", "year", "indicator"]

    def get_instance(self, instance_loader, row):
        key = {name: self.value_of(name, row) for name in ("subdistrict", "village_no", "year")}
        indicator = self.value_of("indicator", row)
        if indicator is None or None in key.values():
            return None
        return VillageFigure.objects.filter(indicator=indicator, **key).first()

    def key_of(self, instance) -> tuple:
        return (*self.village_of(instance), instance.indicator_id)

    def check_rows(self, errors: dict, instance) -> None:
        if instance.indicator_id:
            self.check_repeated(
                errors,
                instance,
                "indicator",
                gettext(
                    "Row %(row)s already gives this indicator of this village and year; keep "
                    "one of the two rows."
                ),
            )
        for name in ("households_surveyed", "households_passed"):
            if getattr(instance, name) is None and name not in errors:
                errors[name] = ValidationError(gettext("Write the number of households."))

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        self.figures += 1


class VillageBasicDataResource(VillageDataResource):
    """กชช. 2ค: one row per village and year, its facts and then a level per indicator."""

    dataset = Dataset.VILLAGE_BASIC_DATA

    year = _year_column()
    subdistrict = _tambon_column()
    village_no = _village_column()
    village_name = Column(
        "village_name",
        "ชื่อหมู่บ้าน",
        help_text=_("The village's name."),
        example="บ้านป่าซาง",
    )
    households = Column(
        "households",
        "จำนวนครัวเรือน",
        WholeNumberWidget(),
        help_text=_("The number of households in the village."),
        example="215",
    )
    population = Column(
        "population",
        "จำนวนประชากร",
        WholeNumberWidget(),
        help_text=_("The number of people living in the village."),
        example="742",
    )
    average_income = Column(
        "average_income",
        "รายได้เฉลี่ย (บาท/คน/ปี)",
        AmountWidget(),
        help_text=_("The average income in baht a person a year."),
        example="68500",
    )

    class Meta(VillageDataResource.Meta):
        model = VillageProfile
        name = _("NRD 2C village data")
        fields = (
            "year",
            "subdistrict",
            "village_no",
            "village_name",
            "households",
            "population",
            "average_income",
        )
        import_order = export_order = fields
        import_id_fields = ["subdistrict", "village_no", "year"]

    def __init__(self, user: AnyUser | None = None, area_code: str = "", **kwargs):
        super().__init__(user=user, area_code=area_code, **kwargs)
        # One column per indicator in use, after the facts, in the dataset's order.
        for indicator in sorted(self.indicators().values(), key=lambda i: (i.position, i.code)):
            name = level_attribute(indicator)
            self.fields[name] = Column(
                name,
                f"{indicator.code}. {indicator.name}",
                LevelWidget(),
                help_text=_(
                    "The village's level on this indicator: 1 a serious problem, 2 some, 3 "
                    "none; empty for no figure."
                ),
                example="2",
            )
            self.fields[name].widget.bind(self)

    def level_columns(self) -> list[tuple[VillageIndicator, Column]]:
        return [
            (indicator, self.fields[level_attribute(indicator)])
            for indicator in self.indicators().values()
        ]

    def init_instance(self, row=None):
        return VillageProfile()

    def get_instance(self, instance_loader, row):
        key = {name: self.value_of(name, row) for name in ("subdistrict", "village_no", "year")}
        if None in key.values():
            return None
        return VillageProfile.objects.filter(**key).first()

    def check_rows(self, errors: dict, instance) -> None:
        self.check_repeated(
            errors,
            instance,
            "village_no",
            gettext("Row %(row)s already gives this village and year; keep one of the two rows."),
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        """The village's facts, then its levels: a row replaces the village's figures of the
        year, so an empty level cell removes a figure imported before."""
        super().save_instance(instance, is_create, row, **kwargs)
        given = {
            indicator.pk: getattr(instance, column.attribute, None)
            for indicator, column in self.level_columns()
            if column.column_name in row
        }
        old = {
            figure.indicator_id: figure
            for figure in VillageFigure.objects.of_village(
                instance.subdistrict_id, instance.village_no
            ).filter(year=instance.year, indicator_id__in=given)
        }
        new, changed, gone = [], [], []
        for indicator_id, level in given.items():
            figure = old.get(indicator_id)
            if level is None:
                if figure is not None:
                    gone.append(figure.pk)
            elif figure is None:
                new.append(
                    VillageFigure(
                        subdistrict_id=instance.subdistrict_id,
                        village_no=instance.village_no,
                        year=instance.year,
                        indicator_id=indicator_id,
                        level=level,
                    )
                )
            elif figure.level != level:
                figure.level = level
                changed.append(figure)
        if old:
            self.replaced.add(self.village_of(instance))
        VillageFigure.objects.bulk_create(new)
        VillageFigure.objects.bulk_update(changed, ["level"])
        VillageFigure.objects.filter(pk__in=gone).delete()
        self.figures += sum(1 for level in given.values() if level is not None)


def level_attribute(indicator: VillageIndicator) -> str:
    return f"level_{indicator.code}"


RESOURCES: dict[str, type[VillageDataResource]] = {
    Dataset.BASIC_NEEDS: BasicNeedsResource,
    Dataset.VILLAGE_BASIC_DATA: VillageBasicDataResource,
}
RECORDED_AS = {
    Dataset.BASIC_NEEDS: "councils.VillageFigure",
    Dataset.VILLAGE_BASIC_DATA: "councils.VillageProfile",
}


# --- Running an import --------------------------------------------------------------------


def import_village_data(
    dataset: str, area_code: str, upload: UploadedFile, user: AnyUser
) -> ImportOutcome:
    """Read the file and write its villages' figures in the area; all rows or none."""
    try:
        rows = read_upload(upload)
    except UnreadableFile as error:
        return ImportOutcome.refused(str(error))
    if not rows.height:
        return ImportOutcome.refused(gettext("The file has no rows under its header."))
    resource = RESOURCES[dataset](user=user, area_code=area_code)
    try:
        with transaction.atomic():
            result = resource.import_data(rows, dry_run=False, raise_errors=False)
            outcome = ImportOutcome.of(
                result,
                villages=len(resource.villages),
                figures=resource.figures,
                replaced=len(resource.replaced),
            )
            if not outcome.ok:
                raise ImportRefused(outcome)
            record_import(
                upload, what=RECORDED_AS[dataset], rows=rows.height, by=user, area_code=area_code
            )
    except ImportRefused as refused:
        return refused.outcome
    return outcome


class AreaTarget:
    """What a village-data import job is imported into: an area, by its DOPA code."""

    def __init__(self, code: str):
        self.pk = int(code)
        self.area_code = code


def job_kind(dataset: str) -> str:
    return JOB_KIND + dataset


def dataset_of(job: jobs.ImportJob) -> str:
    return job.kind.removeprefix(JOB_KIND)


def check_upload(
    dataset: str, area_code: str, upload: UploadedFile, user: AnyUser
) -> jobs.ImportJob:
    """Keep the file and run its import without keeping anything: what it would write, or its
    bad rows."""
    job = jobs.hold(job_kind(dataset), AreaTarget(area_code), upload, user)
    jobs.check(job.pk, import_kept_file)
    job.refresh_from_db()
    return job


def import_kept_file(job: jobs.ImportJob, upload, progress) -> ImportOutcome:
    """The kept file's import into its area (for the check and, once confirmed, for real)."""
    return import_village_data(dataset_of(job), job.area_code, upload, job.requested_by)


# --- Templates ----------------------------------------------------------------------------


def template_for(dataset: str, user: AnyUser) -> bytes:
    """The dataset's template: its columns explained, a sheet of its indicators, and rows for
    the villages of the user's area already filled in where that is a file of reasonable size."""
    resource_class = RESOURCES[dataset]
    book = load_workbook(io.BytesIO(import_template(resource_class)))
    resource = resource_class(user=user)
    indicators = sorted(resource.indicators().values(), key=lambda i: (i.position, i.code))
    sheet = book.create_sheet(str(_("Indicators"))[:31])
    sheet.append([str(_("Code")), str(_("Category")), str(_("Indicator")), str(_("Target (%)"))])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for indicator in indicators:
        target = indicator.target_percent
        sheet.append(
            [indicator.code, indicator.category, indicator.name, float(target) if target else None]
        )
    for letter, width in zip("ABCD", (8, 36, 70, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    data = book.worksheets[0]
    for row in prefilled_rows(dataset, user, indicators):
        data.append([escape_formula(value) for value in row])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def prefilled_rows(dataset: str, user: AnyUser, indicators: list[VillageIndicator]) -> list[list]:
    """The tambon code and village number of every village of the user's area (with each จปฐ.
    indicator), or nothing when that is more than PREFILL_ROWS rows or the villages are not
    known. Two queries: the sum of villages, then the tambons."""
    tambons = Subdistrict.objects.filter(
        prefix_q("code", scope_for(user).codes(*IMPORTING_ROLES)), village_count__isnull=False
    )
    per_village = len(indicators) if dataset == Dataset.BASIC_NEEDS else 1
    villages = tambons.aggregate(total=Sum("village_count"))["total"] or 0
    if not villages or villages * per_village > PREFILL_ROWS:
        return []
    rows = []
    for code, count in tambons.order_by("code").values_list("code", "village_count"):
        for village_no in range(1, count + 1):
            if dataset == Dataset.BASIC_NEEDS:
                rows.extend(
                    ["", code, village_no, indicator.code, indicator.name, None, None]
                    for indicator in indicators
                )
            else:
                rows.append(["", code, village_no])
    return rows

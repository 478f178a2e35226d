"""The base resource: Thai column headers, every row validated, any bad row keeps the file out."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from import_export import fields, resources, widgets
from import_export.results import RowResult

from councils.spreadsheets.errors import RowError, by_column, missing_columns
from councils.spreadsheets.formats import escape_formula
from councils.spreadsheets.widgets import BuddhistDateWidget, ResourceWidget, TextWidget, cell_text

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import tablib

    from councils.access import AnyUser


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


def date_column(attribute: str, column_name: str, help_text: str, **kwargs) -> Column:
    return Column(
        attribute,
        column_name,
        BuddhistDateWidget(),
        help_text=help_text,
        example="15/3/2568",
        as_text=True,
        **kwargs,
    )


class ReadRow(NamedTuple):
    """One row of a file read by its columns' widgets (SpreadsheetResource.read_rows)."""

    row: int  # the spreadsheet's row, where 1 is the header
    values: dict  # cleaned values by model attribute, for the columns the file has
    errors: dict[str, list[str]]  # messages by model attribute


class SpreadsheetResource(resources.ModelResource):
    """Rows of a spreadsheet read as the user importing it; all of them are written, or none."""

    # Whether the page offers a template file, which the error for a missing column points to.
    offers_template = True
    # Told the number of each row read, when an import runs in the background (jobs.Progress).
    progress: Callable[[int], None] | None = None

    def __init__(self, user: AnyUser | None = None, **kwargs):
        super().__init__(**kwargs)
        self.user = user if user is not None else AnonymousUser()
        self._missing_columns: list[str] = []
        for field in self.fields.values():
            if isinstance(field.widget, ResourceWidget):
                field.widget.bind(self)

    def columns(self) -> list[Column]:
        """The columns a file may carry, in order (the rest are exported for reading only)."""
        return [field for field in self.get_import_fields() if not field.readonly]

    def get_user_visible_fields(self):
        # The import page lists the columns a file may carry, not the read-only ones.
        return self.columns()

    def value_of(self, name: str, row):
        """A cleaned cell of the row, or None when it is missing or does not clean."""
        field = self.fields[name]
        if field.column_name not in row:
            return None
        try:
            return field.clean(row)
        except ValueError:
            return None

    # Import ---------------------------------------------------------------------------

    def read_rows(self, dataset: tablib.Dataset) -> Iterator[ReadRow]:
        """Every row that is not empty, each cell read by its column's widget as import_data
        would, but without import-export's layers per row and per cell (instance loading, diffs,
        Field.save): an import that writes in bulk checks and writes 100,000 rows with these in
        seconds. Call before_import first (headers, required columns)."""
        headers = dataset.headers
        columns = [
            (headers.index(field.column_name), field)
            for field in self.columns()
            if field.attribute and field.column_name in headers
        ]
        for number, cells in enumerate(dataset, 2):
            if all(cell_text(cell) == "" for cell in cells):
                continue  # an empty spreadsheet row, passed over without changing the numbering
            values: dict = {}
            errors: dict[str, list[str]] = {}
            for index, field in columns:
                cell = cells[index]
                try:
                    if field.required and cell_text(cell) == "":
                        raise ValueError(gettext("This cell is empty; it must be filled in."))
                    value = field.widget.clean(cell)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
                    continue
                if value is not None or field.saves_null_values:
                    values[field.attribute] = value
            yield ReadRow(number, values, errors)

    def row_errors(self, row: int, errors: dict[str, list[str]]) -> list[RowError]:
        """A row's messages by model attribute, named by the file's column headers."""
        named = by_column(self, ValidationError(errors)).message_dict
        return [
            RowError(row, "" if column == NON_FIELD_ERRORS else column, message)
            for column, messages in named.items()
            for message in messages
        ]

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
            raise missing_columns(self._missing_columns, offers_template=self.offers_template)

    def import_row(self, row, instance_loader, **kwargs):
        if self.progress is not None:
            self.progress(kwargs.get("row_number", 0))
        if self._missing_columns or all(cell_text(value) == "" for value in row.values()):
            # A file without its key columns is reported once, not on every row; empty
            # spreadsheet rows are passed over without changing the numbering.
            skipped = self.get_row_result_class()()
            skipped.import_type = RowResult.IMPORT_TYPE_SKIP
            return skipped
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error is not None:
            row_result.validation_error = by_column(self, row_result.validation_error)
        return row_result

    # Export ---------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    class Meta:
        clean_model_instances = True
        report_skipped = False
        use_transactions = True

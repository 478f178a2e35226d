"""The template file of an import: the header row to fill in, and a sheet explaining each column."""

from __future__ import annotations

import io

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from councils.spreadsheets.resources import Column, SpreadsheetResource
from councils.spreadsheets.widgets import ChoiceWidget


def import_template(resource_class: type[SpreadsheetResource]) -> bytes:
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

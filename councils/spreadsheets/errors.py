"""How an import's errors are phrased: by the file's row and column header, in Thai or English.

The admin shows import-export's result in its own template; the plan and welfare pages show
the RowErrors made here. django-import-export ships no Thai catalog, so its msgids are listed
at the end for makemessages, and our Thai translations then apply to the library's own gettext
calls (same "django" domain, no contexts).
"""

from __future__ import annotations

from typing import NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext, gettext_noop, ngettext_lazy
from import_export.resources import ModelResource
from import_export.results import Result


class RowError(NamedTuple):
    row: int | None  # the spreadsheet's row, where 1 is the header; None for the whole file
    column: str  # the column's header; "" for the whole row
    message: str


def cell_error(error: ValidationError) -> ValueError:
    # import-export files a ValueError from a widget under the field's column.
    return ValueError(" ".join(error.messages))


def missing_columns(names: list[str], *, offers_template: bool) -> ValueError:
    if offers_template:
        message = gettext(
            "The file has no column %(columns)s. Download the template file to see "
            "the columns an import needs."
        )
    else:
        message = gettext("The file has no column %(columns)s.")
    return ValueError(message % {"columns": ", ".join(names)})


def by_column(resource: ModelResource, error: ValidationError) -> ValidationError:
    """Name each error by the file's column header rather than the model's field name."""
    columns = {field.attribute: field.column_name for field in resource.fields.values()}
    errors = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    named: dict[str, list[str]] = {}
    for key, messages in errors.items():
        if key in columns:
            name = columns[key]
        elif key == NON_FIELD_ERRORS:
            name = key
        else:
            name = _verbose_name(resource, key)
        named.setdefault(name, []).extend(messages)
    return ValidationError(named)


def _verbose_name(resource: ModelResource, key: str) -> str:
    try:
        return str(resource._meta.model._meta.get_field(key).verbose_name)
    except Exception:
        return key


def errors_of(result: Result) -> list[RowError]:
    """Every error of an import, by spreadsheet row and column, the file's own errors first."""
    errors = [RowError(None, "", str(error.error)) for error in result.base_errors]
    # Rows are numbered from 1 after the header, so row n of the data is spreadsheet row n + 1.
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            name = "" if column == NON_FIELD_ERRORS else column
            errors.extend(RowError(row.number + 1, name, message) for message in messages)
    # Numbered by the file's rows: result.row_errors() counts only the rows it reports, and
    # empty rows are not reported.
    for row in result.error_rows:
        errors.extend(RowError(row.number + 1, "", str(error.error)) for error in row.errors)
    return sorted(errors, key=by_row_and_column)


def by_row_and_column(error: RowError) -> tuple[int, str]:
    """The order errors are listed in: the file's own first, then by row and column."""
    return (error.row or 0, error.column)


# The msgids of django-import-export 4.4's templates and Python sources, copied exactly; after an
# upgrade, compare them with the library's locale/*/django.po. "Home" and "Delete" are left to
# Django's admin catalog, and errors only a developer sees ("Form is not validated...",
# "use_natural_foreign_keys...") stay in English.
LIBRARY_MESSAGES = (
    # admin.py: the change-list buttons, the page titles and the messages after an import
    gettext_noop("Import"),
    gettext_noop("Export"),
    gettext_noop("Export selected %(verbose_name_plural)s"),
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct "
        "format for the file."
    ),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or data for import."
    ),
    # admin.py formats "%s through import_export" with the row's import type *before* it
    # translates it, so these are the strings actually looked up (the history's change message).
    gettext_noop("new through import_export"),
    gettext_noop("update through import_export"),
    gettext_noop("delete through import_export"),
    # forms.py: the labels of the import and export forms
    gettext_noop("Resource"),
    gettext_noop("Format"),
    gettext_noop("File to import"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    # resources.py, widgets.py, formats/base_formats.py: errors shown on the import page
    gettext_noop(
        "The following fields are declared in 'import_id_fields' but are not present in the "
        "file headers: %s"
    ),
    gettext_noop("Value could not be parsed."),
    gettext_noop("export failed due to IllegalCharacterError"),
    # templates/admin/import_export/*.html
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Submit"),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    gettext_noop("Confirm import"),
    gettext_noop("Errors"),
    gettext_noop("Line number"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using the "
        "form above."
    ),
    gettext_noop("Row"),
    gettext_noop("Non field specific"),
    gettext_noop("Preview"),
    gettext_noop("New"),
    gettext_noop("Skipped"),
    gettext_noop("Update"),
)

LIBRARY_PLURAL_MESSAGES = (
    # templates/admin/import_export/export.html ({% blocktranslate count len=... trimmed %})
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
)

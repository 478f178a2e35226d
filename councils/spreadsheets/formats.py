"""The xlsx and csv formats: formula escaping on export, safe XML and Thai encodings on import."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import openpyxl.xml
import tablib
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext
from import_export.formats import base_formats

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

# What a spreadsheet takes as the start of a formula (with the full-width forms Excel accepts).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# A signed plain number cannot call a function or reach another cell, so "-250" and
# "+66812345678" stay as they are instead of gaining an apostrophe.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


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


class UnreadableFile(ValueError):
    """An upload that is not an .xlsx or .csv file, or that its reader cannot parse."""


def read_upload(upload: UploadedFile) -> tablib.Dataset:
    """The rows of an uploaded .xlsx or .csv file, chosen by the file's name."""
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        file_format: base_formats.Format = XLSX()
    elif name.endswith(".csv"):
        file_format = CSV()
    else:
        raise UnreadableFile(gettext("Upload an .xlsx or .csv file."))
    try:
        return file_format.create_dataset(upload.read())
    except Exception:  # a broken or foreign file: whatever the reader raised, say it plainly
        raise UnreadableFile(gettext("The file could not be read as .xlsx or .csv.")) from None

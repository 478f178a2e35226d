"""The file guard every import passes before anything parses the file, and its row count.

It refuses, each in well under a second whatever the file holds: a file larger than
IMPORT_MAX_BYTES; an xlsx (a zip) that unpacks beyond IMPORT_MAX_UNPACKED_BYTES, any of whose
parts unpacks more than IMPORT_MAX_COMPRESSION_RATIO times its packed size (a zip bomb), or whose
XML declares a DOCTYPE or entities (entity expansion; defusedxml would also stop it while parsing,
but only after the upload was read); and a file of more than IMPORT_MAX_ROWS rows, counted by
streaming over the sheet's <row> tags or the csv's lines, never by parsing. The unpacked sizes
are the archive's own declarations, which is enough: Python's zipfile, which openpyxl reads
through, never yields more bytes than a part declares.
"""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

# A workbook has a few dozen parts; thousands of them only make the checks below slow.
MAX_ZIP_MEMBERS = 1000
# Parts smaller than this unpack quickly whatever their ratio (a tiny [Content_Types].xml can
# compress 20 to 1), so the ratio is only asked of the larger ones.
RATIO_FLOOR_BYTES = 64 * 1024
# A DOCTYPE comes before the root element, in the first bytes of a part.
PROLOG_BYTES = 64 * 1024
CHUNK_BYTES = 1 << 20
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def guard_upload(upload: UploadedFile) -> UploadedFile:
    """The upload, rewound and with its `data_rows` counted, unless it is unsafe to import."""
    _check_size(upload)
    upload.seek(0)
    # Rows under the header: a workbook's largest sheet, or a csv's lines.
    rows = _check_workbook(upload) if zipfile.is_zipfile(upload) else _count_lines(upload) - 1
    limit = settings.IMPORT_MAX_ROWS
    if rows > limit:
        raise ValidationError(
            _(
                "The file has more than %(limit)s rows; one import takes at most %(limit)s rows. "
                "Split it into smaller files."
            ),
            code="too_many_rows",
            params={"limit": intcomma(limit)},
        )
    upload.seek(0)
    upload.data_rows = max(rows, 0)
    return upload


def data_rows(upload) -> int:
    """How many rows under the header the guard counted (0 for an upload it did not see)."""
    return getattr(upload, "data_rows", 0)


def _check_size(upload: UploadedFile) -> None:
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


def _check_workbook(upload: UploadedFile) -> int:
    """The most rows of any sheet, once the archive's sizes and its XML's prologs are safe."""
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = check_archive(archive)
            sheets = [p for p in parts if p.filename.startswith("xl/worksheets/")]
            return max((_count_rows(archive, p) for p in sheets), default=1) - 1
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        return 0  # not a readable workbook: the spreadsheet reader says so in its own words


def check_archive(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The parts of an Office file (a zip) once its sizes and its XML's prologs are safe; the
    document library's uploads (councils/uploads.py) ask the same of a docx or an xlsx."""
    parts = archive.infolist()
    _check_unpacked(parts)
    for part in parts:
        if part.filename.endswith((".xml", ".rels", ".vml")):
            _check_prolog(archive, part)
    return parts


def _check_unpacked(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_ZIP_MEMBERS:
        raise ValidationError(
            _("The file holds %(count)s parts, far more than a spreadsheet has."),
            code="zip_bomb",
            params={"count": intcomma(len(parts))},
        )
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    if sum(part.file_size for part in parts) > limit:
        raise ValidationError(
            _("The spreadsheet unpacks to more than %(limit)s and cannot be imported."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    for part in parts:
        if part.file_size > RATIO_FLOOR_BYTES and part.file_size > ratio * part.compress_size:
            raise ValidationError(
                _(
                    "A part of the spreadsheet unpacks to more than %(ratio)s times its packed "
                    "size, which a spreadsheet never does; it cannot be imported."
                ),
                code="zip_bomb",
                params={"ratio": ratio},
            )


def _check_prolog(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    with archive.open(part) as stream:
        head = stream.read(PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    if _DECLARATION.search(head):
        raise ValidationError(
            _(
                "The spreadsheet declares XML entities (a DOCTYPE), which a spreadsheet never "
                "needs; it cannot be imported. Save it again from Excel or LibreOffice."
            ),
            code="xml_entities",
        )


def _count_rows(archive: zipfile.ZipFile, sheet: zipfile.ZipInfo) -> int:
    """The rows of a sheet by its <row tags, streamed in chunks; stops once past the limit.

    A "<" in a cell's text is escaped, so "<row" is only ever a tag (and the sheet's one
    <rowBreaks). A sheet written with a namespace prefix has <x:row> and </x:row>: half of
    its ":row". Counting bytes keeps a 70 MB sheet well under a second, where a regular
    expression took seconds.
    """
    enough = settings.IMPORT_MAX_ROWS + 2
    plain = prefixed = 0
    carry = b""
    with archive.open(sheet) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            # Three bytes carried over find a tag that the chunk's end cut, and are too short
            # to hold a whole one, so nothing is counted twice.
            buffer = carry + chunk
            plain += buffer.count(b"<row")
            prefixed += buffer.count(b":row")
            carry = buffer[-3:]
            if max(plain, prefixed // 2) > enough:
                break
    return max(plain, prefixed // 2)


def _count_lines(upload: UploadedFile) -> int:
    lines = 0
    last = b"\n"
    for chunk in upload.chunks(CHUNK_BYTES):
        if isinstance(chunk, str):
            chunk = chunk.encode()
        lines += chunk.count(b"\n")
        last = chunk[-1:] or last
    return lines + (last != b"\n")

"""The content check every uploaded document or evidence photo passes before it is stored.

A file is taken for what its bytes are, never for its name or the type the browser sent: a PDF
starts with "%PDF-", a PNG or JPEG is opened and verified by Pillow, an xlsx or docx is a zip whose
[Content_Types].xml names a workbook or a Word document as its main part, after the same zip-bomb
and XML-entity checks as the spreadsheet imports (councils/spreadsheets/guard.py). A PNG named
"scan.pdf" is stored as the PNG it is (its stored name and content type come from the content);
a web page named "minutes.pdf" is refused. The size cap is settings.UPLOAD_MAX_BYTES.
"""

from __future__ import annotations

import uuid
import warnings
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from councils.spreadsheets.guard import check_archive

# [Content_Types].xml is a few kilobytes; anything much bigger is not an Office file.
CONTENT_TYPES_MAX_BYTES = 256 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
PDF_SIGNATURE = b"%PDF-"


class UnsafeArchive(Exception):
    """A zip bomb or an archive whose XML declares entities."""


@dataclass(frozen=True)
class FileKind:
    """A kind of file the portal accepts: what it is called, its type and its extension."""

    code: str
    label: str
    content_type: str
    extension: str
    image: bool = False


PDF = FileKind("pdf", "PDF", "application/pdf", "pdf")
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", "jpg", image=True)
PNG = FileKind("png", "PNG", "image/png", "png", image=True)
XLSX = FileKind(
    "xlsx", "Excel (xlsx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
)  # fmt: skip
DOCX = FileKind(
    "docx", "Word (docx)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
)  # fmt: skip
DOCUMENT_KINDS = (PDF, JPEG, PNG, XLSX, DOCX)
IMAGE_KINDS = (JPEG, PNG)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in DOCUMENT_KINDS}

# The main part an Office file's [Content_Types].xml names, and its content type.
OFFICE_MAIN_PARTS = {
    XLSX: ("/xl/workbook.xml", f"{XLSX.content_type}.main+xml"),
    DOCX: ("/word/document.xml", f"{DOCX.content_type}.main+xml"),
}


@dataclass(frozen=True)
class CheckedFile:
    """What the content check found: the kind and the size the stored file gets."""

    kind: FileKind
    size: int

    @property
    def content_type(self) -> str:
        return self.kind.content_type

    def stored_name(self) -> str:
        """A generated name with the extension of what the file is; the upload's name is never
        used (it could be anything: a path, a script's name, 300 characters of Thai)."""
        return f"{uuid.uuid4().hex}.{self.kind.extension}"


def kinds_text(kinds) -> str:
    return ", ".join(kind.label for kind in kinds)


def check_upload(upload: UploadedFile, *, field: str, kinds=DOCUMENT_KINDS) -> CheckedFile:
    """The upload's kind by its content, or a ValidationError that names the field and the
    accepted kinds. The upload is rewound either way."""
    limit = settings.UPLOAD_MAX_BYTES
    params = {"field": field, "kinds": kinds_text(kinds)}
    if upload.size > limit:
        raise ValidationError(
            _(
                "The file chosen for “%(field)s” is %(size)s; the largest file accepted is "
                "%(limit)s. Accepted kinds: %(kinds)s."
            ),
            code="too_large",
            params={**params, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if not upload.size:
        raise ValidationError(
            _("The file chosen for “%(field)s” is empty. Accepted kinds: %(kinds)s."),
            code="empty",
            params=params,
        )
    try:
        kind = _kind_of(upload)
    except UnsafeArchive:
        raise ValidationError(
            _(
                "The file chosen for “%(field)s” is a zip archive that unpacks far beyond its "
                "size or declares XML entities, which no Office file does; it cannot be "
                "accepted. Accepted kinds: %(kinds)s."
            ),
            code="unsafe_archive",
            params=params,
        ) from None
    finally:
        upload.seek(0)
    if kind is None or kind not in kinds:
        raise ValidationError(
            _(
                "The file chosen for “%(field)s” is not one of the accepted kinds, whatever its "
                "name says. Accepted kinds: %(kinds)s."
            ),
            code="wrong_kind",
            params=params,
        )
    return CheckedFile(kind, upload.size)


def _kind_of(upload: UploadedFile) -> FileKind | None:
    upload.seek(0)
    head = upload.read(16)
    if head.startswith(PDF_SIGNATURE):
        return PDF
    if head.startswith(PNG_SIGNATURE):
        return _image(upload, PNG, "PNG")
    if head.startswith(JPEG_SIGNATURE):
        return _image(upload, JPEG, "JPEG")
    upload.seek(0)
    if zipfile.is_zipfile(upload):
        return _office(upload)
    return None


def _image(upload: UploadedFile, kind: FileKind, pillow_format: str) -> FileKind | None:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # A picture of more pixels than Pillow's limit is a decompression bomb, not a scan.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != pillow_format:
                    return None
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, SyntaxError, ValueError):  # fmt: skip
        return None
    return kind


def _office(upload: UploadedFile) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            try:
                check_archive(archive)
            except ValidationError:
                raise UnsafeArchive from None
            return _main_part_kind(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        return None


def _main_part_kind(archive: zipfile.ZipFile) -> FileKind | None:
    from defusedxml import ElementTree

    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return None
    if info.file_size > CONTENT_TYPES_MAX_BYTES:
        return None
    try:
        root = ElementTree.fromstring(archive.read(info))
    except Exception:  # defusedxml's refusals and ParseError alike: not an Office file
        return None
    overrides = {
        element.get("PartName"): element.get("ContentType")
        for element in root
        if element.tag.endswith("}Override") or element.tag == "Override"
    }
    names = set(archive.namelist())
    for kind, (part, content_type) in OFFICE_MAIN_PARTS.items():
        if overrides.get(part) == content_type and part.lstrip("/") in names:
            return kind
    return None


class CheckedFileField(forms.FileField):
    """A form's file field that keeps only what the content check accepts; its cleaned file
    carries `.checked` (a CheckedFile) for the model to store its kind and size.

    Its widget is a plain file input: Django's clearable one would print the stored name and a
    link to the storage's own URL, around the access module that alone serves the files."""

    widget = forms.FileInput

    def __init__(self, *args, kinds=DOCUMENT_KINDS, **kwargs):
        self.kinds = kinds
        kwargs.setdefault(
            "help_text",
            format_lazy("{} {}", _("Accepted kinds:"), kinds_text(kinds)),
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(k.content_type for k in kinds))

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            upload.checked = check_upload(
                upload, field=str(self.label or gettext("File")), kinds=self.kinds
            )
        return upload

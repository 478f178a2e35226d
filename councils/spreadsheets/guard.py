"""The file guard every import passes first: a size limit, and no zip that unpacks far beyond it."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

# An xlsx file is a zip; one that unpacks to far more than the upload limit is a zip bomb.
MAX_XLSX_EXPANSION = 20


def guard_upload(upload: UploadedFile) -> UploadedFile:
    """The upload, rewound, unless it is too large to import before anything parses it."""
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
    if zipfile.is_zipfile(upload):
        try:
            with zipfile.ZipFile(upload) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
        except zipfile.BadZipFile:
            unpacked = 0  # the spreadsheet reader reports a broken file
        if unpacked > limit * MAX_XLSX_EXPANSION:
            raise ValidationError(
                _("The spreadsheet unpacks to more than %(limit)s and cannot be imported."),
                code="too_large",
                params={"limit": filesizeformat(limit * MAX_XLSX_EXPANSION)},
            )
    upload.seek(0)
    return upload

"""What an evidence upload is, told by its content, never by its name: a JPEG or PNG photo that
Pillow can open, or a PDF document; at most MAX_BYTES each and MAX_FILES per update."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from plans.execution.models import MAX_EVIDENCE_FILES

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = MAX_EVIDENCE_FILES

# The first bytes of each kind we take, and what it is stored and served as.
SIGNATURES = (
    (b"\xff\xd8\xff", "photo", "image/jpeg", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "photo", "image/png", "PNG"),
    (b"%PDF-", "document", "application/pdf", None),
)

# What a file's name claims; the content decides, and a name that claims another type is refused.
NAMED_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Inspected:
    kind: str  # Evidence.Kind
    content_type: str


def inspect(upload) -> Inspected:
    """The upload's kind and content type, read from its bytes; a ValidationError that names
    the file when it is too big or not a photo or PDF (whatever its name or declared type)."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; a file may be at most %(limit)s."),
            code="too_large",
            params={
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_BYTES),
            },
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, kind, content_type, image_format in SIGNATURES:
        if head.startswith(magic):
            if image_format and not _is_image(upload, image_format):
                break
            claimed = NAMED_TYPES.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
            if claimed and claimed != content_type:
                # A name that says one thing over a content that is another is not taken: the
                # person meant to send something else, or someone is trying a disguise.
                raise ValidationError(
                    _("%(name)s is not what its name says it is; choose the file again."),
                    code="disguised",
                    params={"name": name},
                )
            return Inspected(kind, content_type)
    raise ValidationError(
        _("%(name)s is not a JPEG or PNG photo or a PDF document."),
        code="not_evidence",
        params={"name": name},
    )


def _is_image(upload, image_format: str) -> bool:
    """Pillow opens the whole picture and finds it of the format its first bytes claim."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            if image.format != image_format:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)
    return True

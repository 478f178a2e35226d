"""The audit trail: who changed what and when, by any path (django-auditlog), and imports.

django-auditlog writes an entry for every create, change and delete of the models that
settings.AUDITLOG_* name, whether the change came from a page, the admin, an import or the
shell; its middleware adds the person and the address. Our entry also keeps the area the object
belongs to, so CODI regional staff search only their region's trail. An import leaves one
ImportRecord (the file, its hash and how many rows it wrote) instead of an entry per row.
"""

import hashlib

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet


class AuditEntryQuerySet(AreaQuerySet):
    """Entries of objects without an area (users, themes) are seen by national staff only."""


class AuditEntryManager(LogEntryManager.from_queryset(AuditEntryQuerySet)):
    # auditlog writes every entry through these two; the area goes in the same INSERT.
    def log_create(self, instance, force_log: bool = False, **kwargs):
        kwargs.setdefault("area_code", area_of(instance))
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        kwargs.setdefault("area_code", area_of(instance))
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


class AuditEntry(AbstractLogEntry):
    area_code = models.CharField(_("area code"), max_length=6, blank=True, db_index=True)

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit trail entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["content_type", "object_pk"])]


class ImportRecord(models.Model):
    """One import that wrote rows, whichever page or admin it came through."""

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
        verbose_name=_("imported by"),
    )  # fmt: skip
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, db_index=True)
    what = models.CharField(_("what was imported"), max_length=100)
    area_code = models.CharField(_("area code"), max_length=6, blank=True, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    rows = models.PositiveIntegerField(_("rows written"))

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.what}: {self.file_name} ({self.rows})"


def record_import(upload, *, what: str, rows: int, by, area_code: str = "") -> ImportRecord:
    """Write the import's record; called inside the import's transaction, so an import that
    writes nothing leaves no record either."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk if isinstance(chunk, bytes) else chunk.encode())
    upload.seek(0)
    return ImportRecord.objects.create(
        imported_by=by if getattr(by, "is_authenticated", False) else None,
        what=what,
        area_code=area_code,
        file_name=getattr(upload, "name", "")[-255:],
        sha256=digest.hexdigest(),
        rows=rows,
    )


def area_of(instance) -> str:
    """The DOPA code of what an audited object belongs to: its queryset's area_field, followed
    through the instance's relations (they are still in memory when the row is being deleted)."""
    path = getattr(type(instance)._default_manager._queryset_class, "area_field", "")
    if not path:
        return ""
    *relations, last = path.split("__")
    if last == "code" and relations:  # subdistrict__code: the foreign key already holds it
        last = f"{relations.pop()}_id"
    target = instance
    try:
        for name in relations:
            if target is None:  # an optional relation (an issue indicator has no project)
                return ""
            target = getattr(target, name)
    except ObjectDoesNotExist:
        return ""
    code = getattr(target, last, "") if target is not None else ""
    return code if isinstance(code, str) else ""

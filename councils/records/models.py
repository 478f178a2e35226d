"""A council's tambon charters (ธรรมนูญตำบล), its agreements with agencies, and its documents."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet, prefix_q, scope_for
from councils.meetings.models import Meeting, Resolution, partners_serving
from councils.models import Council, CouncilChildQuerySet, Partner
from councils.uploads import BY_CONTENT_TYPE, DOCUMENT_KINDS, check_upload

MAX_CHARTER_CLAUSES = 60
MAX_CHARTER_SIGNATORIES = 40
# Characters a download's file name may not hold (it is made from the title, never stored).
_UNSAFE_NAME_CHARACTERS = str.maketrans(dict.fromkeys('/\\:*?"<>|\r\n\t', "-"))


class CharterQuerySet(CouncilChildQuerySet):
    def in_force(self, today: dt.date | None = None):
        """Each council's charter in force: the one adopted last (by today). A council adopts
        a new charter to replace the old one; the old ones stay, as its history."""
        today = today or timezone.localdate()
        latest = (
            Charter.objects.filter(council=OuterRef("council"), adopted_on__lte=today)
            .order_by("-adopted_on", "-pk")
            .values("pk")[:1]
        )
        return self.filter(adopted_on__lte=today, pk=Subquery(latest))


class Charter(models.Model):
    """A tambon charter: the rules the communities of the tambon agreed to live by."""

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="charters", verbose_name=_("council")
    )
    title = models.CharField(_("name of the charter"), max_length=300)
    adopted_on = models.DateField(_("adopted on"))
    resolution = models.ForeignKey(
        Resolution,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="charters",
        verbose_name=_("adopted by the resolution"),
        help_text=_("The resolution of a council meeting that adopted the charter."),
    )
    preamble = models.TextField(_("preamble"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CharterQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-adopted_on", "-pk"]
        verbose_name = _("tambon charter")
        verbose_name_plural = _("tambon charters")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("council_charters", args=[self.council_id]) + f"#charter-{self.pk}"

    @property
    def area_code(self) -> str:
        return self.council.subdistrict_id

    def clean(self):
        check_resolution_of_council(self.resolution, self.council_id)


class CharterLineQuerySet(AreaQuerySet):
    """A charter's clauses and signatories belong to its council's tambon (and so do their
    entries in the audit trail)."""

    area_field = "charter__council__subdistrict__code"


class CharterClause(models.Model):
    charter = models.ForeignKey(Charter, models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField(_("clause no."))
    text = models.TextField(_("text of the clause"))

    objects = CharterLineQuerySet.as_manager()

    class Meta:
        ordering = ["charter", "number", "pk"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "number"],
                name="one_clause_per_number",
                violation_error_message=_("The charter already has a clause of this number."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"

    def clean(self):
        if not self.charter_id or self.pk:
            return
        if self.charter.clauses.count() >= MAX_CHARTER_CLAUSES:
            raise ValidationError(
                _("A charter has at most %(max)s clauses.") % {"max": MAX_CHARTER_CLAUSES}
            )


class CharterSignatory(models.Model):
    """Who signed the charter for a body: public office holders and representatives, whose
    names are part of the public record. Nothing else of them is kept."""

    charter = models.ForeignKey(Charter, models.CASCADE, related_name="signatories")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    representing = models.CharField(
        _("position or body represented"), max_length=300,
        help_text=_("For example: chair of the council, mayor of the SAO, village headman."),
    )  # fmt: skip

    objects = CharterLineQuerySet.as_manager()

    class Meta:
        ordering = ["charter", "position", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return f"{self.name} ({self.representing})"

    def clean(self):
        if not self.charter_id or self.pk:
            return
        if self.charter.signatories.count() >= MAX_CHARTER_SIGNATORIES:
            raise ValidationError(
                _("A charter has at most %(max)s signatories.") % {"max": MAX_CHARTER_SIGNATORIES}
            )


def check_resolution_of_council(resolution: Resolution | None, council_id: int | None) -> None:
    if resolution is not None and resolution.meeting.council_id != council_id:
        raise ValidationError(
            {"resolution": _("Choose a resolution of a meeting of this council.")}
        )


class AgreementQuerySet(CouncilChildQuerySet):
    def in_force(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), signed_on__lte=today)

    def ended(self, today: dt.date | None = None):
        return self.filter(ends_on__lt=today or timezone.localdate())


class Agreement(models.Model):
    """An MOU or a declaration the council signed with agencies (Chumphon's five-party
    declaration): the council is always a party; the others come from the partners list."""

    class Kind(models.TextChoices):
        MOU = "mou", _("memorandum of understanding (MOU)")
        DECLARATION = "declaration", _("declaration")
        OTHER = "other", _("other agreement")

    class Standing(models.TextChoices):
        NOT_YET = "not_yet", _("not yet in force")
        IN_FORCE = "in_force", _("in force")
        ENDED = "ended", _("ended")

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="agreements", verbose_name=_("council")
    )
    title = models.CharField(_("name of the agreement"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="agreements", verbose_name=_("other parties")
    )
    signed_on = models.DateField(_("signed on"))
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Leave empty for an open-ended agreement.")
    )
    scope = models.TextField(_("scope"), help_text=_("What the parties commit to."))
    resolution = models.ForeignKey(
        Resolution,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("resolution behind it"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-signed_on", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("signed_on")),
                name="agreement_ends_after_signing",
                violation_error_message=_("An agreement cannot end before it is signed."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def area_code(self) -> str:
        return self.council.subdistrict_id

    def standing(self, today: dt.date | None = None) -> Agreement.Standing:
        today = today or timezone.localdate()
        if self.signed_on > today:
            return self.Standing.NOT_YET
        if self.ends_on is not None and self.ends_on < today:
            return self.Standing.ENDED
        return self.Standing.IN_FORCE

    def clean(self):
        if self.ends_on and self.signed_on and self.ends_on < self.signed_on:
            raise ValidationError({"ends_on": _("An agreement cannot end before it is signed.")})
        check_resolution_of_council(self.resolution, self.council_id)

    def check_partners(self, partners) -> None:
        """The parties must be agencies serving the council's tambon (its own, the district's,
        the province's, or national ones): the ones its pages can offer."""
        serving = set(
            partners_serving(self.council.subdistrict_id)
            .filter(pk__in=[p.pk for p in partners])
            .values_list("pk", flat=True)
        )
        strangers = [p.name for p in partners if p.pk not in serving]
        if strangers:
            raise ValidationError(
                {
                    "partners": _("%(names)s do not serve this tambon and cannot be a party.")
                    % {"names": ", ".join(strangers)}
                }
            )


class CouncilDocumentQuerySet(CouncilChildQuerySet):
    def visible_to(self, user):
        """In scope as every council row, and a published document to anyone at all."""
        return self.filter(Q(published=True) | prefix_q(self.area_field, scope_for(user).visible))

    def published(self):
        return self.filter(published=True)


def document_path(instance: CouncilDocument, filename: str) -> str:
    """Where the file is stored: a generated name with the extension of what the content is.
    The upload's own name is ignored (see councils/uploads.py)."""
    extension = BY_CONTENT_TYPE[instance.content_type].extension
    return f"council-documents/{instance.council.subdistrict_id}/{uuid.uuid4().hex}.{extension}"


class CouncilDocument(models.Model):
    """A file of the council's library: signed minutes, invitations, photos, scans."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("signed minutes")
        INVITATION = "invitation", _("invitation letter")
        PHOTO = "photo", _("photo")
        SCAN = "scan", _("scanned document")
        OTHER = "other", _("other")

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="documents", verbose_name=_("council")
    )
    meeting = models.ForeignKey(
        Meeting,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_documents",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("document title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    dated = models.DateField(_("date of the document"))
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    content_type = models.CharField(
        _("content type"),
        max_length=100,
        editable=False,
        choices=[(kind.content_type, kind.label) for kind in DOCUMENT_KINDS],
    )
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("A published document is shown on the council's public page, to anyone."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = CouncilDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-dated", "-pk"]
        verbose_name = _("council document")
        verbose_name_plural = _("council documents")
        indexes = [models.Index(fields=["council", "published", "dated"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Whatever path the file came by (a page, the admin, the shell), its content is checked
        # and its type and size are taken from what it is before it is stored.
        if self.file and not self.file._committed:
            self._take_checked_file()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("council_document_file", args=[self.pk])

    @property
    def area_code(self) -> str:
        return self.council.subdistrict_id

    @property
    def is_image(self) -> bool:
        kind = BY_CONTENT_TYPE.get(self.content_type)
        return bool(kind and kind.image)

    @property
    def kind_label(self) -> str:
        kind = BY_CONTENT_TYPE.get(self.content_type)
        return kind.label if kind else ""

    @property
    def download_name(self) -> str:
        """The name a download is saved under: the title and what the file is."""
        title = self.title.translate(_UNSAFE_NAME_CHARACTERS).strip(" .")[:100] or "document"
        return f"{title}.{BY_CONTENT_TYPE[self.content_type].extension}"

    def clean(self):
        errors = {}
        if self.meeting_id and self.meeting.council_id != self.council_id:
            errors["meeting"] = _("Choose a meeting of this council.")
        if self.file and not self.file._committed:
            try:
                self._take_checked_file()
            except ValidationError as error:
                errors["file"] = error.messages
        if errors:
            raise ValidationError(errors)

    def _take_checked_file(self) -> None:
        upload = self.file.file
        checked = getattr(upload, "checked", None) or check_upload(
            upload, field=str(self._meta.get_field("file").verbose_name)
        )
        upload.checked = checked
        self.content_type, self.size = checked.content_type, checked.size


@receiver(post_delete, sender=CouncilDocument)
def _delete_stored_file(sender, instance: CouncilDocument, **kwargs) -> None:
    # After the commit: a rolled-back deletion must not lose the file of a row that stays.
    # Every path deletes it (the page, the admin's bulk delete, a council's cascade).
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


# What the council page and a meeting page show of the library; the rest is a page away.
SUMMARY_LENGTH = 5


def council_records_summary(council: Council) -> dict:
    """The council page's section: the charter in force, the latest agreements and documents.
    Four queries whatever the council holds."""
    return {
        "records": {
            "charter": Charter.objects.in_force().filter(council=council).first(),
            # Their parties are on the agreements' page: one query fewer, and a fixed count.
            "agreements": list(council.agreements.all()[:SUMMARY_LENGTH]),
            "documents": list(council.documents.select_related("meeting")[:SUMMARY_LENGTH]),
            "document_count": council.documents.count(),
        }
    }


def meeting_documents_summary(meeting: Meeting) -> dict:
    """A council meeting's documents, for its page (two queries)."""
    if not meeting.council_id:
        return {}
    documents = meeting.council_documents.order_by("-dated", "-pk")
    return {
        "meeting_documents": list(documents[: SUMMARY_LENGTH * 2]),
        "meeting_document_count": documents.count(),
    }

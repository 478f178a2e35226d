"""PDFs of plans, books and meetings rendered in the background, kept by the hash of their data."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet, inside_or_around_q, prefix_q, scope_for
from councils.buddhist_era import thai_date
from councils.models import CouncilMember
from plans.books.models import RenderState


class DocumentQuerySet(AreaQuerySet):
    area_field = "area_code"

    def visible_to(self, user):
        """A plan's or a book's PDF inside the user's areas; a meeting's as its meeting is seen
        (Meeting.objects.visible_to): also the district and provincial meetings around them,
        which their council's people attend."""
        visible = scope_for(user).visible
        meeting = Q(kind__in=Document.MEETING_KINDS)
        return self.filter(
            (~meeting & prefix_q("area_code", visible))
            | (meeting & inside_or_around_q("area_code", visible))
        )


class Document(models.Model):
    """One rendered PDF of one plan, book, fund statement, meeting or council's annual report
    (its AnnualReport record), for one version of its data.

    The file is stored outside any public URL and served only through the access module. A
    request for the same data (same hash) reuses the file instead of rendering it again.
    """

    class Kind(models.TextChoices):
        TAMBON_PLAN = "tambon_plan", _("tambon plan")
        DISTRICT_BOOK = "district_book", _("district strategy book")
        PROVINCE_BOOK = "province_book", _("provincial strategy book")
        FUND_STATEMENT = "fund_statement", _("welfare fund statement")
        MEETING_INVITATION = "meeting_invitation", _("meeting invitation and agenda")
        MEETING_MINUTES = "meeting_minutes", _("meeting minutes")
        ANNUAL_REPORT = "annual_report", _("council's annual report")

    MEETING_KINDS = (Kind.MEETING_INVITATION, Kind.MEETING_MINUTES)
    State = RenderState

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("plan, book, fund, meeting or annual report"))
    area_code = models.CharField(_("area code"), max_length=6, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    thai_digits = models.BooleanField(_("Thai digits"), default=False)
    data_hash = models.CharField(max_length=64)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    file = models.FileField(upload_to="documents/", blank=True)
    error = models.TextField(blank=True)
    # The worker rendering it holds it until then, renewed as it progresses; a RUNNING document
    # whose lease ran out lost its worker, and is queued again (reports.leases).
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "data_hash", "thai_digits"],
                name="one_document_per_data",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running, but its worker stopped renewing the lease: it died or was killed."""
        return self.state == self.State.RUNNING and (
            self.lease_until is None or self.lease_until < timezone.now()
        )

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.object_id}-{self.data_hash[:8]}.pdf"


class PrivacyRequest(models.Model):
    """A data subject's request under the PDPA, carried out by CODI staff: an export of what the
    portal holds about them, or their erasure by anonymisation. The record of who did it, when,
    about whom (masked) and which rows; reports/privacy.py does the work."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("export of personal data")
        ERASE = "erase", _("erasure by anonymisation")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("carried out by")
    )
    requested_at = models.DateTimeField(_("carried out at"), auto_now_add=True, db_index=True)
    # The tambon of the subject's first row: the region whose staff see this record.
    area_code = models.CharField(_("area code"), max_length=6, blank=True, db_index=True)
    subject = models.CharField(
        _("data subject (masked)"), max_length=200,
        help_text=_("Initials and masked citizen ID only: the request must not undo an erasure."),
    )  # fmt: skip
    reason = models.TextField(
        _("reason and legal basis"),
        help_text=_("Refer to the request (its date, letter or case number) rather than naming the "
                    "person; an erasure removes their name from here too."),
    )  # fmt: skip
    rows = models.JSONField(_("rows concerned"), default=dict)
    notes = models.TextField(_("notes"), blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.subject}"


class NotificationQuerySet(AreaQuerySet):
    area_field = "area_code"

    def visible_to(self, user):
        """A notification is its recipient's alone, whatever the area it is about."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def editable_by(self, user):
        return self.visible_to(user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def not_emailed(self):
        return self.filter(emailed_at__isnull=True)

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())


# What each kind of notification says; the parameters are stored with it (Notification.params).
NOTIFICATION_TEXTS = {
    "plan_submitted": _("%(council)s submitted the plan “%(plan)s” for your review."),
    "plan_returned": _("The district returned the plan “%(plan)s” for changes: %(note)s"),
    "plan_accepted": _("The district accepted the plan “%(plan)s”."),
    "claim_waiting": _(
        "A claim for %(benefit)s (member no. %(member_no)s, %(amount)s baht) is waiting for "
        "your approval."
    ),
    "followup_overdue": _(
        "%(agency)s has not answered resolution %(position)s of “%(meeting)s”, due on %(due_on)s."
    ),
    "term_ending": _("The term of the %(role)s of %(council)s ends on %(ends_on)s."),
}


class Notification(models.Model):
    """Something that happened which a person should act on or know, shown in the portal and
    sent in their email digest. The text is composed when it is shown, from the kind and its
    parameters, so that it reads in the reader's language."""

    class Kind(models.TextChoices):
        PLAN_SUBMITTED = "plan_submitted", _("plan submitted for review")
        PLAN_RETURNED = "plan_returned", _("plan returned for changes")
        PLAN_ACCEPTED = "plan_accepted", _("plan accepted")
        CLAIM_WAITING = "claim_waiting", _("claim waiting for approval")
        FOLLOWUP_OVERDUE = "followup_overdue", _("follow-up overdue")
        TERM_ENDING = "term_ending", _("member's term ending")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications",
        verbose_name=_("recipient"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    params = models.JSONField(_("details"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300)
    # The tambon, district or province the event belongs to (for the admin and PDPA lookups).
    area_code = models.CharField(_("area code"), max_length=6, blank=True, db_index=True)
    # What the notification is about, so that an event noticed again (a daily sweep of overdue
    # follow-ups) does not notify the same person twice.
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notify_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.get_kind_display()}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> str:
        params = dict(self.params)
        for name in ("due_on", "ends_on"):
            if params.get(name):
                params[name] = thai_date(dt.date.fromisoformat(params[name]), short=True)
        if params.get("role") in CouncilMember.Role.values:
            params["role"] = CouncilMember.Role(params["role"]).label
        try:
            return NOTIFICATION_TEXTS[self.kind] % params
        except (KeyError, ValueError, TypeError):
            # A notification stored before its wording changed still says what it is about.
            return str(self.get_kind_display())


class Digest(models.Model):
    """One email digest sent to one person on one day: what it held, so it is never sent twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="digests",
        verbose_name=_("recipient"),
    )  # fmt: skip
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    notifications = models.ManyToManyField(
        Notification, related_name="digests", blank=True, verbose_name=_("notifications")
    )
    # The counts of due work the digest listed, e.g. {"plans_to_review": 3}.
    work = models.JSONField(_("due work"), default=dict, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("email digest")
        verbose_name_plural = _("email digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "sent_on"], name="one_digest_a_day"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.sent_on}"


class PartLayout(models.Model):
    """One part of a book that a render is missing, to be laid out by whichever worker claims
    it (reports.part_layouts); the rows of a render are deleted when it ends."""

    render = models.CharField(_("render"), max_length=32)
    key = models.CharField(_("cache key"), max_length=64)
    html = models.TextField(_("HTML"))
    size = models.PositiveIntegerField(_("size"))
    # Claimed by a worker until then; a part whose worker died is claimable again after it.
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("part being laid out")
        verbose_name_plural = _("parts being laid out")
        constraints = [
            models.UniqueConstraint(fields=["render", "key"], name="one_layout_of_a_part"),
        ]
        indexes = [models.Index(fields=["render", "done", "-size"], name="parts_to_claim")]

    def __str__(self):
        return f"{self.render} · {self.key[:12]}"

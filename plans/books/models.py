"""Strategy books: district and provincial books gathered from tambon plan issues, their
endorsed snapshots, the meetings they are put before, and the provinces' own strategies."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet
from councils.buddhist_era import validate_be_year
from councils.meetings.models import AgendaItem, Meeting, Resolution
from councils.models import Province
from plans.models import MAX_TEXT_CHARS, PlanIssue, Theme, at_most

MAX_INTRODUCTION_CHARS = 20_000


class BookEndorsed(Exception):
    """A strategic issue's indicator or target was about to change after its book's endorsement."""

    def __init__(self):
        super().__init__(
            _(
                "The book is endorsed, so its strategic issues' indicators and targets stay as "
                "they were endorsed. Record what was measured instead."
            )
        )


class ProvinceStrategy(models.Model):
    """A strategy of the province's own development plan, to which provincial issues map."""

    province = models.ForeignKey(Province, models.CASCADE, related_name="strategies")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("strategy"), max_length=300)

    class Meta:
        ordering = ["province", "number"]
        verbose_name = _("provincial development strategy")
        verbose_name_plural = _("provincial development strategies")
        constraints = [
            models.UniqueConstraint(fields=["province", "number"], name="one_strategy_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class StrategyBook(models.Model):
    """A district or provincial strategy book, gathered from the tambon plans below it."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("district")
        PROVINCE = "province", _("province")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        ENDORSED = "endorsed", _("endorsed")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    area_code = models.CharField(_("area code"), max_length=4, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    first_year = models.PositiveSmallIntegerField(
        _("first fiscal year (B.E.)"), validators=[validate_be_year]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last fiscal year (B.E.)"), validators=[validate_be_year]
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        validators=[
            at_most(
                MAX_INTRODUCTION_CHARS,
                _(
                    "The book's introduction may be at most %(limit_value)s characters long "
                    "(this one has %(show_value)s)."
                ),
            )
        ],
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    # The district and provincial meetings the book is (to be) presented at. Kept here because
    # councils does not know about plans.
    presented_at = models.ManyToManyField(
        Meeting, through="BookPresentation", related_name="books_presented", blank=True,
        verbose_name=_("presented at"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["area_code", "-first_year"]
        verbose_name = _("strategy book")
        verbose_name_plural = _("strategy books")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "area_code", "first_year"], name="one_book_per_area_and_period"
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="book_period_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("book_detail", args=[self.pk])

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def clean(self):
        expected = {self.Level.DISTRICT: 4, self.Level.PROVINCE: 2}.get(self.level)
        if expected and (len(self.area_code) != expected or not self.area_code.isdigit()):
            raise ValidationError(
                {"area_code": _("This level needs a %(n)s-digit DOPA code.") % {"n": expected}}
            )


class StrategicIssue(models.Model):
    """A strategic issue of a book; its figures come only from the tambon items linked to it."""

    book = models.ForeignKey(StrategyBook, models.CASCADE, related_name="issues")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("strategic issue"), max_length=300)
    goal = models.TextField(
        _("goal"),
        blank=True,
        validators=[
            at_most(
                MAX_TEXT_CHARS,
                _(
                    "The strategic issue's goal may be at most %(limit_value)s characters long "
                    "(this one has %(show_value)s)."
                ),
            )
        ],
    )
    theme = models.ForeignKey(
        Theme, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("theme")
    )
    province_strategy = models.ForeignKey(
        ProvinceStrategy, models.SET_NULL, null=True, blank=True, related_name="issues",
        verbose_name=_("provincial development strategy"),
    )  # fmt: skip
    plan_issues = models.ManyToManyField(
        PlanIssue, through="StrategicIssueLink", related_name="strategic_issues", blank=True
    )
    # A provincial issue may gather district issues (and, through them, their tambon items).
    district_issues = models.ManyToManyField(
        "self", symmetrical=False, related_name="provincial_issues", blank=True
    )
    resolutions = models.ManyToManyField(
        Resolution, blank=True, related_name="strategic_issues", verbose_name=_("resolutions")
    )

    class Meta:
        ordering = ["book", "order", "pk"]
        verbose_name = _("strategic issue")
        verbose_name_plural = _("strategic issues")

    def __str__(self):
        return self.title

    def gathered(self) -> tuple[int, int]:
        """How many tambon plan issues and district issues it gathers (two counts, one query)."""
        row = StrategicIssue.objects.filter(pk=self.pk).aggregate(
            tambon=models.Count("links", distinct=True),
            district=models.Count("district_issues", distinct=True),
        )
        return row["tambon"], row["district"]


class StrategicIssueLink(models.Model):
    """Provenance: a tambon plan issue (with its projects) gathered under a strategic issue."""

    strategic_issue = models.ForeignKey(StrategicIssue, models.CASCADE, related_name="links")
    plan_issue = models.ForeignKey(PlanIssue, models.CASCADE, related_name="book_links")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("strategic issue source")
        verbose_name_plural = _("strategic issue sources")
        constraints = [
            models.UniqueConstraint(
                fields=["strategic_issue", "plan_issue"], name="link_a_plan_issue_once"
            )
        ]

    def __str__(self):
        return f"{self.strategic_issue_id} ← {self.plan_issue_id}"


class RenderState(models.TextChoices):
    """Where a PDF rendered in the background stands: an endorsed snapshot's, or a document's."""

    PENDING = "pending", _("waiting")
    RUNNING = "running", _("rendering")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class SnapshotFrozen(Exception):
    """An endorsed snapshot was about to be changed (beyond its PDF's rendering) or deleted."""

    def __init__(self):
        super().__init__(
            _(
                "An endorsed snapshot is the record of what was endorsed: it is never changed or "
                "deleted. Endorse the book again to record a new version."
            )
        )


# What rendering the PDF writes after the endorsement (its state and its lease); everything
# else is frozen.
PDF_FIELDS = frozenset(
    {"pdf", "pdf_state", "pdf_progress", "pdf_error", "pdf_lease_until", "pdf_attempts"}
)


class SnapshotQuerySet(AreaQuerySet):
    area_field = "book__area_code"

    def update(self, **kwargs):
        if set(kwargs) - PDF_FIELDS:
            raise SnapshotFrozen
        return super().update(**kwargs)

    def delete(self):
        raise SnapshotFrozen

    def _raw_delete(self, using):
        raise SnapshotFrozen


class BookSnapshot(models.Model):
    """A book as endorsed (e.g. by a provincial meeting): its data and its PDF, frozen.

    The data is written when the endorsement is recorded; the PDF is rendered from that data
    afterwards, in the background (reports.tasks), so its state is kept here. Only those PDF
    fields change afterwards, and the link to the meeting may be filled in once if it was
    empty; the model and its queryset refuse anything else, and any deletion.
    """

    PdfState = RenderState

    # PROTECT: an endorsed snapshot outlives any attempt to delete its book (it is the record).
    book = models.ForeignKey(StrategyBook, models.PROTECT, related_name="snapshots")
    endorsed_at = models.DateTimeField(default=timezone.now)
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    endorsed_on = models.DateField(_("endorsed on"), default=dt.date.today)
    endorsed_by_body = models.CharField(
        _("endorsed by"), max_length=300, help_text=_("For example, the provincial meeting.")
    )
    meeting = models.ForeignKey(
        Meeting, models.SET_NULL, null=True, blank=True, related_name="endorsed_books",
        verbose_name=_("meeting"), help_text=_("The recorded meeting that endorsed the book."),
    )  # fmt: skip
    data = models.JSONField(_("data"))
    data_hash = models.CharField(max_length=64)
    pdf = models.FileField(upload_to="books/endorsed/", blank=True)
    pdf_state = models.CharField(
        _("PDF state"), max_length=20, choices=PdfState.choices, default=PdfState.PENDING
    )
    pdf_progress = models.PositiveSmallIntegerField(_("PDF progress (%)"), default=0)
    pdf_error = models.TextField(blank=True)
    # As a document's: the rendering worker's lease, and how many times it was started.
    pdf_lease_until = models.DateTimeField(_("PDF leased until"), null=True, blank=True)
    pdf_attempts = models.PositiveSmallIntegerField(_("PDF attempts"), default=0)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["book", "-endorsed_at"]
        verbose_name = _("endorsed snapshot")
        verbose_name_plural = _("endorsed snapshots")

    def __str__(self):
        return f"{self.book} · {self.endorsed_on}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or fields - PDF_FIELDS - {"meeting"}:
                raise SnapshotFrozen
            if (
                "meeting" in fields
                and BookSnapshot.objects.filter(pk=self.pk, meeting__isnull=False)
                .exclude(meeting=self.meeting_id)
                .exists()
            ):
                raise SnapshotFrozen  # a recorded link to the meeting is never changed
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotFrozen

    @property
    def area_code(self) -> str:
        return self.book.area_code

    @property
    def pdf_is_ready(self) -> bool:
        return self.pdf_state == self.PdfState.DONE and bool(self.pdf)

    @property
    def pdf_is_finished(self) -> bool:
        return self.pdf_state in (self.PdfState.DONE, self.PdfState.FAILED)

    @property
    def pdf_is_stale(self) -> bool:
        """Rendering, but its worker stopped renewing the lease: it died or was killed."""
        return self.pdf_state == self.PdfState.RUNNING and (
            self.pdf_lease_until is None or self.pdf_lease_until < timezone.now()
        )


class PresentationQuerySet(AreaQuerySet):
    area_field = "book__area_code"


class BookPresentation(models.Model):
    """A strategy book put before a district or provincial meeting, often as an agenda item."""

    book = models.ForeignKey(StrategyBook, models.CASCADE, related_name="presentations")
    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="book_presentations", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem, models.SET_NULL, null=True, blank=True, related_name="book_presentations",
        verbose_name=_("agenda item"),
    )  # fmt: skip
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = PresentationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "book__area_code", "book__first_year"]
        verbose_name = _("book presented at a meeting")
        verbose_name_plural = _("books presented at meetings")
        constraints = [
            models.UniqueConstraint(fields=["book", "meeting"], name="present_a_book_once"),
        ]

    def __str__(self):
        return f"{self.book} @ {self.meeting}"

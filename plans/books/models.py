"""Strategy books: district and provincial books gathered from tambon plan issues, their
endorsed snapshots, the meetings they are put before, and the provinces' own strategies."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet, Role, scope_for
from councils.buddhist_era import validate_be_year
from councils.meetings.models import AgendaItem, Meeting, Resolution
from councils.models import Province
from plans.models import MAX_PLAN_YEARS, MAX_TEXT_CHARS, PlanIssue, Theme, at_most

MAX_INTRODUCTION_CHARS = 20_000


def keeps_strategies(user, province_code: str) -> bool:
    """Whether the person enters and changes the province's development strategies: its
    provincial coordinators do (CODI staff keep them in the admin site)."""
    return scope_for(user).holds(province_code, Role.PROVINCE_COORDINATOR)


class BookEndorsed(Exception):
    """A strategic issue's indicator or target was about to change after its book's endorsement."""

    def __init__(self):
        super().__init__(
            _(
                "The book is endorsed, so its strategic issues' indicators and targets stay as "
                "they were endorsed. Record what was measured instead."
            )
        )


class StrategyQuerySet(AreaQuerySet):
    area_field = "province__code"

    def kept_by(self, user):
        """The strategies a person enters and changes: their province's, as its coordinator
        (CODI staff keep them in the admin site)."""
        return self.within(scope_for(user).codes(Role.PROVINCE_COORDINATOR))

    def overlapping(self, first_year: int, last_year: int):
        """The strategies whose plan period shares at least one fiscal year with the one given."""
        return self.filter(first_year__lte=last_year, last_year__gte=first_year)

    def mappable_to(self, book: "StrategyBook"):
        """What a strategic issue of the book may map to: its province's strategies for a plan
        period that covers or overlaps the book's."""
        if book.level != StrategyBook.Level.PROVINCE:
            return self.none()
        return self.filter(province_id=book.area_code).overlapping(book.first_year, book.last_year)


class ProvinceStrategy(models.Model):
    """A strategy of a province's development plan (ยุทธศาสตร์การพัฒนาจังหวัด) for a plan period;
    provincial strategic issues map to one or more of them."""

    province = models.ForeignKey(
        Province, models.CASCADE, related_name="strategies", verbose_name=_("province")
    )
    first_year = models.PositiveSmallIntegerField(
        _("first fiscal year of the plan (B.E.)"), validators=[validate_be_year]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last fiscal year of the plan (B.E.)"), validators=[validate_be_year]
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("strategy"), max_length=300)
    goal = models.TextField(
        _("goal and description"),
        blank=True,
        validators=[
            at_most(
                MAX_TEXT_CHARS,
                _(
                    "The strategy's goal and description may be at most %(limit_value)s "
                    "characters long (this one has %(show_value)s)."
                ),
            )
        ],
    )

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["province", "-first_year", "number"]
        verbose_name = _("provincial development strategy")
        verbose_name_plural = _("provincial development strategies")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "first_year", "last_year", "number"],
                name="one_strategy_number_per_period",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year"))
                & Q(last_year__lt=F("first_year") + MAX_PLAN_YEARS),
                name="strategy_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def area_code(self) -> str:
        return self.province_id

    @property
    def period(self) -> str:
        return f"{self.first_year}-{self.last_year}"

    def clean(self):
        if not (self.first_year and self.last_year):
            return
        if self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The period ends before it starts.")})
        if self.last_year - self.first_year + 1 > MAX_PLAN_YEARS:
            raise ValidationError(
                {
                    "last_year": _("A plan period covers at most %(n)s fiscal years.")
                    % {"n": MAX_PLAN_YEARS}
                }
            )
        if self.pk:
            # A new period must still overlap every book whose issues map to the strategy.
            outside = (
                self.issues.exclude(
                    book__first_year__lte=self.last_year, book__last_year__gte=self.first_year
                )
                .values_list("book__title", flat=True)
                .distinct()
            )
            if titles := sorted(set(outside[:20]))[:3]:
                raise ValidationError(
                    {
                        "last_year": _(
                            "Issues of %(books)s map to this strategy, and this period does not "
                            "overlap theirs. Unmap them first, or keep a period that overlaps."
                        )
                        % {"books": ", ".join(titles)}
                    }
                )

    def removal_summary(self) -> int:
        """How many strategic issues map to it (what its removal unmaps)."""
        return self.issues.count()


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
    # What the issue serves in its province's development plan: strategies of the book's
    # province whose period covers or overlaps the book's (check_strategies).
    province_strategies = models.ManyToManyField(
        ProvinceStrategy, blank=True, related_name="issues",
        verbose_name=_("provincial development strategies"),
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

    def check_strategies(self, strategies) -> None:
        """Refuse strategies of another province, or of a period that misses the book's."""
        wrong = [s for s in strategies if not _maps_to(self.book, s)]
        if wrong:
            raise ValidationError(
                {
                    "province_strategies": _(
                        "%(strategies)s: a strategic issue maps only to strategies of its book's "
                        "province whose plan period covers or overlaps the book's (%(first)s-"
                        "%(last)s)."
                    )
                    % {
                        "strategies": ", ".join(str(s) for s in wrong),
                        "first": self.book.first_year,
                        "last": self.book.last_year,
                    }
                }
            )

    def gathered(self) -> tuple[int, int]:
        """How many tambon plan issues and district issues it gathers (two counts, one query)."""
        row = StrategicIssue.objects.filter(pk=self.pk).aggregate(
            tambon=models.Count("links", distinct=True),
            district=models.Count("district_issues", distinct=True),
        )
        return row["tambon"], row["district"]


def _maps_to(book: StrategyBook, strategy: ProvinceStrategy) -> bool:
    return (
        book.level == StrategyBook.Level.PROVINCE
        and strategy.province_id == book.area_code
        and strategy.first_year <= book.last_year
        and strategy.last_year >= book.first_year
    )


@receiver(m2m_changed, sender=StrategicIssue.province_strategies.through)
def _refuse_strategies_outside_the_book(sender, instance, action, reverse, pk_set, **kwargs):
    """Every path that maps an issue (the editor, the admin, the shell) meets the same rule."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # strategy.issues.add(...): the strategy is the instance
        for issue in StrategicIssue.objects.filter(pk__in=pk_set).select_related("book"):
            issue.check_strategies([instance])
    else:
        instance.check_strategies(ProvinceStrategy.objects.filter(pk__in=pk_set))


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

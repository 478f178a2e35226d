"""What became of each project after the plan: its timeline of dated updates, the agencies that
took it into their plans with the money they committed, the money spent, results against its
indicators and the evidence; and the indicators themselves (of projects and of book issues)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet
from councils.buddhist_era import fiscal_year_bounds, validate_be_year
from councils.meetings.models import Resolution
from councils.models import Partner
from plans.books.models import BookEndorsed, StrategicIssue, StrategyBook
from plans.models import (
    MAX_TEXT_CHARS,
    CommunityPlan,
    ExecutionStatus,
    FundingSource,
    PlanProject,
    _plans_of,
    at_most,
    refuse_if_plan_locked,
)

AMOUNT = {"max_digits": 14, "decimal_places": 2}
MAX_EVIDENCE_FILES = 5  # per update (plans/execution/evidence.py checks each file's content)


class AppendOnly(Exception):
    """A timeline row was about to be changed or deleted: a mistake is corrected by a new update."""

    def __init__(self):
        super().__init__(
            _(
                "A project's timeline is a record of what happened: an update is never changed "
                "or deleted. Record a new update that corrects it."
            )
        )


class AgencyPlan(models.TextChoices):
    """Whose plan a project was taken into."""

    LOCAL_DEVELOPMENT = "local_development", _("local development plan (SAO / municipality)")
    PAO = "pao", _("PAO development plan")
    PROVINCE = "province", _("provincial development plan")
    CENTRAL_AGENCY = "central_agency", _("a central agency's plan")
    CODI = "codi", _("CODI's plan")
    OTHER = "other", _("another agency's plan")


class TimelineQuerySet(AreaQuerySet):
    """Rows of the timeline: added, never changed or deleted in bulk."""

    def update(self, **kwargs):
        raise AppendOnly

    def delete(self):
        raise AppendOnly


class UpdateQuerySet(TimelineQuerySet):
    area_field = "project__issue__plan__council__subdistrict__code"

    def newest_first(self):
        return self.order_by("-happened_on", "-pk")

    def record(self, project, update, *, commitments=(), spending=(), results=(), evidence=()):
        """PlanProject.record_update's way in: see record_update below."""
        return record_update(
            project,
            update,
            commitments=commitments,
            spending=spending,
            results=results,
            evidence=evidence,
        )


class ProjectUpdate(models.Model):
    """One dated entry of a project's timeline: who said what happened to it, and when."""

    project = models.ForeignKey(
        PlanProject, models.PROTECT, related_name="updates", verbose_name=_("project")
    )
    happened_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=ExecutionStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        validators=[
            MinValueValidator(0, _("Progress is a percentage from 0 to 100.")),
            MaxValueValidator(100, _("Progress is a percentage from 0 to 100.")),
        ],
    )
    note = models.TextField(
        _("what happened"),
        blank=True,
        validators=[
            at_most(
                MAX_TEXT_CHARS,
                _(
                    "What happened may be at most %(limit_value)s characters long "
                    "(this one has %(show_value)s)."
                ),
            )
        ],
    )
    # Proposed to an agency (with the resolution that proposed it, where there is one).
    proposed_to = models.ForeignKey(
        Partner, models.PROTECT, null=True, blank=True, related_name="projects_proposed",
        verbose_name=_("proposed to"),
    )  # fmt: skip
    proposal_resolution = models.ForeignKey(
        Resolution, models.SET_NULL, null=True, blank=True, related_name="project_updates",
        verbose_name=_("proposal resolution"),
    )  # fmt: skip
    # Taken into an agency's own plan: which agency, which plan, for which fiscal year. The
    # amounts it committed are the update's commitments.
    adopted_by = models.ForeignKey(
        Partner, models.PROTECT, null=True, blank=True, related_name="projects_adopted",
        verbose_name=_("taken into the plan of"),
    )  # fmt: skip
    agency_plan = models.CharField(
        _("into which plan"), max_length=30, choices=AgencyPlan.choices, blank=True
    )
    agency_plan_title = models.CharField(
        _("plan's title"), max_length=300, blank=True,
        help_text=_("For example: the local development plan 2566-2570 of Pong Pha SAO"),
    )  # fmt: skip
    agency_plan_year = models.PositiveSmallIntegerField(
        _("for fiscal year (B.E.)"), null=True, blank=True, validators=[validate_be_year]
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["project", "happened_on", "pk"]
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        indexes = [models.Index(fields=["project", "-happened_on"], name="update_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="update_progress_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.project_id} {self.happened_on}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly

    @property
    def is_adoption(self) -> bool:
        return self.adopted_by_id is not None

    def clean(self):
        errors = {}
        if self.happened_on:
            if self.happened_on > timezone.localdate():
                errors["happened_on"] = _("The date is in the future.")
            elif self.project_id:
                plan = self.project.issue.plan
                first, last = plan_period_bounds(plan)
                if not first <= self.happened_on <= last:
                    errors["happened_on"] = _(
                        "The date is outside the plan period (fiscal years %(a)s-%(b)s)."
                    ) % {"a": plan.first_year, "b": plan.last_year}
        if self.adopted_by_id and not self.agency_plan:
            errors["agency_plan"] = _("Say into which plan the agency took the project.")
        if self.agency_plan and not self.adopted_by_id:
            errors["adopted_by"] = _("Say which agency took the project into its plan.")
        if self.agency_plan_year and self.project_id:
            check_in_period(errors, "agency_plan_year", self.agency_plan_year, self.project)
        if errors:
            raise ValidationError(errors)


def plan_period_bounds(plan: CommunityPlan) -> tuple[dt.date, dt.date]:
    """The first and last day of the plan's fiscal years."""
    return fiscal_year_bounds(plan.first_year)[0], fiscal_year_bounds(plan.last_year)[1]


def check_in_period(errors: dict, field: str, year: int, project: PlanProject) -> None:
    plan = project.issue.plan
    if year not in plan.years:
        errors[field] = _("Fiscal year %(year)s is outside the plan period %(a)s-%(b)s.") % {
            "year": year,
            "a": plan.first_year,
            "b": plan.last_year,
        }


class UpdateLineQuerySet(TimelineQuerySet):
    area_field = "update__project__issue__plan__council__subdistrict__code"

    def totals_by(self, *fields: str):
        """One row per value of the fields, with the summed amount; a single GROUP BY."""
        return self.order_by().values(*fields).annotate(total=Sum("amount")).order_by(*fields)


class UpdateLine(models.Model):
    """An amount of an update for one fiscal year from one source (at most one per both)."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[validate_be_year]
    )
    source = models.CharField(_("funding source"), max_length=30, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("amount (baht)"),
        **AMOUNT,
        validators=[MinValueValidator(0, _("An amount cannot be negative."))],
    )

    objects = UpdateLineQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["update", "fiscal_year", "source"]

    def __str__(self):
        return f"{self.fiscal_year} {self.source}: {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly


class Commitment(UpdateLine):
    """Money an agency committed when it took the project into its plan (by source and year)."""

    update = models.ForeignKey(ProjectUpdate, models.CASCADE, related_name="commitments")

    class Meta(UpdateLine.Meta):
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "fiscal_year", "source"], name="one_commitment_per_year_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="commitment_not_negative"),
        ]


class Spending(UpdateLine):
    """Money actually spent on the project since the previous update (by source and year)."""

    update = models.ForeignKey(ProjectUpdate, models.CASCADE, related_name="spending")

    class Meta(UpdateLine.Meta):
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "fiscal_year", "source"], name="one_spending_per_year_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spending_not_negative"),
        ]


class IndicatorQuerySet(AreaQuerySet):
    area_field = "project__issue__plan__council__subdistrict__code"


class Indicator(models.Model):
    """A measurable indicator of a project or of a book's strategic issue: unit, baseline,
    a target per fiscal year (IndicatorTarget) and measured values (IndicatorMeasurement)."""

    project = models.ForeignKey(
        PlanProject, models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    strategic_issue = models.ForeignKey(
        StrategicIssue, models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(
        _("unit"), max_length=60, blank=True, help_text=_("For example: ครัวเรือน, ไร่, ร้อยละ")
    )
    baseline = models.DecimalField(_("baseline"), **AMOUNT, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year (B.E.)"), null=True, blank=True, validators=[validate_be_year]
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["project", "strategic_issue", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(project__isnull=False, strategic_issue__isnull=True)
                    | Q(project__isnull=True, strategic_issue__isnull=False)
                ),
                name="indicator_of_a_project_or_an_issue",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def save(self, *args, **kwargs):
        self.refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_locked()
        return super().delete(*args, **kwargs)

    def refuse_if_locked(self) -> None:
        """A project's indicator changes only while its plan is open; a strategic issue's, only
        while its book is a draft (after the endorsement, what was endorsed is measured)."""
        if self.project_id:
            refuse_if_plan_locked(self.plans_touched())
        if self.strategic_issue_id:
            refuse_if_book_endorsed(self.books_touched())

    def plans_touched(self):
        """A project's indicator is part of its plan: it changes only while the plan is open."""
        return _plans_of(
            "issues__projects__pk", self.project_id, "issues__projects__indicators__pk", self.pk
        )

    def books_touched(self):
        """The book the indicator is put in and, for a saved one, the book it is in now."""
        wanted = Q(issues__pk=self.strategic_issue_id)
        if self.pk is not None:
            wanted |= Q(issues__indicators__pk=self.pk)
        return StrategyBook.objects.filter(wanted)

    @property
    def is_locked(self) -> bool:
        """Whether a change would be refused (the admin asks before it offers one)."""
        if self.project_id:
            return self.plans_touched().locked().exists()
        return bool(self.strategic_issue_id) and (
            self.books_touched().exclude(state=StrategyBook.State.DRAFT).exists()
        )

    def summary(self) -> str:
        """“name: target 2569 30 · 2570 40 (unit)”, from its prefetched targets."""
        targets = " · ".join(
            f"{target.fiscal_year} {plain_number(target.value)}" for target in self.targets.all()
        )
        if not targets:
            return str(self)
        if self.unit:
            return _("%(name)s: target %(targets)s (%(unit)s)") % {
                "name": self.name,
                "targets": targets,
                "unit": self.unit,
            }
        return _("%(name)s: target %(targets)s") % {"name": self.name, "targets": targets}

    def snapshot_text(self) -> str:
        """What a returned plan remembers of it, in the plan's language (Thai), to compare
        later: its name alone when it has nothing more, as the migrated texts were."""
        with translation.override("th"):
            text = self.summary()
            if self.baseline is not None:
                text += " · " + _("baseline %(value)s") % {"value": plain_number(self.baseline)}
                if self.baseline_year:
                    text += f" ({self.baseline_year})"
        return text


def plain_number(value: Decimal | None) -> str:
    """A measured or target figure as people write it: 1,250 and 12.5, not 1250.00."""
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def refuse_if_book_endorsed(books) -> None:
    if books.exclude(state=StrategyBook.State.DRAFT).exists():
        raise BookEndorsed


class IndicatorTarget(models.Model):
    """An indicator's target for one fiscal year."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[validate_be_year]
    )
    value = models.DecimalField(_("target"), **AMOUNT)

    class Meta:
        ordering = ["indicator", "fiscal_year"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"], name="one_target_per_indicator_and_year"
            )
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.fiscal_year}: {self.value}"

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)

    def _refuse_if_locked(self):
        self.indicator.refuse_if_locked()


class MeasurementQuerySet(TimelineQuerySet):
    area_field = "indicator__project__issue__plan__council__subdistrict__code"

    def latest_per_year(self):
        """The newest measurement of each indicator and fiscal year."""
        return self.order_by("indicator", "fiscal_year", "-measured_on", "-pk")


class IndicatorMeasurement(models.Model):
    """A measured value of an indicator for a fiscal year: for a project, from a timeline
    update; for a book's issue, entered by its coordinator. The newest one of a year counts."""

    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="measurements")
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[validate_be_year]
    )
    value = models.DecimalField(_("measured value"), **AMOUNT)
    measured_on = models.DateField(_("measured on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    update = models.ForeignKey(
        ProjectUpdate, models.CASCADE, null=True, blank=True, related_name="results"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "fiscal_year", "measured_on", "pk"]
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")

    def __str__(self):
        return f"{self.indicator_id} {self.fiscal_year}: {self.value}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly

    def clean(self):
        # A project's results are checked by record_update; a book's issue is measured by its
        # coordinator once the book is endorsed, for a year of the book.
        indicator = self.indicator if self.indicator_id else None
        if indicator is None or not indicator.strategic_issue_id:
            return
        book = indicator.strategic_issue.book
        errors = {}
        if book.state == StrategyBook.State.DRAFT:
            errors["value"] = _(
                "A strategic issue's indicator is measured once its book is endorsed."
            )
        if self.fiscal_year and self.fiscal_year not in book.years:
            errors["fiscal_year"] = _(
                "Fiscal year %(year)s is outside the book's period %(a)s-%(b)s."
            ) % {"year": self.fiscal_year, "a": book.first_year, "b": book.last_year}
        if self.measured_on and self.measured_on > timezone.localdate():
            errors["measured_on"] = _("The date is in the future.")
        if errors:
            raise ValidationError(errors)


class EvidenceQuerySet(TimelineQuerySet):
    area_field = "update__project__issue__plan__council__subdistrict__code"


def evidence_path(evidence: "Evidence", filename: str) -> str:
    # The stored name never comes from the upload: it is served only through the access module.
    return f"evidence/{timezone.now():%Y/%m}/{evidence.update.project_id}-{timezone.now():%H%M%S%f}"


class Evidence(models.Model):
    """A photo or document that backs an update, checked by its content when uploaded and
    served only through the access module."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        DOCUMENT = "document", _("document")

    update = models.ForeignKey(ProjectUpdate, models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=evidence_path)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["update", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.caption or self.get_kind_display()


@dataclass(frozen=True)
class ExecutionState:
    """What the project's latest update says, with its money summed over the whole timeline."""

    status: str
    progress: int
    last_update_on: dt.date | None
    taken_into_plan: bool
    committed_total: Decimal
    spent_total: Decimal

    def as_fields(self) -> dict:
        return self.__dict__.copy()


def execution_state(project: PlanProject) -> ExecutionState:
    """The project's state computed from its timeline (three queries)."""
    latest = ProjectUpdate.objects.filter(project=project).newest_first().first()
    committed = Commitment.objects.filter(update__project=project).aggregate(t=Sum("amount"))
    spent = Spending.objects.filter(update__project=project).aggregate(t=Sum("amount"))
    adopted = ProjectUpdate.objects.filter(project=project, adopted_by__isnull=False).exists()
    return ExecutionState(
        status=latest.status if latest else ExecutionStatus.NOT_STARTED,
        progress=latest.progress if latest else 0,
        last_update_on=latest.happened_on if latest else None,
        taken_into_plan=adopted,
        committed_total=committed["t"] or Decimal(0),
        spent_total=spent["t"] or Decimal(0),
    )


class NotRecordable(Exception):
    """An update for a project whose plan has never been accepted."""


def is_recordable(plan: CommunityPlan, history=None) -> bool:
    """What became of a plan's projects is recorded once the district has accepted the plan
    (and still when it was reopened since). One query at most; none when the page has read the
    plan's history already and passes it."""
    accepted = CommunityPlan.State.ACCEPTED
    if plan.state == accepted:
        return True
    if history is not None:
        return any(change.to_state == accepted for change in history)
    return plan.history.filter(to_state=accepted).exists()


def record_update(
    project: PlanProject,
    update: ProjectUpdate,
    *,
    commitments=(),
    spending=(),
    results=(),
    evidence=(),
) -> ProjectUpdate:
    """Add `update` (unsaved, with its unsaved Commitment, Spending and IndicatorMeasurement
    rows, and its unsaved Evidence with their files) to the project's timeline, and bring the
    project's execution state up to date, in one transaction. The one path that writes the
    state (PlanProject.record_update calls it).

    An update dated before the project's latest one is history filled in later: it joins the
    timeline, and the state still follows the latest date. Raises ValidationError naming the
    field (a line's field as "commitments-0-amount") when something is wrong; nothing is written.
    """
    with transaction.atomic():
        locked = (
            PlanProject.objects.select_for_update().select_related("issue__plan").get(pk=project.pk)
        )
        if not is_recordable(locked.issue.plan):
            raise NotRecordable(
                _("What became of a project is recorded once the district has accepted its plan.")
            )
        update.project = locked
        update.full_clean()
        errors = {}
        for prefix, lines in (("commitments", commitments), ("spending", spending)):
            seen = set()
            for number, line in enumerate(lines):
                key = (line.fiscal_year, line.source)
                if key in seen:
                    errors[f"{prefix}-{number}-source"] = _(
                        "This source and fiscal year are already on another line."
                    )
                seen.add(key)
                try:
                    line.full_clean(exclude=["update"])
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        errors[f"{prefix}-{number}-{name}"] = messages
                if line.fiscal_year:
                    field = f"{prefix}-{number}-fiscal_year"
                    check_in_period(errors, field, line.fiscal_year, locked)
        if commitments and not update.adopted_by_id:
            errors["adopted_by"] = _("Money is committed by an agency: say which one.")
        for number, result in enumerate(results):
            if result.indicator.project_id != locked.pk:
                errors[f"results-{number}-indicator"] = _("The indicator is not this project's.")
            if result.fiscal_year:
                check_in_period(errors, f"results-{number}-fiscal_year", result.fiscal_year, locked)
        if len(evidence) > MAX_EVIDENCE_FILES:
            errors["evidence"] = _("An update takes at most %(n)s files.") % {
                "n": MAX_EVIDENCE_FILES
            }
        if errors:
            raise ValidationError(errors)
        update.save()
        for line in commitments:
            line.update = update
            line.save()
        for line in spending:
            line.update = update
            line.save()
        for result in results:
            result.update = update
            result.by_id = update.by_id
            if not result.measured_on:
                result.measured_on = update.happened_on
            result.save()
        for item in evidence:
            item.update = update
            item.save()
        state = execution_state(locked)
        PlanProject.objects.filter(pk=locked.pk)._record_execution(
            execution_status=state.status,
            progress=state.progress,
            last_update_on=state.last_update_on,
            taken_into_plan=state.taken_into_plan,
            committed_total=state.committed_total,
            spent_total=state.spent_total,
        )
    for name, value in state.as_fields().items():
        setattr(project, "execution_status" if name == "status" else name, value)
    return update


def spending_warnings(project: PlanProject) -> list[str]:
    """Spending above what was committed is allowed, and said: one line per source and year.

    The community's own money is nobody's commitment: spending it is said only when an agency
    did commit community money for that year (a joint project's share)."""
    committed = {
        (row["fiscal_year"], row["source"]): row["total"]
        for row in Commitment.objects.filter(update__project=project).totals_by(
            "fiscal_year", "source"
        )
    }
    warnings = []
    for row in Spending.objects.filter(update__project=project).totals_by("fiscal_year", "source"):
        key = (row["fiscal_year"], row["source"])
        if row["source"] == FundingSource.COMMUNITY and key not in committed:
            continue
        promised = committed.get(key, Decimal(0))
        if row["total"] > promised:
            warnings.append(
                _(
                    "Spent %(spent)s baht from %(source)s in fiscal year %(year)s, more than the "
                    "%(committed)s baht committed."
                )
                % {
                    "spent": f"{row['total']:,.2f}",
                    "source": FundingSource(row["source"]).label,
                    "year": row["fiscal_year"],
                    "committed": f"{promised:,.2f}",
                }
            )
    return warnings

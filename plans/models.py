"""Community plans, their review, and the district and provincial strategy books built on them."""

from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet, Role, scope_for
from councils.buddhist_era import validate_be_year
from councils.meetings.models import Resolution
from councils.models import Council, Partner
from councils.villages.models import VillageIndicator

MAX_PLAN_YEARS = 6  # Nakhon Si Thammarat's programme runs six fiscal years
# A plan's size is bounded so that its PDF renders in its time limit (reports.bounded): a
# forum's plan has a few dozen issues and projects, and a field is a few paragraphs.
MAX_ISSUES_PER_PLAN = 60
MAX_PROJECTS_PER_PLAN = 500
MAX_SITUATION_CHARS = 10_000
MAX_TEXT_CHARS = 5_000


def at_most(limit: int, message) -> MaxLengthValidator:
    """A text field's cap, with a message naming the field (given %(limit_value)s and
    %(show_value)s, the cap and the length given)."""
    return MaxLengthValidator(limit, message=message)


class Theme(models.Model):
    """A dimension of community plans; the three core ones must each have an issue."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    is_core = models.BooleanField(_("core dimension"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The theme in the reader's language: its English name in the English interface."""
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th


# Columns that say when a plan was saved, not what it says: bumping them never edits a locked plan.
BOOKKEEPING_FIELDS = frozenset({"version", "updated_at", "created_at"})


class PlanQuerySet(AreaQuerySet):
    area_field = "council__subdistrict__code"

    def locked(self):
        """Plans under review or accepted: nothing in them changes until the district reopens."""
        return self.filter(state__in=CommunityPlan.LOCKED_STATES)

    def update(self, **kwargs):
        if "state" in kwargs:
            raise PlanStateError(
                _("A plan's state moves only through its review: submit, accept, return, reopen.")
            )
        if set(kwargs) - BOOKKEEPING_FIELDS and self.locked().exists():
            raise PlanLocked
        return super().update(**kwargs)

    def delete(self):
        if self.locked().exists():
            raise PlanLocked
        return super().delete()

    def _record_move(self, to_state: str) -> int:
        """The review's own write of the state (CommunityPlan._move, which records it)."""
        return super().update(state=to_state, version=F("version") + 1, updated_at=timezone.now())

    def accepted(self):
        return self.filter(state=CommunityPlan.State.ACCEPTED)

    def submitted(self):
        return self.filter(state=CommunityPlan.State.SUBMITTED)

    def covering(self, fiscal_year: int):
        return self.filter(first_year__lte=fiscal_year, last_year__gte=fiscal_year)

    def with_review_facts(self):
        """Each plan with its issue and project counts, budget total and last submission time.

        Subqueries rather than joins, so the counts do not multiply each other and the query
        count of a list stays one however many plans it holds.
        """
        issues = PlanIssue.objects.filter(plan=OuterRef("pk")).values("plan")
        projects = PlanProject.objects.filter(issue__plan=OuterRef("pk")).values("issue__plan")
        budgets = ProjectBudget.objects.filter(project__issue__plan=OuterRef("pk")).values(
            "project__issue__plan"
        )
        submitted = PlanStateChange.objects.filter(
            plan=OuterRef("pk"), to_state=CommunityPlan.State.SUBMITTED
        ).order_by("-at")
        money = DecimalField(max_digits=16, decimal_places=2)
        return self.annotate(
            issue_count=Coalesce(Subquery(issues.annotate(n=Count("pk")).values("n")), 0),
            project_count=Coalesce(Subquery(projects.annotate(n=Count("pk")).values("n")), 0),
            budget_total=Coalesce(
                Subquery(budgets.annotate(total=Sum("amount")).values("total"), output_field=money),
                Value(0, output_field=money),
            ),
            submitted_at=Subquery(submitted.values("at")[:1]),
        )


# The fields of the issues and projects a returned plan remembers (CommunityPlan.contents_snapshot);
# a project's "indicators" are its indicator rows as text, one a line (Indicator.snapshot_text).
SNAPSHOT_FIELDS = {
    "issue": ("title", "description", "priority", "villages", "cited_indicators"),
    "project": ("title", "objective", "target", "indicators", "expected_result", "approach"),
}


class PlanStateError(Exception):
    """A state change that the plan's current state or the person's role does not allow."""


class PlanLocked(PlanStateError):
    """A change to a submitted or accepted plan, or to a part of it, that was not reopened first."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "The plan is submitted or accepted, so it and its issues, projects and budget "
                "lines cannot be changed or deleted. The district (or CODI staff) must return or "
                "reopen it first, saying why."
            )
        )


class StaleEdit(Exception):
    """Someone else saved the plan since this copy was read."""

    def __init__(self, current: "CommunityPlan | None" = None):
        super().__init__()
        self.current = current  # the plan as saved now, when it was read


@dataclass(frozen=True)
class PlanFigures:
    """What a plan holds, as its confirm pages and its review list show it."""

    issues: int
    projects: int
    budget: Decimal


class CommunityPlan(models.Model):
    """A tambon council's community plan over a period of Thai fiscal years (B.E.)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for changes")
        ACCEPTED = "accepted", _("accepted")

    # Under review or accepted: the plan and its parts are frozen until returned or reopened.
    LOCKED_STATES = (State.SUBMITTED, State.ACCEPTED)

    council = models.ForeignKey(
        Council, models.PROTECT, related_name="plans", verbose_name=_("council")
    )
    title = models.CharField(_("title"), max_length=300)
    first_year = models.PositiveSmallIntegerField(
        _("first fiscal year (B.E.)"), validators=[validate_be_year]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last fiscal year (B.E.)"), validators=[validate_be_year]
    )
    situation = models.TextField(
        _("the situation in brief"),
        blank=True,
        validators=[
            at_most(
                MAX_SITUATION_CHARS,
                _(
                    "The situation in brief may be at most %(limit_value)s characters long "
                    "(this one has %(show_value)s)."
                ),
            )
        ],
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # Optimistic locking: every save bumps it, and a save from an older copy is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-first_year"]
        verbose_name = _("community plan")
        verbose_name_plural = _("community plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="plan_period_in_order"
            ),
            models.UniqueConstraint(
                fields=["council", "first_year"], name="one_plan_per_council_and_period"
            ),
        ]
        permissions = [
            ("import_planproject", _("Can import plan projects")),
            ("export_planproject", _("Can export plan projects")),
        ]

    def __str__(self):
        return f"{self.title} ({self.first_year}-{self.last_year})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            stored = CommunityPlan.objects.filter(pk=self.pk).values_list("state", flat=True)
            stored = stored.first()
            if stored in self.LOCKED_STATES:
                raise PlanLocked
            if stored is not None and stored != self.state:
                raise PlanStateError(
                    _(
                        "A plan's state moves only through its review: submit, accept, return, "
                        "reopen."
                    )
                )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plan_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        refuse_if_plan_locked(self.plans_touched())
        return super().delete(*args, **kwargs)

    def plans_touched(self):
        return CommunityPlan.objects.filter(pk=self.pk)

    @property
    def area_code(self) -> str:
        return self.council.subdistrict_id

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def is_locked(self) -> bool:
        """Submitted or accepted: no path may change the plan or its parts until it is reopened."""
        return self.state in self.LOCKED_STATES

    @property
    def is_awaiting_review(self) -> bool:
        """Submitted: the district accepts it or sends it back, and the tambon waits."""
        return self.state == self.State.SUBMITTED

    @property
    def is_accepted(self) -> bool:
        """Accepted: locked, until the district reopens it."""
        return self.state == self.State.ACCEPTED

    def clean(self):
        if self.first_year and self.last_year:
            if self.last_year < self.first_year:
                raise ValidationError({"last_year": _("The period ends before it starts.")})
            if self.last_year - self.first_year + 1 > MAX_PLAN_YEARS:
                raise ValidationError(
                    {
                        "last_year": _("A plan covers at most %(n)s fiscal years.")
                        % {"n": MAX_PLAN_YEARS}
                    }
                )

    def missing_core_themes(self) -> list[Theme]:
        covered = self.issues.values("theme")
        return list(Theme.objects.filter(is_core=True).exclude(pk__in=covered))

    def submission_summary(self) -> PlanFigures:
        """The issues, projects and budget the plan is sent (or accepted, returned) with: one
        query, the same figures as the review list's."""
        row = (
            CommunityPlan.objects.filter(pk=self.pk)
            .with_review_facts()
            .values("issue_count", "project_count", "budget_total")
            .get()
        )
        return PlanFigures(row["issue_count"], row["project_count"], row["budget_total"])

    def confirmation_state(self) -> str:
        """What must not change between a confirm page and its action: any save bumps it."""
        return f"{self.pk}:{self.version}:{self.state}"

    def save_edit(self, *, expected_version: int, update_fields: list[str]) -> None:
        """Save fields edited from a copy read at `expected_version`, or raise StaleEdit."""
        values = {name: getattr(self, name) for name in update_fields}
        changed = CommunityPlan.objects.filter(pk=self.pk, version=expected_version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not changed:
            raise StaleEdit
        self.version = expected_version + 1

    @contextmanager
    def editing(self, *, expected_version: int):
        """Hold the plan while a part of it changes: refuse a locked or stale copy, then bump.

        The row lock makes the version check and the change one step, so of two people saving
        from the same version only the first succeeds and the second gets StaleEdit.
        """
        with transaction.atomic():
            current = CommunityPlan.objects.select_for_update().get(pk=self.pk)
            if not current.is_editable:
                raise PlanStateError(
                    _("The plan is %(state)s and cannot be changed now.")
                    % {"state": current.get_state_display()}
                )
            if current.version != expected_version:
                # This copy is shown again with the conflict: let it carry the current version.
                self.version, self.updated_at = current.version, current.updated_at
                raise StaleEdit(current)
            yield current
            current.touch()
        self.version = current.version
        self.updated_at = timezone.now()

    def touch(self) -> None:
        """Bump the version when a part of the plan (issue, project, budget) changes."""
        CommunityPlan.objects.filter(pk=self.pk).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        self.version += 1

    def _move(self, to_state: str, *, allowed_from: tuple[str, ...], by, note: str = "") -> None:
        with transaction.atomic():
            current = CommunityPlan.objects.select_for_update().get(pk=self.pk)
            if current.state not in allowed_from:
                raise PlanStateError(
                    _("A plan in the state “%(state)s” cannot be moved to “%(to)s”.")
                    % {"state": current.get_state_display(), "to": self.State(to_state).label}
                )
            # A returned plan remembers what it held, so that the reviewer sees what changed
            # when it comes back (plans/changes.py).
            contents = self.contents_snapshot() if to_state == self.State.RETURNED else None
            PlanStateChange.objects.create(
                plan=self,
                from_state=current.state,
                to_state=to_state,
                by=by,
                note=note,
                contents=contents,
            )
            CommunityPlan.objects.filter(pk=self.pk)._record_move(to_state)
        self.state = to_state
        self.version = current.version + 1

    def check_submittable(self) -> None:
        """Raise PlanStateError when the plan cannot be sent to the district as it is."""
        if not self.is_editable:
            raise PlanStateError(
                _("The plan is %(state)s, so it cannot be submitted now.")
                % {"state": self.get_state_display()}
            )
        missing = self.missing_core_themes()
        if missing:
            raise PlanStateError(
                _("Add at least one issue for: %(themes)s before submitting.")
                % {"themes": ", ".join(theme.name_th for theme in missing)}
            )

    def contents_snapshot(self) -> dict:
        """The plan's issues (with the village figures they cite), projects (with their
        indicators) and budget lines as plain JSON (six queries)."""
        # plans.execution builds on this module: reach its Indicator through the relation.
        Indicator = PlanProject.indicators.field.model  # noqa: N806

        issues = (
            PlanIssue.objects.filter(plan=self)
            .select_related("theme")
            .prefetch_related("cited_indicators")
            .order_by("order")
        )
        projects = PlanProject.objects.filter(issue__plan=self).order_by("issue", "order")
        budgets = ProjectBudget.objects.of_plan(self).order_by("project", "fiscal_year", "source")
        indicators: dict[int, list[str]] = {}
        for indicator in (
            Indicator.objects.filter(project__issue__plan=self)
            .prefetch_related("targets")
            .order_by("project", "order", "pk")
        ):
            indicators.setdefault(indicator.project_id, []).append(indicator.snapshot_text())
        return {
            "issues": [
                {
                    "id": issue.pk,
                    "theme": issue.theme.name_th,
                    **{
                        name: getattr(issue, name)
                        for name in SNAPSHOT_FIELDS["issue"]
                        if name != "cited_indicators"
                    },
                    # The figures it cites, one a line, named as the page names them.
                    "cited_indicators": "\n".join(
                        str(indicator) for indicator in issue.cited_indicators.all()
                    ),
                }
                for issue in issues
            ],
            "projects": [
                {
                    "id": project.pk,
                    "issue": project.issue_id,
                    **{
                        name: getattr(project, name)
                        for name in SNAPSHOT_FIELDS["project"]
                        if name != "indicators"
                    },
                    "indicators": "\n".join(indicators.get(project.pk, [])),
                }
                for project in projects
            ],
            "budgets": [
                {
                    "project": line.project_id,
                    "fiscal_year": line.fiscal_year,
                    "source": line.source,
                    "amount": str(line.amount),
                }
                for line in budgets
            ],
        }

    def submit(self, *, by) -> None:
        missing = self.missing_core_themes()
        if missing:
            raise PlanStateError(
                _("Add at least one issue for: %(themes)s before submitting.")
                % {"themes": ", ".join(theme.name for theme in missing)}
            )
        self._move(
            self.State.SUBMITTED, allowed_from=(self.State.DRAFT, self.State.RETURNED), by=by
        )

    def accept(self, *, by, note: str = "") -> None:
        self._move(self.State.ACCEPTED, allowed_from=(self.State.SUBMITTED,), by=by, note=note)

    def send_back(self, *, by, note: str) -> None:
        if not note.strip():
            raise PlanStateError(_("Say what should change when returning a plan."))
        self._move(self.State.RETURNED, allowed_from=(self.State.SUBMITTED,), by=by, note=note)

    def reopen(self, *, by, note: str) -> None:
        if not note.strip():
            raise PlanStateError(_("Say why the accepted plan is reopened."))
        self._move(self.State.RETURNED, allowed_from=(self.State.ACCEPTED,), by=by, note=note)

    def reopen_for_changes(self, *, by, note: str) -> None:
        """Unlock the plan (return a submitted one, reopen an accepted one), saying who and why."""
        if self.state == self.State.SUBMITTED:
            self.send_back(by=by, note=note)
        else:
            self.reopen(by=by, note=note)


def refuse_if_plan_locked(plans) -> None:
    """Raise PlanLocked when any of these plans (a queryset) is submitted or accepted."""
    if plans.locked().exists():
        raise PlanLocked


def _plans_of(parent: str, parent_id: int | None, stored: str, pk: int | None):
    """The plan a part is put in (through its parent) and, for a saved part, the one it is in now.

    A missing id adds no condition: `issues__pk=None` would match every plan without issues.
    """
    wanted = Q(pk__in=[])
    if parent_id is not None:
        wanted |= Q(**{parent: parent_id})
    if pk is not None:
        wanted |= Q(**{stored: pk})
    return CommunityPlan.objects.filter(wanted)


class PlanPartQuerySet(AreaQuerySet):
    """The parts of a plan: changed or deleted in bulk only while every plan they are in is open."""

    # How CommunityPlan reaches the rows of this queryset's model.
    plans_lookup = ""

    def _plans(self):
        return CommunityPlan.objects.filter(**{f"{self.plans_lookup}__in": self.values("pk")})

    def update(self, **kwargs):
        refuse_if_plan_locked(self._plans())
        return super().update(**kwargs)

    def delete(self):
        refuse_if_plan_locked(self._plans())
        return super().delete()


class PlanPart(models.Model):
    """A part of a plan (issue, project, budget line): saved and deleted only while it is open."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        refuse_if_plan_locked(self.plans_touched())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_plan_locked(self.plans_touched())
        return super().delete(*args, **kwargs)

    def plans_touched(self):
        """The plan the row is put in and, for a saved row, the one it is in now (one query)."""
        raise NotImplementedError

    @property
    def is_locked(self) -> bool:
        return self.plans_touched().locked().exists()


class PlanStateChange(models.Model):
    """Who moved a plan from one state to another, when and why."""

    plan = models.ForeignKey(CommunityPlan, models.CASCADE, related_name="history")
    from_state = models.CharField(max_length=20, choices=CommunityPlan.State.choices)
    to_state = models.CharField(max_length=20, choices=CommunityPlan.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    # On a return: the plan's issues, projects and budget lines as they were (contents_snapshot).
    contents = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["plan", "at", "pk"]
        verbose_name = _("plan state change")
        verbose_name_plural = _("plan state changes")

    def __str__(self):
        return f"{self.plan_id}: {self.from_state} → {self.to_state}"


class PlanChildQuerySet(PlanPartQuerySet):
    area_field = "plan__council__subdistrict__code"
    plans_lookup = "issues"


class PlanIssue(PlanPart):
    """An issue found at the community forum, under one theme."""

    plan = models.ForeignKey(CommunityPlan, models.CASCADE, related_name="issues")
    theme = models.ForeignKey(
        Theme, models.PROTECT, related_name="plan_issues", verbose_name=_("theme")
    )
    title = models.CharField(_("issue"), max_length=300)
    description = models.TextField(
        _("description"),
        blank=True,
        validators=[
            at_most(
                MAX_TEXT_CHARS,
                _(
                    "The issue's description may be at most %(limit_value)s characters long "
                    "(this one has %(show_value)s)."
                ),
            )
        ],
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=2, help_text=_("1 is the most urgent.")
    )
    villages = models.JSONField(
        _("villages"), default=list, blank=True, help_text=_("The village numbers it touches.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # The village-data figures (จปฐ., กชช. 2ค) the issue answers: the tambon's figure of each is
    # shown under the issue. Changing them is a change of the plan: refused while it is locked
    # (_refuse_citations_of_a_locked_plan below, for every path).
    cited_indicators = models.ManyToManyField(
        VillageIndicator, blank=True, related_name="plan_issues",
        verbose_name=_("village figures it answers"),
    )  # fmt: skip

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("plan issue")
        verbose_name_plural = _("plan issues")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.check_room(self.plan_id)
        if self._state.adding and not self.order:
            last = PlanIssue.objects.filter(plan_id=self.plan_id).aggregate(n=models.Max("order"))
            self.order = (last["n"] or 0) + 1
        super().save(*args, **kwargs)

    def plans_touched(self):
        return _plans_of("pk", self.plan_id, "issues__pk", self.pk)

    def clean(self):
        if self._state.adding and self.plan_id:
            self.check_room(self.plan_id)

    @staticmethod
    def check_room(plan_id: int) -> None:
        """Refuse another issue to a plan that has as many as it may (any path: forms, the
        admin, the import, the shell)."""
        if PlanIssue.objects.filter(plan_id=plan_id).count() >= MAX_ISSUES_PER_PLAN:
            raise ValidationError(
                _("A plan may have at most %(n)s issues; this one has them all already.")
                % {"n": MAX_ISSUES_PER_PLAN}
            )

    def move(self, step: int) -> None:
        """Swap places with the neighbouring issue above (step -1) or below (step +1)."""
        siblings = PlanIssue.objects.filter(plan_id=self.plan_id)
        if step < 0:
            neighbour = siblings.filter(
                Q(order__lt=self.order) | Q(order=self.order, pk__lt=self.pk)
            ).order_by("-order", "-pk")
        else:
            neighbour = siblings.filter(
                Q(order__gt=self.order) | Q(order=self.order, pk__gt=self.pk)
            ).order_by("order", "pk")
        other = neighbour.first()
        if other is None:
            return
        mine, theirs = other.order, self.order
        if mine == theirs:  # equal orders (old rows): make them distinct while swapping
            mine, theirs = (theirs - 1, theirs) if step < 0 else (theirs + 1, theirs)
        with transaction.atomic():
            PlanIssue.objects.filter(pk=self.pk).update(order=mine)
            PlanIssue.objects.filter(pk=other.pk).update(order=theirs)
        self.order = mine

    def removal_summary(self) -> PlanFigures:
        """What removing the issue takes with it: its projects and their budget (one query)."""
        row = PlanProject.objects.filter(issue=self).aggregate(
            projects=Count("pk", distinct=True), budget=Sum("budgets__amount")
        )
        return PlanFigures(1, row["projects"], row["budget"] or Decimal(0))

    @property
    def village_list(self) -> str:
        return ", ".join(str(number) for number in self.villages)


@receiver(m2m_changed, sender=PlanIssue.cited_indicators.through)
def _refuse_citations_of_a_locked_plan(sender, instance, action, reverse, pk_set, **kwargs):
    """Citing a figure, or no longer citing it, changes the plan: every path (the issue form,
    the admin, the shell, indicator.plan_issues.add(...)) is refused while the plan is locked."""
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if reverse:  # indicator.plan_issues.add(issue, ...): the indicator is the instance
        issues = PlanIssue.objects.filter(cited_indicators=instance)
        if pk_set is not None:
            issues = PlanIssue.objects.filter(pk__in=pk_set)
        refuse_if_plan_locked(CommunityPlan.objects.filter(issues__in=issues.values("pk")))
    else:
        refuse_if_plan_locked(CommunityPlan.objects.filter(pk=instance.plan_id))


class ExecutionStatus(models.TextChoices):
    """Where a project stands after the plan, as its latest timeline update says."""

    NOT_STARTED = "not_started", _("not started")
    UNDER_WAY = "under_way", _("under way")
    DONE = "done", _("done")
    DELAYED = "delayed", _("delayed")
    DROPPED = "dropped", _("dropped")
    NOT_FUNDED = "not_funded", _("not funded")


# The project's execution state: kept on the project for fast lists, written only by
# PlanProject.record_update with the timeline row it comes from.
EXECUTION_FIELDS = frozenset(
    {
        "execution_status",
        "progress",
        "last_update_on",
        "taken_into_plan",
        "committed_total",
        "spent_total",
    }
)


# Who adds to the timelines of the projects in their area (PlanProject.objects.updatable_by).
UPDATING_ROLES = (Role.TAMBON_COORDINATOR, Role.DISTRICT_COORDINATOR)


class ProjectQuerySet(PlanPartQuerySet):
    area_field = "issue__plan__council__subdistrict__code"
    plans_lookup = "issues__projects"

    def update(self, **kwargs):
        if set(kwargs) & EXECUTION_FIELDS:
            raise PlanStateError(
                _(
                    "A project's execution state changes only by recording an update on its "
                    "timeline."
                )
            )
        return super().update(**kwargs)

    def updatable_by(self, user):
        """The projects whose timeline the user may add to: a tambon coordinator's own council's,
        and a district coordinator's whole district (who collect the updates on paper)."""
        return self.within(scope_for(user).codes(*UPDATING_ROLES))

    def _record_execution(self, **fields) -> int:
        """record_update's own write of the execution state: allowed on an accepted plan, since
        what became of a project is not a change of the plan."""
        return super(PlanPartQuerySet, self).update(**fields)

    def with_execution(self):
        return self.select_related("issue__plan__council__subdistrict")


class PlanProject(PlanPart):
    """A project that answers a plan issue."""

    class Approach(models.TextChoices):
        SELF = "self", _("by the community itself")
        JOINT = "joint", _("jointly with partners")
        REQUEST = "request", _("asking an agency for support")

    issue = models.ForeignKey(PlanIssue, models.CASCADE, related_name="projects")
    title = models.CharField(_("project"), max_length=300)
    objective = models.TextField(
        _("objective"),
        blank=True,
        validators=[
            at_most(
                MAX_TEXT_CHARS,
                _(
                    "The project's objective may be at most %(limit_value)s characters long "
                    "(this one has %(show_value)s)."
                ),
            )
        ],
    )
    target = models.CharField(_("target group"), max_length=300, blank=True)
    # The local development plan's form (แบบ ผ.02) asks for it: plans/local_plan_form.py.
    expected_result = models.TextField(
        _("expected result"),
        blank=True,
        validators=[
            at_most(
                MAX_TEXT_CHARS,
                _(
                    "The project's expected result may be at most %(limit_value)s characters "
                    "long (this one has %(show_value)s)."
                ),
            )
        ],
    )
    approach = models.CharField(_("how it is done"), max_length=20, choices=Approach.choices)
    lead_partner = models.ForeignKey(
        Partner, models.SET_NULL, null=True, blank=True, related_name="plan_projects",
        verbose_name=_("lead partner"),
    )  # fmt: skip
    order = models.PositiveIntegerField(_("order"), default=0)
    # The resolutions that back the project: of its council, or of the district and provincial
    # meetings around it. Kept here because councils does not know about plans.
    resolutions = models.ManyToManyField(
        Resolution, blank=True, related_name="plan_projects", verbose_name=_("resolutions")
    )

    # What became of the project, kept here for fast lists: written only by record_update
    # (plans/execution/models.py), in the transaction that adds the timeline row it comes from.
    execution_status = models.CharField(
        _("execution status"), max_length=20, choices=ExecutionStatus.choices,
        default=ExecutionStatus.NOT_STARTED, editable=False, db_index=True,
    )  # fmt: skip
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    last_update_on = models.DateField(_("last update"), null=True, blank=True, editable=False)
    taken_into_plan = models.BooleanField(
        _("taken into an agency's plan"), default=False, editable=False
    )
    committed_total = models.DecimalField(
        _("committed (baht)"), max_digits=16, decimal_places=2, default=0, editable=False
    )
    spent_total = models.DecimalField(
        _("spent (baht)"), max_digits=16, decimal_places=2, default=0, editable=False
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["issue", "order", "pk"]
        verbose_name = _("plan project")
        verbose_name_plural = _("plan projects")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            # The execution state is the timeline's to write (record_update): an ordinary save
            # of the project, by a form, the admin, an import or the shell, leaves it alone.
            names = kwargs.get("update_fields")
            if names is None:
                names = [f.attname for f in self._meta.concrete_fields if not f.primary_key]
            kwargs["update_fields"] = [n for n in names if n not in EXECUTION_FIELDS]
        if self._state.adding:
            self.check_room(self.issue_id)
        if self._state.adding and not self.order:
            last = PlanProject.objects.filter(issue_id=self.issue_id).aggregate(
                n=models.Max("order")
            )
            self.order = (last["n"] or 0) + 1
        super().save(*args, **kwargs)

    def removal_summary(self) -> tuple[int, Decimal]:
        """What removing the project takes with it: its budget lines and their total."""
        row = self.budgets.aggregate(lines=Count("pk"), total=Sum("amount"))
        return row["lines"], row["total"] or Decimal(0)

    def plans_touched(self):
        return _plans_of("issues__pk", self.issue_id, "issues__projects__pk", self.pk)

    def record_update(self, update, *, commitments=(), spending=(), results=(), evidence=()):
        """Add a dated update to the project's timeline and bring its execution state up to date.

        See plans.execution.models.record_update: the one path that writes the state.
        """
        # The timeline lives in plans.execution, which imports this module: reach it through
        # the reverse relation rather than an import.
        return self.updates.model.objects.record(
            self,
            update,
            commitments=commitments,
            spending=spending,
            results=results,
            evidence=evidence,
        )

    def clean(self):
        if self._state.adding and self.issue_id:
            self.check_room(self.issue_id)

    @staticmethod
    def check_room(issue_id: int) -> None:
        """Refuse another project to a plan that has as many as it may (any path)."""
        projects = PlanProject.objects.filter(issue__plan__issues=issue_id)
        if projects.count() >= MAX_PROJECTS_PER_PLAN:
            raise ValidationError(
                _("A plan may have at most %(n)s projects; this one has them all already.")
                % {"n": MAX_PROJECTS_PER_PLAN}
            )


class FundingSource(models.TextChoices):
    COMMUNITY = "community", _("community")
    # In context: a source is named without the abbreviation the partner kinds carry.
    LOCAL_GOVERNMENT = "local_government", pgettext_lazy("funding source", "local government")
    PAO = "pao", pgettext_lazy("funding source", "provincial administrative organization")
    CODI = "codi", _("CODI")
    PROVINCE = "province", _("province")
    CENTRAL_AGENCY = "central_agency", _("central agency")
    OTHER = "other", _("other")


class BudgetQuerySet(PlanPartQuerySet):
    area_field = "project__issue__plan__council__subdistrict__code"
    plans_lookup = "issues__projects__budgets"

    def of_plan(self, plan: CommunityPlan):
        return self.filter(project__issue__plan=plan)

    def totals_by(self, *fields: str):
        """One row per value of the fields, with the summed amount; a single GROUP BY."""
        return self.order_by().values(*fields).annotate(total=Sum("amount")).order_by(*fields)


class ProjectBudget(PlanPart):
    """The part of a project's budget for one fiscal year from one funding source."""

    project = models.ForeignKey(PlanProject, models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[validate_be_year]
    )
    source = models.CharField(_("funding source"), max_length=30, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("amount (baht)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["project", "fiscal_year", "source"]
        verbose_name = _("project budget")
        verbose_name_plural = _("project budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fiscal_year", "source"], name="one_budget_line_per_year_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.project_id} {self.fiscal_year} {self.source}: {self.amount}"

    def plans_touched(self):
        return _plans_of(
            "issues__projects__pk", self.project_id, "issues__projects__budgets__pk", self.pk
        )

    def clean(self):
        plan = self.project.issue.plan if self.project_id else None
        if plan and self.fiscal_year and self.fiscal_year not in plan.years:
            raise ValidationError(
                {
                    "fiscal_year": _("Fiscal year %(year)s is outside the plan period %(a)s-%(b)s.")
                    % {"year": self.fiscal_year, "a": plan.first_year, "b": plan.last_year}
                }
            )

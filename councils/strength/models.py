"""Community strength: the organic community's five components, their indicators, and each
council's yearly self-assessment.

CODI staff keep the indicators in the admin: one national set, and a province may have a set of
its own (Nakhon Si Thammarat's "ชุมชนอินทรีย์"), which its councils use instead. A council assesses
itself once a fiscal year, a level per indicator; the levels of a component make the
component's level, which is stored with the tambon's code and year so that any area's roll-up
is one grouped query (councils/strength/rollup.py). Indicators whose value the portal already
knows (a welfare fund, an accepted plan, meetings held...) are filled in by
reports/strength.py and marked so.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet
from councils.buddhist_era import fiscal_year_be, validate_be_year
from councils.models import Council, CouncilChildQuerySet, Province
from councils.uploads import JPEG, PDF, PNG, check_upload

# A photo of the group at work or a scanned record backs a level.
EVIDENCE_KINDS = (PDF, JPEG, PNG)


class Component(models.IntegerChoices):
    """The five components of the organic community (ชุมชนอินทรีย์)."""

    LEADERS = 1, _("leaders of quality, with succession")
    MASTER_PLAN = 2, _("a good self-reliance community master plan")
    KNOWLEDGE = 3, _("knowledge management")
    FINANCE = 4, _("community financial institutions and welfare")
    MANAGEMENT = 5, _("the capacity to manage")


class Level(models.IntegerChoices):
    STARTING = 1, _("1 starting")
    DEVELOPING = 2, _("2 developing")
    FAIR = 3, _("3 fair")
    GOOD = 4, _("4 good")
    EXCELLENT = 5, _("5 very good, a model for others")


class CommunityType(models.IntegerChoices):
    """The district CON centre's four types of Thai community."""

    WEAK = 1, _("type 1: weak and lacking strength")
    SELF_RELIANT = 2, _("type 2: a self-reliant way of life")
    RECOVERING = 3, _("type 3: recovering and growing strong")
    GLOBALISED = 4, _("type 4: globalised, with community enterprises")


class AutoSource(models.TextChoices):
    """What in the portal's own data answers an indicator (reports/strength.py reads it)."""

    NONE = "", _("assessed by the council")
    WELFARE_FUND = "welfare_fund", _("the community welfare fund and its members")
    ACCEPTED_PLAN = "accepted_plan", _("the tambon plan and its acceptance")
    MEETINGS = "meetings", _("council meetings held in the year")
    LEADERS_TRAINED = "leaders_trained", _("leaders trained in the year")
    SUCCESSORS = "successors", _("officers with a named successor")
    PROJECTS_UNDER_WAY = "projects_under_way", _("plan projects under way or done")


class StrengthIndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_province(self, province_code: str):
        """The set a province's councils assess: its own where it has one, else the national
        set (one query)."""
        own = StrengthIndicator.objects.active().filter(province_id=province_code)
        return self.active().filter(
            Q(province_id=province_code) | (Q(province__isnull=True) & ~models.Exists(own))
        )


class StrengthIndicator(models.Model):
    component = models.PositiveSmallIntegerField(_("component"), choices=Component.choices)
    province = models.ForeignKey(
        Province,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="strength_indicators",
        verbose_name=_("province"),
        help_text=_(
            "Empty for the national set. A province with indicators of its own assesses only those."
        ),
    )
    number = models.PositiveSmallIntegerField(_("no."))
    name = models.CharField(_("indicator"), max_length=300)
    guide = models.TextField(
        _("what the levels mean"), blank=True,
        help_text=_("What a council at level 1, 3 and 5 looks like, to assess by."),
    )  # fmt: skip
    auto_source = models.CharField(
        _("filled in from"), max_length=30, choices=AutoSource.choices, blank=True,
        help_text=_("Where the portal's own data answers the indicator, it is filled in."),
    )  # fmt: skip
    active = models.BooleanField(
        _("in use"), default=True,
        help_text=_("An indicator no longer used keeps its past scores."),
    )  # fmt: skip

    objects = StrengthIndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["province", "component", "number", "pk"]
        verbose_name = _("community-strength indicator")
        verbose_name_plural = _("community-strength indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["component", "number"],
                condition=Q(province__isnull=True),
                name="one_national_indicator_per_number",
                violation_error_message=_("The national set already has an indicator of this "
                                          "number in this component."),
            ),
            models.UniqueConstraint(
                fields=["province", "component", "number"],
                condition=Q(province__isnull=False),
                name="one_provincial_indicator_per_number",
                violation_error_message=_("The province's set already has an indicator of this "
                                          "number in this component."),
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.component}.{self.number} {self.name}"


class AssessmentQuerySet(CouncilChildQuerySet):
    def for_year(self, fiscal_year: int):
        return self.filter(fiscal_year=fiscal_year)


class StrengthAssessment(models.Model):
    """A council's self-assessment of one fiscal year."""

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="strength_assessments", verbose_name=_("council")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    community_type = models.PositiveSmallIntegerField(
        _("community type"), choices=CommunityType.choices, null=True, blank=True,
        help_text=_("The CON centre's four types of community, for the tambon as a whole."),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    overall_level = models.PositiveSmallIntegerField(
        _("overall level"), choices=Level.choices, null=True, editable=False
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("assessed by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-fiscal_year"]
        verbose_name = _("community-strength assessment")
        verbose_name_plural = _("community-strength assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "fiscal_year"],
                name="one_strength_assessment_a_year",
                violation_error_message=_("The council has already assessed this fiscal year."),
            )
        ]

    def __str__(self):
        return f"{self.council} · {self.fiscal_year}"

    def get_absolute_url(self):
        return reverse("council_strength", args=[self.council_id]) + f"#year-{self.fiscal_year}"

    @property
    def area_code(self) -> str:
        return self.council.subdistrict_id

    def clean(self):
        if not self.fiscal_year:
            return
        try:
            validate_be_year(self.fiscal_year)
        except ValidationError as error:
            raise ValidationError({"fiscal_year": error.messages}) from None
        if self.fiscal_year > fiscal_year_be(timezone.localdate()):
            raise ValidationError(
                {"fiscal_year": _("A council assesses a fiscal year that has begun.")}
            )

    @transaction.atomic
    def record_scores(self, levels: dict[int, int | None], *, by=None) -> None:
        """Write the levels of this assessment's indicators ({indicator pk: level or None})
        and recompute the component levels, in one transaction. Scores are created for
        indicators not yet scored; a None level is "not assessed"."""
        for indicator_pk, level in levels.items():
            StrengthScore.objects.update_or_create(
                assessment=self, indicator_id=indicator_pk, defaults={"level": level}
            )
        if by is not None:
            self.assessed_by = by
            self.save(update_fields=["assessed_by", "updated_at"])
        self.recompute_levels()

    @transaction.atomic
    def recompute_levels(self) -> None:
        """Each component's level is the rounded mean of its scored indicators; the overall
        level the rounded mean of the components'. Stored for the roll-ups."""
        by_component: dict[int, list[int]] = {}
        for component, level in self.scores.filter(level__isnull=False).values_list(
            "indicator__component", "level"
        ):
            by_component.setdefault(component, []).append(level)
        ComponentLevel.objects.filter(assessment=self).delete()
        ComponentLevel.objects.bulk_create(
            ComponentLevel(
                assessment=self,
                component=component,
                level=rounded_mean(levels),
                area_code=self.council.subdistrict_id,
                fiscal_year=self.fiscal_year,
            )
            for component, levels in sorted(by_component.items())
        )
        component_levels = [rounded_mean(levels) for levels in by_component.values()]
        self.overall_level = rounded_mean(component_levels) if component_levels else None
        self.save(update_fields=["overall_level", "updated_at"])


def rounded_mean(levels: list[int]) -> int:
    """The mean of levels rounded half up (2.5 is 3), as people round."""
    mean = Decimal(sum(levels)) / len(levels)
    return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class ScoreQuerySet(AreaQuerySet):
    area_field = "assessment__council__subdistrict__code"


def evidence_path(score: StrengthScore, filename: str) -> str:
    # The stored name never comes from the upload: it is served only through the access module.
    now = timezone.now()
    name = f"{score.assessment_id}-{score.indicator_id}-{now:%H%M%S%f}"
    return f"strength-evidence/{now:%Y/%m}/{name}"


class StrengthScore(models.Model):
    """The level a council gave itself on one indicator in one year, with its evidence. Where
    the portal's data answers the indicator, what it said is kept beside the level."""

    assessment = models.ForeignKey(
        StrengthAssessment, models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    indicator = models.ForeignKey(
        StrengthIndicator, models.PROTECT, related_name="scores", verbose_name=_("indicator")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True, max_length=200)
    evidence_type = models.CharField(max_length=100, blank=True, editable=False)
    filled_level = models.PositiveSmallIntegerField(
        _("level from the portal's data"), choices=Level.choices, null=True, editable=False
    )
    filled_value = models.CharField(
        _("what the portal's data says"), max_length=300, blank=True, editable=False
    )

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "indicator__component", "indicator__number"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_score_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="score_level_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.level or '-'}"

    def save(self, *args, **kwargs):
        # Whatever path the file came by, its content is checked before it is stored.
        if self.evidence and not self.evidence._committed:
            self._take_checked_evidence()
        super().save(*args, **kwargs)

    @property
    def area_code(self) -> str:
        return self.assessment.council.subdistrict_id

    @property
    def filled_in(self) -> bool:
        return self.filled_level is not None

    @property
    def changed_by_council(self) -> bool:
        """The council chose another level than its data suggested (both are shown)."""
        return self.filled_in and self.level is not None and self.level != self.filled_level

    def clean(self):
        errors = {}
        if self.assessment_id and self.indicator_id:
            province = self.assessment.council.subdistrict_id[:2]
            if self.indicator.province_id not in (None, province):
                errors["indicator"] = _("This indicator belongs to another province's set.")
        if self.evidence and not self.evidence._committed:
            try:
                self._take_checked_evidence()
            except ValidationError as error:
                errors["evidence"] = error.messages
        if errors:
            raise ValidationError(errors)

    def _take_checked_evidence(self) -> None:
        upload = self.evidence.file
        checked = getattr(upload, "checked", None) or check_upload(
            upload, field=str(self._meta.get_field("evidence").verbose_name), kinds=EVIDENCE_KINDS
        )
        upload.checked = checked
        self.evidence_type = checked.content_type


class ComponentLevelQuerySet(AreaQuerySet):
    def between(self, first_year: int, last_year: int):
        return self.filter(fiscal_year__gte=first_year, fiscal_year__lte=last_year)


class ComponentLevel(models.Model):
    """A component's level in one assessment, kept with the tambon's code and the year so that
    an area's roll-up over years is one grouped query. Written only by recompute_levels."""

    assessment = models.ForeignKey(
        StrengthAssessment, models.CASCADE, related_name="component_levels"
    )
    component = models.PositiveSmallIntegerField(_("component"), choices=Component.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    area_code = models.CharField(_("area code"), max_length=6, editable=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), editable=False)

    objects = ComponentLevelQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "component"]
        verbose_name = _("component level")
        verbose_name_plural = _("component levels")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "component"], name="one_level_per_component"
            )
        ]
        indexes = [models.Index(fields=["fiscal_year", "area_code"])]

    def __str__(self):
        return f"{self.get_component_display()} · {self.level}"


def current_fiscal_year(today: dt.date | None = None) -> int:
    return fiscal_year_be(today or timezone.localdate())

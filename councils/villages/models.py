"""Village data the community plans are built on: the basic minimum needs survey (จปฐ.) and the
village basic data (กชช. 2ค), imported from their spreadsheet exports.

Both are figures per village (หมู่ที่) of a tambon and year (B.E.), one row per indicator:
a จปฐ. figure is how many surveyed households meet the indicator's criterion, a กชช. 2ค figure
the village's level on the indicator (1 a serious problem, 2 some, 3 none). The indicators
are reference rows CODI staff keep in the admin. The rows belong to the tambon's code, not to a
council: the district CON centre imports them whether or not the tambon has a council.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet
from councils.models import Subdistrict

HUNDRED = Decimal(100)


class Dataset(models.TextChoices):
    BASIC_NEEDS = "bmn", _("basic minimum needs survey (BMN, จปฐ.)")
    VILLAGE_BASIC_DATA = "nrd2c", _("village basic data (NRD 2C, กชช. 2ค)")


class ProblemLevel(models.IntegerChoices):
    """A กชช. 2ค indicator's level in a village."""

    SERIOUS = 1, _("1 a serious problem")
    SOME = 2, _("2 some problem")
    NONE = 3, _("3 no problem")


class VillageIndicator(models.Model):
    dataset = models.CharField(_("dataset"), max_length=10, choices=Dataset.choices)
    code = models.CharField(
        _("code"), max_length=10,
        help_text=_("The indicator's number in the dataset, as its spreadsheet export writes it."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    category = models.CharField(_("category"), max_length=200, blank=True)
    name = models.CharField(_("indicator"), max_length=300)
    target_percent = models.DecimalField(
        _("target (percent of households)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(HUNDRED)],
        help_text=_("For the BMN survey: a village below this share falls short."),
    )  # fmt: skip
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["dataset", "position", "code"]
        verbose_name = _("village-data indicator")
        verbose_name_plural = _("village-data indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "code"],
                name="one_village_indicator_per_code",
                violation_error_message=_("The dataset already has an indicator of this code."),
            )
        ]

    def __str__(self):
        return f"{self.get_dataset_display()} {self.code}. {self.name}"

    def clean(self):
        if self.dataset == Dataset.BASIC_NEEDS and self.target_percent is None:
            raise ValidationError({"target_percent": _("A BMN indicator needs its target.")})
        if self.dataset == Dataset.VILLAGE_BASIC_DATA and self.target_percent is not None:
            raise ValidationError(
                {"target_percent": _("An NRD 2C indicator is a level, with no target share.")}
            )


class VillageRowQuerySet(AreaQuerySet):
    # The tambon's code is the row's own column: Django trims the join to Subdistrict, whose
    # primary key the code is, so a prefix test needs no join ("subdistrict_id__startswith" is
    # not a lookup Django allows on a foreign key).
    area_field = "subdistrict__code"

    def of_village(self, subdistrict_code: str, village_no: int):
        return self.filter(subdistrict_id=subdistrict_code, village_no=village_no)


class VillageProfile(models.Model):
    """A village's basic facts in a survey year (from the กชช. 2ค export)."""

    subdistrict = models.ForeignKey(
        Subdistrict, models.PROTECT, related_name="village_profiles", verbose_name=_("tambon")
    )
    village_no = models.PositiveSmallIntegerField(_("village no."))
    year = models.PositiveSmallIntegerField(_("survey year (B.E.)"))
    village_name = models.CharField(_("village name"), max_length=200, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    average_income = models.DecimalField(
        _("average income (baht a person a year)"), max_digits=12, decimal_places=2,
        null=True, blank=True, validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip

    objects = VillageRowQuerySet.as_manager()

    class Meta:
        ordering = ["subdistrict", "village_no", "-year"]
        verbose_name = _("village profile")
        verbose_name_plural = _("village profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "village_no", "year"],
                name="one_village_profile_a_year",
                violation_error_message=_("This village already has its facts of this year."),
            )
        ]

    def __str__(self):
        return f"{self.subdistrict_id} หมู่ {self.village_no} ({self.year})"

    @property
    def area_code(self) -> str:
        return self.subdistrict_id

    def clean(self):
        if self.subdistrict_id and (unknown := self.subdistrict.unknown_village(self.village_no)):
            raise ValidationError({"village_no": unknown})


class VillageFigure(models.Model):
    """One indicator of one village in one year."""

    subdistrict = models.ForeignKey(
        Subdistrict, models.PROTECT, related_name="village_figures", verbose_name=_("tambon")
    )
    village_no = models.PositiveSmallIntegerField(_("village no."))
    year = models.PositiveSmallIntegerField(_("survey year (B.E.)"))
    indicator = models.ForeignKey(
        VillageIndicator, models.PROTECT, related_name="figures", verbose_name=_("indicator")
    )
    households_surveyed = models.PositiveIntegerField(
        _("households surveyed"), null=True, blank=True
    )
    households_passed = models.PositiveIntegerField(
        _("households meeting the criterion"), null=True, blank=True
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=ProblemLevel.choices, null=True, blank=True
    )

    objects = VillageRowQuerySet.as_manager()

    class Meta:
        ordering = ["subdistrict", "village_no", "-year", "indicator"]
        verbose_name = _("village figure")
        verbose_name_plural = _("village figures")
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "village_no", "year", "indicator"],
                name="one_village_figure_per_indicator",
                violation_error_message=_(
                    "This village already has a figure of this indicator in this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(households_passed__isnull=True)
                | Q(households_passed__lte=F("households_surveyed")),
                name="passed_within_surveyed",
                violation_error_message=_(
                    "More households cannot meet the criterion than were surveyed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=3),
                name="village_level_1_to_3",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "subdistrict"]),
            # Whether an area has figures of an indicator in a year is one probe of this index
            # (rollup.available); the pattern operators let PostgreSQL serve the tambon code's
            # prefix test from it.
            models.Index(
                fields=["indicator", "year", "subdistrict"],
                name="village_figure_by_indicator",
                opclasses=["int8_ops", "int2_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return f"{self.subdistrict_id} หมู่ {self.village_no} ({self.year}) {self.indicator.code}"

    @property
    def area_code(self) -> str:
        return self.subdistrict_id

    @property
    def percent(self) -> Decimal | None:
        """The share of surveyed households that meet the criterion (BMN), in percent."""
        if not self.households_surveyed or self.households_passed is None:
            return None
        return (HUNDRED * self.households_passed / self.households_surveyed).quantize(
            Decimal("0.01")
        )

    @property
    def falls_short(self) -> bool:
        if self.indicator.dataset == Dataset.BASIC_NEEDS:
            percent = self.percent
            return percent is not None and percent < self.indicator.target_percent
        return self.level == ProblemLevel.SERIOUS

    def clean(self):
        errors: dict[str, str] = {}
        if self.indicator_id:
            if self.indicator.dataset == Dataset.BASIC_NEEDS:
                if self.households_surveyed is None or self.households_passed is None:
                    errors["households_surveyed"] = _(
                        "A BMN figure needs the households surveyed and those meeting the "
                        "criterion."
                    )
                elif self.households_passed > self.households_surveyed:
                    errors["households_passed"] = _(
                        "More households cannot meet the criterion than were surveyed."
                    )
                if self.level is not None:
                    errors["level"] = _("A BMN figure is counted in households, not a level.")
            else:
                if self.level is None:
                    errors["level"] = _("An NRD 2C figure needs the village's level (1 to 3).")
                if self.households_surveyed is not None or self.households_passed is not None:
                    errors["households_surveyed"] = _(
                        "An NRD 2C figure is a level, not a count of households."
                    )
        if self.subdistrict_id and (unknown := self.subdistrict.unknown_village(self.village_no)):
            errors["village_no"] = unknown
        if errors:
            raise ValidationError(errors)

"""Forms of indicators: a project's or a strategic issue's indicators with a target per fiscal year
of the plan or book, and a measured value of a book's indicator."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from councils.buddhist_era import BuddhistDateField
from plans.books.models import StrategicIssue
from plans.execution.models import Indicator, IndicatorMeasurement, IndicatorTarget
from plans.models import PlanProject

TARGET = "target_%s"  # the form field of a fiscal year's target


class IndicatorForm(forms.ModelForm):
    """An indicator: its name, unit and baseline, and a target for each year of the period."""

    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "baseline_year"]
        widgets = {
            "baseline": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            "baseline_year": forms.NumberInput(
                attrs={"inputmode": "numeric", "placeholder": "2568"}
            ),
        }

    def __init__(self, *args, years: range, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        self.fields["name"].required = False  # an empty extra line is not an error
        saved = (
            {target.fiscal_year: target.value for target in self.instance.targets.all()}
            if self.instance.pk
            else {}
        )
        for year in self.years:
            self.fields[TARGET % year] = forms.DecimalField(
                label=capfirst(_("target %(year)s") % {"year": year}),
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=saved.get(year),
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            if self.instance.pk and self.instance.measurements.exists():
                raise ValidationError(
                    _("This indicator has measured values, so it stays; change its name instead.")
                )
            return cleaned
        given = [
            cleaned.get(name) not in (None, "")
            for name in ("unit", "baseline", "baseline_year", *(TARGET % y for y in self.years))
        ]
        if not (cleaned.get("name") or "").strip():
            if self.instance.pk and not any(given) and "name" not in self._errors:
                # Emptying a saved line on a phone means removing it, as with budget lines.
                if self.instance.measurements.exists():
                    self.add_error("name", _("This indicator has measured values: keep its name."))
                else:
                    cleaned["DELETE"] = True
            elif any(given) or self.instance.pk:
                self.add_error("name", _("Give the indicator's name."))
        return cleaned

    def save(self, commit=True):
        indicator = super().save(commit=commit)
        if commit:
            self.save_targets()
        return indicator

    def save_targets(self) -> None:
        """Write the year's target where one is typed, remove it where the box was emptied."""
        saved = {target.fiscal_year: target for target in self.instance.targets.all()}
        for year in self.years:
            value = self.cleaned_data.get(TARGET % year)
            target = saved.get(year)
            if value is None:
                if target is not None:
                    target.delete()
            elif target is None:
                IndicatorTarget(indicator=self.instance, fiscal_year=year, value=value).save()
            elif target.value != value:
                target.value = value
                target.save(update_fields=["value"])


class BaseIndicatorFormSet(forms.BaseInlineFormSet):
    """The indicators of a project or a strategic issue, a target box per year of `years`."""

    def __init__(self, *args, years: range, **kwargs):
        self.years = years
        kwargs.setdefault("queryset", Indicator.objects.prefetch_related("targets"))
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "years": self.years}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            years=self.years,
        )
        self.add_fields(form, None)
        return form

    def save(self, commit=True):
        for number, form in enumerate(self.forms, start=1):
            if form.has_changed() or not form.instance.pk:
                form.instance.order = number
        return super().save(commit)


ProjectIndicatorFormSet = forms.inlineformset_factory(
    PlanProject,
    Indicator,
    form=IndicatorForm,
    formset=BaseIndicatorFormSet,
    fk_name="project",
    fields=IndicatorForm.Meta.fields,
    extra=1,
    can_delete=True,
)

IssueIndicatorFormSet = forms.inlineformset_factory(
    StrategicIssue,
    Indicator,
    form=IndicatorForm,
    formset=BaseIndicatorFormSet,
    fk_name="strategic_issue",
    fields=IndicatorForm.Meta.fields,
    extra=1,
    can_delete=True,
)

ADD_INDICATOR = "add_indicator"  # the button that asks for one more indicator line
PREFIX = "indicators"


def indicator_formset(formset_class, data, **kwargs) -> BaseIndicatorFormSet:
    """The indicators' formset, bound only when the form carried it: a page opened before the
    indicators were on the form still saves the rest, and leaves the indicators as they are."""
    posted = data is not None and f"{PREFIX}-TOTAL_FORMS" in data
    return formset_class(data if posted else None, prefix=PREFIX, **kwargs)


def indicators_valid(formset: BaseIndicatorFormSet | None) -> bool:
    return formset is None or not formset.is_bound or formset.is_valid()


def save_indicators(formset: BaseIndicatorFormSet | None, owner) -> None:
    if formset is not None and formset.is_bound:
        formset.instance = owner
        formset.save()


class MeasurementForm(forms.ModelForm):
    """What a book's indicator measured in a fiscal year, recorded by the book's coordinator."""

    measured_on = BuddhistDateField(label=_("measured on"))

    class Meta:
        model = IndicatorMeasurement
        fields = ["indicator", "fiscal_year", "value", "measured_on", "note"]
        widgets = {"value": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"})}

    def __init__(self, *args, book, issue, by, **kwargs):
        kwargs.setdefault("auto_id", f"id_measure_{issue.pk}_%s")
        super().__init__(*args, **kwargs)
        self.book = book
        self.instance.by = by
        self.fields["indicator"].queryset = issue.indicators.all()
        self.fields["indicator"].empty_label = None
        self.fields["indicator"].label = capfirst(_("indicator"))
        # A list of the book's years on a phone; the typed value is still checked in words.
        self.fields["fiscal_year"] = forms.IntegerField(
            label=_("fiscal year (B.E.)"),
            widget=forms.Select(choices=[(y, str(y)) for y in book.years]),
        )

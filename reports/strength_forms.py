"""The phone form of a council's yearly self-assessment: a level, a note and evidence per
indicator, the community type and a note on the whole."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils.strength.models import (
    EVIDENCE_KINDS,
    CommunityType,
    Component,
    Level,
    StrengthAssessment,
    StrengthIndicator,
    StrengthScore,
)
from councils.uploads import CheckedFileField
from reports.strength import Filled

# One line for each of the CON centre's types, so a council can tell them apart on the form.
COMMUNITY_TYPE_EXPLAINED = {
    CommunityType.WEAK: gettext_lazy(
        "Many problems, few groups and little working together; the community waits for help."
    ),
    CommunityType.SELF_RELIANT: gettext_lazy(
        "People live from the land and each other, with little money but secure food."
    ),
    CommunityType.RECOVERING: gettext_lazy(
        "Groups and leaders are at work, solving problems and building savings and welfare."
    ),
    CommunityType.GLOBALISED: gettext_lazy(
        "Tied to the wider market: community enterprises, tourism, trade across the border."
    ),
}


class IndicatorFields:
    """The fields of one indicator on the form, for the template."""

    def __init__(self, form: AssessmentForm, indicator: StrengthIndicator):
        self.indicator = indicator
        self.level = form[f"level_{indicator.pk}"]
        self.note = form[f"note_{indicator.pk}"]
        self.evidence = form[f"evidence_{indicator.pk}"]
        self.score: StrengthScore | None = form.scores.get(indicator.pk)
        self.filled: Filled | None = form.filled.get(indicator.pk)

    @property
    def chosen_level(self) -> int | None:
        """The level the form shows as chosen (what was typed, else what was stored)."""
        value = self.level.value()
        return int(value) if value and str(value).isdigit() else None

    @property
    def differs(self) -> bool:
        """The council chose another level than the portal's data suggests (both shown)."""
        return bool(self.filled and self.chosen_level and self.chosen_level != self.filled.level)


class AssessmentForm(forms.Form):
    """Not a ModelForm: the levels, notes and files of many scores and the assessment's own two
    fields, saved together through StrengthAssessment.record_scores."""

    community_type = forms.TypedChoiceField(
        label=gettext_lazy("community type"),
        choices=(),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "The district CON centre's four types of community, for the tambon as a whole."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("note on the whole assessment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args,
        indicators: list[StrengthIndicator],
        assessment: StrengthAssessment | None,
        filled: dict[int, Filled],
        **kwargs,
    ):
        self.indicators = indicators
        self.assessment = assessment
        self.filled = filled
        self.scores: dict[int, StrengthScore] = (
            {score.indicator_id: score for score in assessment.scores.all()} if assessment else {}
        )
        initial = kwargs.setdefault("initial", {})
        if assessment:
            initial.setdefault("community_type", assessment.community_type)
            initial.setdefault("note", assessment.note)
        super().__init__(*args, **kwargs)
        self.fields["community_type"].choices = [
            (value, f"{label}: {COMMUNITY_TYPE_EXPLAINED[value]}")
            for value, label in CommunityType.choices
        ]
        for indicator in indicators:
            self._add_indicator(indicator)

    def _add_indicator(self, indicator: StrengthIndicator) -> None:
        pk = indicator.pk
        named = {"number": f"{indicator.component}.{indicator.number}", "name": indicator.name}
        score = self.scores.get(pk)
        filled = self.filled.get(pk)
        level = score.level if score and score.level else (filled.level if filled else None)
        self.fields[f"level_{pk}"] = forms.TypedChoiceField(
            label=_("%(number)s %(name)s") % named,
            choices=Level.choices,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "level-choice"}),
            initial=level,
        )
        self.fields[f"note_{pk}"] = forms.CharField(
            label=_("Note on %(number)s") % named,
            required=False,
            max_length=StrengthScore._meta.get_field("note").max_length,
            widget=forms.Textarea(attrs={"rows": 2}),
            initial=score.note if score else "",
        )
        self.fields[f"evidence_{pk}"] = CheckedFileField(
            label=_("Evidence for %(number)s %(name)s") % named,
            required=False,
            kinds=EVIDENCE_KINDS,
        )

    def by_component(self) -> list[tuple[str, int, list[IndicatorFields]]]:
        """The indicators grouped by component, in order: (component name, number, fields)."""
        groups: dict[int, list[IndicatorFields]] = {}
        for indicator in self.indicators:
            groups.setdefault(indicator.component, []).append(IndicatorFields(self, indicator))
        labels = dict(Component.choices)
        return [(labels[component], component, rows) for component, rows in groups.items()]

    def levels(self) -> dict[int, int | None]:
        return {i.pk: self.cleaned_data[f"level_{i.pk}"] for i in self.indicators}

    def notes(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data[f"note_{i.pk}"] for i in self.indicators}

    def evidence(self) -> dict[int, object]:
        return {
            i.pk: upload
            for i in self.indicators
            if (upload := self.cleaned_data.get(f"evidence_{i.pk}"))
        }

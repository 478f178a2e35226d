"""The record form of a project's timeline: one update with its optional proposal, adoption
(with commitment lines), spending lines, results per indicator and evidence files.

The forms only read what was typed; `record_update` decides, and its errors ("spending-1-amount")
come back onto the line that caused them (`UpdateForms.take_errors`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.buddhist_era import BuddhistDateField, validate_be_year
from councils.meetings.models import Resolution
from plans.execution import evidence
from plans.execution.models import (
    Commitment,
    Evidence,
    Indicator,
    IndicatorMeasurement,
    ProjectUpdate,
    Spending,
    plan_period_bounds,
)
from plans.forms import partners_for, resolutions_for
from plans.models import CommunityPlan, ExecutionStatus, FundingSource, PlanProject

ADD_LINE = "add_line"  # a step button: one more commitment or spending line (its value: which)


class ResolutionChoiceField(forms.ModelChoiceField):
    """A resolution named by its meeting, the meeting's date and its words."""

    def label_from_instance(self, obj: Resolution) -> str:
        held_on = obj.meeting.held_on
        return (
            f"{obj.meeting.title} ({held_on.day}/{held_on.month}/{held_on.year + 543}) · "
            f"{_('Resolution')} {obj.position}: {obj.text[:120]}"
        )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Up to MAX_FILES photos or PDFs at once; each is told by its content (evidence.inspect)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(EvidenceField, self).clean(item, initial) for item in files]


class UpdateForm(forms.ModelForm):
    happened_on = BuddhistDateField(
        label=_("date"), help_text=_("The day it happened, for example 15/1/2569.")
    )
    evidence = EvidenceField(
        label=_("photos or documents"),
        required=False,
        help_text=_("Photos (JPEG, PNG) or PDF documents, up to 5 files of at most 5 MB each."),
    )

    # The optional parts, folded on a phone; each opens when it has errors or data.
    SECTIONS = {
        "proposal": ("proposed_to", "proposal_resolution"),
        "adoption": ("adopted_by", "agency_plan", "agency_plan_title", "agency_plan_year"),
        "evidence": ("evidence",),
    }

    class Meta:
        model = ProjectUpdate
        fields = [
            "happened_on",
            "status",
            "progress",
            "note",
            "proposed_to",
            "proposal_resolution",
            "adopted_by",
            "agency_plan",
            "agency_plan_title",
            "agency_plan_year",
        ]
        field_classes = {"proposal_resolution": ResolutionChoiceField}
        widgets = {
            "status": forms.RadioSelect,
            "progress": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 0, "max": 100, "step": 1}
            ),
            "note": forms.Textarea(attrs={"rows": 4}),
            "agency_plan_year": forms.NumberInput(
                attrs={"inputmode": "numeric", "placeholder": "2570"}
            ),
        }
        help_texts = {
            "progress": _("A percentage from 0 to 100."),
            "proposal_resolution": _(
                "The meeting resolution that proposed it: of the council, or of the district "
                "and provincial meetings."
            ),
        }

    def __init__(self, *args, project: PlanProject, user, **kwargs):
        super().__init__(*args, **kwargs)
        plan = project.issue.plan
        self.instance.project, self.instance.by = project, user
        self.fields["status"].choices = ExecutionStatus.choices
        partners = partners_for(user)
        self.fields["proposed_to"].queryset = partners
        self.fields["adopted_by"].queryset = partners
        self.fields["proposal_resolution"].queryset = resolutions_for(user, plan.area_code)
        if not self.is_bound:
            today = timezone.localdate()
            first, last = plan_period_bounds(plan)
            self.initial.setdefault("happened_on", today if first <= today <= last else None)
            self.initial.setdefault("status", project.execution_status)
            self.initial.setdefault("progress", project.progress)

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        if len(files) > evidence.MAX_FILES:
            raise ValidationError(
                _("Choose at most %(n)s files for one update; you chose %(chosen)s.")
                % {"n": evidence.MAX_FILES, "chosen": len(files)}
            )
        errors, checked = [], []
        for upload in files:
            try:
                checked.append((upload, evidence.inspect(upload)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked

    def evidence_rows(self) -> list[Evidence]:
        """The checked files as unsaved Evidence, stored with their update (record_update)."""
        return [
            Evidence(
                kind=found.kind, file=upload, content_type=found.content_type, size=upload.size
            )
            for upload, found in self.cleaned_data.get("evidence") or []
        ]

    def section_open(self, name: str) -> bool:
        """A folded part opens when one of its fields has an error or a value."""
        for field_name in self.SECTIONS[name]:
            bound = self[field_name]
            if bound.errors:
                return True
            if self.is_bound and field_name != "evidence" and bound.data not in (None, ""):
                return True
        return False


class LineForm(forms.ModelForm):
    """A commitment or spending line: the plan's fiscal year, a source, an amount (all or none)."""

    class Meta:
        fields = ["fiscal_year", "source", "amount"]
        widgets = {"amount": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})}

    def __init__(self, *args, plan: CommunityPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        # A list of the plan's years on a phone; a typed or stale year still gets a clear message.
        self.fields["fiscal_year"] = forms.IntegerField(
            label=_("fiscal year (B.E.)"),
            required=False,
            widget=forms.Select(choices=[("", "—")] + [(y, str(y)) for y in plan.years]),
        )
        self.fields["source"].choices = [("", "—"), *FundingSource.choices]
        self.fields["source"].required = False
        self.fields["amount"].required = False

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        if year is not None:
            validate_be_year(year)
        return year

    def clean(self):
        cleaned = super().clean()
        if self._errors:
            return cleaned
        given = [cleaned.get(n) not in (None, "") for n in ("fiscal_year", "source", "amount")]
        if any(given) and not all(given):
            raise ValidationError(_("Give the fiscal year, the source and the amount together."))
        return cleaned

    @property
    def is_filled(self) -> bool:
        return getattr(self, "cleaned_data", None) and self.cleaned_data.get("amount") is not None


class CommitmentForm(LineForm):
    class Meta(LineForm.Meta):
        model = Commitment


class SpendingForm(LineForm):
    class Meta(LineForm.Meta):
        model = Spending


class BaseLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, plan: CommunityPlan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"plan": self.plan}

    def filled(self) -> list[tuple[int, forms.Form]]:
        """(index in the formset, form) of each line that says something."""
        return [(i, form) for i, form in enumerate(self.forms) if form.is_filled]


CommitmentFormSet = forms.formset_factory(
    CommitmentForm, formset=BaseLineFormSet, extra=1, max_num=40, absolute_max=40
)
SpendingFormSet = forms.formset_factory(
    SpendingForm, formset=BaseLineFormSet, extra=1, max_num=40, absolute_max=40
)


class ResultForm(forms.Form):
    """A measured value of one of the project's indicators, for a fiscal year of the plan."""

    fiscal_year = forms.IntegerField(label=_("fiscal year (B.E.)"), required=False)
    value = forms.DecimalField(
        label=_("measured value"),
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )

    def __init__(self, *args, indicator: Indicator, plan: CommunityPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["fiscal_year"].widget = forms.Select(
            choices=[("", "—")] + [(y, str(y)) for y in plan.years]
        )
        # The summary names the indicator: "รายได้ครัวเรือน (ร้อยละ), แถวที่ 1".
        self.fields["value"].label = str(indicator)

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        if year is not None:
            validate_be_year(year)
        return year

    def clean(self):
        cleaned = super().clean()
        if self._errors:
            return cleaned
        year, value = cleaned.get("fiscal_year"), cleaned.get("value")
        if (year is None) != (value is None):
            raise ValidationError(_("Give the fiscal year and the measured value together."))
        return cleaned

    @property
    def is_filled(self) -> bool:
        return getattr(self, "cleaned_data", None) and self.cleaned_data.get("value") is not None


class BaseResultFormSet(forms.BaseFormSet):
    """One line per indicator of the project, whatever the posted form count says."""

    def __init__(self, *args, indicators: list[Indicator], plan: CommunityPlan, **kwargs):
        self.indicators, self.plan = indicators, plan
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.indicators)

    def initial_form_count(self):
        return 0

    def get_form_kwargs(self, index):
        return {"indicator": self.indicators[index], "plan": self.plan}

    def filled(self) -> list[tuple[int, forms.Form]]:
        return [(i, form) for i, form in enumerate(self.forms) if form.is_filled]


ResultFormSet = forms.formset_factory(ResultForm, formset=BaseResultFormSet, extra=0)


class UpdateForms:
    """The update form with its three kinds of lines, bound and checked together, and the
    errors of record_update put back on the fields and lines they are about."""

    def __init__(self, data, files, *, project: PlanProject, user, indicators: list[Indicator]):
        plan = project.issue.plan
        self.project, self.user = project, user
        self.form = UpdateForm(data, files, project=project, user=user)
        self.commitments = CommitmentFormSet(data, prefix="commitments", plan=plan)
        self.spending = SpendingFormSet(data, prefix="spending", plan=plan)
        self.results = ResultFormSet(data, prefix="results", indicators=indicators, plan=plan)
        self._filled: dict[str, list[tuple[int, forms.Form]]] = {}

    @property
    def all(self) -> tuple:
        return self.form, self.commitments, self.spending, self.results

    def is_valid(self) -> bool:
        checked = [part.is_valid() for part in self.all]  # every part, so each shows its errors
        return all(checked)

    def record(self) -> ProjectUpdate:
        """Hand everything to the project's timeline: record_update checks and writes it all."""
        self._filled = {
            "commitments": self.commitments.filled(),
            "spending": self.spending.filled(),
            "results": self.results.filled(),
        }
        return self.project.record_update(
            self.form.save(commit=False),
            commitments=[form.save(commit=False) for _, form in self._filled["commitments"]],
            spending=[form.save(commit=False) for _, form in self._filled["spending"]],
            results=[
                IndicatorMeasurement(
                    indicator=form.indicator,
                    fiscal_year=form.cleaned_data["fiscal_year"],
                    value=form.cleaned_data["value"],
                )
                for _, form in self._filled["results"]
            ],
            evidence=self.form.evidence_rows(),
        )

    def take_errors(self, error: ValidationError) -> None:
        """Put record_update's errors where they belong: "spending-1-amount" on the field of the
        second spending line that was passed (its line number in the form may differ, as empty
        lines are not passed)."""
        formsets = {"commitments": self.commitments, "spending": self.spending}
        formsets["results"] = self.results
        for key, messages in error.message_dict.items():
            prefix, _sep, rest = key.partition("-")
            number, _sep, name = rest.partition("-")
            if prefix in formsets and number.isdigit() and name:
                passed = self._filled.get(prefix, [])
                if int(number) < len(passed):
                    line = passed[int(number)][1]
                    line.add_error(name if name in line.fields else None, messages)
                    continue
            target = key if key in self.form.fields else None
            self.form.add_error(target, messages)

    def say_files_are_not_kept(self) -> None:
        """After an error the browser forgets the chosen files: say so in the error summary."""
        self.form.add_error(
            None,
            _(
                "The photos and documents you chose were not saved with the rest: choose them "
                "again before you save."
            ),
        )

    def section_open(self) -> dict[str, bool]:
        lines = {
            "adoption": self.form.section_open("adoption") or _has_input(self.commitments),
            "spending": _has_input(self.spending),
            "results": _has_input(self.results),
        }
        return {
            "proposal": self.form.section_open("proposal"),
            "evidence": self.form.section_open("evidence"),
            **lines,
        }


def _has_input(formset) -> bool:
    if not formset.is_bound:
        return False
    if formset.non_form_errors():
        return True
    return any(form.errors or form.has_changed() for form in formset.forms)

"""Forms of the plan editor and the review; state, version and totals are never typed in."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from councils.buddhist_era import arabic_digits, fiscal_year_be, validate_be_year
from councils.meetings.models import Meeting, Resolution
from councils.models import Council, Partner
from councils.spreadsheets.guard import guard_upload
from councils.villages.models import VillageIndicator
from councils.villages.rollup import TambonFigures
from plans.models import (
    CommunityPlan,
    FundingSource,
    PlanIssue,
    PlanProject,
    ProjectBudget,
    Theme,
)


class VersionedForm(forms.ModelForm):
    """Carries the plan version it was read at, and the values it started from.

    When someone else saved the plan meanwhile, the form can tell the fields this person changed
    from those they left alone: the ones they left take the newly saved values (so saving again
    does not undo the other person's work), and the ones both changed are shown side by side,
    with this person's text kept in the form.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: CommunityPlan, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("version", plan.version)
        super().__init__(*args, **kwargs)
        self.plan = plan
        if not self.is_bound:
            self.initial["base"] = json.dumps(self._keys(self.instance))

    def _edited_fields(self):
        return [(n, f) for n, f in self.fields.items() if n not in ("version", "base")]

    def _keys(self, obj) -> dict[str, str]:
        return {
            name: _key(field, _value(obj, name, field)) for name, field in self._edited_fields()
        }

    def merge_saved(self, saved, version: int) -> list[tuple[str, str, str, bool]]:
        """After a stale save: take the saved values this person did not touch, name clashes.

        Returns (label, saved now, typed here, taken) for each field someone else changed;
        `taken` says the form now shows the saved value because this person left it alone.
        """
        try:
            base = json.loads(self.data.get(self.add_prefix("base")) or "{}")
        except ValueError:
            base = {}
        data = self.data.copy()
        found = []
        for name, field in self._edited_fields():
            if name not in self.cleaned_data:
                continue
            now, typed = _value(saved, name, field), self.cleaned_data[name]
            saved_key, typed_key = _key(field, now), _key(field, typed)
            started = base.get(name)
            if saved_key in (started, typed_key):
                continue  # nobody else changed it, or both made the same change
            label = capfirst(str(field.label))
            if started == typed_key:
                if isinstance(field, forms.ModelMultipleChoiceField):
                    data.setlist(self.add_prefix(name), saved_key.split(",") if saved_key else [])
                else:
                    data[self.add_prefix(name)] = saved_key
                found.append((label, _shown(field, now), _shown(field, typed), True))
            else:
                found.append((label, _shown(field, now), _shown(field, typed), False))
        data[self.add_prefix("version")] = str(version)
        data[self.add_prefix("base")] = json.dumps(self._keys(saved))
        self.data = data
        return found


def _value(obj, name: str, field: forms.Field):
    """The object's value of a form field; a many-to-many one as the list of its objects."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return list(getattr(obj, name).all()) if obj is not None and obj.pk else []
    return getattr(obj, name, None)


def _key(field: forms.Field, value) -> str:
    """A value as the form would write it into its input, so typed and saved compare alike."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ",".join(sorted(str(item.pk) for item in value or []))
    if value in (None, "", []):
        return ""
    prepared = field.prepare_value(value)
    return "" if prepared is None else str(prepared)


def _shown(field: forms.Field, value) -> str:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return "; ".join(field.label_from_instance(item) for item in value or []) or "—"
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


class PlanForm(VersionedForm):
    class Meta:
        model = CommunityPlan
        fields = ["title", "first_year", "last_year", "situation"]
        widgets = {
            "first_year": forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2569"}),
            "last_year": forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2573"}),
            "situation": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "first_year": _("Buddhist-era fiscal year, for example 2569."),
            # Six is MAX_PLAN_YEARS (tests/plans/test_plan_periods.py holds them together).
            "last_year": _(
                "From one to six fiscal years in all: for example 2573 for a five-year plan "
                "from 2569, 2574 for a six-year one."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if self.instance.pk and first and last:
            outside = sorted(
                set(
                    ProjectBudget.objects.of_plan(self.instance)
                    .exclude(fiscal_year__range=(first, last))
                    .values_list("fiscal_year", flat=True)
                )
            )
            if outside:
                raise ValidationError(
                    _(
                        "Budget lines are planned for fiscal year %(years)s, outside %(a)s-%(b)s. "
                        "Move or remove those lines first."
                    )
                    % {"years": ", ".join(map(str, outside)), "a": first, "b": last}
                )
        return cleaned


USUAL_PLAN_YEARS = 5


class NewPlanForm(forms.ModelForm):
    """Starting a plan: the council (when the coordinator keeps more than one) and the period."""

    class Meta:
        model = CommunityPlan
        fields = ["council", "title", "first_year", "last_year", "situation"]
        widgets = PlanForm.Meta.widgets
        help_texts = PlanForm.Meta.help_texts

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].empty_label = None
        if len(councils) == 1:
            self.fields["council"].widget = forms.HiddenInput()
        if not self.is_bound:
            first = fiscal_year_be(_today()) + 1
            self.initial.setdefault("first_year", first)
            # Most councils plan for five years; up to MAX_PLAN_YEARS may be typed.
            self.initial.setdefault("last_year", first + USUAL_PLAN_YEARS - 1)
            if len(councils) == 1:
                council: Council = councils[0]
                self.initial.setdefault("council", council.pk)
                tambon = council.name.removeprefix("สภาองค์กรชุมชน")
                self.initial.setdefault("title", f"แผนพัฒนาชุมชน{tambon}")

    def clean(self):
        cleaned = super().clean()
        council, first = cleaned.get("council"), cleaned.get("first_year")
        taken = CommunityPlan.objects.filter(council=council, first_year=first)
        if council and first and taken.exists():
            self.add_error(
                "first_year",
                _("The council already has a plan starting in fiscal year %(year)s.")
                % {"year": first},
            )
        return cleaned

    def validate_unique(self):
        pass  # the clean above says it in words a coordinator understands


def _today():
    from django.utils import timezone

    return timezone.localdate()


class VillagesField(forms.CharField):
    """Village numbers typed as "1, 3, 5" (Thai digits too), kept as a sorted list of numbers."""

    def to_python(self, value):
        text = arabic_digits(super().to_python(value))
        if not text.strip():
            return []
        parts = [part for part in re.split(r"[\s,;/]+", text.strip()) if part]
        numbers = []
        for part in parts:
            if not part.isdigit() or not 1 <= int(part) <= 99:
                raise ValidationError(
                    _("“%(part)s” is not a village number; write numbers such as 1, 3, 5.")
                    % {"part": part}
                )
            numbers.append(int(part))
        return sorted(set(numbers))

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value


class CitedFiguresField(forms.ModelMultipleChoiceField):
    """Village-data indicators to tick, each named with the tambon's figure of it."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        self.figures: dict[int, object] = {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: VillageIndicator) -> str:
        row = self.figures.get(obj.pk)
        return row.summary if row is not None else str(obj)


def offer_citations(field: CitedFiguresField, figures: TambonFigures, cited=()) -> None:
    """Offer the indicators in use that have data for the tambon, those short of target first
    (and those the issue cites already, so that saving it keeps them)."""
    rows = figures.rows()
    field.figures = {row.indicator.pk: row for row in rows}
    offered = [row.indicator.pk for row in rows]
    kept = [indicator.pk for indicator in cited if indicator.pk not in field.figures]
    field.queryset = VillageIndicator.objects.filter(active=True, pk__in=[*offered, *kept])
    by_pk = {indicator.pk: indicator for indicator in cited}
    by_pk |= {row.indicator.pk: row.indicator for row in rows}
    field.choices = [
        (pk, field.label_from_instance(by_pk[pk])) for pk in [*offered, *kept] if pk in by_pk
    ]


class IssueForm(VersionedForm):
    villages = VillagesField(
        label=_("villages"),
        required=False,
        help_text=_("The village numbers it touches, for example 1, 3, 5."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = PlanIssue
        fields = ["theme", "title", "priority", "villages", "description", "cited_indicators"]
        field_classes = {"cited_indicators": CitedFiguresField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "cited_indicators": _(
                "The tambon's village-data figures (BMN, NRD 2C) that this issue answers; those "
                "that fall short come first."
            )
        }

    PRIORITIES = [(1, _("1 · most urgent")), (2, _("2 · urgent")), (3, _("3 · can wait"))]

    def __init__(self, *args, figures: TambonFigures, **kwargs):
        super().__init__(*args, **kwargs)
        cited = list(self.instance.cited_indicators.all()) if self.instance.pk else []
        offer_citations(self.fields["cited_indicators"], figures, cited)
        self.instance.plan = self.plan
        self.fields["theme"].queryset = Theme.objects.all()
        self.fields["theme"].empty_label = None
        self.fields["priority"] = forms.TypedChoiceField(
            label=_("priority"), choices=self.PRIORITIES, coerce=int, initial=2
        )


class ResolutionsField(forms.ModelMultipleChoiceField):
    """Resolutions to tick, each named by its meeting, its date and its words."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Resolution) -> str:
        held_on = obj.meeting.held_on
        return (
            f"{obj.meeting.title} ({held_on.day}/{held_on.month}/{held_on.year + 543}) · "
            f"{_('Resolution')} {obj.position}: {obj.text[:120]}"
        )


def resolutions_for(user, area_code: str):
    """Resolutions that may back something of an area: those the user sees, of meetings held in
    the area or by the district and province around it. Anything else is not a valid choice."""
    meetings = Meeting.objects.concerning(area_code)
    return (
        Resolution.objects.visible_to(user)
        .filter(meeting__in=meetings)
        .select_related("meeting")
        .order_by("-meeting__held_on", "meeting", "position")
    )


class ProjectForm(VersionedForm):
    class Meta:
        model = PlanProject
        fields = [
            "title",
            "objective",
            "target",
            "approach",
            "lead_partner",
            "expected_result",
            "resolutions",
        ]
        field_classes = {"resolutions": ResolutionsField}
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "approach": forms.RadioSelect,
        }
        help_texts = {
            "resolutions": _(
                "The meeting resolutions that back this project: of the council, or of the "
                "district and provincial meetings."
            ),
            "expected_result": _(
                "What the community will have when the project is done; the local development "
                "plan's project form (ผ.02) asks for it."
            ),
        }

    def __init__(self, *args, issue: PlanIssue, partners, resolutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.issue = issue
        # Only partners the coordinator may see: their tambon's, and the district, province
        # and national bodies above it.
        self.fields["lead_partner"].queryset = partners
        self.fields["approach"].choices = PlanProject.Approach.choices
        self.fields["resolutions"].queryset = resolutions


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = ProjectBudget
        fields = ["fiscal_year", "source", "amount"]
        widgets = {"amount": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})}

    def __init__(self, *args, plan: CommunityPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        # A list of the plan's years on a phone, but the typed value is checked in words, so a
        # tampered or stale year gets the same clear message as the import gives.
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
            if year not in self.plan.years:
                raise ValidationError(
                    _("Fiscal year %(year)s is outside the plan period %(a)s-%(b)s.")
                    % {"year": year, "a": self.plan.first_year, "b": self.plan.last_year}
                )
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") or self._errors:
            return cleaned
        year, source, amount = (cleaned.get(n) for n in ("fiscal_year", "source", "amount"))
        given = [v not in (None, "") for v in (year, source, amount)]
        if self.instance.pk and not any(given):
            # Emptying a saved line on a phone means removing it; the formset then deletes it.
            cleaned["DELETE"] = True
        elif any(given) and not all(given):
            raise ValidationError(_("Give the fiscal year, the source and the amount together."))
        return cleaned


class BaseBudgetFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, plan: CommunityPlan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "plan": self.plan}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            plan=self.plan,
        )
        self.add_fields(form, None)
        return form

    def validate_unique(self):
        # In place of the generic "correct the duplicate data": name the lines and the year.
        seen: dict[tuple[int, str], int] = {}
        for number, form in enumerate(self.forms, start=1):
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            key = (form.cleaned_data.get("fiscal_year"), form.cleaned_data.get("source"))
            if None in key or "" in key:
                continue
            if key in seen:
                raise ValidationError(
                    _(
                        "Lines %(a)s and %(b)s both plan fiscal year %(year)s from %(source)s; "
                        "add them up in one line."
                    )
                    % {
                        "a": seen[key],
                        "b": number,
                        "year": key[0],
                        "source": FundingSource(key[1]).label,
                    }
                )
            seen[key] = number


BudgetFormSet = forms.inlineformset_factory(
    PlanProject,
    ProjectBudget,
    form=BudgetLineForm,
    formset=BaseBudgetFormSet,
    extra=2,
    can_delete=True,
)


ADD_BUDGET_LINE = "add_budget_line"  # the button that asks for one more budget line


def with_one_more_line(data, prefix: str):
    """The posted data asking its formset for one more (empty) form."""
    data = data.copy()
    total = data.get(f"{prefix}-TOTAL_FORMS", "0")
    data[f"{prefix}-TOTAL_FORMS"] = str(int(total) + 1 if total.isdigit() else 1)
    return data


def shown_as_typed(form, formset) -> None:
    """Show a bound form and its formset again as typed, without checking them.

    An "add a line" step of a browser without JavaScript is not a save: the lines the person
    has half filled in must not come back as errors. The view does not save after this.
    """
    for each in (form, *formset.forms):
        each._errors = forms.utils.ErrorDict()
    formset._errors, formset._non_form_errors = [], formset.error_class()


def budget_differences(project: PlanProject, formset) -> list[tuple[str, str, str, bool]]:
    """How the saved budget lines differ from the typed ones; the typed ones stay in the form."""
    saved = {(b.fiscal_year, b.source): b.amount for b in project.budgets.all()}
    typed: dict[tuple[int, str], Decimal] = {}
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {})
        if data.get("DELETE") or data.get("amount") in (None, ""):
            continue
        typed[(data["fiscal_year"], data["source"])] = data["amount"]
    found = []
    for key in sorted(set(saved) | set(typed)):
        if saved.get(key) != typed.get(key):
            label = f"{_('Budget')} {key[0]} · {FundingSource(key[1]).label}"
            found.append((label, _baht(saved.get(key)), _baht(typed.get(key)), False))
    return found


def _baht(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:,.2f}"


class ReviewForm(forms.Form):
    """The district's decision on a submitted plan; a returned plan needs a note."""

    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (RETURN, _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("note to the tambon"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning: say what should change."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say what should change when returning a plan."))
        return cleaned


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("why it is reopened"), widget=forms.Textarea(attrs={"rows": 2}))


class ProjectImportForm(forms.Form):
    import_file = forms.FileField(
        label=_("spreadsheet file"),
        help_text=_("The template filled in, as .xlsx or .csv."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload the template as an .xlsx or a .csv file."))
        return guard_upload(upload)


def partners_for(user):
    return Partner.objects.visible_to(user).order_by("area_code", "name")


class DrillForm(forms.Form):
    """The filters of the list of projects behind an accountability figure
    (plans/accountability.py), read from the query string; every field may be left out. A
    book's list filters by its strategic issues, an area's by theme."""

    theme = forms.ChoiceField(label=_("theme"), required=False)
    issue = forms.TypedChoiceField(
        label=_("strategic issue"), required=False, coerce=int, empty_value=None
    )
    source = forms.ChoiceField(
        label=_("funding source"), required=False, choices=[("", "—"), *FundingSource.choices]
    )
    year = forms.IntegerField(
        label=_("fiscal year (B.E.)"), required=False, validators=[validate_be_year]
    )
    status = forms.ChoiceField(label=_("projects"), required=False)

    def __init__(self, *args, themes=(), issues=(), statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "—"), *themes]
        self.fields["issue"].choices = [("", "—"), *issues]
        self.fields["status"].choices = [("", "—"), *statuses]
        if not issues:
            del self.fields["issue"]
        if not themes:
            del self.fields["theme"]

    def valid_filters(self) -> dict:
        """The filters that were given correctly: a wrong one is said, the others still apply."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in ("", None)
        }

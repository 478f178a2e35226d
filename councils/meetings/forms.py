"""Forms that record a meeting: details, agenda, attendance, minutes, resolutions, follow-up."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.buddhist_era import BuddhistDateField, validate_be_year
from councils.meetings.models import (
    DELEGATES_PER_COUNCIL,
    AgendaItem,
    AnnualReport,
    Attendance,
    Delegate,
    Meeting,
    ProposalState,
    Resolution,
    partners_serving,
)
from councils.models import Council


class MeetingForm(forms.ModelForm):
    held_on = BuddhistDateField(label=_("date"))

    class Meta:
        model = Meeting
        fields = ["kind", "number", "title", "held_on", "starts_at", "place"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, level: str, area_code: str, council: Council | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.level, self.instance.area_code = level, area_code
        self.instance.council = council
        allowed = Meeting.LEVEL_KINDS[level]
        self.fields["kind"].choices = [c for c in Meeting.Kind.choices if c[0] in allowed]


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 10})}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        if not self.instance.pk:
            self.initial.setdefault("position", meeting.agenda_items.count() + 1)


class AttendanceForm(forms.Form):
    """Tick who came; count the other participants; tick the agencies that sent someone."""

    members = forms.ModelMultipleChoiceField(
        label=_("Members present"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    guests_female = forms.IntegerField(label=_("other participants, women"), min_value=0)
    guests_male = forms.IntegerField(label=_("other participants, men"), min_value=0)
    partners_present = forms.ModelMultipleChoiceField(
        label=_("partner agencies present"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    PICK_ALL = "pick_all"  # the name of the "select all" and "select none" buttons

    def __init__(self, *args, meeting: Meeting, initial: dict | None = None, **kwargs):
        self.meeting = meeting
        recorded = {
            "members": list(meeting.attendances.values_list("member_id", flat=True)),
            "guests_female": meeting.guests_female,
            "guests_male": meeting.guests_male,
            "partners_present": list(meeting.partners_present.values_list("pk", flat=True)),
        }
        super().__init__(*args, initial={**recorded, **(initial or {})}, **kwargs)
        self.fields["members"].queryset = meeting.seat_holders()
        self.fields["members"].pick_all = True
        self.fields["members"].label_from_instance = self.member_label
        self.fields["partners_present"].queryset = partners_serving(meeting.area_code)

    @classmethod
    def ticked(cls, data, *, meeting: Meeting, everyone: bool) -> "AttendanceForm":
        """The form again as typed, with every member ticked or none: the "select all" step
        of a browser without JavaScript. Nothing is saved until the form is sent."""
        form = cls(meeting=meeting)
        form.initial.update(
            members=[m.pk for m in form.fields["members"].queryset] if everyone else [],
            guests_female=data.get("guests_female", ""),
            guests_male=data.get("guests_male", ""),
            partners_present=data.getlist("partners_present"),
        )
        return form

    def member_label(self, member) -> str:
        if self.meeting.council_id == member.council_id:
            return f"{member.full_name} · {member.get_role_display()}"
        return f"{member.full_name} · {member.council.name}"

    def save(self) -> None:
        meeting = self.meeting
        chosen = {member.pk for member in self.cleaned_data["members"]}
        with transaction.atomic():
            meeting.attendances.exclude(member_id__in=chosen).delete()
            already = set(meeting.attendances.values_list("member_id", flat=True))
            Attendance.objects.bulk_create(
                Attendance(meeting=meeting, member_id=pk) for pk in sorted(chosen - already)
            )
            meeting.partners_present.set(self.cleaned_data["partners_present"])
            meeting.guests_female = self.cleaned_data["guests_female"]
            meeting.guests_male = self.cleaned_data["guests_male"]
            meeting.save(update_fields=["guests_female", "guests_male", "updated_at"])


class ResolutionForm(forms.ModelForm):
    due_on = BuddhistDateField(label=_("answer due by"), required=False)

    class Meta:
        model = Resolution
        fields = [
            "position",
            "agenda_item",
            "text",
            "votes_for",
            "votes_against",
            "abstentions",
            "addressed_to",
            "due_on",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "votes_for": _("Leave the votes empty when the meeting agreed without a vote."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["addressed_to"].queryset = partners_serving(meeting.area_code)
        if not self.instance.pk:
            self.initial.setdefault("position", meeting.resolutions.count() + 1)

    def clean(self):
        data = super().clean()
        # A due date that failed to read has its own error already; "needs a date" would repeat it.
        if data.get("addressed_to") and not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", _("A proposal needs the date its answer is due."))
        return data


class FollowUpForm(forms.Form):
    happened_on = BuddhistDateField(label=_("date"))
    note = forms.CharField(
        label=_("answer or action"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the agency answered or did, or why the state changes."),
    )  # fmt: skip
    state = forms.ChoiceField(label=_("new state"), required=False)

    def __init__(self, *args, resolution: Resolution, **kwargs):
        kwargs.setdefault("initial", {"happened_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.resolution = resolution
        self.fields["state"].choices = [("", _("(no change)"))] + [
            choice for choice in ProposalState.choices if choice[0] != resolution.state
        ]

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A follow-up is logged once it has happened."))
        return day

    def save(self, by):
        return self.resolution.log(
            by=by,
            note=self.cleaned_data["note"],
            happened_on=self.cleaned_data["happened_on"],
            state=self.cleaned_data["state"],
        )


class DelegatesForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Delegates"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Two sitting members per council (s.21)."),
    )  # fmt: skip

    def __init__(self, *args, meeting: Meeting, council: Council, **kwargs):
        self.meeting, self.council = meeting, council
        named = meeting.delegates.filter(council=council).values_list("member_id", flat=True)
        super().__init__(*args, initial={"members": list(named)}, **kwargs)
        self.fields["members"].queryset = council.members.sitting().order_by("role", "last_name")
        self.fields["members"].label_from_instance = lambda m: (
            f"{m.full_name} · {m.get_role_display()}"
        )

    def clean_members(self):
        members = self.cleaned_data["members"]
        if len(members) > DELEGATES_PER_COUNCIL:
            raise forms.ValidationError(
                _("A council names at most %(n)s delegates; %(chosen)s are ticked.")
                % {"n": DELEGATES_PER_COUNCIL, "chosen": len(members)}
            )
        return members

    def save(self, by) -> None:
        chosen = {member.pk for member in self.cleaned_data["members"]}
        mine = self.meeting.delegates.filter(council=self.council)
        with transaction.atomic():
            mine.exclude(member_id__in=chosen).delete()
            already = set(mine.values_list("member_id", flat=True))
            Delegate.objects.bulk_create(
                Delegate(meeting=self.meeting, council=self.council, member_id=pk, named_by=by)
                for pk in sorted(chosen - already)
            )


class AnnualReportForm(forms.ModelForm):
    published_on = BuddhistDateField(label=_("published on"))

    class Meta:
        model = AnnualReport
        fields = ["fiscal_year", "published_on", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        validate_be_year(year)
        reports = AnnualReport.objects.filter(council=self.instance.council, fiscal_year=year)
        if reports.exclude(pk=self.instance.pk).exists():
            message = _("The annual report for fiscal year %(year)s is already recorded.")
            raise forms.ValidationError(message % {"year": year})
        return year

"""Forms of the tambon coordinator: a charter with its clauses and signatories, an agreement, a
document of the library."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.buddhist_era import BuddhistDateField
from councils.meetings.models import Meeting, Resolution, partners_serving
from councils.models import Council
from councils.records.models import (
    MAX_CHARTER_CLAUSES,
    MAX_CHARTER_SIGNATORIES,
    Agreement,
    Charter,
    CharterClause,
    CharterSignatory,
    CouncilDocument,
)
from councils.uploads import CheckedFileField

# Blank lines offered under a charter's clauses and signatories; saving and editing again gives
# more (without JavaScript too). A saved line is removed with its "remove" box.
BLANK_LINES = 3


class ResolutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Resolution) -> str:
        meeting = obj.meeting
        number = f" {meeting.number}" if meeting.number else ""
        return f"{meeting.title}{number} · {obj.position}. {obj.text[:80]}"


def _council_resolutions(council: Council):
    return (
        Resolution.objects.filter(meeting__council=council)
        .select_related("meeting")
        .order_by("-meeting__held_on", "position")
    )


class CharterForm(forms.ModelForm):
    adopted_on = BuddhistDateField(label=_("adopted on"))
    resolution = ResolutionChoiceField(
        label=_("adopted by the resolution"), queryset=Resolution.objects.none(), required=False,
        help_text=_("The resolution of a council meeting that adopted the charter."),
    )  # fmt: skip

    class Meta:
        model = Charter
        fields = ["title", "adopted_on", "resolution", "preamble"]
        widgets = {"preamble": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["resolution"].queryset = _council_resolutions(council)


class CharterLines(forms.BaseInlineFormSet):
    """The lines of a charter; a post without them (an old page, a broken client) is told so
    in the reader's language, not in Django's words about its management form."""

    default_error_messages = {
        "missing_management_form": _(
            "The lines of this form did not arrive. Open the form again and save once more."
        ),
    }


class ClauseFormSet(CharterLines):
    def clean(self):
        super().clean()
        numbers = [
            form.cleaned_data["number"]
            for form in self.forms
            if form.cleaned_data.get("number") and not form.cleaned_data.get("DELETE")
        ]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(_("Two clauses have the same number."))


class LineForm(forms.ModelForm):
    """A line of a charter: a new line left without its main text is a blank line, whatever
    else it says (the clause number offered in it), and is not saved."""

    main_field = ""

    def has_changed(self) -> bool:
        if (
            self.instance.pk is None
            and not str(self.data.get(self.add_prefix(self.main_field), "")).strip()
        ):
            return False
        return super().has_changed()


class ClauseForm(LineForm):
    main_field = "text"

    class Meta:
        model = CharterClause
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class SignatoryForm(LineForm):
    main_field = "name"

    class Meta:
        model = CharterSignatory
        fields = ["name", "representing"]


ClauseLines = forms.inlineformset_factory(
    Charter, CharterClause, form=ClauseForm, formset=ClauseFormSet, extra=BLANK_LINES,
    max_num=MAX_CHARTER_CLAUSES, validate_max=True,
)  # fmt: skip
SignatoryLines = forms.inlineformset_factory(
    Charter, CharterSignatory, form=SignatoryForm, formset=CharterLines, extra=BLANK_LINES,
    max_num=MAX_CHARTER_SIGNATORIES, validate_max=True,
)  # fmt: skip


class AgreementForm(forms.ModelForm):
    signed_on = BuddhistDateField(label=_("signed on"))
    ends_on = BuddhistDateField(
        label=_("ends on"), required=False, help_text=_("Leave empty for an open-ended agreement.")
    )
    resolution = ResolutionChoiceField(
        label=_("resolution behind it"), queryset=Resolution.objects.none(), required=False
    )

    class Meta:
        model = Agreement
        fields = ["title", "kind", "partners", "signed_on", "ends_on", "scope", "resolution"]
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "scope": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "partners": _("The council itself is always a party; tick the others."),
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["partners"].queryset = partners_serving(council.subdistrict_id)
        self.fields["resolution"].queryset = _council_resolutions(council)

    def clean(self):
        cleaned = super().clean()
        if partners := cleaned.get("partners"):
            try:
                self.instance.check_partners(list(partners))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned


class DocumentForm(forms.ModelForm):
    dated = BuddhistDateField(label=_("date of the document"))
    file = CheckedFileField(label=_("file"))

    class Meta:
        model = CouncilDocument
        fields = ["title", "kind", "dated", "meeting", "file", "published"]

    def __init__(self, *args, council: Council, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        if meeting is not None:
            self.instance.meeting = meeting
            del self.fields["meeting"]
        else:
            self.fields["meeting"].queryset = Meeting.objects.filter(council=council)
        if self.instance.pk:
            # A stored file stays; a new one may replace it.
            self.fields["file"].required = False

"""Forms of the book editor; the area, the state and every figure are never among their fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.books.curation import DISTRICT_ITEM, TAMBON_ITEM
from plans.books.models import ProvinceStrategy, StrategicIssue, StrategyBook
from plans.forms import ResolutionsField, resolutions_for


class BookForm(forms.ModelForm):
    class Meta:
        model = StrategyBook
        fields = ["title", "first_year", "last_year", "introduction"]
        widgets = {
            "first_year": forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2569"}),
            "last_year": forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2573"}),
            "introduction": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, level: str, area_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.level = level
        self.instance.area_code = area_code
        if self.instance.pk:
            # The period frames every figure; a new period is a new book.
            del self.fields["first_year"]
            del self.fields["last_year"]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The period ends before it starts."))
        if (
            first
            and not self.instance.pk
            and StrategyBook.objects.filter(
                level=self.instance.level, area_code=self.instance.area_code, first_year=first
            ).exists()
        ):
            self.add_error(
                "first_year",
                _("This area already has a book starting in %(year)s.") % {"year": first},
            )
        return cleaned


class StrategicIssueForm(forms.ModelForm):
    class Meta:
        model = StrategicIssue
        fields = ["title", "theme", "goal", "province_strategy", "resolutions"]
        field_classes = {"resolutions": ResolutionsField}
        help_texts = {
            "resolutions": _("The meeting resolutions of the book's area that back this issue.")
        }
        widgets = {"goal": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, book: StrategyBook, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.book = book
        self.fields["resolutions"].queryset = resolutions_for(user, book.area_code)
        if book.level == StrategyBook.Level.PROVINCE:
            self.fields["province_strategy"].queryset = ProvinceStrategy.objects.filter(
                province_id=book.area_code
            )
        else:
            del self.fields["province_strategy"]


class NewIssueForm(forms.Form):
    title = forms.CharField(label=_("New strategic issue"), max_length=300)


class MoveForm(forms.Form):
    """Where one tambon or district item goes: a strategic issue of the book, or out of it."""

    item = forms.RegexField(
        regex=rf"^[{TAMBON_ITEM}{DISTRICT_ITEM}]:\d+$", widget=forms.HiddenInput
    )
    to = forms.TypedChoiceField(label=_("Move to"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", _("— take out of the book —")), *choices]

    def item_parts(self) -> tuple[str, int]:
        kind, item_id = self.cleaned_data["item"].split(":")
        return kind, int(item_id)


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Merge into"), coerce=int)

    def __init__(self, *args, choices: list[tuple[int, str]], issue_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [(pk, label) for pk, label in choices if pk != issue_id]


class PresentBookForm(forms.Form):
    """A book of the meeting's area to put before it; the area's books are the only choices."""

    book = forms.ModelChoiceField(
        label=_("Book to present"),
        queryset=StrategyBook.objects.none(),
        error_messages={
            "required": _("Choose the book to present."),
            "invalid_choice": _(
                "Choose one of the books of this meeting's area that is not on its list yet."
            ),
        },
    )
    with_agenda_item = forms.BooleanField(
        label=_("Also add an agenda item for it"), required=False, initial=True
    )

    def __init__(self, *args, books, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["book"].queryset = books
        self.fields["book"].label_from_instance = lambda book: (
            f"{book.title} · {book.get_state_display()}"
        )

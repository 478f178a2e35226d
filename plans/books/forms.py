"""Forms of the book editor; the area, the state and every figure are never among their fields."""

from django import forms
from django.core.exceptions import ValidationError
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
        fields = ["title", "theme", "goal", "province_strategies", "resolutions"]
        field_classes = {"resolutions": ResolutionsField}
        help_texts = {
            "resolutions": _("The meeting resolutions of the book's area that back this issue.")
        }
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "province_strategies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, book: StrategyBook, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.book = book
        self.fields["resolutions"].queryset = resolutions_for(user, book.area_code)
        strategies = ProvinceStrategy.objects.mappable_to(book)
        if book.level == StrategyBook.Level.PROVINCE:
            field = self.fields["province_strategies"]
            field.queryset = strategies
            field.help_text = _(
                "The strategies of the province's development plan that this issue serves "
                "(those whose plan period overlaps the book's). Tick one or more."
            )
            field.label_from_instance = lambda s: f"{s} ({s.period})"
        else:
            del self.fields["province_strategies"]

    def clean_province_strategies(self):
        strategies = self.cleaned_data["province_strategies"]
        try:
            self.instance.check_strategies(strategies)
        except ValidationError as error:
            raise ValidationError(error.message_dict["province_strategies"]) from None
        return strategies


class ProvinceStrategyForm(forms.ModelForm):
    """A strategy of the province's development plan; the province comes from the page."""

    class Meta:
        model = ProvinceStrategy
        fields = ["first_year", "last_year", "number", "title", "goal"]
        widgets = {
            "first_year": forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2569"}),
            "last_year": forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2573"}),
            "number": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "goal": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, province_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.province_id = province_code

    def clean(self):
        cleaned = super().clean()
        first, last, number = (cleaned.get(f) for f in ("first_year", "last_year", "number"))
        # The province is not a field, so the form checks the one-number-per-period rule.
        taken = ProvinceStrategy.objects.filter(
            province_id=self.instance.province_id,
            first_year=first,
            last_year=last,
            number=number,
        ).exclude(pk=self.instance.pk)
        if first and last and number and taken.exists():
            self.add_error(
                "number",
                _("Strategy %(number)s of the plan %(first)s-%(last)s is already entered.")
                % {"number": number, "first": first, "last": last},
            )
        return cleaned


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

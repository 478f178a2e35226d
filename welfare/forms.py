"""Forms the fund's bookkeeper fills in; the fund, statuses and the balance are never fields."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from councils.buddhist_era import BuddhistDateField
from councils.meetings.models import Resolution
from councils.spreadsheets.guard import guard_upload
from welfare import rules
from welfare.models import (
    PRIVACY_NOTICE_VERSION,
    BenefitType,
    Claim,
    LedgerEntry,
    Member,
    WelfareFund,
    compact_citizen_id,
)

MONEY_WIDGET = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"})


class FundForm(forms.ModelForm):
    established_on = BuddhistDateField(label=_("established on"), required=False)

    class Meta:
        model = WelfareFund
        fields = [
            "name",
            "established_on",
            "contribution_amount",
            "contribution_period",
            "lapse_after_missed",
        ]
        widgets = {"contribution_amount": MONEY_WIDGET}


class BenefitTypeForm(forms.ModelForm):
    class Meta:
        model = BenefitType
        fields = [
            "kind",
            "name",
            "name_en",
            "amount",
            "waiting_days",
            "max_claims_per_year",
            "max_amount_per_year",
            "min_age",
            "max_age",
            "min_membership_years",
            "is_active",
        ]
        widgets = {"amount": MONEY_WIDGET, "max_amount_per_year": MONEY_WIDGET}

    def __init__(self, *args, fund: WelfareFund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.fund = fund


class MemberForm(forms.ModelForm):
    # Longer than the 13 digits it keeps, so "3-1006-00445-63-5" as printed on the card fits.
    citizen_id = forms.CharField(
        label=_("citizen ID"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = BuddhistDateField(label=_("birth date"))
    joined_on = BuddhistDateField(label=_("joined on"))

    class Meta:
        model = Member
        fields = [
            "title",
            "first_name",
            "last_name",
            "citizen_id",
            "birth_date",
            "sex",
            "village_no",
            "group",
            "beneficiaries",
            "phone",
            "joined_on",
        ]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args, fund: WelfareFund, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.fund = fund
        self.by = by
        if not self.instance.consent_recorded:
            # PDPA: a new member's consent to the privacy notice is recorded when registering;
            # a member registered before it was asked may give it later.
            self.fields["consent"] = forms.BooleanField(
                label=_("The member has read the privacy notice and consents"),
                help_text=_("Notice version %(version)s, at /privacy/.")
                % {"version": PRIVACY_NOTICE_VERSION},
                required=not self.instance.pk,
            )
        if self.instance.pk:
            # The full number is never sent back to the browser: an existing member's ID is
            # shown masked and kept unless the bookkeeper types a new one.
            self.fields["citizen_id"].required = False
            self.fields["citizen_id"].help_text = _(
                "Registered as %(masked)s. Leave empty to keep it, or type the corrected number."
            ) % {"masked": self.instance.masked_citizen_id}
            self.initial["citizen_id"] = ""

    def clean_citizen_id(self):
        value = compact_citizen_id(self.cleaned_data.get("citizen_id") or "")
        if not value and self.instance.pk:
            return Member.objects.values_list("citizen_id", flat=True).get(pk=self.instance.pk)
        return value

    def save(self, commit=True):
        if self.cleaned_data.get("consent"):
            self.instance.record_consent(by=self.by)
        return super().save(commit)


class MemberStatusForm(forms.Form):
    """A member leaves, dies, or is reinstated after lapsing (having paid what they owed)."""

    status = forms.ChoiceField(label=_("status"), choices=Member.Status.choices)
    changed_on = BuddhistDateField(label=_("since"))


class ContributionForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("member"))
    amount = forms.DecimalField(
        label=_("amount (baht)"), min_value=Decimal("0.01"), decimal_places=2, widget=MONEY_WIDGET
    )
    occurred_on = BuddhistDateField(label=_("paid on"))
    description = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, fund: WelfareFund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = fund.members.exclude(
            status__in=[Member.Status.LEFT, Member.Status.DECEASED]
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.member_no} · {m.full_name}"
        self.fields["amount"].initial = fund.amount_per_payment


class EntryForm(forms.Form):
    """A grant, other income or an operating expense."""

    KINDS = [
        (LedgerEntry.Kind.GRANT, LedgerEntry.Kind.GRANT.label),
        (LedgerEntry.Kind.OTHER_INCOME, LedgerEntry.Kind.OTHER_INCOME.label),
        (LedgerEntry.Kind.EXPENSE, LedgerEntry.Kind.EXPENSE.label),
    ]

    kind = forms.ChoiceField(label=_("kind"), choices=KINDS)
    source = forms.ChoiceField(
        label=_("source of a grant"),
        choices=[("", "—"), *LedgerEntry.Source.choices],
        required=False,
    )
    amount = forms.DecimalField(
        label=_("amount (baht)"), min_value=Decimal("0.01"), decimal_places=2, widget=MONEY_WIDGET
    )
    occurred_on = BuddhistDateField(label=_("date"))
    description = forms.CharField(label=_("description"), max_length=300)
    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == LedgerEntry.Kind.GRANT and not data.get("source"):
            self.add_error("source", _("Say where the grant came from."))
        return data


class ReversalForm(forms.Form):
    reason = forms.CharField(label=_("why is this entry reversed?"), max_length=300)


PICKER_PAGE_SIZE = 10


@dataclass
class MemberPicker:
    """The claim form's member field: a search box and one page of the members it found.

    A fund may have 30,000 members, too many for a list on a phone: the bookkeeper types a
    member number or a name, and picks from the few members that match. The member already
    picked stays first, so a new search does not lose them.
    """

    query: str
    chosen: Member | None
    page: Page | None

    @classmethod
    def build(cls, fund: WelfareFund, *, query: str = "", page=None, chosen=None) -> MemberPicker:
        query = str(query or "").strip()[:100]
        members = fund.members.order_by("member_no")
        chosen_member = None
        if str(chosen or "").isdigit():
            chosen_member = members.filter(pk=int(chosen)).first()
        found = None
        if query:
            matches = members.matching(query)
            if chosen_member is not None:
                matches = matches.exclude(pk=chosen_member.pk)
            found = Paginator(matches, PICKER_PAGE_SIZE).get_page(page)
        return cls(query=query, chosen=chosen_member, page=found)

    @property
    def members(self) -> list[Member]:
        shown = [self.chosen] if self.chosen else []
        return shown + list(self.page or [])


class MemberPickerWidget(forms.Widget):
    """Renders a MemberPicker: the search box, its button and the members found as choices."""

    template = "welfare/_member_picker.html"

    def __init__(self, picker: MemberPicker, search_url: str, attrs=None):
        super().__init__(attrs)
        self.picker = picker
        self.search_url = search_url

    def id_for_label(self, id_):
        return f"{id_}_q" if id_ else id_

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        context = {
            "name": name,
            "picker": self.picker,
            "search_url": self.search_url,
            "search_id": self.id_for_label(attrs.pop("id", "")),
            # aria-invalid and aria-describedby go on the search box, the field's one input.
            "aria": {key: value for key, value in attrs.items() if key.startswith("aria-")},
        }
        return render_to_string(self.template, context)


class ClaimForm(forms.ModelForm):
    """A claim: the form proposes the amount the benefit's rule gives and the person confirms it
    (or enters less); rules.check_filing then runs every rule of the fund."""

    event_on = BuddhistDateField(label=_("date of the event"))

    class Meta:
        model = Claim
        fields = [
            "member",
            "benefit_type",
            "event_on",
            "nights",
            "amount",
            "description",
            "resolution",
            "exception_resolution",
            "exception_reason",
        ]
        widgets = {"amount": MONEY_WIDGET}

    def __init__(self, *args, fund: WelfareFund, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.fund = fund
        self.today = today
        # Choices come from this fund only, so a form cannot point at another tambon's rows;
        # the page shows only the members a search found (MemberPicker).
        self.fields["member"].queryset = fund.members.all()
        source = self.data if self.is_bound else self.initial
        self.fields["member"].widget = MemberPickerWidget(
            MemberPicker.build(
                fund,
                query=source.get("member_q", ""),
                page=source.get("member_page"),
                chosen=source.get("member"),
            ),
            search_url=reverse("member_pick", args=[fund.pk]),
        )
        self.fields["benefit_type"].queryset = fund.benefit_types.filter(is_active=True)
        self.fields["benefit_type"].label_from_instance = lambda b: (
            f"{b.display_name} ({b.amount:,.0f})"
        )
        # Only the resolutions of this council's own meetings may be cited.
        resolutions = (
            Resolution.objects.filter(meeting__council=fund.council)
            .select_related("meeting")
            .order_by("-meeting__held_on", "-meeting__pk", "position")
        )
        for name in ("resolution", "exception_resolution"):
            self.fields[name].queryset = resolutions
            self.fields[name].label_from_instance = Resolution.citation
        self.fields["amount"].required = False
        self.fields["amount"].help_text = _(
            "Leave empty and the form proposes what the benefit's rule gives; confirm it or enter "
            "less."
        )
        self.fields["nights"].help_text = _("For a benefit paid per night in hospital.")

    def clean(self):
        data = super().clean()
        benefit = data.get("benefit_type")
        if benefit is None:
            return data
        if benefit.is_per_night and not data.get("nights"):
            self.add_error("nights", _("This benefit is paid per night: enter the nights."))
            return data
        if not data.get("amount"):
            proposed = benefit.amount_for(data.get("nights"))
            # Never the ceiling unasked: the proposal is shown in the field to be confirmed.
            self.data = self.data.copy()
            self.data[self.add_prefix("amount")] = f"{proposed:.2f}"
            self.add_error(
                "amount",
                _(
                    "The benefit's rule gives %(amount)s baht. Check the amount in the field and "
                    "save again to confirm it, or enter less."
                )
                % {"amount": f"{proposed:,.2f}"},
            )
        return data

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                rules.check_filing(self.instance, self.today)
            except ValidationError as error:
                self.add_error(None, error)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("reason for rejecting"), max_length=300)


class ImportForm(forms.Form):
    import_file = forms.FileField(
        label=_("file (xlsx or csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_import_file(self):
        return guard_upload(self.cleaned_data["import_file"])

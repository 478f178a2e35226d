"""Forms a tambon coordinator fills in; the area and computed fields are never among them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.buddhist_era import BuddhistDateField
from councils.models import CommunityOrganization, Council, CouncilMember


class CouncilForm(forms.ModelForm):
    registered_on = BuddhistDateField(label=_("registration date"), required=False)

    class Meta:
        model = Council
        fields = ["name", "registration_number", "registered_on", "office_address", "phone"]


class OrganizationForm(forms.ModelForm):
    registered_on = BuddhistDateField(label=_("registered with the council on"), required=False)

    class Meta:
        model = CommunityOrganization
        fields = [
            "name",
            "kind",
            "village_no",
            "community_name",
            "member_count",
            "leader_name",
            "phone",
            "registered_on",
        ]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council


class MemberForm(forms.ModelForm):
    selected_on = BuddhistDateField(label=_("selected on"))
    left_on = BuddhistDateField(label=_("left the council on"), required=False)

    class Meta:
        model = CouncilMember
        fields = [
            "title",
            "first_name",
            "last_name",
            "sex",
            "seat",
            "role",
            "successor",
            "village_no",
            "community_name",
            "organization",
            "selected_on",
            "replaces",
            "left_on",
            "phone",
        ]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        # Choices come from this council only, so a form cannot point at another tambon's rows.
        self.fields["organization"].queryset = council.organizations.all()
        self.fields["successor"].queryset = council.persons.exclude(pk=self.instance.person_id)
        self.fields["replaces"].queryset = council.members.exclude(pk=self.instance.pk).filter(
            left_on__isnull=False
        )

"""Forms of the leaders' registry: a person, their roles and trainings, an officer's successor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.buddhist_era import BuddhistDateField
from councils.models import Council, CouncilMember
from councils.persons.models import Person, PersonRole, Training


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["title", "first_name", "last_name", "sex", "birth_year", "village_no", "phone"]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council


class PersonRoleForm(forms.ModelForm):
    started_on = BuddhistDateField(label=_("since"), required=False)
    ended_on = BuddhistDateField(label=_("until"), required=False)

    class Meta:
        model = PersonRole
        fields = ["body", "organization", "position", "started_on", "ended_on"]

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        # Only the council's own organizations, so a form cannot point at another tambon's.
        self.fields["organization"].queryset = person.council.organizations.all()


class TrainingForm(forms.ModelForm):
    attended_on = BuddhistDateField(label=_("attended on"))

    class Meta:
        model = Training
        fields = ["course", "organiser", "attended_on", "hours"]
        widgets = {"hours": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"})}

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person


class SuccessorForm(forms.ModelForm):
    """One officer's named successor: a person of the council other than the officer, checked
    by CouncilMember.clean like every other path."""

    class Meta:
        model = CouncilMember
        fields = ["successor"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", f"officer-{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        field.queryset = Person.objects.filter(council_id=self.instance.council_id).exclude(
            pk=self.instance.person_id
        )
        field.empty_label = _("No successor named")
        field.help_text = ""

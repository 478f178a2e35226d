"""What the confirm pages say before a person, a role or a training leaves the registry
(councils/confirmation.py); the figures come from the rows themselves."""

from __future__ import annotations

from django.utils.translation import gettext as _

from councils.buddhist_era import thai_date
from councils.confirmation import Fact, Summary
from councils.persons.models import Person, PersonRole, Training


def remove_person(person: Person) -> Summary:
    roles = person.roles.count()
    trainings = person.trainings.count()
    succeeding = person.succeeding.count()
    facts = [Fact(_("Roles"), str(roles)), Fact(_("Trainings"), str(trainings))]
    if succeeding:
        facts.append(Fact(_("Named successor of"), str(succeeding)))
    return Summary(
        title=_("Remove this person?"),
        lead=_(
            "Remove %(name)s from the leaders' registry with their %(roles)s roles and "
            "%(trainings)s trainings. This cannot be undone."
        )
        % {"name": person.full_name, "roles": roles, "trainings": trainings},
        warning=_("Where they were named an officer's successor, no successor will be named.")
        if succeeding
        else "",
        button=_("Remove the person"),
        facts=facts,
        danger=True,
    )


def remove_role(role: PersonRole) -> Summary:
    facts = [Fact(_("Person"), role.person.full_name), Fact(_("Body"), role.get_body_display())]
    if role.position:
        facts.append(Fact(_("Position"), role.position))
    return Summary(
        title=_("Remove this role?"),
        lead=_("Remove the role “%(role)s” of %(name)s. This cannot be undone.")
        % {"role": str(role), "name": role.person.full_name},
        button=_("Remove the role"),
        facts=facts,
        danger=True,
    )


def remove_training(training: Training) -> Summary:
    return Summary(
        title=_("Remove this training?"),
        lead=_("Remove the training “%(course)s” of %(name)s. This cannot be undone.")
        % {"course": training.course, "name": training.person.full_name},
        button=_("Remove the training"),
        facts=[
            Fact(_("Organised by"), training.organiser),
            Fact(_("Attended on"), thai_date(training.attended_on)),
            Fact(_("Hours"), f"{training.hours:g}"),
        ],
        danger=True,
    )

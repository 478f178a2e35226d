"""What the confirm pages say before an organization or an agenda item is removed
(councils/confirmation.py); the figures come from the rows themselves."""

from __future__ import annotations

from django.utils.translation import gettext as _

from councils.confirmation import Fact, Summary
from councils.meetings.models import AgendaItem
from councils.models import CommunityOrganization


def remove_organization(organization: CommunityOrganization) -> Summary:
    facts = [
        Fact(_("Kind"), organization.get_kind_display()),
        Fact(_("Members"), str(organization.member_count)),
    ]
    if organization.village_no:
        facts.append(Fact(_("Village no."), str(organization.village_no)))
    return Summary(
        title=_("Remove this organization?"),
        lead=_(
            "Remove “%(name)s” from the council's registry of community organizations. This "
            "cannot be undone: to list it again, add it anew."
        )
        % {"name": organization.name},
        button=_("Remove the organization"),
        facts=facts,
        danger=True,
    )


def remove_agenda_item(item: AgendaItem) -> Summary:
    resolutions = item.resolutions.count()
    return Summary(
        title=_("Remove this agenda item?"),
        lead=_(
            "Remove agenda item %(no)s “%(title)s” from the meeting. Its %(resolutions)s "
            "resolutions stay in the meeting, without an agenda item. This cannot be undone."
        )
        % {"no": item.position, "title": item.title, "resolutions": resolutions},
        button=_("Remove the agenda item"),
        facts=[Fact(_("Resolutions under it"), str(resolutions))],
        danger=True,
    )

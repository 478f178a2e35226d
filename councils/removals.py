"""What the confirm pages say before an organization, an agenda item or a document is removed
(councils/confirmation.py); the figures come from the rows themselves."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from councils.confirmation import Fact, Summary
from councils.meetings.models import AgendaItem
from councils.models import CommunityOrganization
from councils.records.models import CouncilDocument


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


def remove_document(document: CouncilDocument) -> Summary:
    facts = [
        Fact(_("Kind"), document.get_kind_display()),
        Fact(_("File"), f"{document.kind_label} · {filesizeformat(document.size)}"),
    ]
    if document.meeting_id:
        facts.append(Fact(_("Meeting"), document.meeting.title))
    if document.published:
        facts.append(Fact(_("Published"), _("yes: it is on the council's public page")))
    return Summary(
        title=_("Remove this document?"),
        lead=_(
            "Remove “%(title)s” from the council's documents and delete its file. This cannot "
            "be undone: to have it again, upload the file anew."
        )
        % {"title": document.title},
        button=_("Remove the document and its file"),
        facts=facts,
        danger=True,
    )

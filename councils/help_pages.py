"""The help pages: each role's work in the portal, step by step (public; no personal data)."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from councils.access import Role, scope_for


@dataclass(frozen=True)
class HelpTopic:
    name: str  # the URL name, help_<topic>
    title: Promise
    summary: Promise


TOPICS = {
    "tambon": HelpTopic(
        "help_tambon",
        _("Help for the tambon coordinator"),
        _("The registry, the meetings and the tambon plan, up to the district's review."),
    ),
    "district": HelpTopic(
        "help_district",
        _("Help for the district coordinator"),
        _("Reviewing the tambon plans and the district strategy book."),
    ),
    "province": HelpTopic(
        "help_province",
        _("Help for the provincial coordinator"),
        _("The provincial strategy book, the provincial meeting and the follow-up of proposals."),
    ),
    "fund": HelpTopic(
        "help_fund",
        _("Help for the welfare fund committee"),
        _("Members, contributions, claims with two approvers, the ledger and the statement."),
    ),
}
# The page a person's role opens first; CODI staff and visitors choose from the list.
ROLE_TOPIC = {
    Role.TAMBON_COORDINATOR: "tambon",
    Role.DISTRICT_COORDINATOR: "district",
    Role.PROVINCE_COORDINATOR: "province",
}


def help_index(request: HttpRequest) -> HttpResponse:
    """The footer's help link: a coordinator goes to their role's page, others choose."""
    roles = {role for role, codes in scope_for(request.user).by_role.items() if codes}
    topics = {ROLE_TOPIC[role] for role in roles if role in ROLE_TOPIC}
    if len(topics) == 1 and request.GET.get("all") != "1":
        return redirect(TOPICS[topics.pop()].name)
    return render(request, "help/index.html", {"topics": TOPICS})


def help_page(request: HttpRequest, topic: str) -> HttpResponse:
    return render(
        request,
        f"help/{topic}.html",
        {"topic": TOPICS[topic], "topic_key": topic, "topics": TOPICS},
    )

"""Feedback after a save: a message for the region that changed, and the one live region
(`#messages`) that every htmx response refreshes out of band.

The pattern, in full, is in docs/ui-patterns.md.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

REGION_PREFIX = "region:"


def saved(request: HttpRequest, message: str, region: str) -> None:
    """Say that something was saved, beside the region that changed (`{% region_status %}`)
    as well as in the page's live region. The region is the id of the element the eye is on
    after the save: a section (`members`) or an item in it (`project-12`)."""
    messages.success(request, message, extra_tags=f"{REGION_PREFIX}{region}")


def refused(request: HttpRequest, message: str, region: str) -> None:
    """Say, beside the region, that a change did not go through."""
    messages.error(request, message, extra_tags=f"{REGION_PREFIX}{region}")


def region_of(message) -> str:
    """The region a message belongs to, or "" for a page-level message."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith(REGION_PREFIX):
            return tag.removeprefix(REGION_PREFIX)
    return ""


def _refreshes_messages(request: HttpRequest, response: HttpResponse) -> bool:
    """An htmx answer that swaps HTML into the page (not a redirect, not a poll that changed
    nothing, not a whole page that carries its own live region)."""
    if not getattr(request, "htmx", False) or request.htmx.boosted:
        return False
    if response.status_code != 200 or response.streaming or "HX-Redirect" in response:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if b'id="messages"' in response.content:
        return False
    storage = getattr(request, "_messages", None)
    has_messages = storage is not None and len(storage) > 0
    # A save replaces what the last save said even when it says nothing itself, so nothing
    # stale stays on the screen; a plain GET (opening an editor, a poll) leaves it alone.
    return has_messages or request.method != "GET"


class MessagesOutOfBandMiddleware:
    """Every htmx response that changed something carries the page's messages out of band
    into `#messages`, replacing what was there. Rendering them consumes them, so a message
    added during an htmx request never waits in the session to turn up on a later page.

    It sits after MessageMiddleware in MIDDLEWARE, so it sees the response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _refreshes_messages(request, response):
            html = render_to_string("_messages.html", {"oob": True}, request)
            response.content = response.content + html.encode()
        return response

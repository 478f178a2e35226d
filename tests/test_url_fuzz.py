"""Hostile values in the URL are a 404 (or a refusal), never a 500: every pattern of the project,
for each persona, by GET and POST.

Before the bounded converters (councils/converters.py) an id beyond 64 bits, such as
/public/books/99999999999999999999/, raised OverflowError on SQLite.
"""

import logging
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.accounts_helpers import verify

HOSTILE = (
    "99999999999999999999",  # beyond 64 bits
    "999999999999999999",  # the largest the id converter takes
    "0",
    "-1",
    "99",  # no such province
    "5709",
    "2025",  # a C.E. year where a B.E. one belongs
    "",
    "ตำบล",
    "x" * 300,
)
# The admin site's many models repeat the same few views: fewer values keep the test quick.
ADMIN_HOSTILE = ("99999999999999999999", "-1", "ตำบล%00")
# Logging out would end the persona's session half way through the loop.
SKIPPED = {"logout"}
FINE = {200, 204, 301, 302, 400, 403, 404, 405, 429}
# A path() parameter (<id:pk>) or a re_path() group ((?P<app_label>councils|plans)).
PARAMETER = re.compile(r"<(?:[^>:]+:)?[^>]+>|\(\?P<\w+>[^)]*\)")


def routes(patterns=None, prefix=""):
    """(name, route) of every pattern, the admin site's too, its parameters as <...> marks."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and pattern.name not in SKIPPED:
            yield pattern.name, route


def urls() -> list[str]:
    found = set()
    for _name, route in routes():
        values = ADMIN_HOSTILE if route.startswith("admin/") else HOSTILE
        for value in values if PARAMETER.search(route) else ("",):
            found.add("/" + PARAMETER.sub(value, route).replace("^", "").replace("$", ""))
    return sorted(found)


def test_every_kind_of_route_is_fuzzed():
    fuzzed = urls()
    assert "/public/books/99999999999999999999/" in fuzzed
    assert "/areas/99/welfare/" in fuzzed
    assert any(url.startswith("/admin/councils/council/-1/") for url in fuzzed)


@pytest.mark.parametrize(
    "persona", ["anonymous", "tambon_coordinator", "district_coordinator", "codi_staff"]
)
def test_no_hostile_url_is_a_server_error(persona, request, council):
    user = request.getfixturevalue(persona)
    client = Client(raise_request_exception=False)
    if user.is_authenticated:
        client.force_login(user)
        if user.is_staff:
            verify(client, user)  # so that the admin's own views are reached too
    wrong = []
    logging.disable(logging.WARNING)  # thousands of "Not Found" lines; a 500 is still counted
    try:
        for url in urls():
            for method in (client.get, client.post):
                status = method(url).status_code
                if status not in FINE:
                    wrong.append(f"{method.__name__.upper()} {url[:80]}: {status}")
    finally:
        logging.disable(logging.NOTSET)
    assert not wrong, "\n".join(wrong)

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

# The values each kind of parameter is tried with: those its converter takes (they reach the
# view, which must answer 404 or refuse) and one it refuses (the resolver's 404).
HOSTILE = {
    "id": ("999999999999999999", "0", "99999999999999999999"),  # the last is beyond 64 bits
    "area": ("99", "5709", "570999", "860101", "1"),  # no such province; another's tambon
    "year": ("2025", "0000", "99999"),  # a C.E. year where a B.E. one belongs
    "str": ("ตำบล", "x" * 300, "-1"),
}
# The admin's own patterns (object ids as text, app labels, ...).
ADMIN_HOSTILE = ("99999999999999999999", "-1", "ตำบล%00")
# Logging out would end the persona's session half way through the loop.
SKIPPED = {"logout"}
FINE = {200, 204, 301, 302, 400, 403, 404, 405, 429}
# A path() parameter (<id:pk>) or a re_path() group ((?P<app_label>councils|plans)).
PARAMETER = re.compile(r"<(?:([^>:]+):)?[^>]+>|\(\?P<\w+>[^)]*\)")


def routes(patterns=None, prefix=""):
    """(name, route) of every pattern, the admin site's too, its parameters as <...> marks."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and pattern.name not in SKIPPED:
            yield pattern.name, route


def hostile_urls(route: str) -> set[str]:
    """The route with its parameters replaced, the n-th URL taking each parameter's n-th value
    (a parameter with fewer values repeats its last)."""
    kinds = [
        match.group(1) or "str" if match.group(0).startswith("<") else "admin"
        for match in PARAMETER.finditer(route)
    ]
    lists = [
        ADMIN_HOSTILE if route.startswith("admin/") else HOSTILE.get(k, HOSTILE["str"])
        for k in kinds
    ]
    found = set()
    for n in range(max(len(values) for values in lists)):
        chosen = iter([values[min(n, len(values) - 1)] for values in lists])
        url = PARAMETER.sub(lambda _match, chosen=chosen: next(chosen), route)
        found.add("/" + url.replace("^", "").replace("$", ""))
    return found


def urls() -> list[str]:
    """Every route with parameters, with its hostile values; the routes without parameters are
    requested by every persona in tests/test_access_matrix.py."""
    return sorted(
        url for _name, route in routes() if PARAMETER.search(route) for url in hostile_urls(route)
    )


def test_every_kind_of_route_is_fuzzed():
    fuzzed = urls()
    assert "/public/books/99999999999999999999/" in fuzzed
    assert "/areas/99/welfare/" in fuzzed
    assert "/funds/999999999999999999/statement/2025/pdf/" in fuzzed
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
            if url.startswith("/admin/") and user.is_authenticated and not user.is_staff:
                continue  # sent to the admin's login like the anonymous visitor, who is tried
            for method in (client.get, client.post):
                status = method(url).status_code
                if status not in FINE:
                    wrong.append(f"{method.__name__.upper()} {url[:80]}: {status}")
    finally:
        logging.disable(logging.NOTSET)
    assert not wrong, "\n".join(wrong)


def test_a_nul_character_in_the_address_is_a_bad_request(db, codi_staff):
    """PostgreSQL cannot hold NUL in text: an admin object id or a search with one was a 500
    there (not on SQLite), so the middleware refuses it for every path and database."""
    client = Client(raise_request_exception=False)
    client.force_login(codi_staff)
    verify(client, codi_staff)
    assert client.get("/admin/councils/district/ตำบล%00/change/").status_code == 400
    assert client.get("/admin/councils/council/", {"q": "แม่\x00สาย"}).status_code == 400
    assert client.get("/admin/councils/council/", {"q": "แม่สาย"}).status_code == 200

"""Response headers: a logged-in person's pages are never cached, and the Content-Security-Policy
runs only our own script files, so no page may carry an inline script or on...= handler."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.accounts_helpers import verified_client
from tests.factories import FundFactory, complete_plan


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.fixture
def fund(council):
    return FundFactory(council=council)


@pytest.mark.parametrize("page", ["ledger_list", "claim_list", "council_detail"])
def test_a_logged_in_persons_pages_are_not_stored(
    page, council, fund, tambon_coordinator, client_for
):
    obj = council if page == "council_detail" else fund
    response = client_for(tambon_coordinator).get(reverse(page, args=[obj.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_keep_their_caching(client, db):
    response = client.get(reverse("public_book_list"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_policy_runs_only_our_own_scripts(client, db):
    policy = directives(client.get(reverse("home")))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]


class InlineScripts(HTMLParser):
    """Collects the <script> tags without src and every on...= attribute of a page."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append(f"<script {names}>")
        self.found += [f"<{tag} {name}=...>" for name in names if name.startswith("on")]


def inline_scripts(html: str) -> list[str]:
    parser = InlineScripts()
    parser.feed(html)
    return parser.found


def test_the_checker_sees_inline_scripts():
    page = '<script>alert(1)</script><select onchange="go()"><script src="/s.js"></script>'
    assert inline_scripts(page) == ["<script {}>", "<select onchange=...>"]


def test_pages_carry_no_inline_script(
    client, council, fund, tambon_coordinator, codi_staff, client_for
):
    plan = complete_plan(council)
    alice = client_for(tambon_coordinator)
    pages = {
        "home": client.get(reverse("home")),
        "public books": client.get(reverse("public_book_list")),
        "council": alice.get(council.get_absolute_url()),
        "plan": alice.get(reverse("plan_detail", args=[plan.pk])),
        "ledger": alice.get(reverse("ledger_list", args=[fund.pk])),
        "claims": alice.get(reverse("claim_list", args=[fund.pk])),
        "fund": alice.get(reverse("fund_detail", args=[fund.pk])),
        "enrolment": client_for(codi_staff).get(reverse("two_factor_enrol")),
        "admin index": verified_client(codi_staff).get(reverse("admin:index")),
        "admin councils": verified_client(codi_staff).get(
            reverse("admin:councils_council_changelist")
        ),
        "admin council": verified_client(codi_staff).get(
            reverse("admin:councils_council_change", args=[council.pk])
        ),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert not inline_scripts(response.content.decode()), name


def test_the_autosubmit_filters_use_the_static_script(client_for, tambon_coordinator, fund):
    page = client_for(tambon_coordinator).get(reverse("ledger_list", args=[fund.pk]))
    html = page.content.decode()
    assert "data-autosubmit" in html
    assert "/static/js/portal.js" in html

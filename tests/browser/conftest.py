"""A real browser for the journeys: Playwright driving Debian's Chromium, phone-sized."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
# plain synchronous code, so Django's async-safety guard must not stop them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started with plain-HTTP settings.

    The security middleware reads its settings once, when the server starts, so the per-test
    override in tests/conftest.py comes too late for it.
    """
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    plain_http = override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    )
    plain_http.enable()
    server = LiveServer("localhost")
    yield server
    server.stop()
    plain_http.disable()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it with apt-get")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
        # A journey's PDF render forks layout workers (reports.documents.layout_pool) that
        # inherit this process's pipes to the Playwright driver: while one of them lives, the
        # driver never sees its input close, and leaving this block would wait for it forever.
        stop_layout_workers()


def stop_layout_workers() -> None:
    from reports import documents

    documents.forget_pool()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="th-TH", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def log_in():
    def act(page, username: str, password: str = "correct horse battery"):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()

    return act


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def in_viewport(locator) -> bool:
    """Whether the element is wholly on the screen: its box within 0..innerHeight, and not under
    the in-page menu where that menu is stuck to the top of the screen."""
    box = locator.bounding_box()
    height, covered = locator.page.evaluate(
        """() => {
            const menu = document.querySelector(".page-menu");
            const stuck = menu && menu.getBoundingClientRect().top <= 0;
            return [window.innerHeight, stuck ? menu.getBoundingClientRect().bottom : 0];
        }"""
    )
    return box is not None and box["y"] >= covered and box["y"] + box["height"] <= height


def has_focus(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def screenshot_view(page, name: str) -> None:
    """What the person sees: the viewport only, where the page is scrolled to."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

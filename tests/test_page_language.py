"""Thai pages are all Thai and English pages all English, for every page each persona reaches.

Every row of the access matrix that answers a persona with a page (GET, and POST rows that show
a form again with its errors) is rendered in Thai and in English, with the matrix's world. Only
the visible text counts: scripts, styles and attributes are stripped. A Thai page fails on a
Latin-letter word outside a short allow-list; an English page fails on Thai that is not data
(a name, a title, a place: anything stored in the database).
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.urls import reverse

from tests.accounts_helpers import verified_client
from tests.test_access_matrix import (  # noqa: F401  (the module's fixtures, reused)
    MATRIX,
    PERSONAS,
    _url,
    book_world,
    codi_staff,
    council,
    district_coordinator,
    far_council,
    module_transaction,
    other_council,
    other_tambon_coordinator,
    province_coordinator,
    tambon_coordinator,
    world,
)

# Words a Thai page may show in Latin letters: names of things that are written so in Thai too.
THAI_PAGE_ALLOWED = {
    "CODI", "PDF", "Excel", "CSV", "XLSX", "xlsx", "csv", "ID", "OTP", "TOTP", "QR", "English",
    "HTTP", "IP", "GET", "POST", "URL", "UUID", "JSON", "IPv4", "IPv6", "Control", "Command",
    "Mac", "Single", "Sign-On", "LDAP", "slug", "NUL", "BE",
    # file kinds and sizes as Thai writes them, and the MOU (บันทึกความเข้าใจ, MOU)
    "PNG", "JPEG", "MB", "KB", "docx", "Word", "MOU",
    # the authenticator apps a staff member may install, by their product names
    "Google", "Microsoft", "Authenticator", "FreeOTP",
}  # fmt: skip
# Thai an English page shows: the language switch names Thai in Thai, and the local development
# plan's project form is called by its Thai name, form ผ.02, in English too.
# The village datasets are named so in English too (proper names): จปฐ. and กชช. 2ค.
ENGLISH_PAGE_ALLOWED = {"ไทย", "ผ", "จปฐ", "กชช", "ค"}
# Latin text that is no word: URLs, e-mail addresses, codes such as 3/2569 or ชร 0001/2552, and
# the authenticator key to type in, in groups of four base-32 letters.
NOT_WORDS = re.compile(r"https?://\S+|\S+@\S+\.\S+|\b[A-Za-z]*\d[\w/.-]*|\b[A-Z2-7]{4}\b")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
THAI_RUN = re.compile(r"[\u0e00-\u0e7f][\u0e00-\u0e7f.]*")
# Pages that are files or a PDF's progress, not pages to read.
NOT_PAGES = re.compile(r"pdf|export|template|download|print|calendar_feed|ics")


class VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles, templates or attributes."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def latin_words(text: str) -> set[str]:
    return set(LATIN_WORD.findall(NOT_WORDS.sub(" ", text)))


def english_words(text: str, data: str) -> set[str]:
    stored = latin_words(data)
    return {w for w in latin_words(text) if w not in THAI_PAGE_ALLOWED and w not in stored}


def thai_runs(text: str, data: str) -> set[str]:
    # Word by word (Thai puts spaces between phrases): two names side by side are both data.
    return thai_words(text) - thai_words(data) - ENGLISH_PAGE_ALLOWED


def thai_words(text: str) -> set[str]:
    return {run.rstrip(".") for word in text.split() for run in THAI_RUN.findall(word)}


def fixed_thai() -> list[str]:
    """Thai that an English page shows on purpose: a spreadsheet's column headers and examples
    (the file's columns are named in Thai, whatever the reader's language), and the labels of a
    strategy book's contents (a book is a Thai document; plans/books/contents.py)."""
    from plans.books.contents import thai_labels
    from plans.models import PlanProject
    from tests.test_catalogs import spreadsheet_resources

    resources = spreadsheet_resources()
    texts = [*thai_labels(PlanProject.Approach).values()]
    for resource in resources:
        for column in resource.fields.values():
            texts += [str(column.column_name), str(getattr(column, "example", ""))]
            if hasattr(column.widget, "allowed"):
                texts.append(str(column.widget.allowed()))
    return texts


# Rows that copy the interface's words (the trail names objects by their str, a job its outcome).
NOT_DATA = {"councils.AuditEntry", "auditlog.LogEntry", "admin.LogEntry", "sessions.Session"}
# Data with an English name of its own: an English page shows that name, not the Thai one.
HAS_ENGLISH_NAME = {("plans", "theme"): "name_th", ("welfare", "benefittype"): "name"}


def stored_text(language: str, *, thai_names: bool = False) -> str:
    """Every text stored in the database: on a page it is data, not the interface's words.
    The English names (name_en) are data on an English page only, and there the Thai names of
    themes and benefits are not, except in a strategy book (a Thai document) and in the admin,
    where staff keep both names side by side."""
    english = language == "en"
    values = fixed_thai() if english else []
    for model in apps.get_models():
        if model._meta.label in NOT_DATA:
            continue
        thai_name = HAS_ENGLISH_NAME.get((model._meta.app_label, model._meta.model_name))
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and (english or not f.attname.endswith("_en"))
            and not (english and f.attname == thai_name and not thai_names)
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                values.extend(str(v) for v in row if v)
        if {"title", "first_name"} <= set(fields):
            # A person's name is shown with the title joined on: นางบุญมา.
            rows = model._default_manager.values_list("title", "first_name")
            values.extend(f"{title}{first}" for title, first in rows)
    return "\n".join(values)


def page_rows():
    """(row, persona) for each matrix row and persona that get a page."""
    for row in MATRIX:
        if NOT_PAGES.search(row.name) or row.method not in ("get", "post"):
            continue
        for persona, expected in zip(PERSONAS, row.expect, strict=True):
            if expected == 200 and persona != "other_tambon_coordinator":
                yield row, persona


def _page(client, row, url) -> str | None:
    with transaction.atomic():
        response = getattr(client, row.method)(url, row.data)
        transaction.set_rollback(True)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode()


def _client(client_for, user, language: str):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _problems(pages, language: str) -> list[str]:
    data = stored_text(language)
    book_data = stored_text(language, thai_names=True)
    found = []
    for label, html, typed in pages:
        text = visible_text(html)
        data_here = book_data if "/books/" in label or "/admin/" in label else data
        data_here += " " + typed  # what the person typed, shown back (a confirm page's note)
        leaked = english_words(text, data_here) if language == "th" else thai_runs(text, data_here)
        if leaked:
            found.append(f"{label}: {sorted(leaked)}")
    return found


def _persona_pages(world, client_for, request, language: str):  # noqa: F811
    for row, persona in page_rows():
        user = request.getfixturevalue(persona)
        url = _url(row, world)
        html = _page(_client(client_for, user, language), row, url)
        if html is not None:
            typed = " ".join(str(value) for value in (row.data or {}).values())
            yield f"{persona} {row.method.upper()} {url}", html, typed


def _admin_pages(world, codi_staff, language: str):  # noqa: F811
    """Charlie in the admin: its index, lists, a change form and a form with errors."""
    charlie = verified_client(codi_staff, language)
    mae_sai = world["council"]
    pages = [
        reverse("admin:index"),
        reverse("admin:councils_council_changelist"),
        reverse("admin:councils_council_change", args=[mae_sai.pk]),
        reverse("admin:councils_councilmember_changelist"),
        reverse("admin:councils_councilmember_add"),
        reverse("admin:councils_meeting_changelist"),
        reverse("admin:welfare_benefittype_changelist"),
    ]
    for url in pages:
        yield f"codi_staff GET {url}", charlie.get(url).content.decode(), ""
    with transaction.atomic():
        response = charlie.post(
            reverse("admin:councils_councilmember_add"),
            {"council": mae_sai.pk, "first_name": "", "village_no": "x", "phone": "12"},
        )
        transaction.set_rollback(True)
    assert response.status_code == 200
    yield "codi_staff POST member add (errors)", response.content.decode(), ""


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_page_speaks_one_language(language, world, client_for, request, codi_staff):  # noqa: F811
    pages = [
        *_persona_pages(world, client_for, request, language),
        *_admin_pages(world, codi_staff, language),
    ]
    assert len(pages) > 60
    problems = _problems(pages, language)
    other = "English" if language == "th" else "Thai"
    assert not problems, f"{other} words on {len(problems)} {language} pages:\n" + "\n".join(
        problems
    )


def test_the_check_finds_words_of_the_other_language():
    html = (
        "<p title='Help'>บันทึก <b>Save</b> CODI ID 3/2569 a@b.th https://codi.or.th</p>"
        "<script>var Show = 1</script><style>.Hide{}</style>"
    )
    text = visible_text(html)
    assert english_words(text, data="") == {"Save"}
    assert english_words("Log in alice", data="alice") == {"Log", "in"}
    assert thai_runs("Saved บันทึกแล้ว by นางบุญมา", data="นางบุญมา แก้วมณี") == {"บันทึกแล้ว"}

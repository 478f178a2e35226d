"""PDF rendering with WeasyPrint, in the official Thai layout, fetching only our static files.

Every document template extends `reports/print_base.html` (A4, Sarabun 16 pt, left margin 3 cm,
right 2 cm, page numbers). The renderer resolves links against a base URL that exists nowhere,
and its fetcher answers only for files under STATIC_URL that the staticfiles finders find, and
for `data:` URLs. Everything else (http, https, file paths, anything outside static) is refused,
so a document can never make the server reach the network or read its own disk.
"""

import functools
import logging
import mimetypes
import os
import re
import threading
import weakref
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint.draw.text
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Thai text whose glyphs a PDF's ToUnicode map cannot give back one by one: SARA AM (ำ) is drawn
# as two glyphs (NIKHAHIT and SARA AA) that are reordered around a tone mark, and WeasyPrint maps
# each glyph to the text of the first cluster it met, so "น้ำ" could turn every later "า" or
# "้" into something else when copied ("ตำบล" came out as "ตาบล", "แม่สาย" as "แม่สำย"). Each
# Thai line of glyphs therefore carries its own text as /ActualText, which PDF readers and
# pdftotext use when copying. The span goes around draw_first_line, which draws the glyphs of
# HTML text and of SVG <text> alike (the charts): wrapping draw_text covered only the first.
_THAI = re.compile("[\u0e00-\u0e7f]")
_draw_first_line = weasyprint.draw.text.draw_first_line


def _draw_first_line_with_actual_text(stream, textbox, *args, **kwargs):
    if not _THAI.search(textbox.text):
        return _draw_first_line(stream, textbox, *args, **kwargs)
    actual = pydyf.Dictionary({"ActualText": pydyf.String(textbox.text)})
    stream.begin_marked_content("Span", actual)
    try:
        return _draw_first_line(stream, textbox, *args, **kwargs)
    finally:
        stream.end_marked_content()


# draw_text looks the name up in its module, and the SVG text drawer imports it when it draws.
weasyprint.draw.text.draw_first_line = _draw_first_line_with_actual_text

# Relative links in documents resolve against this; it is never contacted.
BASE_URL = "https://documents.invalid/"


class RefusedURL(ValueError):
    """The document asked for something outside our static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves `data:` URLs and our own static files; refuses everything else."""

    def __init__(self):
        # No redirects: nothing here is fetched over a network anyway.
        super().__init__(allowed_protocols=("data", "https"), allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_path_for(url)
        body = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def static_path_for(url: str) -> Path:
    """The file behind one of our static URLs, or RefusedURL."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
        prefix
    ):
        logger.warning("PDF renderer refused %s", url)
        raise RefusedURL(f"not one of our static files: {url}")
    relative = unquote(parts.path.removeprefix(prefix))
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        raise RefusedURL(f"not one of our static files: {url}")
    path, problem = _find_static(relative)
    if problem:
        raise RefusedURL(f"{problem}: {url}")
    return path


@functools.lru_cache(maxsize=512)
def _find_static(relative: str) -> tuple[Path | None, str]:
    """Where a static file is, or why it may not be read (remembered: a book asks for the same
    fonts in each of its parts, and the finders walk the disk every time)."""
    found = finders.find(relative) or finders.find(_unhashed_name(relative))
    if not found:
        return None, "no such static file"
    path = Path(found).resolve()
    roots = [Path(root).resolve() for root in _static_roots()]
    if not any(path.is_relative_to(root) for root in roots):
        return None, "outside the static folders"
    return path, ""


def _unhashed_name(relative: str) -> str:
    """The source name of a collected file with a content hash in its name (production's
    manifest storage links `fonts/Sarabun-Regular.3f2a9c1b7d4e.ttf`), read from the manifest, so
    that the file is still read from our static folders; any other name is returned as it is."""
    hashed_files = getattr(staticfiles_storage, "hashed_files", None) or {}
    return next(
        (original for original, hashed in hashed_files.items() if hashed == relative), relative
    )


@receiver(setting_changed)
def _forget_static_files(setting, **kwargs):
    watched = {"STATICFILES_DIRS", "STATICFILES_FINDERS", "INSTALLED_APPS", "STATIC_ROOT"}
    if setting in watched | {"STORAGES"}:
        _find_static.cache_clear()


def _static_roots() -> list[str]:
    roots = [str(d) for d in settings.STATICFILES_DIRS]
    from django.apps import apps

    roots += [str(Path(app.path) / "static") for app in apps.get_app_configs()]
    return roots


def render_document(template_name: str, context: dict) -> str:
    """A document's HTML, in Thai whatever the reader's language: the documents are the council's
    official papers (dates with Thai months, Thai labels)."""
    with translation.override("th"):
        return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a document template to PDF bytes."""
    return html_to_pdf(render_document(template_name, context))


# One font configuration per process and thread: WeasyPrint keeps the @font-face fonts it has
# loaded there, which halves the cost of a small document (a book is made of many).
_fonts = threading.local()
# Configurations a forked process inherited from its parent. They are kept, never collected:
# collecting one deletes its folder of fonts, which the parent is still using.
_inherited: list[FontConfiguration] = []
# A child forked from one thread (a request's, whose task renders in a bounded child) finds the
# other threads gone, and its garbage collector frees their locals with their configurations,
# deleting folders the parent's threads still use (the meeting PDF journey did it to the main
# thread). So every configuration is held across the fork: the child inherits a reference.
_every_config: weakref.WeakSet[FontConfiguration] = weakref.WeakSet()
_held_across_fork: list[FontConfiguration] = []


def _hold_configs_across_fork() -> None:
    _held_across_fork[:] = list(_every_config)


def _keep_held_configs_in_child() -> None:
    _inherited.extend(_held_across_fork)
    _held_across_fork.clear()


os.register_at_fork(
    before=_hold_configs_across_fork,
    after_in_parent=_held_across_fork.clear,
    after_in_child=_keep_held_configs_in_child,
)


def font_config() -> FontConfiguration:
    if getattr(_fonts, "pid", None) != os.getpid():
        if getattr(_fonts, "config", None) is not None:
            _inherited.append(_fonts.config)
        _fonts.pid, _fonts.config = os.getpid(), FontConfiguration()
        _every_config.add(_fonts.config)
    return _fonts.config


def html_to_pdf(html: str) -> bytes:
    return html_to_document(html)[0]


def html_to_document(html: str) -> tuple[bytes, int]:
    """Render HTML to PDF bytes and say how many pages it made."""
    config = font_config()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
        font_config=config
    )
    return document.write_pdf(), len(document.pages)

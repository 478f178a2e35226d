"""Production's static files: collectstatic's manifest storage, the hashed names pages and PDFs
link, and the PDF renderer still finding our fonts behind those names."""

import json
import re
from io import BytesIO
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.templatetags.static import static
from pypdf import PdfReader

from reports import pdf

HASHED_CSS = re.compile(r'/static/(css/portal\.[0-9a-f]{12}\.css)"')


@pytest.fixture
def manifest_storage(settings, collected_static):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    return collected_static


def test_production_uses_the_manifest_storage():
    # The suite itself runs on the plain storage (tests/conftest.py); production's default is
    # the settings module's, read here from the settings file's own value.
    from portal import settings as production

    assert production.STATIC_MANIFEST is True  # DEBUG is off in the suite, as in production
    assert (
        production.STORAGES["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_collectstatic_writes_hashed_compressed_files_with_hashed_css_references(collected_static):
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    css = manifest["css/portal.css"]
    assert re.fullmatch(r"css/portal\.[0-9a-f]{12}\.css", css)
    for suffix in ("", ".gz", ".br"):
        assert (collected_static / (css + suffix)).is_file()
    # The web fonts the stylesheet names were rewritten to their hashed names, which exist.
    fonts = re.findall(r'url\("\.\./(fonts/[^"]+)"\)', (collected_static / css).read_text())
    assert manifest["fonts/Sarabun-Regular.woff2"] in fonts
    assert all(re.search(r"\.[0-9a-f]{12}\.(woff2|ttf)$", font) for font in fonts)
    assert all((collected_static / font).is_file() for font in fonts)


def test_pages_link_the_hashed_names(manifest_storage, client):
    html = client.get("/accounts/login/").content.decode()
    linked = HASHED_CSS.search(html)
    assert linked, html[:2000]
    manifest = json.loads((manifest_storage / "staticfiles.json").read_text())["paths"]
    assert linked.group(1) == manifest["css/portal.css"]


def test_the_pdf_renderer_finds_our_fonts_behind_hashed_names(manifest_storage):
    font_url = static("fonts/Sarabun-Regular.ttf")
    assert re.search(r"Sarabun-Regular\.[0-9a-f]{12}\.ttf$", font_url)
    path = pdf.static_path_for(urljoin(pdf.BASE_URL, font_url))
    assert path == (settings.BASE_DIR / "static" / "fonts" / "Sarabun-Regular.ttf").resolve()

    html = (
        f'<style>@font-face {{ font-family: Sarabun; src: url("{font_url}"); }} '
        "body { font-family: Sarabun; }</style><p>ตำบลแม่สาย</p>"
    )
    document, _pages = pdf.html_to_document(html)
    page = PdfReader(BytesIO(document)).pages[0]
    fonts = [str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]
    assert [font.split("+")[-1] for font in fonts] == ["Sarabun"], fonts

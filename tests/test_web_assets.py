"""The web font and the favicon: WOFF2 files made from every Sarabun TTF, loaded from our own
origin (the CSP's font-src 'self'), and a /favicon.ico that leads to the SVG icon."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont

from tests.test_headers import directives

FONTS = Path(__file__).resolve().parents[1] / "static" / "fonts"
PORTAL_CSS = Path(__file__).resolve().parents[1] / "static" / "css" / "portal.css"


@pytest.mark.parametrize("ttf", sorted(FONTS.glob("*.ttf")), ids=lambda path: path.stem)
def test_every_ttf_has_a_woff2_with_the_same_glyphs(ttf):
    woff2 = ttf.with_suffix(".woff2")
    assert woff2.exists(), f"{woff2.name} is missing: run `make fonts`"
    web, original = TTFont(woff2), TTFont(ttf)
    assert web.flavor == "woff2"
    assert web.getGlyphOrder() == original.getGlyphOrder()
    assert web.getBestCmap() == original.getBestCmap()
    assert ord("ก") in web.getBestCmap()


def test_the_stylesheet_declares_each_woff2_and_swaps_in():
    faces = re.findall(r"@font-face\s*{([^}]*)}", PORTAL_CSS.read_text())
    named = {re.search(r'url\("\.\./fonts/([^"]+\.woff2)"\)', face).group(1) for face in faces}
    assert named == {path.name for path in FONTS.glob("*.woff2")}
    assert all("font-display: swap" in face for face in faces)
    assert all(finders.find(f"fonts/{name}") for name in named)


def test_fonts_come_from_our_own_origin_only(client, db):
    policy = directives(client.get("/"))
    assert policy["font-src"] == ["'self'"]


def test_favicon_ico_leads_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico", follow=True)
    assert response.redirect_chain == [("/static/images/favicon.svg", 302)]
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"


def test_every_page_links_the_icon_and_preloads_the_font(client, db):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/images/favicon.svg" type="image/svg+xml">' in html
    assert 'href="/static/fonts/Sarabun-Regular.woff2" as="font"' in html

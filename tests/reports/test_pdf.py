"""The PDF pipeline: Thai that copies out, embedded Sarabun, a fetcher that refuses the world."""

import datetime as dt
import socket
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from reports.pdf import BASE_URL, RefusedURL, StaticOnlyFetcher, html_to_pdf

SAMPLE = """{% extends "reports/print_base.html" %}{% load thai %}
{% block document %}
<div class="cover"><h1>แผนยุทธศาสตร์สภาองค์กรชุมชนจังหวัดชุมพร</h1>
<p class="meta">{{ day|thai_date }}</p></div>
<h2>ยอดรวม</h2>
<p class="num">{{ total|floatformat:"2g" }} บาท ({{ total|baht_text }})</p>
{{ extra|safe }}
{% endblock document %}
"""


def render(extra: str = "") -> bytes:
    html = Template(SAMPLE).render(
        Context({"day": dt.date(2026, 3, 15), "total": Decimal("1250000.50"), "extra": extra})
    )
    return html_to_pdf(html)


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_thai_text_copies_out_of_the_pdf():
    text = pdf_text(render())
    assert "แผนยุทธศาสตร์สภาองค์กรชุมชนจังหวัดชุมพร" in "".join(text.split())  # wraps
    assert "15 มีนาคม 2569" in text
    assert "1,250,000.50" in text
    assert "หนึ่งล้านสองแสนห้าหมื่นบาทห้าสิบสตางค์" in text


def test_sarabun_is_embedded_and_the_page_is_a4():
    reader = PdfReader(BytesIO(render()))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts = {
        font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Sarabun" in str(name) for name in fonts)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/static/css/pico.min.css",
        "file:///etc/passwd",
        "ftp://example.com/file.txt",
        f"{BASE_URL}etc/passwd",
        f"{BASE_URL}static/../../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/portal/settings.py",
        f"{BASE_URL}static/does-not-exist.png",
        "http://127.0.0.1:8000/admin/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises((RefusedURL, ValueError)):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_our_fonts_and_data_urls():
    font = StaticOnlyFetcher().fetch(f"{BASE_URL}static/fonts/Sarabun-Regular.ttf")
    assert font.read()[:4] == b"\x00\x01\x00\x00"
    data = StaticOnlyFetcher().fetch("data:text/plain;base64,4LiB")
    assert data.read().decode() == "ก"


def test_rendering_a_hostile_document_opens_no_connection(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    hostile = (
        '<img src="http://example.com/track.png">'
        '<img src="file:///etc/passwd">'
        '<link rel="stylesheet" href="https://example.com/x.css">'
        '<img src="/static/../../portal/settings.py">'
    )
    text = pdf_text(render(hostile))
    assert "root:" not in text
    assert "ยอดรวม" in text


def test_a_forked_process_leaves_its_parents_fonts_alone(monkeypatch):
    """Each process keeps one font configuration. A forked worker makes its own; collecting the
    one it inherited would delete the font folder its parent still uses (it once did)."""
    import gc

    from reports import pdf

    render()
    inherited = pdf.font_config()
    folder = inherited._folder
    assert folder and folder.exists()
    monkeypatch.setattr(pdf.os, "getpid", lambda: -1)  # as a forked child sees itself
    own = pdf.font_config()
    assert own is not inherited
    del inherited
    gc.collect()
    assert folder.exists()
    monkeypatch.undo()
    assert "15 มีนาคม 2569" in pdf_text(render())


def _collect_garbage() -> None:
    import gc

    gc.collect()  # as a render in a bounded child does, many times over


def test_a_child_forked_from_another_thread_leaves_this_threads_fonts_alone():
    """A task run in a request's thread renders in a forked child (reports.bounded). There the
    other threads are gone, and collecting their locals deleted the font folder this thread
    still uses: the meeting PDF journey broke every later PDF test of its process."""
    import multiprocessing
    import threading

    from reports import pdf

    render()
    folder = pdf.font_config()._folder
    assert folder and folder.exists()

    def fork_a_child():
        child = multiprocessing.get_context("fork").Process(target=_collect_garbage)
        child.start()
        child.join()

    thread = threading.Thread(target=fork_a_child)
    thread.start()
    thread.join()
    assert folder.exists()
    assert "15 มีนาคม 2569" in pdf_text(render())


def test_parallel_workers_render_the_same_text_as_the_parent(tmp_path):
    from reports import documents

    htmls = [
        Template(SAMPLE).render(Context({"day": dt.date(2026, 3, day), "total": Decimal(day)}))
        for day in (1, 2, 3)
    ]
    cache = documents.SectionCache(tmp_path)
    keys = [cache.key(html) for html in htmls]
    pdfs = documents.render_sections(keys, dict(zip(keys, htmls, strict=True)), cache, workers=2)
    assert [pdf_text(p) for p in pdfs] == [pdf_text(html_to_pdf(html)) for html in htmls]

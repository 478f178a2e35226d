"""How the PDFs are laid out: พ.ศ. kept with its year, short sections flowing on, chart labels
that copy out."""

import copy
import math
import subprocess
from io import BytesIO

import pytest
from django.template import Context, Template
from pypdf import PdfReader
from weasyprint import HTML

from plans.books import contents
from plans.books.models import StrategyBook
from reports import charts, documents
from reports.pdf import BASE_URL, StaticOnlyFetcher, html_to_document, html_to_pdf
from reports.templatetags.thai import be_nowrap
from tests.reports.plan_builders import accepted_plan, book
from tests.reports.test_book_pdfs import text_of_page
from tests.reports.test_pdf import pdf_text

A4_CONTENT_HEIGHT_PX = (29.7 - 2.5 - 2) / 2.54 * 96  # print_base.html: A4, top 2.5 cm, bottom 2 cm


def first_page_lines(pdf: bytes) -> list[str]:
    result = subprocess.run(  # noqa: S603 - a fixed command on our own PDF
        ["/usr/bin/pdftotext", "-layout", "-l", "1", "-", "-"],
        input=pdf, capture_output=True, check=True,
    )  # fmt: skip
    return [line.strip() for line in result.stdout.decode().splitlines() if line.strip()]


def test_be_nowrap_keeps_the_era_with_its_years_and_escapes_the_rest():
    assert be_nowrap("แผน <b> พ.ศ.  2569-2573") == (
        'แผน &lt;b&gt; <span class="be">พ.ศ. 2569-2573</span>'
    )
    assert be_nowrap("ปี พ.ศ.๒๕๖๙") == 'ปี <span class="be">พ.ศ. ๒๕๖๙</span>'
    assert be_nowrap("ไม่มีปี") == "ไม่มีปี"


@pytest.mark.parametrize("repeat", range(4))
def test_the_cover_never_ends_a_line_with_be(db, repeat):
    # One of these titles wraps right after "พ.ศ." when nothing keeps it with its year.
    plan = accepted_plan("570901", amounts={"economy": [1000]})
    data = copy.deepcopy(documents.plan_data(plan))
    data["plan"]["title"] = "แผนพัฒนาชุมชน" + "ตำบลแม่สาย" * repeat + " พ.ศ. 2569-2573"
    lines = first_page_lines(html_to_pdf(documents.plan_html(data)))
    assert not [line for line in lines if line.endswith("พ.ศ.")], lines
    assert any(line.endswith("พ.ศ. 2569-2573") for line in lines), lines
    assert "ปีงบประมาณ พ.ศ. 2569–2573" in lines


def content_height(html: str) -> float:
    """The height (CSS px) of the document after its cover laid out on one endless page."""
    endless = html.replace(
        "</style>",
        "@page { size: 21cm 500cm; } .cover { display: none !important; }"
        " * { break-before: auto !important; break-after: auto !important; }</style>",
        1,
    )
    document = HTML(string=endless, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    assert len(document.pages) == 1
    return document.pages[0]._page_box.children[0].margin_height()


def test_a_small_plan_takes_the_pages_its_content_fills(db):
    plan = accepted_plan(
        "570901", amounts={"economy": [1000], "society": [200], "environment": [300]}
    )
    html = documents.plan_html(documents.plan_data(plan))
    # The cover, the pages the content fills, and one for what is kept together at page ends.
    most = 1 + math.ceil(content_height(html) / A4_CONTENT_HEIGHT_PX) + 1
    _pdf, pages = html_to_document(html)
    assert pages <= most <= 4  # it took 5 when every section started a page of its own


def test_a_books_short_strategic_issues_share_a_page(db, tmp_path):
    accepted_plan("570901", amounts={"economy": [1000], "society": [200], "environment": [300]})
    district = book(StrategyBook.Level.DISTRICT, "5709")
    pdf, pages = documents.render_book(
        contents.book_data(district), cache=documents.SectionCache(tmp_path)
    )
    contents_page = text_of_page(pdf, 2)
    listed = [
        line.split()
        for line in contents_page.splitlines()
        if line.strip()[:2] in {"1.", "2.", "3."}
    ]
    issue_pages = {int(words[-1]) for words in listed}
    assert len(listed) == 3 and len(issue_pages) == 1
    page = "".join(text_of_page(pdf, issue_pages.pop()).split())
    for number in (1, 2, 3):
        assert f"ประเด็นยุทธศาสตร์ที่{number}" in page
    assert pages == 5  # cover, contents, summary, the issues, the annex


def test_thai_chart_labels_copy_out_of_the_pdf():
    chart = charts.money_chart(
        [("ตำบลแม่สาย", 1000), ("ตำบลเวียงพางคำ น้ำท่วม", 500)], title="งบประมาณตามตำบล"
    )
    template = Template(
        '{% extends "reports/print_base.html" %}{% block document %}'
        "<p>งบประมาณ ทำนา</p><figure>{{ chart }}</figure>{% endblock %}"
    )
    pdf = html_to_pdf(template.render(Context({"chart": chart})))
    text = pdf_text(pdf)
    assert "งบประมาณตามตำบล" in text  # the title: it came out as "ตาบล"
    assert "ตำบลแม่สาย" in text  # it came out as "แม่สำย"
    assert "ตำบลเวียงพางคำ น้ำท่วม" in text
    assert "1,000 บาท" in text and "500 บาท" in text
    fonts = {
        str(f["/BaseFont"])
        for p in PdfReader(BytesIO(pdf)).pages
        for f in p["/Resources"]["/Font"].values()
    }
    assert fonts and all("Sarabun" in name for name in fonts)  # the chart's too, no fallback

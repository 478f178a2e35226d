"""On a phone: a tambon plan is written and submitted, the district coordinator accepts it,
gathers it into the district strategy book and downloads the book's PDF."""

import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from plans.books.models import StrategyBook
from plans.models import CommunityPlan
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import PartnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ISSUES = (
    ("economy", "หนี้นอกระบบของผู้ค้ารายย่อยชายแดน", "1, 2, 5"),
    ("society", "ผู้สูงอายุอยู่ลำพังไม่มีผู้ดูแล", "3"),
    ("environment", "น้ำแม่สายท่วมบ้านเรือนริมน้ำ", "1, 2"),
)


def _add_issue(phone, plan_url: str, theme: str, title: str, villages: str) -> None:
    from plans.models import Theme

    phone.click(f"a[href='{plan_url}issues/new/']")
    phone.wait_for_selector("#issue-editor form")
    phone.select_option("#id_theme", str(Theme.objects.get(code=theme).pk))
    phone.fill("#id_title", title)
    phone.fill("#id_villages", villages)
    assert fits_the_screen(phone)
    phone.click("#issue-editor button[type=submit]")
    phone.locator("#plan-editor .issue strong", has_text=title).wait_for()


PROJECT = "โครงการกลุ่มออมทรัพย์แก้หนี้นอกระบบ"


def test_a_plan_is_written_submitted_accepted_and_downloaded_in_the_district_book(
    phone, log_in, tambon_coordinator, district_coordinator, council, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # Tasks wait in the queue as they do for db_worker in production; the test plays the
    # worker, so the page's progress polling is what shows the PDF when it is ready.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    PartnerFactory()
    log_in(phone, "alice")
    phone.goto("/plans/")
    assert fits_the_screen(phone)
    phone.click("a[href='/plans/new/']")

    # A Christian-era year is refused with a message that names the B.E. year, never shifted.
    phone.fill("#id_first_year", "2026")
    phone.fill("#id_last_year", "2030")
    phone.click("main form button[type=submit]")
    phone.locator(".errorlist", has_text="2569").first.wait_for()
    assert not CommunityPlan.objects.exists()
    screenshot(phone, "plan-new-ce-year-360")

    phone.fill("#id_first_year", "2569")
    phone.fill("#id_last_year", "2573")
    phone.fill("#id_situation", "ชุมชนการค้าชายแดน ครัวเรือนมีหนี้สินและน้ำท่วมทุกปี")
    phone.click("main form button[type=submit]")
    plan = CommunityPlan.objects.get()
    phone.wait_for_url(f"**{plan.get_absolute_url()}")
    plan_url = plan.get_absolute_url()

    for theme, title, villages in ISSUES:
        _add_issue(phone, plan_url, theme, title, villages)
    assert phone.url.endswith(plan_url)  # everything happened in place
    assert phone.locator("#plan-editor .warnings").count() == 0

    # A project under the first issue, with a budget line, edited in place.
    first_issue = plan.issues.first()
    phone.click(f"a[href='{plan_url}issues/{first_issue.pk}/projects/new/']")
    phone.wait_for_selector("#project-editor form")
    phone.fill("#id_title", PROJECT)
    phone.fill("#id_target", "ผู้ค้ารายย่อย 60 ครัวเรือน")
    phone.check("#id_approach_0")
    phone.select_option("#id_budget-0-fiscal_year", "2569")
    phone.select_option("#id_budget-0-source", "codi")
    phone.fill("#id_budget-0-amount", "45000")
    phone.select_option("#id_budget-1-fiscal_year", "2570")
    phone.select_option("#id_budget-1-source", "community")
    phone.fill("#id_budget-1-amount", "12500.50")
    assert fits_the_screen(phone)
    screenshot(phone, "plan-project-form-360")
    phone.click("#project-editor button[type=submit]")
    phone.locator("#plan-editor .project strong", has_text="กลุ่มออมทรัพย์").wait_for()
    assert "57,500.50" in phone.locator("#totals").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "plan-editor-360")

    phone.click(f"#plan-actions a[href='{plan_url}submit/']")
    phone.wait_for_url(f"**{plan_url}submit/")  # what will be sent, before anything is locked
    plan.refresh_from_db()
    assert plan.state == "draft"
    phone.click("[data-confirm-button]")
    phone.wait_for_url(f"**{plan_url}")
    plan.refresh_from_db()
    assert plan.state == "submitted"
    assert phone.locator(f"a[href='{plan_url}issues/new/']").count() == 0  # locked
    screenshot(phone, "plan-submitted-360")

    # Dao, the district coordinator, finds it in the review queue and accepts it.
    phone.context.clear_cookies()
    log_in(phone, "dao")
    phone.goto("/areas/5709/reviews/")
    assert fits_the_screen(phone)
    screenshot(phone, "review-queue-360")
    phone.click(f"a[href='{plan_url}']")
    phone.wait_for_url(f"**{plan_url}")
    phone.check("#review input[value=accept]")
    phone.fill("#review textarea", "ผ่านเวทีเครือข่ายอำเภอแม่สาย")
    assert fits_the_screen(phone)
    screenshot(phone, "plan-review-360")
    phone.click("#review button[type=submit]")
    phone.wait_for_url(f"**{plan_url}review/")  # the decision's summary, to confirm
    assert "ผ่านเวทีเครือข่ายอำเภอแม่สาย" in phone.locator("#confirm-step").inner_text()
    phone.click("[data-confirm-button]")
    phone.wait_for_url("**/areas/5709/reviews/")
    plan.refresh_from_db()
    assert plan.state == "accepted"
    change = plan.history.last()
    assert (change.by.username, change.note) == ("dao", "ผ่านเวทีเครือข่ายอำเภอแม่สาย")

    phone.goto(plan_url)
    assert "ผ่านเวทีเครือข่ายอำเภอแม่สาย" in phone.locator("#history").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "plan-accepted-360")

    _the_district_book_gathers_the_plan_and_its_pdf_is_downloaded(phone, tmp_path)


def _the_district_book_gathers_the_plan_and_its_pdf_is_downloaded(phone, tmp_path) -> None:
    """Dao starts the district book with the portal's buttons, gathers the accepted plan into
    it, asks for its PDF, watches the progress and downloads the file."""
    from reports.models import Document
    from reports.tasks import render_document

    phone.click(".section-bar a[href='/books/']")
    phone.wait_for_url("**/books/")
    assert fits_the_screen(phone)
    phone.click("a[href='/areas/5709/books/new/']")
    phone.wait_for_selector("main form #id_title")
    assert fits_the_screen(phone)
    phone.click("main form button[type=submit]")  # the proposed title and period, 2569-2573
    phone.wait_for_url("**/books/*/")
    book = StrategyBook.objects.get(level="district", area_code="5709")
    assert phone.url.endswith(book.get_absolute_url())

    phone.click("#board form[action$='/propose/'] button")
    phone.locator("#board .issue-card", has_text=ISSUES[0][1]).wait_for()
    assert book.issues.count() == len(ISSUES)
    assert fits_the_screen(phone)
    screenshot(phone, "book-grouped-360")

    phone.reload()  # the figures above the board, now with the gathered plan
    phone.click(f"form[action='/books/{book.pk}/pdf/'] button[type=submit]")
    phone.wait_for_url("**/documents/*/")
    document = Document.objects.get(object_id=book.pk, kind=Document.Kind.DISTRICT_BOOK)
    status = phone.locator("#status")
    assert status.get_attribute("hx-trigger") == "every 1s"
    assert status.locator("progress").is_visible()
    assert fits_the_screen(phone)
    screenshot(phone, "book-pdf-waiting-360")

    render_document.call(document.pk)  # what a db_worker does with the queued task
    download_link = status.locator(f"a[href='/documents/{document.pk}/file/']")
    download_link.wait_for()  # swapped in by the polling, without reloading the page
    assert phone.url.endswith(f"/documents/{document.pk}/")
    assert fits_the_screen(phone)
    screenshot(phone, "book-pdf-ready-360")
    with phone.expect_download() as downloaded:
        download_link.click()
    path = tmp_path / "district-book.pdf"
    downloaded.value.save_as(path)

    pdf = path.read_bytes()
    assert pdf[:5] == b"%PDF-"
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)
    # The plan item and the project just written, and the project's budget.
    assert ISSUES[0][1] in text and PROJECT in text and "57,500.50" in text
    # pypdf reads a SARA AM cluster (ตำ, น้ำ, ลำ) as SARA AA; poppler reads it right, so the
    # tambon's name and the other two issues are checked in its text.
    poppler = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True
    )
    flat = "".join(poppler.stdout.decode().split())
    assert "ตำบลแม่สาย" in flat
    for _theme, title, _villages in ISSUES:
        assert "".join(title.split()) in flat


def test_the_second_of_two_phones_saving_an_issue_keeps_its_text(
    phone, browser, live_server, log_in, tambon_coordinator, council
):
    from tests.browser.conftest import PHONE
    from tests.factories import IssueFactory, PlanFactory

    plan = PlanFactory(council=council)
    issue = IssueFactory(plan=plan, title="ขยะล้นตลาดชายแดน", villages=[1])
    edit = f"{plan.get_absolute_url()}issues/{issue.pk}/edit/"
    other = browser.new_context(viewport=PHONE, locale="th-TH", base_url=live_server.url)
    second = other.new_page()
    try:
        for page in (phone, second):
            log_in(page, "alice")
            page.goto(plan.get_absolute_url())
            page.click(f"a[href='{edit}']")
            page.wait_for_selector("#issue-editor form")
        phone.fill("#id_title", "ขยะและน้ำเสียจากตลาดชายแดน")
        phone.click("#issue-editor button[type=submit]")
        phone.locator(".issue strong", has_text="น้ำเสีย").wait_for()

        second.fill("#id_villages", "1, 4")
        second.fill("#id_description", "ร้านค้าริมน้ำทิ้งขยะลงลำน้ำสาย")
        second.click("#issue-editor button[type=submit]")
        second.wait_for_selector(".conflict")
        assert second.input_value("#id_description") == "ร้านค้าริมน้ำทิ้งขยะลงลำน้ำสาย"
        assert "ขยะและน้ำเสียจากตลาดชายแดน" in second.locator(".conflict").inner_text()
        assert fits_the_screen(second)
        screenshot(second, "plan-conflict-360")
        issue.refresh_from_db()
        assert (issue.title, issue.villages) == ("ขยะและน้ำเสียจากตลาดชายแดน", [1])
    finally:
        other.close()

"""On a phone, the district coordinator follows what became of the tambon projects: from the
landing page to the district's accountability page, its headline, and the projects behind a
figure."""

import pytest

from tests.browser.conftest import fits_the_screen, screenshot
from tests.plans.accountability_data import mae_sai_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_coordinator_opens_a_figure_and_its_projects(
    phone, log_in, live_server, tambon_coordinator, district_coordinator
):
    # Updates recorded by the tambon through record_update (tests/plans/accountability_data.py).
    mae_sai_history(tambon_coordinator)

    log_in(phone, "dao")
    phone.wait_for_url(f"{live_server.url}/")
    phone.click("a[href='/areas/5709/accountability/']")
    phone.wait_for_url("**/areas/5709/accountability/")
    assert phone.locator("#headline").inner_text() == "ตำบลที่มีโครงการดำเนินการจริง 2 จาก 3 ตำบล (67%)"
    assert fits_the_screen(phone)  # the tables scroll in their own regions
    screenshot(phone, "accountability-district-360")

    figure = phone.locator("a[href$='?theme=economy&status=under_way']").first
    assert figure.inner_text() == "2"
    figure.click()
    phone.wait_for_url("**/areas/5709/accountability/projects/?theme=economy&status=under_way")
    rows = phone.locator("#projects tbody tr")
    assert rows.count() == 2
    assert "กำลังดำเนินการ" in rows.first.inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "accountability-projects-360")


def test_a_books_progress_shows_on_its_page_and_its_public_page(
    phone, log_in, live_server, tambon_coordinator, district_coordinator
):
    from plans.books import curation
    from plans.books.models import StrategyBook
    from tests.plans.accountability_data import TODAY
    from tests.reports.plan_builders import book

    mae_sai_history(tambon_coordinator)
    district = book(StrategyBook.Level.DISTRICT, "5709")
    curation.endorse(district, by=district_coordinator, body="เวทีอำเภอแม่สาย", on=TODAY)

    log_in(phone, "dao")
    phone.goto(f"{live_server.url}{district.get_absolute_url()}")
    progress = phone.locator("#progress")
    assert "ความคืบหน้าตั้งแต่การรับรอง" in progress.inner_text()
    assert fits_the_screen(phone)
    progress.scroll_into_view_if_needed()
    screenshot(phone, "book-progress-360")
    progress.locator("a[href$='/accountability/']").click()
    phone.wait_for_url(f"**/books/{district.pk}/accountability/")
    assert "2 จาก 3" in phone.locator("#headline").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "book-accountability-360")

    phone.goto(f"{live_server.url}/public/books/{district.pk}/")
    assert "ความคืบหน้าตั้งแต่การรับรอง" in phone.locator("#progress").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "public-book-progress-360")

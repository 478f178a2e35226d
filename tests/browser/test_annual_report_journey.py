"""A tambon coordinator on a phone makes the council's annual report of the last fiscal year
from the council page: the figures, the PDF prepared in the background, then downloaded; and a
visitor finds the open data on the public statement."""

import pytest
from django.utils import timezone

from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import FundFactory, MeetingFactory, MemberFactory
from tests.reports.test_pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_annual_report_is_made_from_the_council_page(
    phone, log_in, tambon_coordinator, council, tmp_path, settings
):
    from councils.buddhist_era import fiscal_year_bounds
    from councils.meetings.models import AnnualReport
    from reports import annual_report
    from reports.models import Document
    from reports.tasks import render_document

    settings.MEDIA_ROOT = tmp_path
    year = annual_report.last_reportable_year()
    first, _last = fiscal_year_bounds(year)
    MemberFactory(council=council, role="chair", title="นาย", first_name="สมชาย", last_name="ใจดี")
    MeetingFactory(council=council, held_on=first.replace(month=11, day=10), number=f"1/{year}")
    fund = FundFactory(council=council)

    log_in(phone, "alice")
    phone.goto(council.get_absolute_url())
    phone.get_by_role("link", name=f"จัดทำรายงานประจำปีงบประมาณ {year}").click()
    phone.wait_for_url(f"**/annual-reports/{year}/")
    assert fits_the_screen(phone)
    screenshot(phone, "annual-report-page-360")
    phone.get_by_role("button", name="จัดทำรายงานประจำปี (PDF)").click()
    phone.wait_for_url("**/documents/*/")
    report = AnnualReport.objects.get(council=council, fiscal_year=year)
    assert report.published_on == timezone.localdate()
    document = Document.objects.get(kind=Document.Kind.ANNUAL_REPORT, object_id=report.pk)

    render_document.call(document.pk)  # what a db_worker does with the queued task
    download_link = phone.locator(f"#status a[href='/documents/{document.pk}/file/']")
    download_link.wait_for()
    with phone.expect_download() as downloaded:
        download_link.click()
    path = tmp_path / "annual-report.pdf"
    downloaded.value.save_as(path)
    text = "".join(pdf_text(path.read_bytes()).split())
    assert f"รายงานผลการดำเนินงานประจำปีงบประมาณ{year}" in text
    assert "(นายสมชายใจดี)" in text

    phone.goto(f"/funds/{fund.pk}/statement/{year}/")
    assert phone.get_by_role("link", name="CSV").is_visible()
    assert fits_the_screen(phone)

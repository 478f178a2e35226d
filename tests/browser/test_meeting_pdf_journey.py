"""A tambon coordinator on a phone asks for the PDF of the next meeting: the invitation with
its agenda, prepared in the background, then downloaded."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import AgendaItemFactory, MeetingFactory, MemberFactory
from tests.reports.test_pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_invitation_to_the_next_meeting_is_prepared_and_downloaded(
    phone, log_in, tambon_coordinator, council, tmp_path, settings
):
    from reports.models import Document
    from reports.tasks import render_document

    settings.MEDIA_ROOT = tmp_path
    MemberFactory(council=council, role="chair", first_name="บุญศรี", last_name="ใจงาม")
    meeting = MeetingFactory(
        council=council, held_on=timezone.localdate() + dt.timedelta(days=7),
        title="การประชุมสภาองค์กรชุมชนตำบลแม่สาย", number="1/2570", starts_at=dt.time(9, 30),
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, position=1, title="เรื่องที่ประธานแจ้งให้ทราบ")

    log_in(phone, "alice")
    phone.goto(meeting.get_absolute_url())
    button = phone.get_by_role("button", name="หนังสือเชิญประชุมและระเบียบวาระ (PDF)")
    assert fits_the_screen(phone)
    screenshot(phone, "meeting-pdf-button-360")
    button.click()
    phone.wait_for_url("**/documents/*/")
    document = Document.objects.get(object_id=meeting.pk)
    assert document.kind == Document.Kind.MEETING_INVITATION
    assert phone.locator("hgroup p").inner_text().startswith("หนังสือเชิญประชุมและระเบียบวาระ")

    render_document.call(document.pk)  # what a db_worker does with the queued task
    download_link = phone.locator(f"#status a[href='/documents/{document.pk}/file/']")
    download_link.wait_for()
    assert fits_the_screen(phone)
    screenshot(phone, "meeting-pdf-ready-360")
    with phone.expect_download() as downloaded:
        download_link.click()
    path = tmp_path / "invitation.pdf"
    downloaded.value.save_as(path)
    text = "".join(pdf_text(path.read_bytes()).split())
    assert "ขอเชิญเข้าร่วมการประชุมสภาองค์กรชุมชนตำบลแม่สายครั้งที่1/2570" in text
    assert "ระเบียบวาระที่1เรื่องที่ประธานแจ้งให้ทราบ" in text
    assert "(นางบุญศรีใจงาม)" in text

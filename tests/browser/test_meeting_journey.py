"""A tambon coordinator on a phone records a meeting with two resolutions, one a proposal to
the local government, then logs the local government's answer."""

import pytest

from councils.meetings.models import Meeting, ProposalState
from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import MemberFactory, PartnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_records_a_meeting_and_follows_up_its_proposal(
    phone, log_in, tambon_coordinator, council, live_server
):
    # This journey reads the page's words (quorum, states): it chose English.
    phone.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    members = [
        MemberFactory(council=council, role=role, village_no=n, first_name=name)
        for n, (role, name) in enumerate(
            [("chair", "บุญศรี"), ("secretary", "คำปัน"), ("member", "ศรีนวล")], start=1
        )
    ]
    town = PartnerFactory(name="เทศบาลตำบลแม่สาย")

    log_in(phone, "alice")
    phone.goto(f"/areas/{council.subdistrict_id}/meetings/new/")
    phone.select_option("#id_kind", "council_meeting")
    phone.fill("#id_number", "1/2570")
    phone.fill("#id_title", "การประชุมสภาองค์กรชุมชนตำบลแม่สาย ครั้งที่ 1/2570")
    phone.fill("#id_held_on", "12/11/2569")
    phone.fill("#id_place", "ที่ทำการสภาองค์กรชุมชนตำบลแม่สาย")
    assert fits_the_screen(phone)
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("#agenda")
    meeting = Meeting.objects.get()

    # The agenda, in place.
    phone.click(f"#agenda a[href='/meetings/{meeting.pk}/agenda/new/']")
    phone.wait_for_selector("#agenda form")
    assert phone.url.endswith(meeting.get_absolute_url())
    phone.fill("#id_title", "พิจารณาข้อเสนอโครงการต่อเทศบาล")
    phone.click("#agenda-editor button[type=submit]")
    phone.locator("#agenda").get_by_text("พิจารณาข้อเสนอโครงการต่อเทศบาล").wait_for()

    # Who came: two of three sitting members make the quorum.
    phone.click(f"#attendance a[href='/meetings/{meeting.pk}/attendance/']")
    phone.wait_for_selector("#attendance form")
    phone.check(f"#attendance input[value='{members[0].pk}']")
    phone.check(f"#attendance input[value='{members[1].pk}']")
    phone.fill("#id_guests_female", "4")
    phone.fill("#id_guests_male", "3")
    phone.click("#attendance-editor button[type=submit]")
    phone.locator("#attendance .quorum").get_by_text("2 of 3 present").wait_for()

    # Two resolutions: one by vote, one a proposal to the local government.
    for text, extra in (
        ("เห็นชอบแผนพัฒนาตำบลประจำปี 2570", {"#id_votes_for": "2", "#id_votes_against": "0"}),
        ("เสนอเทศบาลตำบลแม่สายซ่อมถนนสายบ้านป่าซาง", {"#id_due_on": "31/12/2569"}),
    ):
        phone.click(f"#resolutions a[href='/meetings/{meeting.pk}/resolutions/new/']")
        phone.wait_for_selector("#resolutions form")
        phone.fill("#id_text", text)
        for selector, value in extra.items():
            phone.fill(selector, value)
        if "#id_due_on" in extra:
            phone.select_option("#id_addressed_to", str(town.pk))
        assert fits_the_screen(phone)
        phone.click("#resolutions-editor button[type=submit]")
        phone.locator("#resolutions").get_by_text(text).wait_for()
    assert fits_the_screen(phone)
    screenshot(phone, "meeting-recorded-360")
    voted, proposal = meeting.resolutions.all()
    assert (voted.votes_for, voted.is_proposal) == (2, False)
    assert (proposal.addressed_to, proposal.state) == (town, ProposalState.SENT)

    # Later: the municipality answers.
    phone.click(f"a[href='/proposals/{proposal.pk}/']")
    phone.wait_for_selector("#followup form")
    phone.fill("#id_happened_on", "20/11/2569")
    phone.fill("#id_note", "เทศบาลตอบรับ บรรจุในแผนพัฒนาท้องถิ่นปี 2570")
    phone.select_option("#id_state", "answered")
    phone.click("#followup button[type=submit]")
    phone.locator("#followup .history").get_by_text("เทศบาลตอบรับ").wait_for()
    assert fits_the_screen(phone)
    screenshot(phone, "proposal-answered-360")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ANSWERED
    latest = proposal.follow_ups.first()
    assert (latest.state_from, latest.state_to, latest.logged_by) == (
        "sent",
        "answered",
        tambon_coordinator,
    )

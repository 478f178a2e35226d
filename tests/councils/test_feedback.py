"""Save feedback on the council and meeting pages: the error summary, the confirmation beside
the region that changed, and the messages an htmx answer carries (docs/ui-patterns.md)."""

import lxml.html
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from councils.models import CouncilMember
from tests.factories import AgendaItemFactory, MeetingFactory, MemberFactory, OrganizationFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def alice(tambon_coordinator, client_for):
    return client_for(tambon_coordinator)


def _html(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<div>{response.content.decode()}</div>")


def _messages_left(client) -> list[str]:
    """What the session still holds for a later page."""
    request = client.get(reverse("privacy_notice")).wsgi_request
    return [str(message) for message in get_messages(request)]


def _member_data(**overrides) -> dict:
    return {
        "title": "นาย",
        "first_name": "คำแปง",
        "last_name": "ใจมั่น",
        "sex": "male",
        "seat": "representative",
        "role": "member",
        "village_no": "7",
        "selected_on": "15/01/2568",
        **overrides,
    }


def test_a_failed_member_save_sums_up_its_errors_at_the_form_top(council, alice):
    response = alice.post(
        reverse("member_new", args=[council.pk]),
        _member_data(first_name="", selected_on=""),
        headers=HTMX,
    )
    page = _html(response)
    [summary] = page.xpath(".//*[@id='members-editor']//form//*[@data-error-summary]")
    assert summary.get("role") == "alert"
    heading = summary.xpath(".//h3")[0].text_content()
    assert heading == "ยังบันทึกไม่ได้: แก้ 2 ช่องด้านล่าง"
    links = [link.get("href") for link in summary.xpath(".//a")]
    assert links == ["#id_first_name", "#id_selected_on"]
    # The summary comes first in the form, before any field.
    form = page.xpath(".//*[@id='members-editor']//form")[0]
    assert form.index(summary) < form.index(
        form.xpath(".//*[contains(concat(' ',@class,' '),' field ')]")[0]
    )
    field = page.xpath(".//*[@id='id_first_name']")[0]
    assert field.get("aria-invalid") == "true"
    assert field.get("aria-describedby") == "id_first_name_error"
    assert page.xpath(".//*[@id='id_first_name_error']")[0].text_content().strip()
    assert not CouncilMember.objects.exists()


def test_a_seat_rule_is_linked_from_the_summary_to_its_field(council, alice):
    MemberFactory(council=council, role="chair", village_no=1)
    response = alice.post(
        reverse("member_new", args=[council.pk]), _member_data(role="chair"), headers=HTMX
    )
    page = _html(response)
    [link] = page.xpath(".//*[@data-error-summary]//a")
    assert link.get("href") == "#id_role"
    error = page.xpath(".//*[@id='id_role_error']")[0].text_content().strip()
    assert error and error in link.text_content()


def test_a_help_text_is_named_by_the_field_that_points_at_it(council, alice):
    page = _html(alice.post(reverse("member_new", args=[council.pk]), {}, headers=HTMX))
    for field in page.xpath(".//*[@aria-describedby]"):
        for target in field.get("aria-describedby").split():
            assert page.xpath(f".//*[@id='{target}']"), (
                f"{field.get('id')} points at a missing {target}"
            )


def test_a_member_saved_with_htmx_is_confirmed_in_its_section_and_in_messages(council, alice):
    response = alice.post(reverse("member_new", args=[council.pk]), _member_data(), headers=HTMX)
    page = _html(response)
    [status] = page.xpath(".//section[@id='members']//*[@data-region-status]")
    assert status.get("role") == "status"
    assert "บันทึกข้อมูลสมาชิกแล้ว" in status.text_content()
    [live] = page.xpath(".//*[@id='messages']")
    assert (live.get("hx-swap-oob"), live.get("aria-live")) == ("true", "polite")
    assert [p.text_content() for p in live.xpath(".//p")] == ["บันทึกข้อมูลสมาชิกแล้ว"]
    assert _messages_left(alice) == []


def test_a_member_saved_without_javascript_lands_on_the_section_with_its_message(council, alice):
    response = alice.post(reverse("member_new", args=[council.pk]), _member_data())
    assert response.status_code == 302
    assert response["Location"] == f"{council.get_absolute_url()}?page=1#members"
    page = _html(alice.get(response["Location"]))
    [status] = page.xpath(".//section[@id='members']//*[@data-region-status]")
    assert "บันทึกข้อมูลสมาชิกแล้ว" in status.text_content()
    # Not in the sections it does not belong to.
    assert not page.xpath(".//section[@id='organizations']//*[@data-region-status]")
    assert _messages_left(alice) == []


def test_a_failed_save_without_javascript_shows_the_summary_on_the_form_page(council, alice):
    response = alice.post(reverse("organization_new", args=[council.pk]), {"name": ""})
    assert response.status_code == 200
    summary = _html(response).xpath(".//*[@data-error-summary]")[0]
    assert summary.xpath(".//a[@href='#id_name']")


def test_a_refused_removal_is_said_in_the_section(council, alice):
    organization = OrganizationFactory(council=council, name="กลุ่มสตรีบ้านป่าซาง")
    MemberFactory(council=council, organization=organization, seat="representative")
    url = reverse("organization_delete", args=[council.pk, organization.pk])
    response = alice.post(url, headers=HTMX)
    [status] = _html(response).xpath(".//section[@id='organizations']//*[@data-region-status]")
    assert "กลุ่มสตรีบ้านป่าซาง" in status.text_content()
    assert "region-status-error" in status.get("class")
    assert council.organizations.exists()
    assert _messages_left(alice) == []


def test_the_registration_saved_lands_on_its_section(council, alice):
    data = {"name": council.name, "registration_number": "57/2551", "registered_on": ""}
    response = alice.post(reverse("council_edit", args=[council.pk]), data)
    assert response["Location"] == f"{council.get_absolute_url()}#registration"
    page = _html(alice.get(response["Location"]))
    assert page.xpath(".//section[@id='registration']//*[@data-region-status]")


def test_a_meeting_section_save_leaves_no_message_for_a_later_page(council, alice):
    """The field test's pile-up: a message added during an htmx save waited in the session and
    turned up on the next page loaded."""
    meeting = MeetingFactory(council=council)
    response = alice.post(
        reverse("agenda_item_new", args=[meeting.pk]),
        {"position": 1, "title": "รับรองรายงานการประชุมครั้งที่แล้ว", "details": ""},
        headers=HTMX,
    )
    page = _html(response)
    assert (
        "บันทึกระเบียบวาระแล้ว"
        in page.xpath(".//*[@id='agenda']//*[@data-region-status]")[0].text_content()
    )
    assert [p.text_content() for p in page.xpath(".//*[@id='messages']//p")] == [
        "บันทึกระเบียบวาระแล้ว"
    ]
    assert _messages_left(alice) == []
    later = _html(alice.get(meeting.get_absolute_url()))
    assert later.xpath(".//*[@id='messages']//p") == []
    assert later.xpath(".//*[@data-region-status]") == []


def test_each_save_replaces_the_messages_of_the_last(council, alice):
    meeting = MeetingFactory(council=council)
    item = AgendaItemFactory(meeting=meeting, position=1)
    for title in ("เรื่องแจ้งเพื่อทราบ", "เรื่องเพื่อพิจารณา"):
        response = alice.post(
            reverse("agenda_item_edit", args=[meeting.pk, item.pk]),
            {"position": 1, "title": title, "details": ""},
            headers=HTMX,
        )
        live = _html(response).xpath(".//*[@id='messages']")
        assert len(live) == 1
        assert len(live[0].xpath(".//p")) == 1


def test_a_failed_meeting_section_save_sums_up_its_errors(council, alice):
    meeting = MeetingFactory(council=council)
    response = alice.post(
        reverse("resolution_new", args=[meeting.pk]), {"position": 1, "text": ""}, headers=HTMX
    )
    summary = _html(response).xpath(".//*[@id='resolutions-editor']//*[@data-error-summary]")[0]
    assert summary.xpath(".//a[@href='#id_text']")


def test_opening_an_editor_leaves_the_messages_alone(council, alice):
    """A GET that changed nothing does not clear what the last save said."""
    response = alice.get(reverse("member_new", args=[council.pk]), headers=HTMX)
    assert b'id="messages"' not in response.content
    assert response.content.decode().lstrip().startswith('<section id="members">')


def test_a_whole_page_swap_keeps_its_own_messages_region(council, alice):
    """Cancel fetches the whole page and selects the section: no second #messages in it."""
    response = alice.get(council.get_absolute_url(), headers=HTMX)
    assert response.content.decode().count('id="messages"') == 1

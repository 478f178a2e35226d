"""Removing an organization or an agenda item asks first: a page that names it, a POST without
the confirmation removes nothing, one with it removes it."""

from django.urls import reverse

from councils.models import CommunityOrganization
from tests.confirming import confirm_fields
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    OrganizationFactory,
    ResolutionFactory,
)


def test_removing_an_organization_names_it_first(council, tambon_coordinator, client_for):
    alice = client_for(tambon_coordinator)
    organization = OrganizationFactory(council=council, name="กลุ่มสตรีบ้านป่าซาง", member_count=42)
    url = reverse("organization_delete", args=[council.pk, organization.pk])

    summary = alice.get(url)

    page = summary.content.decode()
    assert "ลบ “กลุ่มสตรีบ้านป่าซาง” ออกจากทะเบียนองค์กรชุมชนของสภา" in page
    assert "<dd>42</dd>" in page and ">ลบองค์กรนี้</button>" in page
    assert alice.post(url).status_code == 200
    assert CommunityOrganization.objects.filter(pk=organization.pk).exists()
    assert alice.post(url, confirm_fields(summary)).status_code == 302
    assert not CommunityOrganization.objects.filter(pk=organization.pk).exists()


def test_removing_an_agenda_item_says_its_resolutions_stay(
    council, tambon_coordinator, english_client
):
    alice = english_client(tambon_coordinator)
    meeting = MeetingFactory(council=council)
    item = AgendaItemFactory(meeting=meeting, title="แผนชุมชนปี 2570")
    ResolutionFactory(meeting=meeting, agenda_item=item)
    url = reverse("agenda_item_delete", args=[meeting.pk, item.pk])

    summary = alice.get(url)

    assert "Its 1 resolutions stay in the meeting" in summary.content.decode()
    assert alice.post(url).status_code == 200
    assert meeting.agenda_items.filter(pk=item.pk).exists()
    alice.post(url, confirm_fields(summary))
    assert not meeting.agenda_items.filter(pk=item.pk).exists()
    assert meeting.resolutions.count() == 1


def test_the_council_page_opens_removal_by_a_link(council, tambon_coordinator, client_for):
    organization = OrganizationFactory(council=council)
    page = client_for(tambon_coordinator).get(council.get_absolute_url()).content.decode()
    assert f'href="{reverse("organization_delete", args=[council.pk, organization.pk])}"' in page
    assert "hx-confirm" not in page

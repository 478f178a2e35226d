"""The officers' named successors: the succession page, its form, and the council page."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, PersonFactory


@pytest.fixture
def alice(tambon_coordinator, client_for):
    return client_for(tambon_coordinator)


@pytest.fixture
def dao(district_coordinator, client_for):
    return client_for(district_coordinator)


@pytest.fixture
def chair(council):
    return MemberFactory(council=council, village_no=1, role="chair", first_name="ประธาน")


def _url(council):
    return reverse("council_succession", args=[council.pk])


def test_the_page_lists_the_sitting_officers_in_office_order(council, chair, alice):
    secretary = MemberFactory(council=council, village_no=2, role="secretary")
    MemberFactory(council=council, village_no=3)  # a member, not an officer
    response = alice.get(_url(council))
    assert [row["officer"] for row in response.context["rows"]] == [chair, secretary]


def test_an_editor_names_a_successor(council, chair, alice):
    successor = PersonFactory(council=council, first_name="ผู้สืบทอด")
    response = alice.post(
        _url(council), {"officer": chair.pk, f"officer-{chair.pk}-successor": successor.pk}
    )
    assert response["Location"].endswith(f"#officer-{chair.pk}")
    chair.refresh_from_db()
    assert chair.successor == successor
    page = alice.get(response["Location"]).content.decode()
    assert f'data-region-status="officer-{chair.pk}"' in page
    assert "ผู้สืบทอด" in page


def test_the_officer_is_not_offered_as_their_own_successor(council, chair, alice):
    form = alice.get(_url(council)).context["rows"][0]["form"]
    assert chair.person not in form.fields["successor"].queryset
    response = alice.post(
        _url(council), {"officer": chair.pk, f"officer-{chair.pk}-successor": chair.person_id}
    )
    assert response.status_code == 200
    chair.refresh_from_db()
    assert chair.successor is None


def test_a_person_of_another_tambon_cannot_be_named(council, far_council, chair, alice):
    elsewhere = PersonFactory(council=far_council)
    response = alice.post(
        _url(council), {"officer": chair.pk, f"officer-{chair.pk}-successor": elsewhere.pk}
    )
    assert response.status_code == 200
    assert response.context["rows"][0]["form"].errors
    chair.refresh_from_db()
    assert chair.successor is None


def test_the_successor_is_cleared(council, chair, alice):
    chair.successor = PersonFactory(council=council)
    chair.save()
    alice.post(_url(council), {"officer": chair.pk, f"officer-{chair.pk}-successor": ""})
    chair.refresh_from_db()
    assert chair.successor is None


def test_a_reader_sees_no_form_and_may_not_post(council, chair, dao):
    response = dao.get(_url(council))
    assert response.context["rows"][0]["form"] is None
    person = PersonFactory(council=council)
    answer = dao.post(
        _url(council), {"officer": chair.pk, f"officer-{chair.pk}-successor": person.pk}
    )
    assert answer.status_code == 403
    chair.refresh_from_db()
    assert chair.successor is None


def test_an_officer_of_another_council_is_not_changed_through_this_page(
    council, far_council, alice
):
    far_chair = MemberFactory(council=far_council, village_no=1, role="chair")
    person = PersonFactory(council=council)
    data = {"officer": far_chair.pk, f"officer-{far_chair.pk}-successor": person.pk}
    assert alice.post(_url(council), data).status_code == 200
    far_chair.refresh_from_db()
    assert far_chair.successor is None


def test_the_council_page_shows_each_officers_successor(council, chair, alice):
    chair.successor = PersonFactory(council=council, first_name="คนต่อไป")
    chair.save()
    MemberFactory(council=council, village_no=2, role="secretary")
    html = alice.get(council.get_absolute_url()).content.decode()
    assert "คนต่อไป" in html
    assert chair.successor.get_absolute_url() in html
    assert reverse("council_leaders", args=[council.pk]) in html
    assert _url(council) in html


def test_the_member_form_names_a_successor(council, chair, alice):
    successor = PersonFactory(council=council)
    data = {
        "title": chair.title, "first_name": chair.first_name, "last_name": chair.last_name,
        "sex": chair.sex, "seat": chair.seat, "role": "chair", "successor": successor.pk,
        "village_no": "1", "community_name": "", "organization": "",
        "selected_on": "15/01/2567", "replaces": "", "left_on": "", "phone": "",
    }  # fmt: skip
    response = alice.post(reverse("member_edit", args=[council.pk, chair.pk]), data)
    assert response.status_code == 302
    chair.refresh_from_db()
    assert chair.successor == successor

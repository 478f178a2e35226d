"""The council page lists its sitting members a page at a time, with a search box that works
with and without htmx, and the page costs the same queries for 3 members as for 60."""

import datetime as dt

import pytest

from councils.views import MEMBERS_PAGE_SIZE
from tests.factories import MemberFactory, OrganizationFactory

HTMX = {"HX-Request": "true", "HX-Target": "member-results"}


@pytest.fixture
def alice(tambon_coordinator, client_for):
    return client_for(tambon_coordinator)


def test_members_come_a_page_at_a_time(council, alice):
    MemberFactory.create_batch(MEMBERS_PAGE_SIZE + 5, council=council)
    first = alice.get(council.get_absolute_url())
    second = alice.get(council.get_absolute_url(), {"page": 2})
    assert len(first.context["members_page"]) == MEMBERS_PAGE_SIZE
    assert len(second.context["members_page"]) == 5
    assert 'href="?page=2#members" rel="next"' in first.content.decode()
    names = {m.pk for m in first.context["members_page"]} | {
        m.pk for m in second.context["members_page"]
    }
    assert len(names) == MEMBERS_PAGE_SIZE + 5


def test_the_search_finds_by_name_community_or_organization(council, other_council, alice):
    weavers = OrganizationFactory(council=council, name="กลุ่มทอผ้าไทลื้อ")
    MemberFactory(council=council, first_name="บัวคำ", last_name="ใจงาม")
    MemberFactory(council=council, first_name="สมหมาย", organization=weavers)
    MemberFactory(
        council=council, first_name="ประเสริฐ", village_no=None, community_name="ชุมชนเหมืองแดง"
    )
    MemberFactory(council=other_council, first_name="บัวคำ")  # another council's member

    def found(query: str) -> list[str]:
        response = alice.get(council.get_absolute_url(), {"q": query})
        return [m.first_name for m in response.context["members_page"]]

    assert found("บัวคำ") == ["บัวคำ"]
    assert found("ทอผ้า") == ["สมหมาย"]
    assert found("เหมืองแดง") == ["ประเสริฐ"]
    assert found("ไม่มีใครชื่อนี้") == []
    assert len(found("")) == 3


def test_the_search_keeps_former_members_apart(council, alice):
    MemberFactory(council=council, first_name="บัวคำ")
    MemberFactory(council=council, first_name="บัวผัน", left_on=dt.date(2025, 3, 1))
    response = alice.get(council.get_absolute_url(), {"q": "บัว"})
    assert [m.first_name for m in response.context["members_page"]] == ["บัวคำ"]
    assert [m.first_name for m in response.context["former_members"]] == ["บัวผัน"]


def test_htmx_swaps_the_member_list_alone(council, alice):
    MemberFactory(council=council, first_name="บัวคำ")
    MemberFactory(council=council, first_name="สมหมาย")
    response = alice.get(council.get_absolute_url(), {"q": "บัวคำ"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="member-results">')
    assert "บัวคำ" in html and "สมหมาย" not in html
    assert "<h1>" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("members", [3, 60])
def test_the_council_page_is_flat(council, members, alice, django_assert_num_queries):
    OrganizationFactory(council=council)
    MemberFactory.create_batch(members, council=council)
    MemberFactory.create_batch(2, council=council, left_on=dt.date(2025, 3, 1))
    alice.get(council.get_absolute_url())  # warm the session
    # session, user, assignments, council with its compliance facts; upcoming and recent
    # meetings, open and overdue proposals, annual reports; sitting members counted,
    # organizations, the page of sitting members, former members; the menu's work counts;
    # the charter in force, the latest agreements and documents, the documents counted; the
    # latest strength assessment (its component levels are one more once there is one)
    with django_assert_num_queries(19):
        response = alice.get(council.get_absolute_url())
    assert response.status_code == 200


def test_a_saved_member_is_on_the_page_of_the_list_that_comes_back(council, alice):
    # Eighteen representatives of village 1 fill page one and part of two; one of village 9
    # sorts after them all.
    MemberFactory.create_batch(MEMBERS_PAGE_SIZE + 6, council=council, seat="representative",
                               village_no=1)  # fmt: skip
    data = {
        "title": "นาย", "first_name": "คำแปง", "last_name": "ใจมั่น", "sex": "male",
        "seat": "representative", "role": "member", "village_no": "9",
        "selected_on": "15/01/2568",
    }  # fmt: skip
    url = f"/councils/{council.pk}/members/new/"
    answer = alice.post(url, data, headers={"HX-Request": "true"})
    assert "คำแปง" in answer.content.decode()  # the swapped section shows page 2, where it is
    assert answer.context["members_page"].number == 2
    data["first_name"] = "บุญมี"
    plain = alice.post(url, data)
    assert plain["Location"] == f"{council.get_absolute_url()}?page=2#members"

"""Finding a member among many: by number, by whole citizen ID (never shown), by words of the
name; the same search in the fund's list, the claim's picker and the admin, for fund members
and council members. On PostgreSQL the names are searched through trigram indexes."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.accounts_helpers import verified_client
from tests.factories import FundMemberFactory, MemberFactory
from welfare.models import Member

CITIZEN_ID = "3100600445635"


@pytest.fixture
def members(fund):
    return {
        "boonma": FundMemberFactory(
            fund=fund, first_name="บุญมา", last_name="แก้วมณี", citizen_id=CITIZEN_ID
        ),
        "somsri": FundMemberFactory(fund=fund, first_name="สมศรี", last_name="ใจดี"),
        "somporn": FundMemberFactory(fund=fund, first_name="สมพร", last_name="ทองดี"),
    }


def _found(fund, query: str) -> set[str]:
    return set(fund.members.matching(query).values_list("first_name", flat=True))


def test_a_member_is_found_by_number_citizen_id_or_name(fund, members):
    assert _found(fund, str(members["somsri"].member_no)) == {"สมศรี"}
    assert _found(fund, "๒") == {Member.objects.get(fund=fund, member_no=2).first_name}
    assert _found(fund, CITIZEN_ID) == {"บุญมา"}
    assert _found(fund, "3-1006-00445-63-5") == {"บุญมา"}  # as printed on the card
    assert _found(fund, "มณี") == {"บุญมา"}  # a word inside the name
    assert _found(fund, "สมศรี ใจ") == {"สมศรี"}  # a short word: the start of a name
    assert _found(fund, "ดี") == set()  # two letters match the start only, not "ใจดี"
    assert _found(fund, "ดีสม") == set()
    assert _found(fund, "9999999999999") == set()


def test_the_member_list_finds_by_citizen_id_and_keeps_it_masked(
    fund, members, tambon_coordinator, client_for
):
    page = client_for(tambon_coordinator).get(
        reverse("member_list", args=[fund.pk]), {"q": CITIZEN_ID}
    )
    body = page.content.decode()
    assert "บุญมา" in body and "สมศรี" not in body
    assert members["boonma"].masked_citizen_id in body
    by_name = client_for(tambon_coordinator).get(
        reverse("member_list", args=[fund.pk]), {"q": "แก้วมณี"}
    )
    assert members["boonma"].masked_citizen_id in by_name.content.decode()
    assert CITIZEN_ID not in by_name.content.decode()  # typed, it is echoed; never shown


def test_the_admin_finds_fund_members_by_the_same_search(fund, members, admin_user):
    client = verified_client(admin_user, "en")
    url = reverse("admin:welfare_member_changelist")
    by_name = client.get(url, {"q": "ทองดี"}).content.decode()
    assert "สมพร" in by_name and "บุญมา" not in by_name
    by_id = client.get(url, {"q": CITIZEN_ID}).content.decode()
    assert "บุญมา" in by_id and "สมพร" not in by_id
    boonma = client.get(url, {"q": "แก้วมณี"}).content.decode()
    assert members["boonma"].masked_citizen_id in boonma and CITIZEN_ID not in boonma


def test_the_admin_finds_council_members_by_name_council_or_tambon(
    council, far_council, admin_user
):
    MemberFactory(council=council, first_name="ประยูร", last_name="คำแสน")
    MemberFactory(council=far_council, first_name="มาลี", last_name="ศรีสุข")
    client = verified_client(admin_user, "en")
    url = reverse("admin:councils_councilmember_changelist")

    def found(query):
        body = client.get(url, {"q": query}).content.decode()
        return {name for name in ("ประยูร", "มาลี") if name in body}

    assert found("คำแสน") == {"ประยูร"}
    assert found(far_council.name) == {"มาลี"}
    assert found(council.subdistrict_id) == {"ประยูร"}
    assert found(council.subdistrict_id[:2]) == {"ประยูร"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
def test_names_are_searched_through_trigram_indexes(fund, members, council):
    with connection.cursor() as cursor:
        # A test's few rows fit one page, which the planner would rather read whole: only the
        # indexes that answer the condition are left to it (a bitmap scan needs one).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = Member.objects.matching("แก้วมณี").order_by().explain()
    assert "member_first_name_trgm" in plan and "member_last_name_trgm" in plan
    from councils.models import CouncilMember
    from councils.name_search import words_in_names

    council_plan = (
        CouncilMember.objects.filter(words_in_names("คำแสน", ("first_name", "last_name")))
        .order_by()
        .explain()
    )
    assert "councilmember_last_name_trgm" in council_plan

"""The claim form's member picker: a search by number or name instead of a list of every member."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import FundMemberFactory, MeetingFactory, ResolutionFactory
from welfare.forms import PICKER_PAGE_SIZE
from welfare.models import Claim

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def members(fund):
    """Thirty members of Alice's fund: Somsri Jaidee, and twenty-nine others."""
    somsri = FundMemberFactory(fund=fund, first_name="สมศรี", last_name="ใจดี")
    others = [
        FundMemberFactory(fund=fund, first_name=f"บุญมี{n}", last_name="แก้วมณี") for n in range(29)
    ]
    return somsri, others


def test_the_claim_form_lists_no_member_until_searched(members, tambon_coordinator, client_for):
    somsri, others = members
    page = client_for(tambon_coordinator).get(reverse("claim_new", args=[somsri.fund_id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="member_q"' in html
    assert somsri.last_name not in html and others[0].first_name not in html
    assert 'type="radio" name="member"' not in html


def test_searching_without_javascript_narrows_the_members_and_keeps_the_typing(
    members, sickness, tambon_coordinator, client_for
):
    somsri, others = members
    url = reverse("claim_new", args=[somsri.fund_id])
    typed = {"benefit_type": sickness.pk, "event_on": "1/10/2568", "description": "นอนโรงพยาบาล"}
    page = client_for(tambon_coordinator).post(
        url, {**typed, "member_q": "สมศรี ใจ", "find_member": "1"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and not Claim.objects.exists()
    assert f'name="member" value="{somsri.pk}"' in html
    assert f'name="member" value="{others[0].pk}"' not in html
    assert page.context["form"].errors == {}  # a search step, not a failed save
    assert 'value="1/10/2568"' in html and "นอนโรงพยาบาล" in html


def test_a_member_number_finds_that_member_in_thai_digits_too(
    members, tambon_coordinator, client_for
):
    somsri, _ = members
    url = reverse("member_pick", args=[somsri.fund_id])
    thai_digits = str(somsri.member_no).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    page = client_for(tambon_coordinator).get(url, {"member_q": thai_digits}, **HTMX)
    assert [m.pk for m in page.context["picker"].members] == [somsri.pk]


def test_the_suggestions_come_a_page_at_a_time_with_the_chosen_member_first(
    members, tambon_coordinator, client_for
):
    somsri, others = members
    client = client_for(tambon_coordinator)
    url = reverse("member_pick", args=[somsri.fund_id])
    first = client.get(url, {"member_q": "แก้วมณี", "member": somsri.pk}, **HTMX)
    picker = first.context["picker"]
    assert picker.members[0] == somsri
    assert len(picker.members) == 1 + PICKER_PAGE_SIZE
    assert picker.page.paginator.count == 29
    assert 'name="member_page" value="2"' in first.content.decode()
    third = client.get(url, {"member_q": "แก้วมณี", "member_page": "3"}, **HTMX)
    assert [m.pk for m in third.context["picker"].members] == [m.pk for m in others[20:]]
    assert third["Vary"] == "HX-Request" or "HX-Request" in third["Vary"]


def test_the_search_without_htmx_goes_to_the_claim_form(members, tambon_coordinator, client_for):
    somsri, _ = members
    client = client_for(tambon_coordinator)
    response = client.get(reverse("member_pick", args=[somsri.fund_id]), {"member_q": "สมศรี"})
    assert response.status_code == 302
    form = client.get(response.url)
    assert [m.pk for m in form.context["form"].fields["member"].widget.picker.members] == [
        somsri.pk
    ]


def test_the_search_finds_only_the_members_of_its_fund(
    members, other_fund, tambon_coordinator, other_tambon_coordinator, client_for
):
    somsri, _ = members
    FundMemberFactory(fund=other_fund, first_name="สมศรี", last_name="ใจงาม")
    url = reverse("member_pick", args=[somsri.fund_id])
    page = client_for(tambon_coordinator).get(url, {"member_q": "สมศรี"}, **HTMX)
    assert [m.pk for m in page.context["picker"].members] == [somsri.pk]
    elsewhere = client_for(other_tambon_coordinator).get(url, {"member_q": "สมศรี"}, **HTMX)
    assert elsewhere.status_code == 404


def test_a_member_of_another_fund_cannot_be_posted(
    members, other_fund, sickness, tambon_coordinator, client_for
):
    somsri, _ = members
    stranger = FundMemberFactory(fund=other_fund)
    url = reverse("claim_new", args=[somsri.fund_id])
    data = {"member": stranger.pk, "benefit_type": sickness.pk, "event_on": "1/10/2568"}
    page = client_for(tambon_coordinator).post(url, {**data, "amount": "500"})
    assert "member" in page.context["form"].errors and not Claim.objects.exists()


def test_the_search_costs_the_same_queries_for_ten_or_thirty_matches(
    fund, tambon_coordinator, client_for
):
    client = client_for(tambon_coordinator)
    url = reverse("member_pick", args=[fund.pk])

    def queries(n: int) -> int:
        for i in range(n):
            FundMemberFactory(fund=fund, first_name=f"ประยูร{i}")
        with CaptureQueriesContext(connection) as captured:
            client.get(url, {"member_q": "ประยูร"}, **HTMX)
        return len(captured)

    # session, user, assignments (scope), the fund, the count, the page of members
    assert queries(10) == queries(20)


def test_the_resolution_list_names_the_meeting_its_date_and_the_whole_text(
    paying_member, tambon_coordinator, client_for
):
    long_text = "อนุมัติจ่ายสวัสดิการค่ารักษาพยาบาลให้สมาชิกที่นอนโรงพยาบาลเกินสามคืน " * 3
    ResolutionFactory(
        meeting=MeetingFactory(council=paying_member.fund.council, number="3/2569"),
        position=2,
        text=long_text,
    )
    client = client_for(tambon_coordinator)
    client.cookies["django_language"] = "th"
    html = client.get(reverse("claim_new", args=[paying_member.fund_id])).content.decode()
    whole = " ".join(long_text.split())
    assert f"ครั้งที่ 3/2569 (12 มี.ค. 2569) — มติที่ 2: {whole}" in html


def test_a_claim_without_a_member_points_the_summary_at_the_search_box(
    fund, sickness, tambon_coordinator, client_for
):
    url = reverse("claim_new", args=[fund.pk])
    data = {"benefit_type": sickness.pk, "event_on": "1/10/2568", "amount": "500"}
    html = client_for(tambon_coordinator).post(url, data).content.decode()
    assert 'href="#id_member_q"' in html
    search = html[html.index('id="id_member_q"') - 200 : html.index('id="id_member_q"') + 600]
    assert 'aria-invalid="true"' in search

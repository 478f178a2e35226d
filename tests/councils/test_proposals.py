"""Proposals to agencies: the state history, the follow-up log and the board per area."""

import datetime as dt

import pytest
from django.urls import reverse

from councils.meetings.models import ProposalState, Resolution
from councils.models import Subdistrict
from tests.factories import (
    CouncilFactory,
    MeetingFactory,
    PartnerFactory,
    ResolutionFactory,
    UserFactory,
)

HTMX = {"HX-Request": "true"}


def proposal_to(agency, meeting, due_on=dt.date(2026, 6, 30), by=None, **extra):
    resolution = ResolutionFactory.build(
        meeting=meeting, addressed_to=agency, due_on=due_on, **extra
    )
    resolution.save_by(by)
    return resolution


@pytest.fixture
def proposal(council, tambon_coordinator):
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    return proposal_to(PartnerFactory(), meeting, by=tambon_coordinator)


def test_every_state_change_keeps_who_when_and_why(proposal, tambon_coordinator):
    clerk = UserFactory(username="somsri")
    proposal.log(
        by=clerk, note="เทศบาลตอบรับ จะบรรจุในแผนปี 2570", happened_on=dt.date(2026, 4, 2),
        state=ProposalState.ANSWERED,
    )  # fmt: skip
    proposal.log(by=clerk, note="โทรติดตามอีกครั้ง", happened_on=dt.date(2026, 5, 1))
    proposal.log(
        by=tambon_coordinator, note="เริ่มสำรวจเส้นทาง", happened_on=dt.date(2026, 6, 3),
        state=ProposalState.IN_PROGRESS,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.IN_PROGRESS
    history = list(proposal.follow_ups.order_by("happened_on"))
    assert [(e.state_from, e.state_to) for e in history] == [
        ("", "sent"),
        ("sent", "answered"),
        ("", ""),  # a note that changes nothing is logged as news only
        ("answered", "in_progress"),
    ]
    assert [e.logged_by for e in history[1:]] == [clerk, clerk, tambon_coordinator]
    assert history[1].note == "เทศบาลตอบรับ จะบรรจุในแผนปี 2570"


def test_logging_the_same_state_again_is_not_a_change(proposal, tambon_coordinator):
    entry = proposal.log(
        by=tambon_coordinator, note="ยังรอคำตอบ", happened_on=dt.date(2026, 4, 1), state="sent"
    )
    assert (entry.state_from, entry.state_to) == ("", "")


def test_the_answer_is_logged_through_the_page_with_htmx(proposal, tambon_coordinator, client_for):
    alice = client_for(tambon_coordinator)
    response = alice.post(
        reverse("proposal_log", args=[proposal.pk]),
        {"happened_on": "2/4/2569", "note": "อบต. ตอบรับข้อเสนอ", "state": "answered"},
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="followup">')
    assert "อบต. ตอบรับข้อเสนอ" in body
    proposal.refresh_from_db()
    assert proposal.state == "answered"


def test_a_follow_up_in_the_future_is_refused(proposal, tambon_coordinator, client_for):
    response = client_for(tambon_coordinator).post(
        reverse("proposal_log", args=[proposal.pk]),
        {"happened_on": "1/1/2600", "note": "ล่วงหน้า", "state": "done"},
    )
    assert "happened_on" in response.context["form"].errors
    assert proposal.follow_ups.count() == 1


def test_readers_see_the_history_but_cannot_log(proposal, district_coordinator, client_for):
    page = client_for(district_coordinator).get(reverse("proposal_detail", args=[proposal.pk]))
    assert page.context["can_log"] is False
    assert "followup-editor" not in page.content.decode()


def test_a_proposal_with_history_cannot_quietly_stop_being_one(
    proposal, tambon_coordinator, client_for
):
    response = client_for(tambon_coordinator).post(
        reverse("resolution_edit", args=[proposal.meeting_id, proposal.pk]),
        {"position": 1, "text": proposal.text},
    )
    assert "addressed_to" in response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.is_proposal


def test_overdue_means_open_and_past_its_due_date(council):
    meeting = MeetingFactory(council=council)
    agency = PartnerFactory()
    today = dt.date(2026, 11, 21)
    late = proposal_to(agency, meeting, due_on=dt.date(2026, 9, 30))
    done_late = proposal_to(agency, meeting, due_on=dt.date(2026, 9, 30))
    done_late.log(by=None, note="เสร็จแล้ว", happened_on=dt.date(2026, 10, 1), state="done")
    proposal_to(agency, meeting, due_on=dt.date(2026, 12, 31))
    assert list(Resolution.objects.overdue(today)) == [late]


def test_the_board_lists_overdue_first_and_filters_from_an_allow_list(
    council, district_coordinator, client_for
):
    meeting = MeetingFactory(council=council)
    governor = PartnerFactory(name="ผู้ว่าราชการจังหวัดเชียงราย", kind="governor", area_code="57")
    town = PartnerFactory()
    soon = proposal_to(town, meeting, due_on=dt.date(2099, 1, 1))
    late = proposal_to(governor, meeting, due_on=dt.date(2020, 1, 1))
    done = proposal_to(town, meeting, due_on=dt.date(2020, 1, 1))
    done.log(by=None, note="ดำเนินการแล้ว", happened_on=dt.date(2021, 1, 1), state="done")
    dao = client_for(district_coordinator)
    url = reverse("followup_board", args=["5709"])
    assert dao.get(url).context["rows"] == [late, soon]
    assert dao.get(url, {"agency": town.pk}).context["rows"] == [soon]
    assert dao.get(url, {"overdue": "1"}).context["rows"] == [late]
    assert dao.get(url, {"state": "done"}).context["rows"] == [done]
    assert dao.get(url, {"state": "all"}).context["rows"] == [late, soon, done]
    # Anything outside the allow-list falls back to the default view, never into the query.
    odd = dao.get(url, {"state": "'; drop table", "agency": "x' or 1=1", "overdue": "yes"})
    assert odd.status_code == 200
    assert odd.context["filters"] == {"state": "open", "agency": "", "overdue": False}
    assert odd.context["rows"] == [late, soon]


def proposals_in_mae_sai(count: int):
    agency = PartnerFactory()
    for subdistrict in Subdistrict.objects.filter(code__startswith="5709")[: min(count, 8)]:
        council = CouncilFactory(subdistrict_id=subdistrict.code)
        meeting = MeetingFactory(council=council)
        for n in range(count // 4 + 1):
            proposal_to(agency, meeting, due_on=dt.date(2026, 1, 1) + dt.timedelta(days=n))


@pytest.mark.parametrize("count", [2, 40])
def test_board_queries_stay_flat(
    count, district_coordinator, client_for, django_assert_num_queries
):
    proposals_in_mae_sai(count)
    client = client_for(district_coordinator)
    # session, user, assignments (scope), area name, agencies for the filter, the count for
    # the pages, one page of proposals with their meetings, councils and agencies, the overdue
    # count
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(9):
        response = client.get(reverse("followup_board", args=["5709"]))
    assert len(response.context["rows"]) >= min(count // 4, 25)
    with django_assert_num_queries(9):
        client.get(reverse("followup_board", args=["5709"]), {"page": 2, "state": "all"})


@pytest.fixture
def long_board(council):
    """60 open proposals to the town and 5 to the governor, 30 of the town's overdue."""
    meeting = MeetingFactory(council=council)
    town = PartnerFactory()
    governor = PartnerFactory(name="ผู้ว่าราชการจังหวัดเชียงราย", kind="governor", area_code="57")
    for n in range(60):
        late = n % 2 == 0
        due = dt.date(2020, 1, 1) if late else dt.date(2099, 1, 1)
        proposal_to(town, meeting, due_on=due + dt.timedelta(days=n), text=f"ข้อเสนอที่ {n}")
    for n in range(5):
        proposal_to(governor, meeting, due_on=dt.date(2099, 6, 1) + dt.timedelta(days=n))
    return {"town": town, "governor": governor}


def test_the_board_comes_in_pages_of_25_overdue_first(long_board, district_coordinator, client_for):
    dao = client_for(district_coordinator)
    url = reverse("followup_board", args=["5709"])
    first = dao.get(url)
    assert first.context["page"].paginator.count == 65
    assert first.context["page"].paginator.num_pages == 3
    assert len(first.context["rows"]) == 25
    assert all(row.is_overdue() for row in first.context["rows"])
    # The overdue count covers the whole board, not just the page.
    assert first.context["overdue_count"] == 30
    last = dao.get(url, {"page": 3})
    assert len(last.context["rows"]) == 15
    pages = [first.context["rows"], dao.get(url, {"page": 2}).context["rows"], last.context["rows"]]
    seen = [row.pk for rows in pages for row in rows]
    assert len(seen) == len(set(seen)) == 65


def test_the_page_links_keep_the_filters(long_board, district_coordinator, client_for):
    dao = client_for(district_coordinator)
    url = reverse("followup_board", args=["5709"])
    town = long_board["town"].pk
    response = dao.get(url, {"agency": town, "state": "sent", "page": 2})
    assert response.context["page"].number == 2
    assert {row.addressed_to_id for row in response.context["rows"]} == {town}
    html = response.content.decode()
    assert f'href="?state=sent&amp;agency={town}&amp;page=1"' in html
    assert f'href="?state=sent&amp;agency={town}&amp;page=3"' in html
    overdue = dao.get(url, {"overdue": "1", "state": "'; drop"}).content.decode()
    # 30 overdue: two pages, the link carries the overdue filter and the state as it was read.
    assert 'href="?state=open&amp;overdue=1&amp;page=2"' in overdue
    assert "drop" not in overdue.split('class="pager"')[1]


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "2.5", "1e3", "9" * 30])
def test_a_page_out_of_range_or_not_a_number_is_not_an_error(
    page, long_board, district_coordinator, client_for
):
    response = client_for(district_coordinator).get(
        reverse("followup_board", args=["5709"]), {"page": page}
    )
    assert response.status_code == 200
    # Past the end (or below 1) shows the last page; what is not a number shows the first.
    expected = 1 if page in ("abc", "2.5", "1e3") else 3
    assert response.context["page"].number == expected


def test_a_short_board_has_no_page_links(council, district_coordinator, client_for):
    proposal_to(PartnerFactory(), MeetingFactory(council=council))
    response = client_for(district_coordinator).get(reverse("followup_board", args=["5709"]))
    assert 'class="pager"' not in response.content.decode()

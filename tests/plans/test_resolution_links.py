"""Resolutions that back plan projects and strategic issues; the meeting that endorsed a book."""

import datetime as dt

import pytest
from django.urls import reverse

from councils.meetings.models import Meeting
from plans.books import curation
from plans.books.models import BookSnapshot, StrategyBook
from plans.models import PlanProject
from tests.confirming import post_confirmed
from tests.factories import (
    IssueFactory,
    MeetingFactory,
    PlanFactory,
    ProjectFactory,
    ResolutionFactory,
)
from tests.plans.test_plan_editor import _project_data
from tests.reports.plan_builders import accepted_plan, book

HTMX = {"HX-Request": "true"}


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


@pytest.fixture
def plan(council):
    return PlanFactory(council=council)


def district_meeting(code="5709", **fields):
    return MeetingFactory(
        council=None,
        level=Meeting.Level.DISTRICT,
        kind=Meeting.Kind.DISTRICT_NETWORK,
        area_code=code,
        title="การประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย",
        **fields,
    )


def provincial_meeting(code="57", **fields):
    return MeetingFactory(
        council=None,
        level=Meeting.Level.PROVINCE,
        kind=Meeting.Kind.PROVINCIAL,
        area_code=code,
        title="ที่ประชุมระดับจังหวัดสภาองค์กรชุมชนจังหวัดเชียงราย",
        **fields,
    )


# --- plan projects --------------------------------------------------------------------------


def test_a_project_cites_its_councils_and_districts_resolutions_and_both_pages_show_it(
    plan, council, alice
):
    own = ResolutionFactory(meeting=MeetingFactory(council=council), text="เห็นชอบลำดับโครงการ")
    network = ResolutionFactory(meeting=district_meeting(), text="ให้ทุกตำบลส่งข้อมูลซ่อมบ้าน")
    issue = IssueFactory(plan=plan)
    data = _project_data(plan, resolutions=[own.pk, network.pk])
    response = alice.post(reverse("project_new", args=[plan.pk, issue.pk]), data)
    assert response.status_code == 302
    project = issue.projects.get()
    assert set(project.resolutions.all()) == {own, network}

    page = alice.get(plan.get_absolute_url()).content.decode()
    assert "Meeting resolution" in page
    assert f'{own.meeting.get_absolute_url()}#resolution-{own.pk}"' in page
    meeting_page = alice.get(own.meeting.get_absolute_url()).content.decode()
    assert project.title in meeting_page
    assert reverse("plan_detail", args=[plan.pk]) in meeting_page


def test_another_tambons_resolution_cannot_be_attached(plan, council, other_council, alice):
    theirs = ResolutionFactory(meeting=MeetingFactory(council=other_council))
    far = ResolutionFactory(meeting=district_meeting("8607"))
    issue = IssueFactory(plan=plan)
    for resolution in (theirs, far):
        data = _project_data(plan, resolutions=[resolution.pk])
        response = alice.post(reverse("project_new", args=[plan.pk, issue.pk]), data)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not issue.projects.exists()


def test_the_form_offers_only_the_resolutions_around_the_plan(plan, council, other_council, alice):
    own = ResolutionFactory(meeting=MeetingFactory(council=council), text="มติของแม่สาย")
    ResolutionFactory(meeting=MeetingFactory(council=other_council), text="มติของห้วยไคร้")
    provincial = ResolutionFactory(meeting=provincial_meeting(), text="มติระดับจังหวัด")
    issue = IssueFactory(plan=plan)
    form = alice.get(reverse("project_new", args=[plan.pk, issue.pk])).context["form"]
    assert set(form.fields["resolutions"].queryset) == {own, provincial}


def test_a_stale_project_edit_keeps_the_resolutions_the_other_person_chose(plan, council, alice):
    first = ResolutionFactory(meeting=MeetingFactory(council=council))
    second = ResolutionFactory(meeting=first.meeting)
    project = ProjectFactory(issue=IssueFactory(plan=plan))
    url = reverse("project_edit", args=[plan.pk, project.pk])
    form = alice.get(url).context["form"]
    opened = {"version": plan.version, "base": form.initial["base"]}
    # Someone else cites the first resolution meanwhile.
    project.resolutions.add(first)
    plan.touch()
    data = _project_data(plan, title="ชื่อใหม่", **opened)
    response = alice.post(url, data)
    assert response.status_code == 200  # shown again with the conflict
    assert response.context["form"]["resolutions"].value() == [str(first.pk)]
    response = alice.post(url, {**response.context["form"].data, "resolutions": [second.pk]})
    assert response.status_code == 302
    assert list(project.resolutions.all()) == [second]


# --- strategic issues ----------------------------------------------------------------------


@pytest.fixture
def mae_sai(db):
    accepted_plan("570901")
    return book(StrategyBook.Level.DISTRICT, "5709")


def test_a_strategic_issue_cites_a_district_resolution_shown_on_the_book_and_the_meeting(
    mae_sai, district_coordinator, client_for
):
    resolution = ResolutionFactory(meeting=district_meeting(), text="เห็นชอบประเด็นยุทธศาสตร์")
    issue = mae_sai.issues.first()
    client = client_for(district_coordinator)
    response = client.post(
        reverse("book_issue_edit", args=[mae_sai.pk, issue.pk]),
        {"title": issue.title, "resolutions": [resolution.pk]},
    )
    assert response.status_code == 302
    assert list(issue.resolutions.all()) == [resolution]
    page = client.get(mae_sai.get_absolute_url()).content.decode()
    assert f"#resolution-{resolution.pk}" in page
    meeting_page = client.get(resolution.meeting.get_absolute_url()).content.decode()
    assert issue.title in meeting_page and mae_sai.title in meeting_page


def test_a_strategic_issue_cannot_cite_another_districts_resolution(
    mae_sai, district_coordinator, client_for
):
    outside = ResolutionFactory(meeting=district_meeting("5701"))
    issue = mae_sai.issues.first()
    response = client_for(district_coordinator).post(
        reverse("book_issue_edit", args=[mae_sai.pk, issue.pk]),
        {"title": issue.title, "resolutions": [outside.pk]},
    )
    assert response.status_code == 200
    assert not issue.resolutions.exists()


# --- endorsement ---------------------------------------------------------------------------


def test_endorsing_with_the_meeting_takes_its_title_and_date_and_links_both_ways(
    mae_sai, district_coordinator, english_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = district_meeting(held_on=dt.date(2026, 1, 20))
    client = english_client(district_coordinator)
    form = client.get(reverse("book_endorse", args=[mae_sai.pk])).context["form"]
    assert meeting in form.fields["meeting"].queryset
    response = post_confirmed(
        client, reverse("book_endorse", args=[mae_sai.pk]), {"meeting": meeting.pk}
    )
    assert response.status_code == 302
    snapshot = BookSnapshot.objects.get(book=mae_sai)
    assert (snapshot.meeting, snapshot.endorsed_on) == (meeting, dt.date(2026, 1, 20))
    assert snapshot.endorsed_by_body == meeting.title
    book_page = client.get(mae_sai.get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in book_page.split('id="changes"')[1]
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    # Endorsed there means presented there: the book is on the meeting's list, marked endorsed.
    books_section = meeting_page.split('<section id="books">')[1].split("</section>")[0]
    assert reverse("public_book", args=[mae_sai.pk]) in books_section
    assert reverse("book_detail", args=[mae_sai.pk]) in books_section
    assert "Endorsed at this meeting" in books_section
    public_list = client.get(reverse("public_book_list")).content.decode()
    assert meeting.title in public_list


def test_a_meeting_outside_the_books_area_cannot_be_chosen(
    mae_sai, district_coordinator, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    elsewhere = district_meeting("5701")
    council_meeting = MeetingFactory(council=accepted_plan("570902").council)
    for meeting in (elsewhere, council_meeting):
        response = client_for(district_coordinator).post(
            reverse("book_endorse", args=[mae_sai.pk]),
            {"meeting": meeting.pk, "body": "ที่ประชุม", "endorsed_on": "20/1/2569"},
        )
        assert response.status_code == 200
    assert not BookSnapshot.objects.exists()


def test_endorsing_without_a_meeting_still_needs_the_body_and_date(
    mae_sai, district_coordinator, client_for
):
    response = client_for(district_coordinator).post(
        reverse("book_endorse", args=[mae_sai.pk]), {"body": "", "meeting": ""}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"body", "endorsed_on"}
    assert not BookSnapshot.objects.exists()


# --- the meeting page stays flat -------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 5])
def test_the_meeting_page_queries_stay_flat_with_the_citations(
    count, district_coordinator, client_for, django_assert_num_queries
):
    meeting = district_meeting()
    accepted_plan("570908")
    strategy = book(StrategyBook.Level.DISTRICT, "5709")
    endorsed = []
    for n in range(count):
        plan = accepted_plan(f"57090{n + 1}")
        resolution = ResolutionFactory(meeting=meeting)
        for project in PlanProject.objects.filter(issue__plan=plan):
            project.resolutions.add(resolution)
        strategy.issues.first().resolutions.add(resolution)
        endorsed.append(
            StrategyBook.objects.create(
                level="district",
                area_code="5709",
                first_year=2580 + n,
                last_year=2580 + n,
                title=f"เล่ม {n}",
            )
        )
        BookSnapshot.objects.create(
            book=endorsed[-1], endorsed_by=district_coordinator, endorsed_by_body="ที่ประชุม",
            data={}, data_hash="x", meeting=meeting,
        )  # fmt: skip
        # Half the books are on the meeting's list with an agenda item of their own.
        if n % 2:
            curation.present(endorsed[-1], meeting, by=district_coordinator, with_agenda_item=True)
    client = client_for(district_coordinator)
    url = meeting.get_absolute_url()
    client.get(url)  # warm the session
    # 1-3 session, user, assignments (scope); 4 the meeting, 5 may the user edit it,
    # 6 attendances, 7 agenda, 8 partners present, 9 resolutions, 10 their follow-ups;
    # 11-14 the plan projects citing them, their issues, plans and councils; 15-16 the
    # strategic issues citing them and their books; 17 the books endorsed at the meeting,
    # 18 the books on its list with their agenda items.
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(19):
        response = client.get(url)
    page = response.content.decode()
    assert page.count('class="resolution-line"') >= 2 * count
    assert all(reverse("public_book", args=[made.pk]) in page for made in endorsed)


def test_a_district_meeting_shows_each_reader_only_the_citations_in_their_scope(
    plan, council, alice, other_tambon_coordinator, district_coordinator, english_client
):
    network = ResolutionFactory(meeting=district_meeting(), text="ให้ทุกตำบลส่งข้อมูลซ่อมบ้าน")
    issue = IssueFactory(plan=plan)
    project = PlanProject.objects.create(
        issue=issue, title="ซ่อมบ้านผู้สูงอายุบ้านเวียงพางคำ", approach="joint"
    )
    project.resolutions.add(network)
    url = network.meeting.get_absolute_url()

    assert project.title in alice.get(url).content.decode()
    assert project.title in english_client(district_coordinator).get(url).content.decode()
    # Bob reads his district's meeting, but Alice's plan is none of his business.
    bob_page = english_client(other_tambon_coordinator).get(url)
    assert bob_page.status_code == 200
    assert project.title not in bob_page.content.decode()

"""The landing page: each persona sees their own work, with its counts and links, in a fixed
number of queries; the menu shows the same counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils.buddhist_era import add_years, fiscal_year_be
from plans.books.models import BookPresentation, StrategyBook
from reports import landing
from tests.factories import (
    ClaimFactory,
    CouncilFactory,
    FundFactory,
    FundMemberFactory,
    MeetingFactory,
    MemberFactory,
    PartnerFactory,
    ResolutionFactory,
    UserFactory,
    complete_plan,
)
from welfare.models import WelfareFund

TODAY = timezone.localdate()
YEAR = fiscal_year_be(TODAY)


def overdue_proposal(meeting, agency="องค์การบริหารส่วนตำบลแม่สาย", days_late=10):
    proposal = ResolutionFactory.build(
        meeting=meeting,
        addressed_to=PartnerFactory(name=agency, area_code=meeting.area_code),
        due_on=TODAY - dt.timedelta(days=days_late),
    )
    proposal.save_by(None)
    return proposal


def member_ending(council, days: int, **kwargs):
    """A sitting member whose four-year term ends in `days` days."""
    return MemberFactory(
        council=council, selected_on=add_years(TODAY + dt.timedelta(days=days), -4), **kwargs
    )


@pytest.fixture
def alice_work(council, other_council, tambon_coordinator):
    """Alice's tambon (Mae Sai) has a draft plan, a claim, an overdue proposal, an ending term
    and a meeting coming; Bob's (Huai Khrai) has the same, which Alice must not see."""
    plan = complete_plan(council, first_year=YEAR, last_year=YEAR + 4)
    fund = FundFactory(council=council)
    claim = ClaimFactory(member=FundMemberFactory(fund=fund), filed_by=UserFactory())
    own_claim = ClaimFactory(member=FundMemberFactory(fund=fund), filed_by=tambon_coordinator)
    meeting = MeetingFactory(council=council, held_on=TODAY - dt.timedelta(days=60))
    proposal = overdue_proposal(meeting)
    ending = member_ending(council, 20, first_name="บุญศรี", last_name="คำปัน")
    coming = MeetingFactory(
        council=council, held_on=TODAY + dt.timedelta(days=7), title="ประชุมสภาฯ ครั้งที่ 1"
    )
    # Bob's tambon, next door.
    other_fund = FundFactory(council=other_council)
    other_claim = ClaimFactory(member=FundMemberFactory(fund=other_fund), filed_by=UserFactory())
    other_meeting = MeetingFactory(council=other_council, held_on=TODAY - dt.timedelta(days=60))
    other_proposal = overdue_proposal(other_meeting, agency="เทศบาลตำบลห้วยไคร้")
    other_ending = member_ending(other_council, 20, first_name="ศรีนวล")
    return locals()


def test_tambon_coordinator_lands_on_her_plan_claims_proposals_terms_and_meetings(
    alice_work, tambon_coordinator, english_client
):
    page = english_client(tambon_coordinator).get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    work = alice_work
    assert f"The plan for {YEAR}-{YEAR + 4} is still a draft: submit it to the district." in html
    assert f'href="{work["plan"].get_absolute_url()}"' in html
    assert f'href="{work["claim"].get_absolute_url()}"' in html
    # Her own claim waits for two others: it is not hers to approve.
    assert f'href="{work["own_claim"].get_absolute_url()}"' not in html
    assert f'href="{work["proposal"].get_absolute_url()}"' in html
    assert work["ending"].full_name in html
    assert f'href="{work["coming"].get_absolute_url()}"' in html
    counts = page.context["landing"].counts
    assert counts["claims_to_approve"] == 1
    assert counts["overdue_followups"] == 1
    assert counts["terms_ending"] == 1
    assert counts["plans_to_finish"] == 1
    # Nothing of Bob's tambon.
    for other in ("other_claim", "other_proposal"):
        assert f'href="{work[other].get_absolute_url()}"' not in html
    assert "ศรีนวล" not in html


def test_the_menu_shows_the_counts_of_the_landing_page(alice_work, tambon_coordinator, client_for):
    html = client_for(tambon_coordinator).get(reverse("plan_index")).content.decode()
    menu = html[html.index('class="container section-bar"') :][:3000]
    plans_link = menu[menu.index(f'href="{reverse("plan_index")}"') :][:200]
    assert '<span class="badge badge-count">1</span>' in plans_link
    welfare_link = menu[menu.index(f'href="{reverse("welfare_home")}"') :][:200]
    assert '<span class="badge badge-count">1</span>' in welfare_link
    meetings_link = menu[menu.index(f'href="{reverse("my_meetings")}"') :][:200]
    assert '<span class="badge badge-count">1</span>' in meetings_link


def test_a_plan_returned_asks_for_changes_and_a_missing_one_to_start(
    council, tambon_coordinator, english_client
):
    from tests.factories import put_in_state

    put_in_state(complete_plan(council, first_year=YEAR + 5, last_year=YEAR + 9), "returned")
    html = english_client(tambon_coordinator).get(reverse("home")).content.decode()
    assert f"has no plan for {YEAR} yet" in html
    assert f'href="{reverse("plan_new")}"' in html
    assert f"The district returned the plan for {YEAR + 5}-{YEAR + 9}" in html


def test_bob_sees_his_tambon_only(alice_work, other_tambon_coordinator, english_client):
    html = english_client(other_tambon_coordinator).get(reverse("home")).content.decode()
    work = alice_work
    assert f'href="{work["other_claim"].get_absolute_url()}"' in html
    assert f'href="{work["other_proposal"].get_absolute_url()}"' in html
    assert f'href="{work["claim"].get_absolute_url()}"' not in html
    assert f'href="{work["proposal"].get_absolute_url()}"' not in html
    assert work["ending"].full_name not in html


@pytest.fixture
def dao_work(council, other_council, far_council):
    """Huai Khrai's plan waits for Dao's review; Mae Sai has an accepted plan for this year;
    tambon 570903 has a council and no plan; a far tambon's plan is submitted elsewhere."""
    complete_plan(council, first_year=YEAR, last_year=YEAR + 4, state="accepted")
    submitted = complete_plan(other_council, first_year=YEAR, last_year=YEAR + 4, state="submitted")
    without = CouncilFactory(subdistrict_id="570903", name="สภาองค์กรชุมชนตำบลเกาะช้าง")
    far = complete_plan(far_council, first_year=YEAR, last_year=YEAR + 4, state="submitted")
    book = StrategyBook.objects.create(
        level="district", area_code="5709", title="แผนยุทธศาสตร์อำเภอแม่สาย",
        first_year=YEAR, last_year=YEAR + 4,
    )  # fmt: skip
    proposal = overdue_proposal(
        MeetingFactory(council=other_council, held_on=TODAY - dt.timedelta(days=60))
    )
    far_proposal = overdue_proposal(
        MeetingFactory(council=far_council, held_on=TODAY - dt.timedelta(days=60))
    )
    return locals()


def test_district_coordinator_lands_on_reviews_tambons_without_plan_and_books(
    dao_work, district_coordinator, english_client
):
    page = english_client(district_coordinator).get(reverse("home"))
    html = page.content.decode()
    assert f'href="{dao_work["submitted"].get_absolute_url()}"' in html
    assert f'href="{dao_work["far"].get_absolute_url()}"' not in html
    assert f'href="{dao_work["without"].get_absolute_url()}"' in html
    assert f'href="{dao_work["book"].get_absolute_url()}"' in html
    assert f'href="{reverse("review_queue", args=["5709"])}"' in html
    assert f'href="{reverse("area_dashboard", args=["5709"])}"' in html
    counts = page.context["landing"].counts
    assert counts["plans_to_review"] == 1
    assert counts["tambons_without_plan"] == 1
    assert counts["menu_plans"] == 1
    # The district's overdue proposals, counted in the menu, are listed too; not the far ones.
    assert f'href="{dao_work["proposal"].get_absolute_url()}"' in html
    assert f'href="{dao_work["far_proposal"].get_absolute_url()}"' not in html
    assert counts["menu_meetings"] == 1
    # Dao reviews plans; she has no tambon of her own to write for.
    assert page.context["landing"].tambon == {}


@pytest.fixture
def pim_work(council, far_council):
    meeting = MeetingFactory(
        council=None, level="province", kind="provincial", area_code="57",
        title="ที่ประชุมระดับจังหวัดเชียงราย ครั้งที่ 1", held_on=TODAY + dt.timedelta(days=14),
    )  # fmt: skip
    book = StrategyBook.objects.create(
        level="province", area_code="57", title="แผนยุทธศาสตร์จังหวัดเชียงราย",
        first_year=YEAR, last_year=YEAR + 4,
    )  # fmt: skip
    BookPresentation.objects.create(book=book, meeting=meeting)
    tambon_meeting = MeetingFactory(council=council, held_on=TODAY - dt.timedelta(days=60))
    far_meeting = MeetingFactory(council=far_council, held_on=TODAY - dt.timedelta(days=60))
    return {
        "meeting": meeting,
        "book": book,
        "proposal": overdue_proposal(tambon_meeting),
        "far_proposal": overdue_proposal(far_meeting, agency="เทศบาลเมืองชุมพร"),
    }


def test_provincial_coordinator_lands_on_the_next_meeting_its_books_and_overdue_proposals(
    pim_work, province_coordinator, english_client
):
    page = english_client(province_coordinator).get(reverse("home"))
    html = page.content.decode()
    assert f'href="{pim_work["meeting"].get_absolute_url()}"' in html
    assert f'href="{reverse("meeting_book_add", args=[pim_work["meeting"].pk])}"' in html
    assert f'href="{pim_work["book"].get_absolute_url()}"' in html
    assert f'href="{pim_work["proposal"].get_absolute_url()}"' in html
    assert f'href="{pim_work["far_proposal"].get_absolute_url()}"' not in html
    assert page.context["landing"].counts["overdue_followups"] == 1


def test_codi_staff_go_to_the_admin_site(codi_staff, client_for):
    response = client_for(codi_staff).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_a_person_without_a_role_is_told_to_ask_for_one(db, client_for, english_client):
    html = english_client(UserFactory(username="newcomer")).get(reverse("home")).content.decode()
    assert "Your account has no role yet" in html


# --- Query counts -------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_tambon_work(council, n: int):
    fund = WelfareFund.objects.filter(council=council).first() or FundFactory(council=council)
    for i in range(n):
        ClaimFactory(member=FundMemberFactory(fund=fund), filed_by=UserFactory())
        overdue_proposal(MeetingFactory(council=council, held_on=TODAY - dt.timedelta(days=60)))
        member_ending(council, 10 + i)
        MeetingFactory(council=council, held_on=TODAY + dt.timedelta(days=3 + i))


def test_the_tambon_landing_page_takes_the_same_queries_however_much_work(
    council, tambon_coordinator, client_for
):
    client = client_for(tambon_coordinator)
    complete_plan(council, first_year=YEAR, last_year=YEAR + 4)
    _more_tambon_work(council, 1)
    few = _queries(client, reverse("home"))
    _more_tambon_work(council, 8)
    assert _queries(client, reverse("home")) == few
    # session, user, scope; the counts (one query); plans: councils, plans; claims, overdue
    # proposals, projects waiting for an update, ending terms, meetings coming
    assert few == 3 + 1 + 2 + 5


def test_the_district_landing_page_takes_the_same_queries_however_many_tambons(
    dao_work, district_coordinator, client_for
):
    client = client_for(district_coordinator)
    few = _queries(client, reverse("home"))
    for code in ("570904", "570905", "570906"):
        complete_plan(CouncilFactory(subdistrict_id=code), first_year=YEAR, state="submitted")
    CouncilFactory(subdistrict_id="570908")
    assert _queries(client, reverse("home")) == few
    # session, user, scope; the counts; overdue proposals, districts, plans to review, tambons
    # without a plan, books
    assert few == 3 + 1 + 5


def test_the_menu_counts_are_one_query(alice_work, tambon_coordinator, django_assert_num_queries):
    landing.scope_for(tambon_coordinator)  # the scope is read once per request, before
    with django_assert_num_queries(1):
        counts = landing.work_counts(tambon_coordinator)
    assert counts["menu_welfare"] == 1


def test_projects_of_the_accepted_plan_silent_for_six_months_wait_for_an_update(
    council, other_council, tambon_coordinator, client_for
):
    from plans.execution.models import ProjectUpdate
    from plans.models import PlanProject

    plan = complete_plan(council, first_year=YEAR - 1, last_year=YEAR + 3, state="accepted")
    complete_plan(other_council, first_year=YEAR - 1, last_year=YEAR + 3, state="accepted")
    fresh, stale, finished = PlanProject.objects.filter(issue__plan=plan).order_by("pk")
    for project, days_ago, status in ((fresh, 10, "under_way"), (stale, 200, "delayed"),
                                      (finished, 300, "done")):  # fmt: skip
        project.record_update(
            ProjectUpdate(
                happened_on=TODAY - dt.timedelta(days=days_ago),
                status=status,
                progress=100 if status == "done" else 40,
                by=tambon_coordinator,
            )
        )
    waiting = landing.queues(tambon_coordinator, TODAY)["projects_to_update"]
    assert list(waiting) == [stale]  # not the fresh one, the done one, nor Bob's tambon's
    page = client_for(tambon_coordinator).get(reverse("home")).content.decode()
    assert stale.title in page and fresh.title not in page
    assert f"#project-{stale.pk}" in page

"""Every page of every persona's journeys, on the seeded demo, at 360 px: nothing scrolls
sideways, Thai is drawn in the Sarabun web font, and axe-core finds nothing serious or critical
against WCAG 2.1 AA. A screenshot of each page lands in test-artifacts/every-page/.

The demo is seeded once, committed (the live server reads it from its own connection), and the
one test walks every persona through it; seeding it again for each persona would cost a demo
seeding each. The problems of every page are gathered and reported together.
"""

import datetime as dt
from dataclasses import dataclass
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from councils.meetings.models import Meeting, Resolution
from councils.models import Council
from councils.persons.models import Person
from councils.strength.models import current_fiscal_year
from plans.books.models import StrategyBook
from plans.models import CommunityPlan, PlanProject
from reports import annual_report
from tests.browser.axe import serious_violations
from tests.browser.conftest import ARTIFACTS, PHONE, fits_the_screen
from tests.welfare.transactional import geography  # noqa: F401
from welfare.models import Claim, Member, WelfareFund

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("geography"),
]

PASSWORD = "demo1234"
SHOTS = ARTIFACTS / "every-page"


@dataclass(frozen=True)
class Journey:
    persona: str
    username: str  # "" for the anonymous visitor
    pages: tuple[tuple[str, str], ...]  # (a short name for the screenshot, the path)


def _seed_the_demo(tmp_path) -> None:
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=tmp_path):
        call_command("seed_demo", "--force", stdout=StringIO())


def _journeys() -> list[Journey]:
    """The pages each persona walks through, found in the demo the way their menus lead."""
    mae_sai = Council.objects.get(subdistrict_id="570901")
    plan = CommunityPlan.objects.filter(council=mae_sai).order_by("-first_year").first()
    submitted = CommunityPlan.objects.in_area("5709").submitted().first()
    fund = WelfareFund.objects.get(council=mae_sai)
    member = Member.objects.filter(fund=fund).order_by("pk").first()
    claim = Claim.objects.filter(fund=fund).order_by("-pk").first()
    meeting = (
        Meeting.objects.filter(council=mae_sai, held_on__lte=dt.date.today())
        .order_by("-held_on")
        .first()
    )
    proposal = (
        Resolution.objects.proposals().filter(meeting__council=mae_sai).order_by("pk").first()
    )
    payable = Claim.objects.filter(fund=fund, status=Claim.Status.APPROVED).first()
    district_book = StrategyBook.objects.get(area_code="5709")
    endorsed = StrategyBook.objects.get(area_code="86")
    this_year = dt.date.today().year + 543
    # What became of a project: one of the accepted plan (the demo's newest plan may be a draft).
    executed = (
        CommunityPlan.objects.filter(council=mae_sai, state=CommunityPlan.State.ACCEPTED)
        .order_by("-first_year")
        .first()
        or plan
    )
    project = PlanProject.objects.filter(issue__plan=executed).order_by("issue", "order").first()
    project_page = reverse("project_detail", args=[executed.pk, project.pk])
    last_year = annual_report.last_reportable_year()  # the fiscal year that ended last
    this_year = current_fiscal_year()  # the fiscal year a council assesses now
    # The Mae Sai leader who wears the most hats.
    leader = Person.objects.with_role_counts().filter(council=mae_sai).order_by("-role_count")[0]

    def fund_page(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"pk": fund.pk, **kwargs})

    return [
        Journey(
            "anonymous",
            "",
            (
                ("home", reverse("home")),
                ("login", reverse("login")),
                ("privacy", reverse("privacy_notice")),
                ("public-books", reverse("public_book_list")),
                ("public-book", reverse("public_book", args=[endorsed.pk])),
                ("public-council", reverse("public_council", args=["570908"])),
                ("help", reverse("help_index")),
            ),
        ),
        Journey(
            "tambon",
            "maesai",
            (
                ("council", mae_sai.get_absolute_url()),
                ("council-edit", reverse("council_edit", args=[mae_sai.pk])),
                ("council-member-new", reverse("member_new", args=[mae_sai.pk])),
                ("council-charters", reverse("council_charters", args=[mae_sai.pk])),
                ("charter-new", reverse("charter_new", args=[mae_sai.pk])),
                ("agreement-new", reverse("agreement_new", args=[mae_sai.pk])),
                ("council-documents", reverse("council_documents", args=[mae_sai.pk])),
                ("document-new", reverse("council_document_new", args=[mae_sai.pk])),
                ("council-strength", reverse("council_strength", args=[mae_sai.pk])),
                ("strength-assess", reverse("strength_assess", args=[mae_sai.pk, this_year])),
                ("leaders", reverse("council_leaders", args=[mae_sai.pk])),
                ("leader", leader.get_absolute_url()),
                ("leader-new", reverse("person_new", args=[mae_sai.pk])),
                ("succession", reverse("council_succession", args=[mae_sai.pk])),
                ("villages", reverse("area_villages", args=["570901"])),
                ("village-data-import", reverse("village_data_import", args=["570901"])),
                ("plans", reverse("plan_index")),
                ("plan", plan.get_absolute_url()),
                ("plan-edit", reverse("plan_edit", args=[plan.pk])),
                ("plan-issue-new", reverse("issue_new", args=[plan.pk])),
                ("plan-import", reverse("project_import", args=[plan.pk])),
                ("project", project_page),
                ("project-update-new", reverse("update_new", args=[executed.pk, project.pk])),
                ("meeting-calendar", reverse("meeting_calendar", args=["570901"])),
                ("annual-report", reverse("annual_report", args=[mae_sai.pk, last_year])),
                ("meeting", meeting.get_absolute_url()),
                ("follow-up", reverse("followup_board", args=["570901"])),
                ("proposal", reverse("proposal_detail", args=[proposal.pk])),
                ("fund", fund.get_absolute_url()),
                ("fund-members", fund_page("member_list")),
                ("fund-member", fund_page("member_detail", member_pk=member.pk)),
                ("fund-member-new", fund_page("fund_member_new")),
                ("fund-ledger", fund_page("ledger_list")),
                ("fund-claims", fund_page("claim_list")),
                ("fund-claim", claim.get_absolute_url()),
                ("fund-behind", fund_page("behind_list")),
                ("fund-statement", fund_page("fund_statement", year=this_year)),
                ("fund-lapse-confirm", fund_page("lapse_members")),
                ("work", reverse("home")),
                ("notifications", reverse("notification_list")),
                ("help", reverse("help_tambon")),
                *(
                    [("plan-submit-confirm", reverse("plan_submit", args=[plan.pk]))]
                    if plan.state in (CommunityPlan.State.DRAFT, CommunityPlan.State.RETURNED)
                    else []
                ),
            ),
        ),
        Journey(
            "district",
            "maesai_district",
            (
                ("district", reverse("area_overview", args=["5709"])),
                ("reviews", reverse("review_queue", args=["5709"])),
                ("plan-to-review", submitted.get_absolute_url()),
                ("project", project_page),
                ("dashboard", reverse("area_dashboard", args=["5709"])),
                ("books", reverse("book_list")),
                ("book", reverse("book_detail", args=[district_book.pk])),
                ("book-provenance", reverse("book_provenance", args=[district_book.pk])),
                ("accountability", reverse("area_accountability", args=["5709"])),
                (
                    "accountability-projects",
                    reverse("area_accountability_projects", args=["5709"]),
                ),
                ("book-accountability", reverse("book_accountability", args=[district_book.pk])),
                (
                    "book-accountability-projects",
                    reverse("book_accountability_projects", args=[district_book.pk]),
                ),
                ("area-welfare", reverse("area_welfare", args=["5709"])),
                ("update-import", reverse("update_import", args=["5709"])),
                ("strength", reverse("area_strength", args=["5709"])),
                ("villages", reverse("area_villages", args=["5709"])),
                ("work", reverse("home")),
                ("help", reverse("help_district")),
            ),
        ),
        Journey(
            "province",
            "chiangrai",
            (
                ("province", reverse("area_overview", args=["57"])),
                ("dashboard", reverse("area_dashboard", args=["57"])),
                ("accountability", reverse("area_accountability", args=["57"])),
                ("area-welfare", reverse("area_welfare", args=["57"])),
                ("strength", reverse("area_strength", args=["57"])),
                ("meetings", reverse("meeting_calendar", args=["57"])),
                ("work", reverse("home")),
                ("help", reverse("help_province")),
            ),
        ),
        Journey(
            "province-chumphon",
            "chumphon",
            (
                ("strategies", reverse("strategy_list", args=["86"])),
                ("strategy-new", reverse("strategy_new", args=["86"])),
                ("provincial-book", endorsed.get_absolute_url()),
            ),
        ),
        Journey(
            "fund-committee",
            "maesai_treasurer",
            (
                ("fund", fund.get_absolute_url()),
                ("fund-claims", fund_page("claim_list")),
                ("fund-claim", claim.get_absolute_url()),
                ("work", reverse("home")),
                ("help", reverse("help_fund")),
                *(
                    [("claim-pay-confirm", fund_page("claim_pay", claim_pk=payable.pk))]
                    if payable
                    else []
                ),
            ),
        ),
    ]


def _problems_of(page, journey: Journey, name: str, path: str) -> list[str]:
    where = f"{journey.persona} {path}"
    response = page.goto(path)
    if response is None or response.status != 200:
        return [f"{where}: answered {response.status if response else 'nothing'}"]
    if urlsplit(page.url).path != path:
        return [f"{where}: was sent to {page.url}"]  # a login that failed, a redirect
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SHOTS / f"{journey.persona}-{name}.png"), full_page=True)
    problems = []
    if not fits_the_screen(page):
        wide = page.evaluate("document.documentElement.scrollWidth")
        problems.append(f"{where}: scrolls sideways ({wide} px wide)")
    missing = page.evaluate(
        "[...document.querySelectorAll('.page-menu a')]"
        ".map(a => a.hash).filter(hash => !document.getElementById(hash.slice(1)))"
    )
    problems += [
        f"{where}: the in-page menu links to {hash}, which is not on the page" for hash in missing
    ]
    problems += [f"{where}: {line}" for line in serious_violations(page)]
    return problems


def test_every_page_of_every_journey_fits_a_phone_and_passes_axe(browser, live_server, tmp_path):
    _seed_the_demo(tmp_path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    visited = 0
    for journey in _journeys():
        # bypass_csp: axe is injected as an inline script, which the portal's CSP (script-src
        # 'self') refuses, as it should for any inline script.
        context = browser.new_context(
            viewport=PHONE, locale="th-TH", base_url=live_server.url, bypass_csp=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        if journey.username:
            page.goto(reverse("login"))
            page.fill("#id_username", journey.username)
            page.fill("#id_password", PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
        for name, path in journey.pages:
            problems += _problems_of(page, journey, name, path)
            visited += 1
        context.close()
    assert visited >= 40
    assert not problems, "\n".join(["", *problems])


def test_thai_is_drawn_in_sarabun_under_the_portals_csp(phone, db):
    """Without bypass_csp: the font comes from our own origin, and nothing is refused."""
    refused = []
    phone.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    phone.goto(reverse("login"))
    loaded = phone.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts]
                .filter(face => face.family.replaceAll('"', '') === 'Sarabun')
                .filter(face => face.status === 'loaded')
                .map(face => face.weight);
        }"""
    )
    assert "400" in loaded
    assert phone.evaluate("document.fonts.check('16px Sarabun', 'สภาองค์กรชุมชน')")
    assert refused == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "font-login.png"))

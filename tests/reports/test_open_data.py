"""Open data from the public pages: an endorsed book's tambon projects with their progress, and
a fund's statement, as CSV and JSON, with no personal data."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import CouncilMember
from plans.books import contents
from plans.books.models import BookSnapshot, StrategyBook
from plans.execution.models import Commitment, ProjectUpdate, Spending
from plans.models import PlanProject
from tests.factories import (
    TAMBON_HUAI_KHRAI,
    TAMBON_MAE_SAI,
    FundFactory,
    FundMemberFactory,
    MemberFactory,
    PartnerFactory,
)
from tests.reports.plan_builders import accepted_plan, book
from welfare.models import LedgerEntry

CHAIR_PHONE = "0812345678"


def endorse(made: StrategyBook) -> BookSnapshot:
    data = contents.book_data(made)
    endorser, _ = get_user_model().objects.get_or_create(
        username="endorser", defaults={"first_name": "ผู้รับรอง", "last_name": "ลับเฉพาะ"}
    )
    return BookSnapshot.objects.create(
        book=made, endorsed_by_body="ที่ประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย", data=data,
        data_hash=contents.data_hash(data), endorsed_by=endorser,
        endorsed_on=dt.date(2026, 3, 20),
    )  # fmt: skip


@pytest.fixture
def endorsed(council, tambon_coordinator):
    """Mae Sai district's book endorsed, over Mae Sai's plan (one project under way, with
    money) and Huai Khrai's; the chair's name and phone and a fund member's citizen ID are in
    the database, and must not be in the files."""
    MemberFactory(
        council=council, role=CouncilMember.Role.CHAIR, first_name="สมชาย", last_name="ใจดีมาก",
        phone=CHAIR_PHONE,
    )  # fmt: skip
    plan = accepted_plan(TAMBON_MAE_SAI)
    accepted_plan(TAMBON_HUAI_KHRAI)
    made = book(StrategyBook.Level.DISTRICT, "5709")
    snapshot = endorse(made)
    project = PlanProject.objects.filter(issue__plan=plan).order_by("pk").first()
    project.record_update(
        ProjectUpdate(
            by=tambon_coordinator, happened_on=dt.date(2026, 2, 1), status="under_way",
            progress=40, adopted_by=PartnerFactory(), agency_plan="local_development",
            agency_plan_year=2569,
        ),
        commitments=[Commitment(fiscal_year=2569, source="local_government", amount="800")],
        spending=[Spending(fiscal_year=2569, source="local_government", amount="500")],
    )  # fmt: skip
    member = FundMemberFactory(fund=FundFactory(council=council))
    return {"snapshot": snapshot, "book": made, "project": project, "fund_member": member}


def rows_of(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def json_of(response) -> dict:
    return json.loads(b"".join(response.streaming_content).decode("utf-8"))


def test_the_book_csv_has_a_row_per_tambon_project_with_its_progress(endorsed, client):
    response = client.get(reverse("public_book_csv", args=[endorsed["book"].pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    rows = rows_of(response)
    # Two tambons of three projects each, every one under one strategic issue.
    assert len(rows) == 6
    assert {row["tambon_code"] for row in rows} == {TAMBON_MAE_SAI, TAMBON_HUAI_KHRAI}
    row = next(r for r in rows if r["project_id"] == str(endorsed["project"].pk))
    assert (row["execution_status"], row["execution_status_th"]) == ("under_way", "กำลังดำเนินการ")
    assert (row["progress"], row["last_update_on"]) == ("40", "2026-02-01")
    assert (row["committed"], row["spent"]) == ("800.00", "500.00")
    assert row["asked_total"] == "2000.00"  # 1,000 baht in 2569 and in 2570
    assert (row["asked_2569"], row["asked_2570"], row["asked_2571"]) == (
        "1000.00",
        "1000.00",
        "0.00",
    )
    assert row["asked_community"] == "2000.00"
    assert row["district"] == "แม่สาย" and row["council"]
    totals = sum(Decimal(r["asked_total"]) for r in rows)
    assert totals == Decimal(endorsed["snapshot"].data["totals"]["total"])


def test_the_open_data_carries_no_personal_data(endorsed, client):
    pk = endorsed["book"].pk
    csv_body = b"".join(client.get(reverse("public_book_csv", args=[pk])).streaming_content)
    json_body = b"".join(client.get(reverse("public_book_json", args=[pk])).streaming_content)
    fund = endorsed["fund_member"].fund
    statement = [
        client.get(reverse(name, args=[fund.pk, 2569])).content
        for name in ("fund_statement_csv", "fund_statement_json")
    ]
    member = endorsed["fund_member"]
    for body in (csv_body, json_body, *statement):
        text = body.decode("utf-8")
        for secret in ("ใจดีมาก", CHAIR_PHONE, member.citizen_id, member.last_name, "ลับเฉพาะ"):
            assert secret not in text


def test_the_book_json_nests_issues_and_projects(endorsed, client):
    response = client.get(reverse("public_book_json", args=[endorsed["book"].pk]))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json_of(response)
    assert set(data) == {"schema", "generated_at", "book"}
    assert "No personal data" in data["schema"]["note"]
    assert data["schema"]["execution_status"]["done"] == "ดำเนินการแล้ว"
    dt.datetime.fromisoformat(data["generated_at"])
    book = data["book"]
    assert (book["id"], book["endorsed_on"], book["years"][0]) == (
        endorsed["book"].pk, "2026-03-20", 2569,
    )  # fmt: skip
    issues = book["issues"]
    assert [issue["number"] for issue in issues] == list(range(1, len(issues) + 1))
    projects = [project for issue in issues for project in issue["projects"]]
    assert len(projects) == 6
    project = next(p for p in projects if p["project_id"] == endorsed["project"].pk)
    assert project["asked_by_year"]["2569"] == "1000.00"
    assert project["asked_by_source"]["community"] == "2000.00"
    assert project["progress"] == 40 and project["execution_status"] == "under_way"


def test_cells_that_a_spreadsheet_would_run_are_escaped(endorsed, client):
    # Past the plan's lock, as a title imported before the lock would stand.
    QuerySet.update(
        PlanProject.objects.filter(pk=endorsed["project"].pk), title='=HYPERLINK("http://x")'
    )
    rows = rows_of(client.get(reverse("public_book_csv", args=[endorsed["book"].pk])))
    titles = {row["project"] for row in rows}
    assert '\'=HYPERLINK("http://x")' in titles
    assert not any(title.startswith(("=", "+", "-", "@")) for title in titles)


def test_a_book_never_endorsed_has_no_open_data(council, client):
    accepted_plan(TAMBON_MAE_SAI)
    draft = book(StrategyBook.Level.DISTRICT, "5709")
    for name in ("public_book_csv", "public_book_json"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404


def test_the_book_files_cost_the_same_queries_for_more_tambons(council, client):
    def count(name: str, pk: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name, args=[pk]))
            b"".join(response.streaming_content)
        return len(queries)

    # Mueang Chiang Rai's book over one tambon, Mae Sai's over six with more projects each.
    accepted_plan("570101")
    small = book(StrategyBook.Level.DISTRICT, "5701")
    more = {"economy": [100, 200, 300], "society": [50], "environment": [9]}
    for tambon in ("570901", "570902", "570903", "570904", "570905", "570906"):
        accepted_plan(tambon, amounts=more)
    large = book(StrategyBook.Level.DISTRICT, "5709")
    endorse(small)
    endorse(large)
    assert len(small.issues.all()) == len(large.issues.all())
    for name in ("public_book_csv", "public_book_json"):
        assert count(name, large.pk) == count(name, small.pk), name


@pytest.fixture
def fund_year(council):
    fund = FundFactory(council=council)
    member = FundMemberFactory(fund=fund)
    for amount, on in ((100, "2025-09-01"), (30, "2025-10-01"), (30, "2026-03-05")):
        LedgerEntry.objects.create(
            fund=fund, kind="contribution", member=member, amount=amount, occurred_on=on
        )
    LedgerEntry.objects.create(fund=fund, kind="expense", amount=-5, occurred_on="2026-03-06")
    return fund


def test_the_statement_csv_has_the_months_and_the_year(fund_year, client):
    response = client.get(reverse("fund_statement_csv", args=[fund_year.pk, 2569]))
    assert "public" in response["Cache-Control"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert [row["month"] for row in rows][:2] == ["2025-10", "2025-11"]
    assert len(rows) == 13 and rows[-1]["month"] == "total"
    march = next(row for row in rows if row["month"] == "2026-03")
    assert (march["contributions"], march["expenses"]) == ("30.00", "5.00")
    assert (rows[-1]["contributions"], rows[-1]["expenses"]) == ("60.00", "5.00")


def test_the_statement_json_has_the_years_figures(fund_year, client):
    response = client.get(reverse("fund_statement_json", args=[fund_year.pk, 2569]))
    data = json.loads(response.content)
    assert set(data) == {"schema", "generated_at", "fund", "year", "months"}
    year = data["year"]
    assert (year["opening_balance"], year["income"], year["expenses"]) == (
        "100.00",
        "60.00",
        "5.00",
    )
    assert year["closing_balance"] == "155.00"
    assert len(data["months"]) == 12


def test_a_statement_of_a_christian_era_year_is_not_found(fund_year, client):
    for name in ("fund_statement_csv", "fund_statement_json"):
        assert client.get(reverse(name, args=[fund_year.pk, 2026])).status_code == 404
        assert client.get(reverse(name, args=[fund_year.pk + 99, 2569])).status_code == 404


def test_the_public_pages_link_their_open_data(endorsed, client):
    fund = endorsed["fund_member"].fund
    page = client.get(reverse("public_book", args=[endorsed["book"].pk])).content.decode()
    assert reverse("public_book_csv", args=[endorsed["book"].pk]) in page
    assert reverse("public_book_json", args=[endorsed["book"].pk]) in page
    page = client.get(reverse("fund_statement", args=[fund.pk, 2569])).content.decode()
    assert reverse("fund_statement_csv", args=[fund.pk, 2569]) in page
    assert reverse("fund_statement_json", args=[fund.pk, 2569]) in page

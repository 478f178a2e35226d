"""The council's annual report (s.21): the year's figures from its records, the PDF made through
the document jobs and attached to the AnnualReport record, the compliance warning it answers,
and who may make and read it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils import compliance
from councils.meetings.models import AnnualReport
from councils.models import Council, CouncilMember
from plans.execution.models import Commitment, ProjectUpdate, Spending
from plans.models import PlanProject
from reports import annual_report
from reports.models import Document
from tests.factories import (
    FundFactory,
    FundMemberFactory,
    MeetingFactory,
    MemberFactory,
    OrganizationFactory,
    PartnerFactory,
    ResolutionFactory,
)
from tests.reports.plan_builders import accepted_plan
from tests.reports.test_pdf import pdf_text
from welfare import statistics
from welfare.models import LedgerEntry

YEAR = 2569  # 1 October 2025 to 30 September 2026
CHAIR_PHONE = "0812345678"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def day(be_year: int, month: int, d: int) -> dt.date:
    return dt.date(be_year - 543, month, d)


def meeting(council, held_on, **fields):
    return MeetingFactory(council=council, held_on=held_on, **fields)


def proposal(meeting, text, **fields):
    resolution = ResolutionFactory.build(meeting=meeting, text=text, **fields)
    resolution.save_by(None)
    return resolution


@pytest.fixture
def year_of_records(council, tambon_coordinator):
    """Mae Sai's fiscal year 2569: three council meetings in the year and one on each side of
    it, officers and members, organizations, the accepted plan with a timeline, and a fund."""
    MemberFactory(
        council=council, role=CouncilMember.Role.CHAIR, title="นาย", first_name="สมชาย",
        last_name="ใจดี", sex=CouncilMember.Sex.MALE, phone=CHAIR_PHONE,
    )  # fmt: skip
    MemberFactory(council=council, role=CouncilMember.Role.SECRETARY, first_name="มาลี")
    MemberFactory(council=council, seat=CouncilMember.Seat.QUALIFIED, village_no=None)
    OrganizationFactory(council=council, member_count=25)
    OrganizationFactory(council=council, kind="women", member_count=40)
    first = meeting(council, day(YEAR - 1, 11, 10), number="1/2569")
    meeting(council, day(YEAR, 3, 12), number="2/2569")
    meeting(council, day(YEAR, 9, 30), number="3/2569")
    ResolutionFactory(meeting=first, text="ที่ประชุมเห็นชอบแผนการประชุมประจำปี")
    proposal(
        first, "เสนอ อบต.แม่สาย บรรจุโครงการถนนเพื่อการเกษตร", addressed_to=PartnerFactory(),
        due_on=day(YEAR, 1, 31),
    )  # fmt: skip
    before = meeting(council, day(YEAR - 1, 9, 30), number="4/2568")
    ResolutionFactory(meeting=before, text="มติของปีงบประมาณก่อน")
    meeting(council, day(YEAR + 1, 10, 1), number="1/2570")

    plan = accepted_plan(council.subdistrict_id)
    projects = list(PlanProject.objects.filter(issue__plan=plan).order_by("pk"))
    agency = PartnerFactory(name="องค์การบริหารส่วนตำบลแม่สาย")
    projects[0].record_update(
        ProjectUpdate(
            by=tambon_coordinator, happened_on=day(YEAR, 2, 1), status="under_way", progress=40,
            adopted_by=agency, agency_plan="local_development", agency_plan_year=YEAR,
        ),
        commitments=[Commitment(fiscal_year=YEAR, source="local_government", amount="800")],
        spending=[Spending(fiscal_year=YEAR, source="local_government", amount="500")],
    )  # fmt: skip
    projects[1].record_update(
        ProjectUpdate(by=tambon_coordinator, happened_on=day(YEAR, 5, 1), status="done",
                      progress=100),
        spending=[Spending(fiscal_year=YEAR, source="community", amount="1000"),
                  Spending(fiscal_year=YEAR + 1, source="community", amount="300")],
    )  # fmt: skip

    fund = FundFactory(council=council)
    member = FundMemberFactory(fund=fund)
    for amount, occurred_on in (
        (Decimal(100), day(YEAR - 1, 9, 1)),
        (Decimal(30), day(YEAR, 1, 5)),
    ):
        LedgerEntry.objects.create(
            fund=fund, kind="contribution", member=member, amount=amount, occurred_on=occurred_on
        )
    return {"council": council, "plan": plan, "fund": fund, "fund_member": member}


def data_of(council) -> dict:
    council = Council.objects.select_related("subdistrict__district__province").get(pk=council.pk)
    return annual_report.report_data(council, YEAR)


def test_only_the_years_meetings_and_their_resolutions_count(year_of_records):
    meetings = data_of(year_of_records["council"])["meetings"]
    assert [m["number"] for m in meetings["list"]] == ["1/2569", "2/2569", "3/2569"]
    assert (meetings["council_meetings"], meetings["required"], meetings["enough"]) == (3, 4, False)
    assert (meetings["resolutions"], meetings["proposals"]) == (2, 1)
    texts = [r["text"] for m in meetings["list"] for r in m["resolutions"]]
    assert "มติของปีงบประมาณก่อน" not in texts
    assert meetings["proposal_states"] == [{"label": "ส่งแล้ว", "count": 1}]


def test_members_are_counted_and_only_officers_named(year_of_records):
    data = data_of(year_of_records["council"])
    assert data["members"]["total"]["total"] == 3
    officers = {o["role"]: o["name"] for o in data["members"]["officers"]}
    assert officers["chair"] == "นายสมชาย ใจดี"
    assert officers["vice_chair_1"] == ""
    assert data["organizations"]["count"] == 2
    assert data["organizations"]["people"] == 65
    assert CHAIR_PHONE not in str(data)


def test_plan_progress_comes_from_the_execution_timeline(year_of_records):
    plan = data_of(year_of_records["council"])["plan"]
    by_status = {row["code"]: row["count"] for row in plan["by_status"]}
    assert by_status == {
        "not_started": 1, "under_way": 1, "done": 1, "delayed": 0, "dropped": 0, "not_funded": 0,
    }  # fmt: skip
    assert plan["taken"] == 1
    assert plan["agencies"] == [{"name": "องค์การบริหารส่วนตำบลแม่สาย", "projects": 1}]
    # The year's money is this fiscal year's lines; the whole timeline is the project's totals.
    assert (plan["year_committed"], plan["year_spent"]) == ("800.00", "1500.00")
    assert (plan["committed_total"], plan["spent_total"]) == ("800.00", "1800.00")
    assert plan["year_asked"] == "3000.00"  # three projects of 1,000 baht in 2569


def test_the_fund_summary_is_the_statement_of_the_year(year_of_records):
    fund = data_of(year_of_records["council"])["fund"]
    statement = statistics.year_statement(year_of_records["fund"], YEAR)
    assert fund["income"] == "30.00" == f"{statement.income:.2f}"
    assert fund["closing_balance"] == "130.00"
    assert fund["statement"]["opening_balance"] == Decimal(100)
    assert year_of_records["fund_member"].citizen_id not in str(fund)


def test_a_council_without_plan_or_fund_still_has_a_report(council):
    data = data_of(council)
    assert data["plan"] is None and data["fund"] is None
    assert "ไม่มีแผนพัฒนาตำบล" in pdf_text(annual_report.render_report(data)[0])


def test_the_figures_cost_the_same_queries_for_more_records(council, tambon_coordinator):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            data_of(council)
        return len(queries)

    accepted_plan(council.subdistrict_id)
    FundFactory(council=council)
    first = meeting(council, day(YEAR, 1, 10))
    ResolutionFactory(meeting=first)
    MemberFactory(council=council)
    few = count()
    for month in range(2, 9):
        more = meeting(council, day(YEAR, month, 10))
        ResolutionFactory(meeting=more)
        ResolutionFactory(meeting=more)
        MemberFactory(council=council)
        OrganizationFactory(council=council, kind="youth")
    assert count() == few


def test_making_the_report_attaches_a_pdf_to_a_new_record(
    year_of_records, tambon_coordinator, client_for
):
    council = year_of_records["council"]
    alice = client_for(tambon_coordinator)
    response = alice.post(reverse("annual_report_pdf", args=[council.pk, YEAR]))
    report = AnnualReport.objects.get(council=council, fiscal_year=YEAR)
    document = Document.objects.get(kind=Document.Kind.ANNUAL_REPORT, object_id=report.pk)
    assert response["Location"] == reverse("document_status", args=[document.pk])
    assert document.state == Document.State.DONE, document.error
    assert report.published_on == timezone.localdate()
    assert "ประชุม 3 ครั้ง" in report.summary and "แล้วเสร็จ 1" in report.summary

    download = alice.get(reverse("document_download", args=[document.pk]))
    text = pdf_text(b"".join(download.streaming_content))
    flat = "".join(text.split())
    for heading in (
        "รายงานผลการดำเนินงานประจำปีงบประมาณ2569",
        "ข้อมูลทั่วไปของสภาองค์กรชุมชนตำบล",
        "สมาชิกสภาองค์กรชุมชนและองค์กรชุมชน",
        "การประชุมและมติของสภาองค์กรชุมชน",
        "ผลการดำเนินงานตามแผนพัฒนาตำบล",
        "กองทุนสวัสดิการชุมชน",
    ):
        assert heading in flat, heading
    assert "1ตุลาคม2568" in flat and "30กันยายน2569" in flat  # B.E. dates of the year
    assert "เสนออบต.แม่สายบรรจุโครงการถนนเพื่อการเกษตร" in flat
    assert "มติของปีงบประมาณก่อน" not in flat
    assert "นายสมชายใจดี" in flat
    assert CHAIR_PHONE not in flat
    assert year_of_records["fund_member"].citizen_id not in flat

    page = alice.get(reverse("annual_report", args=[council.pk, YEAR]))
    assert reverse("document_download", args=[document.pk]) in page.content.decode()


def test_making_it_again_keeps_the_record_and_its_date(council, tambon_coordinator, client_for):
    AnnualReport.objects.create(
        council=council, fiscal_year=YEAR, published_on=day(YEAR + 1, 11, 20), summary=""
    )
    client_for(tambon_coordinator).post(reverse("annual_report_pdf", args=[council.pk, YEAR]))
    report = AnnualReport.objects.get(council=council, fiscal_year=YEAR)
    assert report.published_on == day(YEAR + 1, 11, 20)
    assert report.summary.startswith("ปีงบประมาณ 2569")


def test_the_report_answers_the_no_annual_report_warning(council, tambon_coordinator, client_for):
    after_due = day(YEAR + 1, 1, 15)  # from 1 January the report on the year before is due

    def rules() -> set[str]:
        annotated = compliance.with_compliance_facts(Council.objects.all(), after_due).get(
            pk=council.pk
        )
        return {warning.rule for warning in compliance.check(annotated, after_due)}

    assert "no_annual_report" in rules()
    client_for(tambon_coordinator).post(reverse("annual_report_pdf", args=[council.pk, YEAR]))
    assert "no_annual_report" not in rules()


def test_who_makes_and_who_reads_the_report(
    council, tambon_coordinator, other_tambon_coordinator, district_coordinator,
    province_coordinator, client, client_for,
):  # fmt: skip
    page = reverse("annual_report", args=[council.pk, YEAR])
    make = reverse("annual_report_pdf", args=[council.pk, YEAR])
    assert client.get(page).status_code == 302  # to the login page
    assert client_for(other_tambon_coordinator).get(page).status_code == 404
    assert client_for(other_tambon_coordinator).post(make).status_code == 404
    dao = client_for(district_coordinator)
    assert dao.post(make).status_code == 403
    assert not AnnualReport.objects.exists()

    client_for(tambon_coordinator).post(make)
    document = Document.objects.get(kind=Document.Kind.ANNUAL_REPORT)
    for reader in (dao, client_for(province_coordinator)):
        assert reader.get(page).status_code == 200
        assert reader.get(reverse("document_download", args=[document.pk])).status_code == 200
    bob = client_for(other_tambon_coordinator)
    assert bob.get(reverse("document_download", args=[document.pk])).status_code == 404


def test_only_a_year_that_has_ended_is_reported(council, tambon_coordinator, client_for):
    alice = client_for(tambon_coordinator)
    this_year = annual_report.last_reportable_year() + 1
    assert alice.get(reverse("annual_report", args=[council.pk, this_year])).status_code == 404
    # A C.E. year is not shifted by 543: there is no such fiscal year to report on.
    assert alice.post(reverse("annual_report_pdf", args=[council.pk, 2025])).status_code == 404
    assert not AnnualReport.objects.exists()

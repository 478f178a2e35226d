"""Demo documents: the strategy books of plans.demo.books, with Chumphon's book endorsed."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from councils.meetings.models import Meeting, Resolution
from plans.books import curation
from plans.books.models import StrategyBook
from plans.demo import books as book_demo
from plans.execution.models import IndicatorMeasurement, IndicatorTarget
from plans.models import CommunityPlan, PlanProject
from reports import jobs

# Council resolutions that Mae Sai's plan projects cite: the November meeting ranks the projects
# of the tambon plan (councils.demo.meetings.TOPIC_RESOLUTIONS), and the district network asks
# for the households whose houses need repair.
PROJECTS_CITING_A_COUNCIL = 2
RANKING_RESOLUTION = 2
HOUSING_WORD = "บ้าน"


def seed(stdout: OutputWrapper) -> None:
    chumphon = StrategyBook.objects.get(
        level=StrategyBook.Level.PROVINCE,
        area_code=book_demo.CHUMPHON,
        first_year=book_demo.FIRST_YEAR,
    )
    meeting = (
        Meeting.objects.provincial()
        .filter(area_code=book_demo.CHUMPHON, held_on__lte=timezone.localdate())
        .order_by("-held_on")
        .first()
    )
    endorse_chumphon(chumphon, meeting, stdout)
    if meeting is not None:
        cite_provincial_resolution(chumphon, meeting)
    cited = cite_mae_sai_resolutions()
    stdout.write(f"Plan projects citing meeting resolutions in Mae Sai: {cited}")


def endorse_chumphon(book: StrategyBook, meeting: Meeting | None, stdout: OutputWrapper) -> None:
    """The provincial meeting endorses the provincial book; an older endorsement gets its link."""
    snapshot = book.snapshots.order_by("-endorsed_at").first()
    if snapshot is not None:
        if snapshot.meeting_id is None and meeting is not None:
            snapshot.meeting = meeting
            snapshot.save(update_fields=["meeting"])
        return
    coordinator = get_user_model().objects.filter(
        username="chumphon"
    ).first() or get_user_model().objects.get(username="admin")
    body = meeting.title if meeting else "ที่ประชุมสภาองค์กรชุมชนระดับจังหวัดชุมพร"
    on = meeting.held_on if meeting else timezone.localdate()
    snapshot = curation.endorse(book, by=coordinator, body=body, on=on, meeting=meeting)
    measure_the_first_year(book, coordinator, on)
    jobs.render_snapshot_later(snapshot)
    stdout.write(f"Endorsed: {book.title}")


def measure_the_first_year(book: StrategyBook, coordinator, on) -> None:
    """After the endorsement, the province measured its indicators of the first year: some on
    target, some short of it."""
    targets = IndicatorTarget.objects.filter(
        indicator__strategic_issue__book=book, fiscal_year=book.first_year
    ).select_related("indicator")
    for number, target in enumerate(targets.order_by("indicator__strategic_issue__order", "pk")):
        share = (Decimal("1.1"), Decimal("0.8"), Decimal("0.6"))[number % 3]
        IndicatorMeasurement.objects.create(
            indicator=target.indicator, fiscal_year=book.first_year, by=coordinator,
            value=(target.value * share).quantize(Decimal("1")), measured_on=on,
            note="จากรายงานผลการดำเนินงานของเครือข่ายระดับจังหวัด",
        )  # fmt: skip


def cite_provincial_resolution(book: StrategyBook, meeting: Meeting) -> None:
    """The meeting's resolution approving the six strategies backs each strategic issue."""
    approval = meeting.resolutions.filter(text__contains="แผนยุทธศาสตร์").first()
    if approval is None:
        return
    for issue in book.issues.all():
        issue.resolutions.add(approval)  # add() skips a link that is already there


def cite_mae_sai_resolutions() -> int:
    """The first projects of each Mae Sai plan cite their council's latest ranking resolution;
    housing projects also cite the district network's resolution on house repairs."""
    today = timezone.localdate()
    network = (
        Resolution.objects.filter(
            meeting__area_code=book_demo.MAE_SAI,
            meeting__kind=Meeting.Kind.DISTRICT_NETWORK,
            meeting__held_on__lte=today,
            text__contains=HOUSING_WORD,
        )
        .order_by("-meeting__held_on")
        .first()
    )
    cited = 0
    with transaction.atomic():
        plans = CommunityPlan.objects.in_area(book_demo.MAE_SAI).select_related("council")
        for plan in plans:
            ranking = (
                Resolution.objects.filter(
                    meeting__council=plan.council,
                    meeting__kind=Meeting.Kind.COUNCIL_MEETING,
                    meeting__held_on__lte=today,
                    meeting__held_on__month=11,
                    position=RANKING_RESOLUTION,
                )
                .order_by("-meeting__held_on")
                .first()
            )
            projects = PlanProject.objects.filter(issue__plan=plan).order_by(
                "issue__order", "order"
            )
            for n, project in enumerate(projects):
                chosen = [ranking] if ranking and n < PROJECTS_CITING_A_COUNCIL else []
                if network and HOUSING_WORD in project.title:
                    chosen.append(network)
                if chosen:
                    project.resolutions.add(*chosen)
                    cited += 1
    return cited

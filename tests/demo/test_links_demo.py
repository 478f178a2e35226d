"""The demo links: Chumphon's book endorsed by its provincial meeting, Mae Sai projects citing
their councils' resolutions; loading twice adds nothing."""

from plans.books.models import BookPresentation, BookSnapshot, StrategicIssue, StrategyBook
from plans.models import PlanProject


def link_counts(counts: dict[str, int]) -> tuple[int, int, int, int]:
    """The links' rows, out of the rows of every table (tests/demo/conftest.py)."""
    return (
        counts[BookSnapshot._meta.label],
        counts[PlanProject.resolutions.through._meta.label],
        counts[StrategicIssue.resolutions.through._meta.label],
        counts[BookPresentation._meta.label],
    )


def test_the_demo_links_books_and_projects_to_meetings_once(reseeding, db):
    first = link_counts(reseeding.before)
    assert link_counts(reseeding.after) == first
    chumphon = StrategyBook.objects.get(level="province", area_code="86")
    snapshot = chumphon.snapshots.get()
    assert snapshot.meeting.kind == "provincial" and snapshot.meeting.area_code == "86"
    assert snapshot.endorsed_on == snapshot.meeting.held_on
    assert not chumphon.issues.filter(resolutions__isnull=True).exists()
    cited = PlanProject.objects.in_area("5709").filter(resolutions__isnull=False).distinct()
    assert cited.count() >= 3
    for project in cited:
        for resolution in project.resolutions.select_related("meeting"):
            assert resolution.meeting.area_code in (
                "5709",
                project.issue.plan.council.subdistrict_id,
            )


def test_the_provincial_meetings_have_their_books_on_the_list(demo_database, db):
    chumphon = StrategyBook.objects.get(level="province", area_code="86")
    presented = chumphon.presentations.select_related("meeting", "agenda_item").get()
    # The meeting that endorsed the book presented it under its strategy agenda item.
    assert presented.meeting == chumphon.snapshots.get().meeting
    assert presented.agenda_item.title.startswith("นำเสนอแผนยุทธศาสตร์")
    mae_sai = StrategyBook.objects.get(level="district", area_code="5709")
    coming = mae_sai.presentations.select_related("meeting").get().meeting
    assert (coming.kind, coming.area_code, coming.is_past) == ("provincial", "57", False)

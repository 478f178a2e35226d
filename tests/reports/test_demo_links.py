"""The demo links: Chumphon's book endorsed by its provincial meeting, Mae Sai projects citing
their councils' resolutions; loading twice adds nothing."""

from io import StringIO

import pytest
from django.core.management.base import OutputWrapper

from councils import demo as councils_demo
from plans import demo as plans_demo
from plans.books.models import BookPresentation, BookSnapshot, StrategicIssue, StrategyBook
from plans.models import PlanProject
from reports import demo as reports_demo


@pytest.fixture(autouse=True)
def fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path


def load() -> tuple[int, int, int, int]:
    out = OutputWrapper(StringIO())
    for app in (councils_demo, plans_demo, reports_demo):
        app.seed(out)
    return (
        BookSnapshot.objects.count(),
        PlanProject.resolutions.through.objects.count(),
        StrategicIssue.resolutions.through.objects.count(),
        BookPresentation.objects.count(),
    )


def test_the_demo_links_books_and_projects_to_meetings_once(db):
    first = load()
    assert load() == first
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


def test_the_provincial_meetings_have_their_books_on_the_list(db):
    load()
    chumphon = StrategyBook.objects.get(level="province", area_code="86")
    presented = chumphon.presentations.select_related("meeting", "agenda_item").get()
    # The meeting that endorsed the book presented it under its strategy agenda item.
    assert presented.meeting == chumphon.snapshots.get().meeting
    assert presented.agenda_item.title.startswith("นำเสนอแผนยุทธศาสตร์")
    mae_sai = StrategyBook.objects.get(level="district", area_code="5709")
    coming = mae_sai.presentations.select_related("meeting").get().meeting
    assert (coming.kind, coming.area_code, coming.is_past) == ("provincial", "57", False)

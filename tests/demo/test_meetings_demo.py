"""The demo meetings: idempotent, a year of council meetings, Chumphon's provincial meeting."""

import pytest

from councils import compliance
from councils.demo.meetings import LIGHT_COUNCILS
from councils.meetings.models import (
    AnnualReport,
    Attendance,
    Delegate,
    FollowUp,
    Meeting,
    ProposalState,
    Resolution,
)
from councils.models import Council, Partner


def row_counts(counts: dict[str, int]) -> dict[str, int]:
    """The meetings' rows, out of the rows of every table (tests/demo/conftest.py)."""
    models = (Meeting, Resolution, FollowUp, Attendance, Delegate, AnnualReport)
    return {model.__name__: counts[model._meta.label] for model in models}


@pytest.fixture
def seeded(demo_database, db):
    return demo_database


def test_seeding_meetings_twice_duplicates_nothing(reseeding, db):
    first = row_counts(reseeding.before)
    assert row_counts(reseeding.after) == first
    assert first["Meeting"] > 80 and first["FollowUp"] > first["Resolution"] // 4


def test_councils_that_met_too_little_show_it_and_the_others_do_not(seeded):
    warned = {
        council.subdistrict_id
        for council in compliance.with_compliance_facts(Council.objects.all())
        if "too_few_meetings" in {w.rule for w in compliance.check(council)}
    }
    assert warned == set(LIGHT_COUNCILS)


def test_chumphons_last_provincial_meeting_has_its_proposals_followed_up(seeded):
    meeting = Meeting.objects.provincial().filter(area_code="86").get()
    assert meeting.is_past and meeting.quorum().met
    assert meeting.partners_present.count() >= 5
    governor = Partner.objects.get(kind=Partner.Kind.GOVERNOR, area_code="86")
    to_governor = meeting.resolutions.filter(addressed_to=governor)
    states = set(to_governor.values_list("state", flat=True))
    assert ProposalState.IN_PROGRESS in states and ProposalState.SENT in states
    assert Resolution.objects.overdue().filter(meeting=meeting).exists()
    answered = to_governor.get(state=ProposalState.IN_PROGRESS)
    assert [e.state_to for e in answered.follow_ups.order_by("happened_on")] == [
        "sent",
        "answered",
        "in_progress",
    ]


def test_some_chiang_rai_councils_still_have_to_name_delegates(seeded):
    rules = {
        council.subdistrict_id: {w.rule for w in compliance.check(council)}
        for council in compliance.with_compliance_facts(Council.objects.in_area("5709"))
    }
    missing = {code for code, broken in rules.items() if "no_delegates" in broken}
    assert missing == {"570904", "570908", "570909"}

"""The leadership warnings (issue 13): an officer under 40, a person in too many roles, and an
officer whose term ends within a year with no successor named; each at its edges."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from councils import compliance
from councils.models import Council, CouncilMember
from tests.factories import (
    CouncilFactory,
    MemberFactory,
    PersonFactory,
    PersonRoleFactory,
    leaders_prepared,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)  # in B.E. 2569: a person born in 2530 is 39, born in 2529 is 40


def warnings_of(council) -> dict[str, str]:
    annotated = compliance.with_compliance_facts(Council.objects.all(), TODAY).get(pk=council.pk)
    with translation.override("en"):
        return {warning.rule: warning.message for warning in compliance.check(annotated, TODAY)}


def board(council, selected_on=dt.date(2024, 1, 15)) -> list[CouncilMember]:
    officers = [
        MemberFactory(council=council, role=role, village_no=village, selected_on=selected_on)
        for village, role in enumerate(CouncilMember.OFFICER_ROLES, start=1)
    ]
    MemberFactory(council=council, village_no=5, selected_on=selected_on)
    leaders_prepared(council, young_birth_year=2545)
    return officers


def set_birth_years(officers, year) -> None:
    for officer in officers:
        officer.person.birth_year = year
        officer.person.save(update_fields=["birth_year"])


def test_a_prepared_board_has_no_leadership_warning(council):
    board(council)
    assert not {"no_young_officer", "too_many_roles", "no_successor"} & set(warnings_of(council))


@pytest.mark.parametrize(("birth_year", "warned"), [(2530, False), (2529, True)])
def test_an_officer_of_39_is_young_and_one_of_40_is_not(council, birth_year, warned):
    officers = board(council)
    set_birth_years(officers, 2500)
    set_birth_years(officers[3:], birth_year)
    warnings = warnings_of(council)
    assert ("no_young_officer" in warnings) is warned
    if warned:
        assert warnings["no_young_officer"] == (
            "No sitting officer is under 40: bring new-generation leaders into the offices."
        )


def test_a_young_member_who_is_not_an_officer_does_not_count(council):
    officers = board(council)
    set_birth_years(officers, 2500)
    member = council.members.sitting().get(role=CouncilMember.Role.MEMBER)
    member.person.birth_year = 2545
    member.person.save(update_fields=["birth_year"])
    assert "no_young_officer" in warnings_of(council)


def test_a_young_officer_who_left_does_not_count(council):
    officers = board(council)
    set_birth_years(officers[1:], 2500)
    officers[0].left_on = dt.date(2026, 6, 1)
    officers[0].save(update_fields=["left_on"])
    assert "no_young_officer" in warnings_of(council)


def test_officers_without_a_birth_year_are_counted_when_they_are_why(council):
    officers = board(council)
    set_birth_years(officers[:2], 2500)
    set_birth_years(officers[2:], None)
    assert warnings_of(council)["no_young_officer"] == (
        "No sitting officer is known to be under 40: 2 officers have no birth year recorded."
    )


def test_no_officer_at_all_is_the_missing_officers_warning_not_this_one(council):
    MemberFactory(council=council, village_no=5)
    warnings = warnings_of(council)
    assert "no_chair" in warnings and "no_young_officer" not in warnings


def hats(person, count, today=TODAY):
    for _ in range(count):
        PersonRoleFactory(person=person, started_on=dt.date(2020, 1, 1))


@pytest.mark.parametrize(("roles", "warned"), [(3, False), (4, True)])
def test_four_roles_with_the_seat_are_fine_and_five_are_too_many(council, roles, warned):
    officers = board(council)
    hats(officers[0].person, roles)  # and the council seat
    warnings = warnings_of(council)
    assert ("too_many_roles" in warnings) is warned
    if warned:
        assert warnings["too_many_roles"] == (
            "1 person holds more than 4 roles at once: share the work among more leaders."
        )


def test_ended_and_future_roles_are_not_held_at_once(council):
    officers = board(council)
    person = officers[0].person
    hats(person, 3)
    PersonRoleFactory(person=person, started_on=dt.date(2018, 1, 1), ended_on=TODAY)
    assert "too_many_roles" in warnings_of(council)  # ends today: still held
    person.roles.filter(ended_on=TODAY).update(ended_on=TODAY - dt.timedelta(days=1))
    PersonRoleFactory(person=person, started_on=TODAY + dt.timedelta(days=1))
    assert "too_many_roles" not in warnings_of(council)


def test_persons_in_too_many_roles_are_counted_and_those_of_other_councils_are_not(
    council, other_council
):
    board(council)
    for _ in range(2):
        hats(PersonFactory(council=council), 5)
    hats(PersonFactory(council=other_council), 6)
    assert warnings_of(council)["too_many_roles"].startswith("2 persons hold more than 4")


def end_term_in(officer, days: int) -> None:
    CouncilMember.objects.filter(pk=officer.pk).update(term_ends_on=TODAY + dt.timedelta(days=days))


@pytest.mark.parametrize(("days", "warned"), [(365, True), (366, False), (0, True)])
def test_a_term_ending_within_365_days_needs_a_successor(council, days, warned):
    officers = board(council)
    chair = officers[0]
    chair.successor = None
    chair.save(update_fields=["successor"])
    end_term_in(chair, days)
    warnings = warnings_of(council)
    assert ("no_successor" in warnings) is warned
    if days == 365:
        assert warnings["no_successor"] == (
            "The chair's term ends on 21 November 2570 BE and no successor is named."
        )


def test_a_named_successor_silences_the_warning(council):
    officers = board(council)
    end_term_in(officers[0], 30)
    assert "no_successor" not in warnings_of(council)


def test_an_ended_term_is_the_terms_ended_warning_not_this_one(council):
    officers = board(council)
    officers[0].successor = None
    officers[0].save(update_fields=["successor"])
    end_term_in(officers[0], -1)
    warnings = warnings_of(council)
    assert "terms_ended" in warnings and "no_successor" not in warnings


def test_the_earliest_office_is_named_with_how_many_others(council):
    officers = board(council)
    CouncilMember.objects.filter(pk__in=[o.pk for o in officers]).update(successor=None)
    for officer, days in zip(officers, (200, 100, 300, 400), strict=True):
        end_term_in(officer, days)
    assert warnings_of(council)["no_successor"] == (
        "The first vice-chair's term ends on 1 March 2570 BE and no successor is named; "
        "2 other officers' terms also end within a year without one."
    )


def province_councils_check() -> int:
    """Check every council of the province; return how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        councils = compliance.with_compliance_facts(
            Council.objects.filter(subdistrict__code__startswith="57"), TODAY
        )
        found = [compliance.check(council, TODAY) for council in councils]
    assert found
    return len(queries)


def test_the_leadership_facts_keep_a_provinces_check_to_one_query(council):
    board(council)
    hats(council.members.first().person, 5)
    # One query: the councils, each rule's facts as subqueries of it.
    assert province_councils_check() == 1
    for code in ("570902", "570903", "570904"):
        other = CouncilFactory(subdistrict_id=code)
        board(other)
        hats(PersonFactory(council=other), 6)
        end_term_in(other.members.filter(role="chair").get(), 10)
    assert province_councils_check() == 1

"""Each compliance rule, read from the same annotated query the overviews use."""

import datetime as dt

import pytest

from councils import compliance
from councils.models import Council, CouncilMember
from tests.factories import MemberFactory, leaders_prepared

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)


def rules_broken(council) -> set[str]:
    annotated = compliance.with_compliance_facts(Council.objects.all(), TODAY).get(pk=council.pk)
    return {warning.rule for warning in compliance.check(annotated, TODAY)}


def full_board(council, selected_on=dt.date(2024, 1, 15)):
    for village, role in enumerate(CouncilMember.OFFICER_ROLES, start=1):
        MemberFactory(council=council, role=role, village_no=village, selected_on=selected_on)
    MemberFactory(council=council, village_no=5, selected_on=selected_on)
    leaders_prepared(council)


def test_a_complete_council_breaks_no_rule(council):
    full_board(council)
    assert rules_broken(council) == set()


def test_a_council_without_members(council):
    assert "no_members" in rules_broken(council)


def test_missing_secretary(council):
    full_board(council)
    council.members.filter(role="secretary").update(left_on=dt.date(2026, 1, 1))
    assert rules_broken(council) == {"no_secretary"}


def test_term_ending_within_sixty_days(council):
    full_board(council, selected_on=dt.date(2022, 12, 20))
    broken = compliance.with_compliance_facts(Council.objects.all(), TODAY).get(pk=council.pk)
    warnings = compliance.check(broken, TODAY)
    assert [w.rule for w in warnings] == ["terms_ending"]
    assert "29" in warnings[0].message  # 20 December 2026 is 29 days away


def test_term_ended(council):
    full_board(council, selected_on=dt.date(2022, 1, 10))
    assert "terms_ended" in rules_broken(council)


def test_qualified_persons_over_one_fifth(council):
    full_board(council)
    # Written around validation, as an old import might have: the check still shows it.
    for _ in range(2):
        CouncilMember.objects.create(
            council=council, first_name="ผู้ทรง", last_name="คุณวุฒิ", seat="qualified",
            selected_on=dt.date(2024, 1, 15),
        )  # fmt: skip
    assert rules_broken(council) == {"qualified_over_fifth"}


def test_more_than_four_representatives_in_a_village(council):
    full_board(council)
    for _ in range(4):
        MemberFactory(council=council, village_no=5)
    assert "crowded_village" in rules_broken(council)


def test_unregistered_council(council):
    full_board(council)
    council.registration_number = ""
    council.save()
    assert rules_broken(council) == {"not_registered"}


def test_the_facts_query_groups_by_the_council_alone(council):
    """The member counts join every member of every council; a subquery taken into the GROUP BY
    would then run once per member row (PostgreSQL: 25 times per council). Only the council's
    own columns may be grouped on, so each subquery runs once per council."""
    full_board(council)
    sql = str(compliance.with_compliance_facts(Council.objects.all(), TODAY).query)
    grouped = [column.strip() for column in sql.rsplit("GROUP BY", 1)[1].split(",")]
    # Django names a grouped select expression by its position ("GROUP BY ..., 12, 13").
    assert all(column.startswith('"councils_council".') for column in grouped), grouped


def test_counts_of_nothing_are_zero_not_missing(council):
    """The subquery counts yield 0 for a council with no meetings, organizations or officers."""
    annotated = compliance.with_compliance_facts(Council.objects.all(), TODAY).get(pk=council.pk)
    assert annotated.organization_count == 0
    assert annotated.council_meetings_this_year == 0
    assert annotated.delegates_this_year == 0
    assert annotated.officer_count == 0
    assert annotated.persons_in_too_many_roles == 0

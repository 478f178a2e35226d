"""The council compliance check: each rule of the Act is one function that returns a warning.

The rules read facts that `with_compliance_facts()` annotates, so checking one
council or every council of a province costs the same single query.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from councils.buddhist_era import fiscal_year_be, fiscal_year_bounds, thai_date
from councils.meetings.models import (
    COUNCIL_MEETINGS_A_YEAR,
    DELEGATES_PER_COUNCIL,
    AnnualReport,
    Delegate,
    Meeting,
    annual_report_due_on,
    annual_report_year_due,
)
from councils.models import (
    MAX_REPRESENTATIVES_PER_VILLAGE,
    CommunityOrganization,
    Council,
    CouncilMember,
)
from councils.persons.models import MAX_ROLES, YOUNG_LEADER_AGE, Person, young_birth_year

TERM_WARNING_DAYS = 60
# An officer whose term ends within this many days should have a successor named.
SUCCESSION_WARNING_DAYS = 365


def counted(queryset: QuerySet, field: str = "pk", *, distinct: bool = False) -> Subquery:
    """How many rows of a correlated queryset, as a scalar subquery that always yields one row
    (0 when nothing matches), so nothing needs to wrap it.

    A COALESCE around a grouped subquery would do the same sum, but the outer query's GROUP BY
    (the member counts below join every council member) takes the COALESCE in and PostgreSQL then
    runs every subquery once per joined member row: 25 times per council instead of once.
    """
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    number = models.Func(models.F(field), template=template, output_field=models.IntegerField())
    return Subquery(queryset.order_by().annotate(n=number).values("n"))


def with_compliance_facts(
    councils: QuerySet[Council], today: dt.date | None = None
) -> QuerySet[Council]:
    """Annotate what the rules below read, in the same single query for any number of councils."""
    today = today or timezone.localdate()
    sitting = Q(members__left_on__isnull=True)
    representative = sitting & Q(members__seat=CouncilMember.Seat.REPRESENTATIVE)
    organizations = CommunityOrganization.objects.filter(council=OuterRef("pk"))
    crowded_village = (
        CouncilMember.objects.sitting()
        .filter(
            council=OuterRef("pk"),
            seat=CouncilMember.Seat.REPRESENTATIVE,
            village_no__isnull=False,
        )
        .order_by()
        .values("village_no")
        .annotate(n=Count("pk"))
        .filter(n__gt=MAX_REPRESENTATIVES_PER_VILLAGE)
    )
    officer_counts = {
        f"officer_{role}": Count("members", filter=sitting & Q(members__role=role))
        for role in CouncilMember.OFFICER_ROLES
    }
    return councils.annotate(
        **_meeting_facts(today),
        **_leader_facts(today),
        organization_count=counted(organizations),
        representative_count=Count("members", filter=representative),
        qualified_count=Count(
            "members", filter=sitting & Q(members__seat=CouncilMember.Seat.QUALIFIED)
        ),
        sitting_female_count=Count(
            "members", filter=sitting & Q(members__sex=CouncilMember.Sex.FEMALE)
        ),
        terms_ended_count=Count("members", filter=sitting & Q(members__term_ends_on__lt=today)),
        terms_ending_soon_count=Count(
            "members",
            filter=sitting
            & Q(members__term_ends_on__gte=today)
            & Q(members__term_ends_on__lte=today + dt.timedelta(days=TERM_WARNING_DAYS)),
        ),
        next_term_end=Min("members__term_ends_on", filter=sitting),
        has_crowded_village=Exists(crowded_village),
        **officer_counts,
    )


def _meeting_facts(today: dt.date) -> dict:
    """Meetings, delegates and the annual report (s.19, s.21), as subqueries: a join would
    multiply the member counts above, and another query would grow with the councils."""
    first_day, _last = fiscal_year_bounds(fiscal_year_be(today))
    this_year = Q(held_on__gte=first_day, held_on__lte=today)
    council_meetings = Meeting.objects.council_meetings().filter(this_year, council=OuterRef("pk"))
    last_year = fiscal_year_bounds(fiscal_year_be(today) - 1)
    council_meetings_last_year = (
        Meeting.objects.council_meetings().between(*last_year).filter(council=OuterRef("pk"))
    )
    year_end = fiscal_year_bounds(fiscal_year_be(today))[1]
    provincial_meeting = Meeting.objects.provincial().filter(
        area_code=Substr(OuterRef("subdistrict_id"), 1, 2),
        held_on__gte=first_day,
        held_on__lte=year_end,
    )
    delegates = Delegate.objects.filter(
        council=OuterRef("pk"),
        meeting__kind=Meeting.Kind.PROVINCIAL,
        meeting__held_on__gte=first_day,
        meeting__held_on__lte=year_end,
    )
    report_year = annual_report_year_due(today)
    return {
        "council_meetings_this_year": counted(council_meetings),
        "council_meetings_last_year": counted(council_meetings_last_year),
        "provincial_meeting_this_year": Exists(provincial_meeting),
        "delegates_this_year": counted(delegates, "member", distinct=True),
        "annual_report_due_year": Value(report_year, output_field=models.IntegerField()),
        "has_due_annual_report": Exists(
            AnnualReport.objects.filter(council=OuterRef("pk"), fiscal_year=report_year or 0)
        ),
    }


def _leader_facts(today: dt.date) -> dict:
    """The officers' generations, the persons in too many roles and the officers without a
    successor (issue 13), as subqueries for the same reason as the meeting facts."""
    officers = CouncilMember.objects.sitting().filter(
        council=OuterRef("pk"), role__in=CouncilMember.OFFICER_ROLES
    )

    last_day = today + dt.timedelta(days=SUCCESSION_WARNING_DAYS)
    unsucceeded = officers.filter(
        successor__isnull=True, term_ends_on__gte=today, term_ends_on__lte=last_day
    ).order_by("term_ends_on", "pk")
    crowded = Person.objects.holding_too_many_roles(today).filter(council=OuterRef("pk"))
    return {
        "officer_count": counted(officers),
        "young_officer_count": counted(
            officers.filter(person__birth_year__gte=young_birth_year(today))
        ),
        "officers_without_birth_year": counted(
            officers.filter(Q(person__isnull=True) | Q(person__birth_year__isnull=True))
        ),
        "persons_in_too_many_roles": counted(crowded),
        "unsucceeded_officer_count": counted(unsucceeded),
        "unsucceeded_officer_role": Subquery(unsucceeded.values("role")[:1]),
        "unsucceeded_officer_term_end": Subquery(unsucceeded.values("term_ends_on")[:1]),
    }


@dataclass(frozen=True)
class ComplianceWarning:
    rule: str
    message: str
    serious: bool = False


Rule = Callable[[Council, dt.date], ComplianceWarning | None]


def not_registered(council: Council, today: dt.date) -> ComplianceWarning | None:
    if not council.registration_number or not council.registered_on:
        return ComplianceWarning(
            "not_registered", _("The council's registration number or date is missing.")
        )
    return None


def no_members(council: Council, today: dt.date) -> ComplianceWarning | None:
    if council.representative_count == 0:
        return ComplianceWarning(
            "no_members", _("The council has no sitting community representatives."), serious=True
        )
    return None


def missing_officers(council: Council, today: dt.date) -> list[ComplianceWarning]:
    labels = dict(CouncilMember.Role.choices)
    return [
        ComplianceWarning(f"no_{role}", _("No %(role)s (s.15).") % {"role": labels[role]})
        for role in CouncilMember.OFFICER_ROLES
        if council.representative_count and getattr(council, f"officer_{role}") == 0
    ]


def terms_ended(council: Council, today: dt.date) -> ComplianceWarning | None:
    count = council.terms_ended_count
    if count:
        return ComplianceWarning(
            "terms_ended",
            ngettext(
                "%(count)s sitting member's term has ended (s.8).",
                "%(count)s sitting members' terms have ended (s.8).",
                count,
            )
            % {"count": count},
            serious=True,
        )
    return None


def terms_ending_soon(council: Council, today: dt.date) -> ComplianceWarning | None:
    if council.terms_ending_soon_count and council.next_term_end:
        days = (council.next_term_end - today).days
        return ComplianceWarning(
            "terms_ending",
            ngettext(
                "Term ends in %(days)s day (%(date)s): plan the selection of new members.",
                "Term ends in %(days)s days (%(date)s): plan the selection of new members.",
                days,
            )
            % {"days": days, "date": thai_date(council.next_term_end)},
        )
    return None


def too_many_qualified(council: Council, today: dt.date) -> ComplianceWarning | None:
    if council.qualified_count * 5 > council.representative_count:
        return ComplianceWarning(
            "qualified_over_fifth",
            _(
                "Qualified persons exceed one fifth of the representatives (s.6): "
                "%(qualified)s qualified persons for %(reps)s representatives."
            )
            % {"qualified": council.qualified_count, "reps": council.representative_count},
            serious=True,
        )
    return None


def crowded_village(council: Council, today: dt.date) -> ComplianceWarning | None:
    if council.has_crowded_village:
        return ComplianceWarning(
            "crowded_village",
            _("A village has more than 4 community representatives (s.5)."),
            serious=True,
        )
    return None


def too_few_meetings(council: Council, today: dt.date) -> ComplianceWarning | None:
    """At least 4 council meetings a fiscal year (s.19), checked against the quarters gone by:
    one by the end of each quarter, and in the last quarter all 4 before 30 September.

    In the first quarter nothing of the new year is due yet, so the check looks back at the year
    that just ended, when the council recorded its meetings of that year here: a year with no
    record at all is more likely kept on paper, and the new year's pace flags it from January.
    """
    first_day, _last_day = fiscal_year_bounds(fiscal_year_be(today))
    quarter = ((today.year - first_day.year) * 12 + today.month - first_day.month) // 3
    last_year = council.council_meetings_last_year
    if quarter == 0 and 0 < last_year < COUNCIL_MEETINGS_A_YEAR:
        return ComplianceWarning(
            "too_few_meetings",
            ngettext(
                "Fiscal year %(year)s ended with only %(held)s council meeting: the Act asks "
                "for at least 4 a year (s.19).",
                "Fiscal year %(year)s ended with only %(held)s council meetings: the Act asks "
                "for at least 4 a year (s.19).",
                last_year,
            )
            % {"held": last_year, "year": fiscal_year_be(today) - 1},
        )
    expected = COUNCIL_MEETINGS_A_YEAR if quarter == 3 else quarter
    held = council.council_meetings_this_year
    if held >= expected:
        return None
    return ComplianceWarning(
        "too_few_meetings",
        ngettext(
            "Only %(held)s council meeting so far in fiscal year %(year)s: the Act asks for at "
            "least 4 a year (s.19), about one a quarter.",
            "Only %(held)s council meetings so far in fiscal year %(year)s: the Act asks for at "
            "least 4 a year (s.19), about one a quarter.",
            held,
        )
        % {"held": held, "year": fiscal_year_be(today)},
        serious=quarter == 3,
    )


def no_provincial_delegates(council: Council, today: dt.date) -> ComplianceWarning | None:
    """Two delegates to the provincial meeting of this fiscal year, once it is called (s.21)."""
    if not council.provincial_meeting_this_year:
        return None
    named = council.delegates_this_year
    if named >= DELEGATES_PER_COUNCIL:
        return None
    if named == 0:
        message = _("No delegates are named to this year's provincial meeting (s.21).")
    else:
        message = _(
            "Only %(named)s of the %(needed)s delegates are named to this year's provincial "
            "meeting (s.21)."
        ) % {"named": named, "needed": DELEGATES_PER_COUNCIL}
    return ComplianceWarning("no_delegates", message)


def no_annual_report(council: Council, today: dt.date) -> ComplianceWarning | None:
    year = council.annual_report_due_year
    if year is None or council.has_due_annual_report:
        return None
    return ComplianceWarning(
        "no_annual_report",
        _("No annual report for fiscal year %(year)s (s.21); it was due by %(date)s.")
        % {"year": year, "date": thai_date(annual_report_due_on(year))},
    )


def no_young_officer(council: Council, today: dt.date) -> ComplianceWarning | None:
    """Succession needs new leaders: at least one sitting officer under 40."""
    if not council.officer_count or council.young_officer_count:
        return None
    unknown = council.officers_without_birth_year
    if unknown:
        message = ngettext(
            "No sitting officer is known to be under %(age)s: %(count)s officer has no birth "
            "year recorded.",
            "No sitting officer is known to be under %(age)s: %(count)s officers have no birth "
            "year recorded.",
            unknown,
        ) % {"age": YOUNG_LEADER_AGE, "count": unknown}
    else:
        message = _(
            "No sitting officer is under %(age)s: bring new-generation leaders into the offices."
        ) % {"age": YOUNG_LEADER_AGE}
    return ComplianceWarning("no_young_officer", message)


def too_many_roles(council: Council, today: dt.date) -> ComplianceWarning | None:
    """One person in more than four roles at once (council seats and other bodies)."""
    count = council.persons_in_too_many_roles
    if not count:
        return None
    return ComplianceWarning(
        "too_many_roles",
        ngettext(
            "%(count)s person holds more than %(max)s roles at once: share the work among "
            "more leaders.",
            "%(count)s persons hold more than %(max)s roles at once: share the work among "
            "more leaders.",
            count,
        )
        % {"count": count, "max": MAX_ROLES},
    )


def no_successor(council: Council, today: dt.date) -> ComplianceWarning | None:
    """An officer whose term ends within a year with no successor named: the earliest one is
    named, with how many others there are."""
    count = council.unsucceeded_officer_count
    if not count or not council.unsucceeded_officer_term_end:
        return None
    values = {
        "office": CouncilMember.Role(council.unsucceeded_officer_role).label,
        "date": thai_date(council.unsucceeded_officer_term_end),
        "others": count - 1,
    }
    if count == 1:
        message = _("The %(office)s's term ends on %(date)s and no successor is named.") % values
    else:
        message = (
            ngettext(
                "The %(office)s's term ends on %(date)s and no successor is named; %(others)s "
                "other officer's term also ends within a year without one.",
                "The %(office)s's term ends on %(date)s and no successor is named; %(others)s "
                "other officers' terms also end within a year without one.",
                count - 1,
            )
            % values
        )
    return ComplianceWarning("no_successor", message)


RULES: tuple[Callable, ...] = (
    not_registered,
    no_members,
    missing_officers,
    terms_ended,
    terms_ending_soon,
    too_many_qualified,
    crowded_village,
    too_few_meetings,
    no_provincial_delegates,
    no_annual_report,
    no_young_officer,
    too_many_roles,
    no_successor,
)


def check(council: Council, today: dt.date | None = None) -> list[ComplianceWarning]:
    """Every broken rule of an annotated council, most serious first."""
    today = today or timezone.localdate()
    found: list[ComplianceWarning] = []
    for rule in RULES:
        result = rule(council, today)
        if isinstance(result, list):
            found.extend(result)
        elif result is not None:
            found.append(result)
    return sorted(found, key=lambda w: not w.serious)

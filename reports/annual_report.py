"""The council's annual report (s.21 of the Act): one fiscal year of its records as plain data,
its PDF, and the AnnualReport record that the generated PDF is attached to.

The data is read in a fixed number of grouped queries whatever the number of members,
meetings, resolutions or projects, and written in Thai whatever the reader's language (an
official document). Its hash names the document (reports.jobs), so asking again for an
unchanged year serves the same file; a worker renders it (reports.tasks), bounded like a plan.
No citizen ID or phone is read: officers are public office holders and are named, members are
counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation

from councils.buddhist_era import fiscal_year_be, fiscal_year_bounds, is_be_year, thai_date
from councils.meetings.models import (
    COUNCIL_MEETINGS_A_YEAR,
    AnnualReport,
    Meeting,
    ProposalState,
    Resolution,
)
from councils.models import CommunityOrganization, Council, CouncilMember
from plans.books.contents import money
from plans.execution.models import Commitment, ProjectUpdate, Spending
from plans.models import CommunityPlan, ExecutionStatus, FundingSource, PlanProject, ProjectBudget
from reports import bounded, documents
from reports.bounded import Deadline
from reports.pdf import html_to_document, render_document
from welfare import statistics
from welfare.models import Member, WelfareFund

ZERO = Decimal(0)
TEMPLATE = "reports/annual_report.html"


def reportable(year: int, today: dt.date | None = None) -> bool:
    """A report is on a fiscal year that has ended: the year before the current one or earlier."""
    today = today or timezone.localdate()
    return is_be_year(year) and year < fiscal_year_be(today)


def last_reportable_year(today: dt.date | None = None) -> int:
    return fiscal_year_be(today or timezone.localdate()) - 1


def labels(choices) -> dict[str, str]:
    """The choices' labels in the language report_data is made in (Thai for the report)."""
    return {value: str(label) for value, label in choices.choices}


def report_data(council: Council, year: int, language: str = "th") -> dict:
    """Everything the annual report of `council` on fiscal year `year` shows, as plain data: in
    Thai for the report itself; the page that previews it passes the reader's language."""
    first, last = fiscal_year_bounds(year)
    with translation.override(language):
        return {
            # A deployment that changes how the report is drawn makes it anew.
            "templates": documents.templates_version(),
            "year": year,
            "starts_on": thai_date(first),
            "ends_on": thai_date(last),
            "council": _council(council),
            "members": _members(council, last),
            "organizations": _organizations(council, last),
            "meetings": _meetings(council, first, last),
            "plan": _plan(council, year),
            "fund": _fund(council, year),
        }


def _council(council: Council) -> dict:
    area = council.subdistrict
    return {
        "id": council.pk,
        "name": council.name,
        "tambon": area.name_th,
        "district": area.district.name_th,
        "province": area.district.province.name_th,
        "registration_number": council.registration_number,
        "registered_on": thai_date(council.registered_on) if council.registered_on else "",
        "office_address": council.office_address,
    }


def _members(council: Council, last: dt.date) -> dict:
    """The members sitting on the year's last day, counted by seat and sex (one query), and the
    officers sitting then, named (one query): names of public office holders, nothing else."""
    sitting = CouncilMember.objects.filter(council=council, selected_on__lte=last).exclude(
        left_on__lte=last
    )
    counts = {
        (row["seat"], row["sex"]): row["n"]
        for row in sitting.order_by().values("seat", "sex").annotate(n=Count("pk"))
    }
    seats = []
    for seat, label in labels(CouncilMember.Seat).items():
        by_sex = {sex: counts.get((seat, sex), 0) for sex in CouncilMember.Sex.values}
        seats.append({"label": label, **by_sex, "total": sum(by_sex.values())})
    totals = {sex: sum(row[sex] for row in seats) for sex in CouncilMember.Sex.values}
    roles = labels(CouncilMember.Role)
    found = {
        role: (title, first_name, last_name)
        for role, title, first_name, last_name in sitting.filter(
            role__in=CouncilMember.OFFICER_ROLES
        ).values_list("role", "title", "first_name", "last_name")
    }
    officers = []
    for role in CouncilMember.OFFICER_ROLES:
        name = ""
        if role in found:
            title, first_name, last_name = found[role]
            name = f"{title}{first_name} {last_name}".strip()
        officers.append({"role": role, "label": roles[role], "name": name})
    return {
        "seats": seats,
        "total": {**totals, "total": sum(totals.values())},
        "officers": officers,
    }


def _organizations(council: Council, last: dt.date) -> dict:
    """The organizations registered by the year's last day, by kind (one grouped query)."""
    rows = (
        CommunityOrganization.objects.filter(council=council)
        .filter(Q(registered_on__isnull=True) | Q(registered_on__lte=last))
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"), people=Sum("member_count"))
    )
    found = {row["kind"]: row for row in rows}
    kinds = [
        {"label": label, "count": found[kind]["n"], "people": found[kind]["people"] or 0}
        for kind, label in labels(CommunityOrganization.Kind).items()
        if kind in found
    ]
    return {
        "kinds": kinds,
        "count": sum(k["count"] for k in kinds),
        "people": sum(k["people"] for k in kinds),
    }


def _meetings(council: Council, first: dt.date, last: dt.date) -> dict:
    """The council's meetings held in the year (one query) and their resolutions with the
    proposals' states (one query)."""
    kinds = labels(Meeting.Kind)
    states = labels(ProposalState)
    held = list(
        Meeting.objects.filter(council=council)
        .between(first, last)
        .order_by("held_on", "pk")
        .values("pk", "number", "title", "kind", "held_on", "place")
    )
    resolutions = (
        Resolution.objects.filter(meeting__in=[m["pk"] for m in held])
        .order_by("meeting__held_on", "meeting", "position", "pk")
        .values("meeting", "position", "text", "addressed_to__name", "due_on", "state")
    )
    by_meeting: dict[int, list[dict]] = {}
    proposal_states: dict[str, int] = {}
    for row in resolutions:
        proposal = bool(row["addressed_to__name"])
        if proposal:
            proposal_states[row["state"]] = proposal_states.get(row["state"], 0) + 1
        by_meeting.setdefault(row["meeting"], []).append(
            {
                "position": row["position"],
                "text": row["text"],
                "addressed_to": row["addressed_to__name"] or "",
                "due_on": thai_date(row["due_on"], short=True) if row["due_on"] else "",
                "state": states.get(row["state"], "") if proposal else "",
            }
        )
    meetings = [
        {
            "number": m["number"],
            "title": m["title"],
            "kind": m["kind"],
            "kind_label": kinds.get(m["kind"], m["kind"]),
            "held_on": thai_date(m["held_on"]),
            "place": m["place"],
            "resolutions": by_meeting.get(m["pk"], []),
        }
        for m in held
    ]
    council_meetings = sum(1 for m in held if m["kind"] == Meeting.Kind.COUNCIL_MEETING)
    return {
        "list": meetings,
        "council_meetings": council_meetings,
        "required": COUNCIL_MEETINGS_A_YEAR,
        "enough": council_meetings >= COUNCIL_MEETINGS_A_YEAR,
        "resolutions": sum(len(m["resolutions"]) for m in meetings),
        "proposals": sum(proposal_states.values()),
        "proposal_states": [
            {"label": label, "count": proposal_states[state]}
            for state, label in states.items()
            if proposal_states.get(state)
        ],
    }


def accepted_plan(council: Council, year: int) -> CommunityPlan | None:
    """The plan covering the year that the district accepted (still accepted, or accepted once
    and reopened since: its projects' execution is recorded all the same)."""
    accepted = CommunityPlan.State.ACCEPTED
    return (
        CommunityPlan.objects.filter(council=council)
        .covering(year)
        .filter(Q(state=accepted) | Q(history__to_state=accepted))
        .distinct()
        .order_by("-first_year")
        .first()
    )


def _plan(council: Council, year: int) -> dict | None:
    """Plan progress from the execution timeline: the projects by status, those taken into
    agencies' plans, committed and spent (over the timeline, and for this fiscal year by
    source), and each project's row. Grouped queries, one per figure."""
    plan = accepted_plan(council, year)
    if plan is None:
        return None
    projects = PlanProject.objects.filter(issue__plan=plan)
    statuses = labels(ExecutionStatus)
    sources = labels(FundingSource)
    by_status = dict(
        projects.order_by()
        .values("execution_status")
        .annotate(n=Count("pk"))
        .values_list("execution_status", "n")
    )
    overall = projects.aggregate(
        taken=Count("pk", filter=Q(taken_into_plan=True)),
        committed=Sum("committed_total"),
        spent=Sum("spent_total"),
    )
    asked = dict(
        ProjectBudget.objects.filter(project__issue__plan=plan, fiscal_year=year)
        .order_by()
        .values("project")
        .annotate(t=Sum("amount"))
        .values_list("project", "t")
    )
    lines = {"update__project__issue__plan": plan, "fiscal_year": year}
    committed = Commitment.objects.filter(**lines).totals_by("update__project", "source")
    spent = Spending.objects.filter(**lines).totals_by("update__project", "source")
    committed_of, spent_of, by_source = {}, {}, {}
    for rows, of, column in ((committed, committed_of, "committed"), (spent, spent_of, "spent")):
        for row in rows:
            project, source = row["update__project"], row["source"]
            of[project] = of.get(project, ZERO) + row["total"]
            entry = by_source.setdefault(source, {"committed": ZERO, "spent": ZERO})
            entry[column] += row["total"]
    agencies = (
        ProjectUpdate.objects.filter(project__issue__plan=plan, adopted_by__isnull=False)
        .order_by()
        .values("adopted_by__name")
        .annotate(n=Count("project", distinct=True))
        .order_by("-n", "adopted_by__name")
    )
    rows = []
    for project in projects.order_by("issue__order", "issue", "order", "pk").values(
        "pk", "title", "issue__title", "execution_status", "progress", "last_update_on",
        "taken_into_plan",
    ):  # fmt: skip
        rows.append(
            {
                "title": project["title"],
                "issue": project["issue__title"],
                "status": statuses[project["execution_status"]],
                "progress": project["progress"],
                "last_update_on": (
                    thai_date(project["last_update_on"], short=True)
                    if project["last_update_on"]
                    else ""
                ),  # fmt: skip
                "taken": project["taken_into_plan"],
                "asked": money(asked.get(project["pk"])),
                "committed": money(committed_of.get(project["pk"])),
                "spent": money(spent_of.get(project["pk"])),
            }
        )
    return {
        "title": plan.title,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "projects": len(rows),
        "by_status": [
            {"code": code, "label": label, "count": by_status.get(code, 0)}
            for code, label in statuses.items()
        ],
        "taken": overall["taken"],
        "committed_total": money(overall["committed"]),
        "spent_total": money(overall["spent"]),
        "year_asked": money(sum(asked.values(), ZERO)),
        "year_committed": money(sum(committed_of.values(), ZERO)),
        "year_spent": money(sum(spent_of.values(), ZERO)),
        "year_by_source": [
            {
                "label": label,
                "committed": money(by_source[code]["committed"]),
                "spent": money(by_source[code]["spent"]),
            }
            for code, label in sources.items()
            if code in by_source
        ],
        "agencies": [{"name": a["adopted_by__name"], "projects": a["n"]} for a in agencies],
        "rows": rows,
    }


def _fund(council: Council, year: int) -> dict | None:
    """The welfare fund's statement of the year (welfare.statistics, as on its public page and
    PDF): totals only, exceptions by member number; None when the council has no fund."""
    fund = WelfareFund.objects.filter(council=council).first()
    if fund is None:
        return None
    statement = statistics.year_statement(fund, year)
    return {
        "name": fund.name,
        "statement": dataclasses.asdict(statement),
        "income": money(statement.income),
        "benefits": money(statement.benefits),
        "closing_balance": money(statement.closing_balance),
        "active_members": fund.members.filter(status=Member.Status.ACTIVE).count(),
    }


def statement_of(fund: dict) -> statistics.YearStatement:
    """The fund's YearStatement again from the report's data, for the statement's own tables."""
    data = dict(fund["statement"])
    data["months"] = [statistics.MonthRow(**row) for row in data["months"]]
    data["exceptions"] = [statistics.ExceptionRow(**row) for row in data["exceptions"]]
    return statistics.YearStatement(**data)


# --- the summary on the record ------------------------------------------------------------------


def summary_text(data: dict) -> str:
    """The record's summary, from the report's figures (Thai, like the report)."""
    meetings = data["meetings"]
    parts = [
        f"ปีงบประมาณ {data['year']} สภาองค์กรชุมชนประชุม {meetings['council_meetings']} ครั้ง "
        f"(พระราชบัญญัติกำหนดอย่างน้อย {meetings['required']} ครั้งต่อปี) "
        f"มีมติ {meetings['resolutions']} เรื่อง เป็นข้อเสนอต่อหน่วยงาน {meetings['proposals']} เรื่อง",
        f"สมาชิกสภา {data['members']['total']['total']} คน "
        f"องค์กรชุมชนที่จดแจ้ง {data['organizations']['count']} องค์กร",
    ]
    plan = data["plan"]
    if plan:
        done = next(s["count"] for s in plan["by_status"] if s["code"] == ExecutionStatus.DONE)
        under_way = next(
            s["count"] for s in plan["by_status"] if s["code"] == ExecutionStatus.UNDER_WAY
        )
        parts.append(
            f"โครงการตามแผน {plan['projects']} โครงการ แล้วเสร็จ {done} กำลังดำเนินการ {under_way} "
            f"หน่วยงานรับเข้าแผน {plan['taken']} โครงการ "
            f"ใช้จ่ายในปี {_baht(plan['year_spent'])} บาท"
        )
    fund = data["fund"]
    if fund:
        parts.append(
            f"กองทุนสวัสดิการชุมชน รายรับ {_baht(fund['income'])} บาท "
            f"จ่ายสวัสดิการ {_baht(fund['benefits'])} บาท "
            f"ยอดคงเหลือสิ้นปี {_baht(fund['closing_balance'])} บาท"
        )
    return " · ".join(parts)


def _baht(value) -> str:
    return f"{Decimal(value):,.2f}"


@transaction.atomic
def record_for(council: Council, year: int, data: dict, today: dt.date | None = None):
    """The council's AnnualReport for the year, created when missing (published today, its
    summary from the figures), so that the compliance check finds the report; an existing
    record keeps its date, and gets the summary only if it had none."""
    today = today or timezone.localdate()
    report, created = AnnualReport.objects.select_for_update().get_or_create(
        council=council,
        fiscal_year=year,
        defaults={"published_on": today, "summary": summary_text(data)},
    )
    if not created and not report.summary:
        report.summary = summary_text(data)
        report.save(update_fields=["summary"])
    return report


# --- the PDF --------------------------------------------------------------------------------


def report_html(data: dict, *, today: dt.date | None = None) -> str:
    context = {
        "data": data,
        "council": data["council"],
        "statement": statement_of(data["fund"]) if data["fund"] else None,
        "today": today or timezone.localdate(),
        "title": f"รายงานประจำปีงบประมาณ {data['year']} {data['council']['name']}",
        "footer": data["council"]["name"],
    }
    return render_document(TEMPLATE, context)


def render_report(
    data: dict,
    *,
    deadline: Deadline | None = None,
    heartbeat: Callable[[], None] | None = None,
) -> tuple[bytes, int]:
    """The report's PDF and its page count; with a deadline, made in a bounded child process
    (reports.bounded) like a plan's."""
    if deadline is not None:
        render = functools.partial(render_report, data)
        return bounded.run(render, deadline=deadline, heartbeat=heartbeat)
    return html_to_document(report_html(data))

"""Demo execution history: what became of the projects of Mae Sai's and Chumphon's accepted plans.

Each project of an accepted plan meets one fate, in turn: proposed to the tambon's อบต./เทศบาล
(or to the PAO, with the council's proposal resolution where the meetings demo made one) and
taken into its local development plan with the money it committed by year and source; then
done with results against its indicator and the money spent, or still under way, or stalled
(delayed, nothing heard for more than six months), or not funded; and a few have no update at
all. Every update goes through record_update, so the projects' states agree with their
timelines, and every date falls inside the plan's period and not after today. Running it twice
changes nothing: a plan whose projects have a timeline already is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.management.base import OutputWrapper
from django.db.models import Count
from django.utils import timezone

from councils.access import Role
from councils.demo.registry import LOCAL_GOVERNMENTS
from councils.meetings.models import Resolution
from councils.models import Assignment, Council, Partner
from plans.execution.models import (
    AgencyPlan,
    Commitment,
    IndicatorMeasurement,
    ProjectUpdate,
    Spending,
    plan_period_bounds,
    record_update,
)
from plans.models import CommunityPlan, ExecutionStatus, FundingSource, PlanProject

AREAS = ("5709", "86")  # Mae Sai district, Chumphon province
# The fates of a plan's projects, in turn from a place that depends on the tambon.
FATES = ("done", "under_way", "stalled", "done", "not_funded", "adopted", "none", "under_way")

NOTES = {
    "proposed": "สภาองค์กรชุมชนตำบลเสนอโครงการต่อ{agency}เพื่อบรรจุในแผนพัฒนาท้องถิ่น",
    "adopted": "{agency}บรรจุโครงการในแผนพัฒนาท้องถิ่น ปีงบประมาณ {year}",
    "started": "เริ่มดำเนินการ จัดเวทีชี้แจงและแต่งตั้งคณะทำงานในหมู่บ้านเป้าหมาย",
    "half": "ดำเนินกิจกรรมไปแล้วประมาณครึ่งหนึ่ง เบิกจ่ายงบประมาณตามแผน",
    "done": "ดำเนินการแล้วเสร็จ สรุปผลและรายงานต่อที่ประชุมสภาองค์กรชุมชนตำบล",
    "delayed": "ล่าช้า รอ{agency}โอนงบประมาณงวดที่สอง กิจกรรมหยุดชั่วคราว",
    "not_funded": "{agency}แจ้งว่าไม่ได้รับจัดสรรงบประมาณในปีนี้ จะเสนอใหม่ในรอบถัดไป",
    "under_way": "อยู่ระหว่างดำเนินการ ชาวบ้านเข้าร่วมกิจกรรมต่อเนื่อง",
}


def seed(stdout: OutputWrapper) -> None:
    today = timezone.localdate()
    plans = (
        CommunityPlan.objects.filter(state=CommunityPlan.State.ACCEPTED)
        .within(AREAS)
        .select_related("council__subdistrict")
        .order_by("council__subdistrict_id", "first_year")
    )
    for plan in plans:
        if ProjectUpdate.objects.filter(project__issue__plan=plan).exists():
            continue
        _seed_plan(plan, today)
    states = dict(
        PlanProject.objects.filter(issue__plan__in=plans)
        .order_by()
        .values_list("execution_status")
        .annotate(n=Count("pk"))
        .values_list("execution_status", "n")
    )
    summary = ", ".join(f"{states.get(s.value, 0)} {s.value}" for s in ExecutionStatus)
    stdout.write(
        f"Project updates: {ProjectUpdate.objects.count()} on the accepted plans of Mae Sai and "
        f"Chumphon ({summary})."
    )


def _seed_plan(plan: CommunityPlan, today: dt.date) -> None:
    council = plan.council
    code = council.subdistrict_id
    rng = random.Random(f"execution-{code}")
    local = _local_government(council)
    coordinator = _coordinator(code)
    resolution = (
        Resolution.objects.proposals()
        .filter(meeting__council=council, meeting__held_on__gte=plan_period_bounds(plan)[0])
        .filter(meeting__held_on__lte=today)
        .select_related("meeting", "addressed_to")
        .order_by("meeting__held_on")
        .first()
    )
    projects = (
        PlanProject.objects.filter(issue__plan=plan)
        .prefetch_related("budgets", "indicators__targets")
        .order_by("issue__order", "issue", "order", "pk")
    )
    start = int(code[-2:])
    for index, project in enumerate(projects):
        fate = FATES[(start + index) % len(FATES)]
        if fate == "none":
            continue
        History(plan, project, coordinator, today, rng).play(fate, local, resolution)


class History:
    """The dated updates of one project, each recorded as it happened."""

    def __init__(self, plan, project, by, today: dt.date, rng: random.Random):
        self.plan, self.project, self.by, self.today, self.rng = plan, project, by, today, rng
        self.first, self.last = plan_period_bounds(plan)
        self.previous = self.first - dt.timedelta(days=14)
        self.agency_source = FundingSource.LOCAL_GOVERNMENT

    def day(self, year: int, month: int, low: int = 1, high: int = 28) -> dt.date:
        """A day of that C.E. month, at least two weeks after the previous update, inside the
        plan's period and not after today."""
        day = dt.date(year, month, self.rng.randint(low, high))
        day = max(day, self.previous + dt.timedelta(days=14))
        return max(self.first, min(day, self.today, self.last))

    def record(self, happened_on, status, progress, note, *, commitments=(), spending=(),
               results=(), **fields) -> None:  # fmt: skip
        self.previous = happened_on
        update = ProjectUpdate(
            happened_on=happened_on, status=status, progress=progress, note=note, by=self.by,
            **fields,
        )  # fmt: skip
        record_update(
            self.project, update, commitments=commitments, spending=spending, results=results
        )

    def play(self, fate: str, local: Partner, resolution: Resolution | None) -> None:
        agency = local
        proposal = {}
        if resolution is not None and (resolution.addressed_to == local or self.rng.random() < 0.5):
            agency = resolution.addressed_to
            proposal = {"proposal_resolution": resolution}
            proposed_on = self.day(2025, 10)  # not before the plan period
            proposed_on = max(proposed_on, min(resolution.meeting.held_on, self.today))
        else:
            proposed_on = self.day(2025, 11, 5, 25)
        if agency.kind == Partner.Kind.PAO:
            self.agency_source = FundingSource.PAO
        self.record(
            proposed_on, ExecutionStatus.NOT_STARTED, 0,
            NOTES["proposed"].format(agency=agency.name), proposed_to=agency, **proposal,
        )  # fmt: skip
        if fate == "not_funded":
            self.record(
                self.day(2026, 2), ExecutionStatus.NOT_FUNDED, 0,
                NOTES["not_funded"].format(agency=agency.name),
            )  # fmt: skip
            return
        committed = self.commitments()
        year = self.plan.first_year
        plan_kind = (
            AgencyPlan.PAO if agency.kind == Partner.Kind.PAO else AgencyPlan.LOCAL_DEVELOPMENT
        )
        self.record(
            self.day(2026, 1, 5, 28), ExecutionStatus.NOT_STARTED, 0,
            NOTES["adopted"].format(agency=agency.name, year=year),
            adopted_by=agency, agency_plan=plan_kind, agency_plan_year=year,
            agency_plan_title=f"แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570) {agency.name}",
            commitments=[Commitment(fiscal_year=y, source=s, amount=a) for y, s, a in committed],
        )  # fmt: skip
        if fate == "adopted":
            return
        first_year = [(y, s, a) for y, s, a in committed if y == year] or committed[:1]
        second_year = [(y, s, a) for y, s, a in committed if y == year + 1] or first_year
        if fate == "stalled":
            self.record(
                self.day(2026, 3), ExecutionStatus.UNDER_WAY, 20, NOTES["started"],
                spending=self.spend(first_year, Decimal("0.2")),
            )  # fmt: skip
            self.record(
                self.day(2026, 5, 1, 20), ExecutionStatus.DELAYED, 25,
                NOTES["delayed"].format(agency=agency.name),
            )  # fmt: skip
            return
        self.record(
            self.day(2026, 3), ExecutionStatus.UNDER_WAY, 30, NOTES["started"],
            spending=self.spend(first_year, Decimal("0.3")),
        )  # fmt: skip
        if fate == "under_way":
            progress = self.rng.choice((50, 60, 70))
            self.record(
                self.day(2026, 10, 10, 31), ExecutionStatus.UNDER_WAY, progress,
                NOTES["under_way"], spending=self.spend(second_year, Decimal("0.3")),
            )  # fmt: skip
            return
        self.record(
            self.day(2026, 6), ExecutionStatus.UNDER_WAY, 60, NOTES["half"],
            spending=self.spend(first_year, Decimal("0.3")),
        )  # fmt: skip
        done_on = self.day(2026, 9, 1, 25)
        self.record(
            done_on, ExecutionStatus.DONE, 100, NOTES["done"],
            spending=self.spend(first_year, Decimal("0.35")),
            results=self.results(done_on),
        )  # fmt: skip

    def commitments(self) -> list[tuple[int, str, Decimal]]:
        """What the agency committed: the project's lines asking the agency's own source (the
        local government's, or the PAO's) in the first two years of the plan; or, for a project
        that asked it for nothing, half of its first budget line from that source."""
        years = (self.plan.first_year, self.plan.first_year + 1)
        lines = [
            (line.fiscal_year, line.source, line.amount)
            for line in self.project.budgets.all()
            if line.source == self.agency_source and line.fiscal_year in years
        ]
        if lines:
            return sorted(lines)
        budget = sorted(self.project.budgets.all(), key=lambda line: (line.fiscal_year, line.pk))
        amount = budget[0].amount if budget else Decimal(20000)
        return [(self.plan.first_year, self.agency_source, (amount / 2).quantize(Decimal(1)))]

    @staticmethod
    def spend(lines, share: Decimal) -> list[Spending]:
        return [
            Spending(fiscal_year=year, source=source, amount=(amount * share).quantize(Decimal(1)))
            for year, source, amount in lines
        ]

    def results(self, measured_on: dt.date) -> list[IndicatorMeasurement]:
        """The measured value of each indicator with a target: most projects reach most of it."""
        results = []
        for indicator in self.project.indicators.all():
            targets = list(indicator.targets.all())
            if not targets:
                continue
            share = Decimal(self.rng.choice((70, 85, 100, 110))) / 100
            results.append(
                IndicatorMeasurement(
                    indicator=indicator, fiscal_year=self.plan.first_year,
                    value=(targets[-1].value * share).quantize(Decimal("0.01")),
                    measured_on=measured_on, note="วัดผลเมื่อสิ้นสุดโครงการ",
                )
            )  # fmt: skip
        return results


def _local_government(council: Council) -> Partner:
    """The tambon's own อบต. or เทศบาล: the registry demo's, or one added here (Chumphon's)."""
    code = council.subdistrict_id
    name = LOCAL_GOVERNMENTS.get(code) or f"องค์การบริหารส่วนตำบล{council.subdistrict.name_th}"
    partner, _ = Partner.objects.get_or_create(
        name=name, area_code=code, defaults={"kind": Partner.Kind.LOCAL_GOVERNMENT}
    )
    return partner


def _coordinator(code: str):
    assignment = (
        Assignment.objects.filter(role=Role.TAMBON_COORDINATOR, area_code=code)
        .select_related("user")
        .first()
    )
    if assignment is None:  # the plans demo makes one for every tambon with a plan
        raise LookupError(f"no tambon coordinator for {code}")
    return assignment.user

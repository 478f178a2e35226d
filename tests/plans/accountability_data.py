"""Mae Sai district with an execution history, for the accountability tests: three tambons
with accepted plans and updates recorded through PlanProject.record_update, and a draft."""

import datetime as dt
from decimal import Decimal

from plans.execution.models import Commitment, ProjectUpdate, Spending
from plans.models import CommunityPlan, PlanProject
from tests.factories import PartnerFactory
from tests.reports.plan_builders import accepted_plan

TODAY = dt.date(2026, 12, 1)
RECENT = dt.date(2026, 11, 2)  # FY 2570
OLD = dt.date(2025, 12, 1)  # FY 2569, a year before TODAY


def record(project, user, status, progress, on, *, agency=None, committed=(), spent=()):
    """One update through the state writer's own path (PlanProject.record_update)."""
    update = ProjectUpdate(
        happened_on=on,
        status=status,
        progress=progress,
        by=user,
        adopted_by=agency,
        agency_plan="local_development" if agency else "",
    )
    project.record_update(
        update,
        commitments=[
            Commitment(fiscal_year=y, source=s, amount=Decimal(a)) for y, s, a in committed
        ],
        spending=[Spending(fiscal_year=y, source=s, amount=Decimal(a)) for y, s, a in spent],
    )


def projects_of(tambon: str) -> list[PlanProject]:
    return list(
        PlanProject.objects.filter(issue__plan__council__subdistrict_id=tambon).order_by(
            "issue__order", "pk"
        )
    )


def mae_sai_history(user) -> dict:
    """Three tambons of Mae Sai district with accepted plans and a draft in a fourth; updates:
    570901 one project taken by the SAO and under way, one done; 570902 one under way long ago;
    570903 nothing recorded."""
    sao = PartnerFactory(name="อบต.แม่สาย", area_code="570901")
    pao = PartnerFactory(name="อบจ.เชียงราย", kind="pao", area_code="57")
    accepted_plan("570901", amounts={"economy": [1000, 500], "society": [200]})
    accepted_plan("570902", amounts={"economy": [300], "environment": [50]}, source="codi")
    accepted_plan("570903", amounts={"society": [700]})
    accepted_plan("570904", amounts={"economy": [99999]}, state=CommunityPlan.State.DRAFT)
    first, second, third = projects_of("570901")
    record(
        first, user, "under_way", 40, RECENT, agency=sao,
        committed=[(2570, "local_government", "80000"), (2571, "local_government", "20000")],
        spent=[(2570, "local_government", "15000")],
    )  # fmt: skip
    record(second, user, "done", 100, RECENT, spent=[(2569, "community", "400")])
    (only_under_way, _other) = projects_of("570902")
    record(
        only_under_way, user, "under_way", 10, OLD, agency=pao,
        committed=[(2569, "pao", "30000")],
    )  # fmt: skip
    return {"sao": sao, "pao": pao}

"""Accepted tambon plans and strategy books for the book, roll-up and PDF tests."""

from decimal import Decimal

from plans.books import curation
from plans.books.models import StrategyBook
from plans.models import CommunityPlan, PlanIssue, PlanProject, ProjectBudget, Theme
from tests.factories import CouncilFactory, put_in_state

CORE = ("economy", "society", "environment")


def accepted_plan(
    tambon: str,
    *,
    amounts: dict[str, list[Decimal | int]] | None = None,
    years: tuple[int, ...] = (2569, 2570),
    source: str = "community",
    state: str = CommunityPlan.State.ACCEPTED,
) -> CommunityPlan:
    """A plan of the tambon with one issue per theme and one project per amount, every year.

    `amounts={"economy": [1000, 500]}` makes an economy issue with two projects whose budget is
    1,000 and 500 baht in each of `years`.
    """
    from councils.models import Council

    council = Council.objects.filter(subdistrict_id=tambon).first() or CouncilFactory(
        subdistrict_id=tambon, name=f"สภาองค์กรชุมชนตำบล{tambon}"
    )
    amounts = amounts or {code: [1000] for code in CORE}
    plan = CommunityPlan.objects.create(
        council=council,
        title=f"แผนพัฒนาชุมชนตำบล {tambon}",
        first_year=2569,
        last_year=2573,
    )
    themes = {theme.code: theme for theme in Theme.objects.all()}
    for order, (code, project_amounts) in enumerate(amounts.items(), start=1):
        issue = PlanIssue.objects.create(
            plan=plan, theme=themes[code], title=f"ปัญหา{themes[code].name_th} {tambon}", order=order
        )
        for number, amount in enumerate(project_amounts, start=1):
            project = PlanProject.objects.create(
                issue=issue, title=f"โครงการที่ {number} ของ{issue.title}", approach="self"
            )
            ProjectBudget.objects.bulk_create(
                ProjectBudget(
                    project=project, fiscal_year=year, source=source, amount=Decimal(amount)
                )
                for year in years
            )
    return put_in_state(plan, state)


def book(level: str, area: str, *, grouped: bool = True) -> StrategyBook:
    made = StrategyBook.objects.create(
        level=level,
        area_code=area,
        first_year=2569,
        last_year=2573,
        title=curation.default_title(level, area, 2569, 2573),
    )
    if grouped:
        curation.propose_grouping(made)
    return made

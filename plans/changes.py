"""What changed in a plan since the district returned it: its contents then against now.

When a plan is returned (or an accepted one reopened), the state change keeps the plan's issues,
projects and budget lines as they were (CommunityPlan.contents_snapshot). When the tambon sends
it back, the reviewer reads here what was added, removed and changed, without comparing by eye.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from plans.models import (
    SNAPSHOT_FIELDS,
    CommunityPlan,
    FundingSource,
    PlanIssue,
    PlanProject,
    PlanStateChange,
)


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class ItemChange:
    """An issue or a project that was added, removed or changed; `where` names its issue."""

    kind: str  # "added", "removed" or "changed"
    title: str
    where: str = ""
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class BudgetChange:
    project: str
    fiscal_year: int
    source: str
    before: Decimal | None
    after: Decimal | None

    @property
    def difference(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


@dataclass
class PlanChanges:
    returned: PlanStateChange
    issues: list[ItemChange]
    projects: list[ItemChange]
    budgets: list[BudgetChange]
    total_before: Decimal
    total_after: Decimal

    @property
    def anything(self) -> bool:
        return bool(self.issues or self.projects or self.budgets)

    @property
    def total_difference(self) -> Decimal:
        return self.total_after - self.total_before


def last_return(history: list[PlanStateChange]) -> PlanStateChange | None:
    """The latest return (or reopening) of the plan that kept the plan's contents."""
    for change in reversed(history):
        if change.to_state == CommunityPlan.State.RETURNED and change.contents is not None:
            return change
    return None


def since_return(plan: CommunityPlan, history: list[PlanStateChange]) -> PlanChanges | None:
    """The changes since the latest return, for a plan sent back or being corrected; else None."""
    if plan.state not in (CommunityPlan.State.SUBMITTED, CommunityPlan.State.RETURNED):
        return None
    returned = last_return(history)
    if returned is None:
        return None
    return compare(returned, returned.contents, plan.contents_snapshot())


def compare(returned: PlanStateChange, before: dict, after: dict) -> PlanChanges:
    issue_titles = _titles(before["issues"], after["issues"])
    project_titles = _titles(before["projects"], after["projects"])
    issues = _items(
        before["issues"], after["issues"], PlanIssue, ("theme", *SNAPSHOT_FIELDS["issue"]), {}
    )
    projects = _items(
        before["projects"],
        after["projects"],
        PlanProject,
        ("issue", *SNAPSHOT_FIELDS["project"]),
        issue_titles,
    )
    for change, row in projects:
        change.where = issue_titles.get(row["issue"], "")
    return PlanChanges(
        returned=returned,
        issues=[change for change, _row in issues],
        projects=[change for change, _row in projects],
        budgets=_budgets(before["budgets"], after["budgets"], project_titles),
        total_before=sum((Decimal(b["amount"]) for b in before["budgets"]), Decimal(0)),
        total_after=sum((Decimal(b["amount"]) for b in after["budgets"]), Decimal(0)),
    )


def _titles(*rows_lists: list[dict]) -> dict[int, str]:
    """The title of each issue or project by id: now if it is still there, else as it was."""
    titles: dict[int, str] = {}
    for rows in rows_lists:
        titles.update({row["id"]: row["title"] for row in rows})
    return titles


def _items(
    before: list[dict], after: list[dict], model, names: tuple[str, ...], issues: dict[int, str]
):
    """Each row added, removed or changed, with the row it is about (now, or as it was).

    A project moved to another issue shows the issues' titles (`issues`), not their ids.
    """
    was = {row["id"]: row for row in before}
    now = {row["id"]: row for row in after}
    found = []
    for row in after:
        if row["id"] not in was:
            found.append((ItemChange("added", row["title"]), row))
            continue
        old = was[row["id"]]
        fields = [
            FieldChange(_label(model, name), _shown(name, old, issues), _shown(name, row, issues))
            for name in names
            # A field the plan did not have when it was returned reads as empty, not as changed.
            if old.get(name, "" if name in LATER_FIELDS else None) != row.get(name)
        ]
        if fields:
            found.append((ItemChange("changed", row["title"], fields=fields), row))
    for row in before:
        if row["id"] not in now:
            found.append((ItemChange("removed", row["title"]), row))
    return found


# Fields added to the snapshot after plans had been returned with snapshots without them.
LATER_FIELDS = frozenset({"expected_result", "cited_indicators"})


def _label(model, name: str) -> str:
    if name == "theme":
        return _("theme")
    if name == "issue":
        return _("issue")
    if name == "indicators":
        return _("indicators")
    if name == "cited_indicators":
        return _("village figures it answers")
    return str(model._meta.get_field(name).verbose_name)


def _shown(name: str, row: dict, issues: dict[int, str]) -> str:
    value = row.get(name)
    if name == "approach" and value in PlanProject.Approach.values:
        return str(PlanProject.Approach(value).label)
    if name == "villages":
        return ", ".join(str(v) for v in value or []) or "—"
    if name == "issue":
        return issues.get(value, "—")
    if name in ("indicators", "cited_indicators"):
        return "; ".join(line for line in (value or "").splitlines() if line) or "—"
    return "—" if value in (None, "") else str(value)


def _budgets(before: list[dict], after: list[dict], titles: dict[int, str]) -> list[BudgetChange]:
    def lines(rows):
        return {(r["project"], r["fiscal_year"], r["source"]): Decimal(r["amount"]) for r in rows}

    was, now = lines(before), lines(after)
    return [
        BudgetChange(
            project=titles.get(key[0], ""),
            fiscal_year=key[1],
            source=str(FundingSource(key[2]).label) if key[2] in FundingSource.values else key[2],
            before=was.get(key),
            after=now.get(key),
        )
        for key in sorted(set(was) | set(now))
        if was.get(key) != now.get(key)
    ]

"""What the confirm pages of a plan say before it is submitted, accepted, returned, reopened, or
loses an issue or a project (councils/confirmation.py): every figure from the plan's methods."""

from __future__ import annotations

from django.utils.translation import gettext as _

from councils.confirmation import Fact, Summary, baht
from councils.spreadsheets.jobs import ImportJob
from plans.models import CommunityPlan, PlanFigures, PlanIssue, PlanProject


def _facts(figures: PlanFigures) -> list[Fact]:
    return [
        Fact(_("Issues"), str(figures.issues)),
        Fact(_("Projects"), str(figures.projects)),
        Fact(_("Budget (baht)"), baht(figures.budget)),
    ]


def submit(plan: CommunityPlan) -> Summary:
    figures = plan.submission_summary()
    return Summary(
        title=_("Send the plan to the district?"),
        lead=_(
            "Send the plan to the district: %(issues)s issues, %(projects)s projects, budget "
            "%(budget)s baht — it cannot be changed until the district returns it."
        )
        % {"issues": figures.issues, "projects": figures.projects, "budget": baht(figures.budget)},
        button=_("Send the plan to the district"),
        facts=_facts(figures),
        warning=_(
            "While the district reviews it, no one can change the plan, its issues, projects or "
            "budget lines. The district accepts it or returns it with a note."
        ),
    )


def accept(plan: CommunityPlan, note: str) -> Summary:
    figures = plan.submission_summary()
    return Summary(
        title=_("Accept this plan?"),
        lead=_(
            "Accept the plan of %(council)s: %(issues)s issues, %(projects)s projects, budget "
            "%(budget)s baht — it stays locked until you reopen it, saying why."
        )
        % {
            "council": plan.council,
            "issues": figures.issues,
            "projects": figures.projects,
            "budget": baht(figures.budget),
        },
        button=_("Accept the plan"),
        facts=_facts(figures) + ([Fact(_("Your note"), note)] if note else []),
        carry={"decision": "accept", "note": note},
    )


def send_back(plan: CommunityPlan, note: str) -> Summary:
    figures = plan.submission_summary()
    return Summary(
        title=_("Return this plan to the tambon?"),
        lead=_(
            "Return the plan of %(council)s to the tambon with your note: it can be changed "
            "again and must be sent to the district again."
        )
        % {"council": plan.council},
        button=_("Return the plan to the tambon"),
        facts=[*_facts(figures), Fact(_("Why it is returned"), note)],
        carry={"decision": "return", "note": note},
    )


def reopen(plan: CommunityPlan, note: str) -> Summary:
    figures = plan.submission_summary()
    return Summary(
        title=_("Reopen the accepted plan?"),
        lead=_(
            "Reopen the accepted plan of %(council)s: the tambon can change it again and must "
            "send it to the district again."
        )
        % {"council": plan.council},
        button=_("Reopen the plan"),
        facts=[*_facts(figures), Fact(_("Why it is reopened"), note)],
        warning=_("The reopening and your reason are recorded in the plan's history."),
        carry={"note": note},
    )


def remove_issue(issue: PlanIssue) -> Summary:
    figures = issue.removal_summary()
    return Summary(
        title=_("Remove this issue?"),
        lead=_(
            "Remove the issue “%(issue)s” with its %(projects)s projects and their budget of "
            "%(budget)s baht. This cannot be undone."
        )
        % {"issue": issue.title, "projects": figures.projects, "budget": baht(figures.budget)},
        button=_("Remove the issue and its projects"),
        facts=[
            Fact(_("Projects"), str(figures.projects)),
            Fact(_("Budget (baht)"), baht(figures.budget)),
        ],
        danger=True,
    )


def remove_project(project: PlanProject) -> Summary:
    lines, total = project.removal_summary()
    return Summary(
        title=_("Remove this project?"),
        lead=_(
            "Remove the project “%(project)s” with its %(lines)s budget lines of %(budget)s baht "
            "in all. This cannot be undone."
        )
        % {"project": project.title, "lines": lines, "budget": baht(total)},
        button=_("Remove the project"),
        facts=[Fact(_("Budget lines"), str(lines)), Fact(_("Budget (baht)"), baht(total))],
        danger=True,
    )


def import_projects(job: ImportJob) -> Summary:
    """The preview of a plan's import: the projects it adds and changes, its new issues."""
    preview = job.preview
    imported = preview.imported
    return Summary(
        title=_("Import these projects?"),
        lead=_(
            "The file “%(file)s” adds %(added)s projects and changes %(changed)s, with "
            "%(lines)s budget lines; %(issues)s new issues are added to the plan."
        )
        % {
            "file": job.file_name,
            "added": preview.added,
            "changed": preview.changed,
            "lines": imported.get("budget_lines", 0),
            "issues": imported.get("issues", 0),
        },
        button=_("Import into the plan"),
        facts=[
            Fact(_("Projects to add"), str(preview.added)),
            Fact(_("Projects to change"), str(preview.changed)),
            Fact(_("Budget lines to write"), str(imported.get("budget_lines", 0))),
            Fact(_("New issues"), str(imported.get("issues", 0))),
        ],
        warning=_(
            "Nothing has been written yet. Every row was checked: the file is imported as it "
            "was checked, all rows together."
        ),
    )


def import_updates(job: ImportJob) -> Summary:
    """The preview of an import of project updates: the updates and money lines it records."""
    preview = job.preview
    imported = preview.imported
    return Summary(
        title=_("Record these updates?"),
        lead=_(
            "The file “%(file)s” records %(updates)s updates of %(projects)s projects, with "
            "%(commitments)s approved amounts and %(spending)s spending lines."
        )
        % {
            "file": job.file_name,
            "updates": imported.get("updates", 0),
            "projects": imported.get("projects", 0),
            "commitments": imported.get("commitments", 0),
            "spending": imported.get("spending", 0),
        },
        button=_("Record the updates"),
        facts=[
            Fact(_("Updates to record"), str(imported.get("updates", 0))),
            Fact(_("Projects"), str(imported.get("projects", 0))),
            Fact(_("Approved amounts"), str(imported.get("commitments", 0))),
            Fact(_("Spending lines"), str(imported.get("spending", 0))),
            Fact(_("Spent in all"), baht(preview.amount)),
        ],
        warning=_(
            "Nothing has been written yet. An update is never changed or deleted afterwards: "
            "a mistake is corrected by a new update."
        ),
    )

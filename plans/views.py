"""Pages of the community plans: the editor of a tambon plan, its review, and the review queue."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from councils import feedback
from councils.access import Role, area_page_or_404, editable_or_403, scope_for, visible_or_404
from councils.confirmation import Step
from councils.meetings.models import Resolution
from councils.models import Council, District
from councils.spreadsheets import jobs
from councils.spreadsheets.jobs import ImportJob
from councils.strength import rollup as strength_rollup
from councils.villages import rollup as village_rollup
from plans import changes, confirmations, imports
from plans.execution.models import is_recordable
from plans.forms import (
    ADD_BUDGET_LINE,
    BudgetFormSet,
    IssueForm,
    NewPlanForm,
    PlanForm,
    ProjectForm,
    ProjectImportForm,
    ReopenForm,
    ReviewForm,
    budget_differences,
    partners_for,
    resolutions_for,
    shown_as_typed,
    with_one_more_line,
)
from plans.indicator_forms import (
    ADD_INDICATOR,
    ProjectIndicatorFormSet,
    indicator_formset,
    indicators_valid,
    save_indicators,
)
from plans.models import (
    CommunityPlan,
    ExecutionStatus,
    FundingSource,
    PlanIssue,
    PlanProject,
    PlanStateError,
    ProjectBudget,
    StaleEdit,
    Theme,
)

PAGE = "plans/plan_detail.html"
PLAN_QUERYSET = CommunityPlan.objects.select_related("council__subdistrict__district__province")


# --- Lists --------------------------------------------------------------------------------


@login_required
def plan_index(request: HttpRequest) -> HttpResponse:
    """The plans a person may see; where they keep a council, the way to start one."""
    scope = scope_for(request.user)
    if scope.is_empty:
        return render(request, "home.html", {"no_role": True})
    plans = (
        CommunityPlan.objects.visible_to(request.user)
        .select_related("council__subdistrict__district")
        .with_review_facts()
        .order_by("council__subdistrict_id", "-first_year")
    )
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_start": Council.objects.editable_by(request.user).active().exists(),
        "review_areas": District.objects.filter(code__in=scope.codes(Role.DISTRICT_COORDINATOR)),
    }
    return render(request, "plans/plan_index.html", context)


@login_required
def review_queue(request: HttpRequest, code: str) -> HttpResponse:
    """The plans of a district (or province) waiting for review, and those in other states."""
    page = area_page_or_404(request.user, code)
    state = request.GET.get("state") or CommunityPlan.State.SUBMITTED
    if state not in CommunityPlan.State.values:
        state = CommunityPlan.State.SUBMITTED
    in_area = CommunityPlan.objects.visible_to(request.user).in_area(code)
    counts = dict(
        in_area.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    plans = (
        in_area.filter(state=state)
        .select_related("council__subdistrict__district")
        .with_review_facts()
        .order_by("submitted_at", "council__subdistrict_id")
    )
    tabs = [(choice, counts.get(choice.value, 0)) for choice in CommunityPlan.State]
    context = {
        "area": page.area,
        "level": page.level,
        "state": CommunityPlan.State(state),
        "state_is_awaiting_review": state == CommunityPlan.State.SUBMITTED,
        "tabs": tabs,
        "plans": plans,
        "can_review": scope_for(request.user).holds(code, Role.DISTRICT_COORDINATOR),
    }
    return render(request, "plans/review_queue.html", context)


# --- The plan page ------------------------------------------------------------------------


def _plan_context(request: HttpRequest, plan: CommunityPlan, **extra) -> dict:
    scope = scope_for(request.user)
    issues = _issues_with_projects(plan)
    # The tambon's village data for the situation analysis, and the figures the issues cite.
    village = extra.pop("village", None) or village_rollup.tambon_figures(plan.area_code)
    _attach_cited_figures(issues, village)
    budget = _budget_figures(plan, issues)
    is_author = scope.edits(plan.area_code)
    history = list(plan.history.select_related("by"))
    takes_updates = is_recordable(plan, history)
    return {
        "plan": plan,
        "issues": issues,
        **budget,
        "missing_core": [
            row["theme"]
            for row in budget["theme_rows"]
            if row["theme"].is_core and not row["issues"]
        ],
        "history": history,
        "latest_change": history[-1] if history else None,
        # Sent back after a return: what the tambon changed, for the reviewer (3 queries).
        "changes": changes.since_return(plan, history) if plan.is_awaiting_review else None,
        "is_author": is_author,
        "can_edit": is_author and plan.is_editable,
        "can_review": scope.holds(plan.area_code, Role.DISTRICT_COORDINATOR),
        # What became of the projects, from their kept state (no query of its own).
        "takes_updates": takes_updates,
        "execution_summary": _execution_summary(issues) if takes_updates else [],
        # The tambon's latest community-strength assessment, beside the situation (1 query).
        "strength": strength_rollup.latest_assessment(plan.council_id),
        "village": village,
        **extra,
    }


def _attach_cited_figures(issues: list[PlanIssue], village) -> None:
    """Each issue's cited indicators with the tambon's figure of each (no query: prefetched)."""
    rows = village.by_indicator()
    for issue in issues:
        issue.cited_figures = [
            rows.get(indicator.pk) or indicator for indicator in issue.cited_indicators.all()
        ]


def _execution_summary(issues: list[PlanIssue]) -> list[tuple[str, str, int]]:
    """(status, label, number of projects) for each status some project of the plan is in."""
    counts = Counter(
        project.execution_status for issue in issues for project in issue.projects.all()
    )
    return [
        (status.value, status.label, counts[status.value])
        for status in ExecutionStatus
        if counts[status.value]
    ]


def _issues_with_projects(plan: CommunityPlan) -> list[PlanIssue]:
    """The plan's issues, each with its projects, their budgets, the resolutions they cite and
    their indicators with their targets."""
    projects = (
        PlanProject.objects.select_related("lead_partner")
        .annotate(total=Sum("budgets__amount"))
        .prefetch_related(
            "budgets",
            Prefetch("resolutions", Resolution.objects.select_related("meeting")),
            "indicators__targets",
        )
    )
    return list(
        plan.issues.select_related("theme").prefetch_related(
            Prefetch("projects", projects), "cited_indicators"
        )
    )


def _budget_figures(plan: CommunityPlan, issues: list[PlanIssue]) -> dict:
    """The plan's budget by theme (the core themes always, with their issue counts), by source
    and by fiscal year."""
    budgets = ProjectBudget.objects.of_plan(plan)
    by_theme = {
        row["project__issue__theme"]: row["total"]
        for row in budgets.totals_by("project__issue__theme")
    }
    issue_counts: dict[int, int] = {}
    for issue in issues:
        issue_counts[issue.theme_id] = issue_counts.get(issue.theme_id, 0) + 1
    theme_rows = [
        {
            "theme": theme,
            "issues": issue_counts.get(theme.pk, 0),
            "total": by_theme.get(theme.pk, 0),
        }
        for theme in Theme.objects.all()
        if theme.is_core or theme.pk in issue_counts
    ]
    by_source = [
        {"source": FundingSource(row["source"]).label, "total": row["total"]}
        for row in budgets.totals_by("source")
    ]
    return {
        "theme_rows": theme_rows,
        "by_source": by_source,
        "by_year": list(budgets.totals_by("fiscal_year")),
        "grand_total": sum((row["total"] for row in by_source), 0),
    }


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_or_404(PLAN_QUERYSET, request.user, pk=pk)
    context = _plan_context(
        request,
        plan,
        review_form=ReviewForm(initial={"decision": ReviewForm.ACCEPT}),
        reopen_form=ReopenForm(),
    )
    return render(request, PAGE, context)


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    councils = Council.objects.editable_by(request.user).active().select_related("subdistrict")
    if not councils:
        raise PermissionDenied
    form = NewPlanForm(request.POST or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(
            request, _("The plan was started. Add the issues found at the community forum.")
        )
        return redirect(plan)
    return render(request, "plans/plan_new.html", {"form": form})


# --- Editing in place ---------------------------------------------------------------------


def _editable_plan(request: HttpRequest, pk: int) -> CommunityPlan:
    return editable_or_403(PLAN_QUERYSET, request.user, pk=pk)


def _locked(request: HttpRequest, plan: CommunityPlan, message: str = "") -> HttpResponse:
    """A plan that is submitted or accepted cannot be changed: say so and show it."""
    messages.error(
        request,
        message
        or _("The plan is %(state)s, so it cannot be changed now.")
        % {"state": plan.get_state_display()},
    )
    if request.htmx:
        return HttpResponseClientRedirect(plan.get_absolute_url())
    return redirect(plan)


def _refresh_version(form, version: int) -> None:
    """Keep everything typed, but let the next save go through against the current version."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(version)
    form.data = data


def _conflict(form, stale: StaleEdit, saved=None, extra_differences=()) -> dict:
    """Keep the form's input, take in what others saved where this person changed nothing."""
    if saved is not None:
        differences = form.merge_saved(saved, stale.current.version) + list(extra_differences)
    else:
        _refresh_version(form, stale.current.version)
        differences = []
    form.add_error(
        None,
        _(
            "Someone else saved this plan while you were editing it. Nothing you typed is lost: "
            "it is still in the form. Check the saved values below, then save again."
        ),
    )
    return {"conflict": differences, "conflict_at": stale.current.updated_at}


def _editor_response(
    request: HttpRequest, plan: CommunityPlan, section: str, page: str, **extra
) -> HttpResponse:
    """The section alone for htmx, the form page (or the plan) for a plain request."""
    context = _plan_context(request, plan, section=section, **extra)
    if request.htmx:
        response = render(request, f"{PAGE}#{section}", context)
    else:
        response = render(request, page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _saved(request: HttpRequest, plan: CommunityPlan, section: str, message: str, anchor: str):
    """The changed section for htmx, the plan at the changed item without JavaScript; the
    message shows beside that item (its `region_status`)."""
    if message:
        feedback.saved(request, message, anchor)
    if request.htmx:
        response = render(request, f"{PAGE}#{section}", _plan_context(request, plan))
    else:
        response = redirect(f"{plan.get_absolute_url()}#{anchor}")
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    if not plan.is_editable:
        return _locked(request, plan)
    form = PlanForm(request.POST or None, instance=plan, plan=plan)
    extra = {}
    if request.method == "POST" and form.is_valid():
        try:
            with plan.editing(expected_version=form.cleaned_data["version"]):
                form.save(commit=False)
                plan.save(update_fields=[*PlanForm.Meta.fields, "updated_at"])
        except StaleEdit as stale:
            extra = _conflict(form, stale, stale.current)
        except PlanStateError as error:
            return _locked(request, plan, str(error))
        else:
            return _saved(request, plan, "plan-header", _("The plan was saved."), "plan-header")
    return _editor_response(
        request, plan, "plan-header", "plans/plan_form.html", form=form, **extra
    )


@login_required
def issue_form(request: HttpRequest, pk: int, issue_pk: int | None = None) -> HttpResponse:
    plan = _editable_plan(request, pk)
    if not plan.is_editable:
        return _locked(request, plan)
    issue = get_object_or_404(plan.issues, pk=issue_pk) if issue_pk else None
    village = village_rollup.tambon_figures(plan.area_code)
    form = IssueForm(request.POST or None, instance=issue, plan=plan, figures=village)
    extra = {"village": village}
    if request.method == "POST" and form.is_valid():
        try:
            with plan.editing(expected_version=form.cleaned_data["version"]):
                saved = form.save()
        except StaleEdit as stale:
            current = PlanIssue.objects.filter(pk=issue_pk).first() if issue_pk else None
            extra |= _conflict(form, stale, current)
        except PlanStateError as error:
            return _locked(request, plan, str(error))
        else:
            return _saved(
                request, plan, "plan-editor", _("The issue was saved."), f"issue-{saved.pk}"
            )
    return _editor_response(
        request,
        plan,
        "plan-editor",
        "plans/issue_form.html",
        form=form,
        editing_issue=issue,
        **extra,
    )


@login_required
def issue_delete(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    """GET: what removing the issue takes with it; POST with the confirmation: remove it."""
    plan = _editable_plan(request, pk)
    if not plan.is_editable:
        return _locked(request, plan)
    issue = get_object_or_404(plan.issues, pk=issue_pk)
    # The plan's version is in the token: a summary read before someone else's save is stale.
    step = Step(request, f"plan.issue.delete.{issue.pk}", plan.confirmation_state())
    if not step.confirmed:
        cancel = f"{plan.get_absolute_url()}#issue-{issue.pk}"
        return step.ask(confirmations.remove_issue(issue), cancel_url=cancel)
    try:
        with plan.editing(expected_version=plan.version):
            issue.delete()
    except StaleEdit:
        feedback.refused(
            request,
            _(
                "Someone else changed this plan since you opened it, so “%(issue)s” was not "
                "removed. Look at it again and remove it if you still want to."
            )
            % {"issue": issue.title},
            f"issue-{issue.pk}",
        )
        return _saved(request, plan, "plan-editor", "", f"issue-{issue.pk}")
    except PlanStateError as error:
        return _locked(request, plan, str(error))
    return _saved(
        request, plan, "plan-editor", _("The issue and its projects were removed."), "issues"
    )


@login_required
@require_POST
def issue_move(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    issue = get_object_or_404(plan.issues, pk=issue_pk)
    step = -1 if request.POST.get("direction") == "up" else 1
    try:
        # Reordering loses nothing anyone typed, so it goes ahead on a stale page too.
        with plan.editing(expected_version=plan.version):
            issue.move(step)
    except (StaleEdit, PlanStateError):
        return _locked(request, plan)
    response = (
        render(request, f"{PAGE}#plan-editor", _plan_context(request, plan, moved=issue.pk))
        if request.htmx
        else redirect(f"{plan.get_absolute_url()}#issue-{issue.pk}")
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def project_form(
    request: HttpRequest, pk: int, issue_pk: int | None = None, project_pk: int | None = None
) -> HttpResponse:
    plan = _editable_plan(request, pk)
    if not plan.is_editable:
        return _locked(request, plan)
    project = _project_or_404(plan, issue_pk, project_pk)
    form, budgets, indicators = _project_forms(request, plan, project)
    extra = {}
    saving = request.method == "POST" and not {ADD_BUDGET_LINE, ADD_INDICATOR} & set(request.POST)
    if saving and form.is_valid() and budgets.is_valid() and indicators_valid(indicators):
        try:
            with plan.editing(expected_version=form.cleaned_data["version"]):
                saved = form.save()
                budgets.instance = saved
                budgets.save()
                save_indicators(indicators, saved)
        except StaleEdit as stale:
            current = PlanProject.objects.filter(pk=project_pk).first() if project_pk else None
            lines = budget_differences(current, budgets) if current else []
            extra = _conflict(form, stale, current, lines)
        except PlanStateError as error:
            return _locked(request, plan, str(error))
        else:
            return _saved(
                request, plan, "plan-editor", _("The project was saved."), f"project-{saved.pk}"
            )
    return _editor_response(
        request,
        plan,
        "plan-editor",
        "plans/project_form.html",
        form=form,
        budgets=budgets,
        indicators=indicators,
        editing_project=project if project.pk else None,
        adding_to=None if project.pk else project.issue,
        **extra,
    )


def _project_forms(request: HttpRequest, plan: CommunityPlan, project: PlanProject):
    """The project's form, its budget lines and its indicators, bound to what was posted.

    "Add a budget line" (or an indicator) without JavaScript posts the form: it comes back as
    typed, with one more line.
    """
    data = request.POST or None
    adding_line = data is not None and ADD_BUDGET_LINE in data
    adding_indicator = data is not None and ADD_INDICATOR in data
    if adding_line:
        data = with_one_more_line(data, prefix="budget")
    if adding_indicator:
        data = with_one_more_line(data, prefix="indicators")
    form = ProjectForm(
        data,
        instance=project,
        plan=plan,
        issue=project.issue,
        partners=partners_for(request.user),
        resolutions=resolutions_for(request.user, plan.area_code),
    )
    budgets = BudgetFormSet(data, instance=project, plan=plan, prefix="budget")
    indicators = indicator_formset(
        ProjectIndicatorFormSet, data, instance=project, years=plan.years
    )
    if adding_line or adding_indicator:
        shown_as_typed(form, budgets)
        shown_as_typed(form, indicators)
    return form, budgets, indicators


def _project_or_404(plan: CommunityPlan, issue_pk: int | None, project_pk: int | None):
    """The project of the plan being edited, or a new one under the plan's issue."""
    if project_pk:
        queryset = PlanProject.objects.select_related("issue")
        return get_object_or_404(queryset, issue__plan=plan, pk=project_pk)
    return PlanProject(issue=get_object_or_404(plan.issues, pk=issue_pk))


@login_required
def project_delete(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    """GET: what removing the project takes with it; POST with the confirmation: remove it."""
    plan = _editable_plan(request, pk)
    if not plan.is_editable:
        return _locked(request, plan)
    project = get_object_or_404(PlanProject, issue__plan=plan, pk=project_pk)
    step = Step(request, f"plan.project.delete.{project.pk}", plan.confirmation_state())
    if not step.confirmed:
        cancel = f"{plan.get_absolute_url()}#project-{project.pk}"
        return step.ask(confirmations.remove_project(project), cancel_url=cancel)
    try:
        with plan.editing(expected_version=plan.version):
            project.delete()
    except StaleEdit:
        feedback.refused(
            request,
            _(
                "Someone else changed this plan since you opened it, so “%(project)s” was not "
                "removed. Look at it again and remove it if you still want to."
            )
            % {"project": project.title},
            f"project-{project.pk}",
        )
        return _saved(request, plan, "plan-editor", "", f"project-{project.pk}")
    except PlanStateError as error:
        return _locked(request, plan, str(error))
    return _saved(request, plan, "plan-editor", _("The project was removed."), "issues")


# --- The review ---------------------------------------------------------------------------


@login_required
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what sending the plan means, with its figures; POST with the confirmation: send it."""
    plan = _editable_plan(request, pk)
    try:
        plan.check_submittable()
    except PlanStateError as error:
        messages.error(request, str(error))
        return redirect(plan)
    step = Step(request, "plan.submit", plan.confirmation_state())
    if not step.confirmed:
        return step.ask(confirmations.submit(plan), cancel_url=plan.get_absolute_url())
    try:
        plan.submit(by=request.user)
    except PlanStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The plan was submitted to the district for review; it is locked meanwhile.")
        )
    return redirect(plan)


def _reviewable_plan(request: HttpRequest, pk: int) -> CommunityPlan:
    """The plan if the person is a district coordinator over it: 404 unseen, 403 otherwise."""
    plan = visible_or_404(PLAN_QUERYSET, request.user, pk=pk)
    if not scope_for(request.user).holds(plan.area_code, Role.DISTRICT_COORDINATOR):
        raise PermissionDenied
    return plan


@login_required
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision on a submitted plan: its summary first, then accepting or returning it."""
    plan = _reviewable_plan(request, pk)
    if not plan.is_awaiting_review:
        messages.error(request, _("This plan is not waiting for a review."))
        return redirect(plan)
    if request.method == "GET" and "decision" not in request.GET:
        return redirect(f"{plan.get_absolute_url()}#review")  # the decision is made there
    form = ReviewForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        context = _plan_context(request, plan, review_form=form, reopen_form=ReopenForm())
        return render(request, PAGE, context)
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"].strip()
    step = Step(request, f"plan.review.{decision}", plan.confirmation_state())
    if not step.confirmed:
        summary = confirmations.accept if decision == ReviewForm.ACCEPT else confirmations.send_back
        return step.ask(summary(plan, note), cancel_url=f"{plan.get_absolute_url()}#review")
    try:
        if decision == ReviewForm.ACCEPT:
            plan.accept(by=request.user, note=note)
            message = _("The plan was accepted; it is locked now.")
        else:
            plan.send_back(by=request.user, note=note)
            message = _("The plan was returned to the tambon with your note.")
    except PlanStateError as error:
        messages.error(request, str(error))
        return redirect(plan)
    messages.success(request, message)
    return redirect("review_queue", code=plan.area_code[:4])


@login_required
def plan_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopening an accepted plan: the reason, then its summary, then the reopening."""
    plan = _reviewable_plan(request, pk)
    if not plan.is_accepted:
        messages.error(request, _("Only an accepted plan can be reopened."))
        return redirect(plan)
    if request.method == "GET" and "note" not in request.GET:
        return redirect(plan)  # the reason is given there
    form = ReopenForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        context = _plan_context(request, plan, review_form=ReviewForm(), reopen_form=form)
        return render(request, PAGE, context)
    note = form.cleaned_data["note"].strip()
    step = Step(request, "plan.reopen", plan.confirmation_state())
    if not step.confirmed:
        return step.ask(confirmations.reopen(plan, note), cancel_url=plan.get_absolute_url())
    try:
        plan.reopen(by=request.user, note=note)
    except PlanStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The plan was reopened; the tambon can change it again."))
    return redirect(plan)


# --- Import from a spreadsheet ------------------------------------------------------------


@login_required
def project_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the file; its preview says what it will write before anything is written."""
    plan = _editable_plan(request, pk)
    if not plan.is_editable:
        return _locked(request, plan)
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.check_upload(plan, form.cleaned_data["import_file"], request.user)
        return redirect("project_import_preview", pk=plan.pk, job_pk=job.pk)
    return _import_page(request, plan, form)


def _import_page(request: HttpRequest, plan: CommunityPlan, form, result=None) -> HttpResponse:
    context = {"plan": plan, "form": form, "result": result, "columns": imports.columns()}
    return render(request, "plans/project_import.html", context)


@login_required
def project_import_preview(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """GET: what the kept file will add and change, or its bad rows; POST with the confirmation
    (by the person who uploaded it, no one else): import it."""
    plan = _editable_plan(request, pk)
    kept = ImportJob.objects.filter(
        kind=imports.JOB_KIND, object_id=plan.pk, requested_by_id=request.user.pk
    )
    job = get_object_or_404(kept, pk=job_pk)
    if not plan.is_editable:
        return _locked(request, plan)
    if not job.is_held:
        return _import_page(request, plan, ProjectImportForm(), result=job.result)
    step = Step(request, "plans.import", str(job.pk))
    if not step.confirmed:
        cancel = reverse("project_import", args=[plan.pk])
        return step.ask(confirmations.import_projects(job), cancel_url=cancel)
    if jobs.release(job):
        jobs.run(job.pk, imports.import_kept_file)
    job.refresh_from_db()
    if job.result is None or not job.result.ok:
        return _import_page(request, plan, ProjectImportForm(), result=job.result)
    messages.success(
        request,
        _("Imported %(projects)s projects with %(lines)s budget lines.")
        % {
            "projects": job.result.imported["projects"],
            "lines": job.result.imported["budget_lines"],
        },
    )
    return redirect(f"{plan.get_absolute_url()}#issues")


@login_required
def project_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's projects as a spreadsheet in the import's columns, to edit and import again."""
    plan = visible_or_404(CommunityPlan.objects, request.user, pk=pk)
    response = HttpResponse(imports.export_plan(plan), content_type=imports.XLSX_TYPE)
    filename = f"plan-{plan.council.subdistrict_id}-{plan.first_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def project_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_or_404(CommunityPlan.objects, request.user, pk=pk)
    response = HttpResponse(imports.template_for(plan), content_type=imports.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="plan-projects-template.xlsx"'
    return response

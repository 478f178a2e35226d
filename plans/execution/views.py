"""Pages of what became of a plan's projects: the project page with its timeline, the record
form of an update, and the evidence files, served only to who may see the project."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from councils import feedback
from councils.access import editable_or_403, scope_for, visible_or_404
from councils.buddhist_era import thai_date
from plans.execution.forms import ADD_LINE, UpdateForms
from plans.execution.models import (
    Evidence,
    Indicator,
    IndicatorMeasurement,
    NotRecordable,
    ProjectUpdate,
    is_recordable,
    spending_warnings,
)
from plans.forms import with_one_more_line
from plans.models import PlanProject

PAGE = "plans/execution/project_detail.html"
TIMELINE_PAGE_SIZE = 10
PROJECTS = PlanProject.objects.select_related(
    "issue__theme", "issue__plan__council__subdistrict__district__province", "lead_partner"
)


def _timeline(project: PlanProject):
    """The project's updates, newest first, with everything each one shows (one query per kind
    of row, whatever the number of updates)."""
    return (
        ProjectUpdate.objects.filter(project=project)
        .newest_first()
        .select_related("by", "proposed_to", "proposal_resolution__meeting", "adopted_by")
        .prefetch_related(
            "commitments",
            "spending",
            Prefetch("results", IndicatorMeasurement.objects.select_related("indicator")),
            "evidence",
        )
    )


def _indicator_rows(project: PlanProject) -> list[dict]:
    """Each indicator with, per fiscal year of the plan, its target and its latest measured
    value (two queries)."""
    indicators = list(Indicator.objects.filter(project=project).prefetch_related("targets"))
    latest: dict[tuple[int, int], IndicatorMeasurement] = {}
    measured = IndicatorMeasurement.objects.filter(indicator__project=project).latest_per_year()
    for measurement in measured:
        latest.setdefault((measurement.indicator_id, measurement.fiscal_year), measurement)
    rows = []
    for indicator in indicators:
        targets = {target.fiscal_year: target.value for target in indicator.targets.all()}
        years = [
            {
                "year": year,
                "target": targets.get(year),
                "measured": latest.get((indicator.pk, year)),
            }
            for year in project.issue.plan.years
        ]
        rows.append({"indicator": indicator, "years": years})
    return rows


@login_required
def project_detail(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    """A project of a plan: its facts, indicators, current state and timeline."""
    project = visible_or_404(PROJECTS, request.user, pk=project_pk, issue__plan_id=pk)
    plan = project.issue.plan
    page = Paginator(_timeline(project), TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    recordable = is_recordable(plan)
    context = {
        "project": project,
        "plan": plan,
        "page": page,
        "indicator_rows": _indicator_rows(project),
        "budgets": list(project.budgets.all()),
        "warnings": spending_warnings(project) if project.last_update_on else [],
        "recordable": recordable,
        "can_record": recordable and scope_for(request.user).edits(plan.area_code),
    }
    template = PAGE
    if request.htmx and request.headers.get("HX-Target") == "timeline":
        template = f"{PAGE}#timeline"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
def update_new(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    """The record form of one update of the project's timeline (only who keeps the council)."""
    project = editable_or_403(PROJECTS, request.user, pk=project_pk, issue__plan_id=pk)
    plan = project.issue.plan
    context = {"project": project, "plan": plan}
    if not is_recordable(plan):
        context["not_recordable"] = _(
            "What became of a project is recorded once the district has accepted its plan."
        )
        return render(request, "plans/execution/update_form.html", context)
    indicators = list(Indicator.objects.filter(project=project))
    data = request.POST or None
    step = data.get(ADD_LINE) if data else None
    if step in ("commitments", "spending"):
        data = with_one_more_line(data, prefix=step)
    forms = UpdateForms(
        data, request.FILES or None, project=project, user=request.user, indicators=indicators
    )
    if step:
        _shown_as_typed(forms)  # a step of the form, not a save
    elif data is not None and forms.is_valid():
        try:
            update = forms.record()
        except ValidationError as error:
            forms.take_errors(error)
        except NotRecordable as error:
            forms.form.add_error(None, str(error.args[0]))
        else:
            return _saved(request, project, update)
    if data is not None and not step and request.FILES:
        forms.say_files_are_not_kept()
    context.update(
        form=forms.form,
        commitments=forms.commitments,
        spending=forms.spending,
        results=forms.results,
        open=forms.section_open(),
    )
    return render(request, "plans/execution/update_form.html", context)


def _shown_as_typed(forms: UpdateForms) -> None:
    """An "add a line" step without JavaScript: the form comes back as typed, no errors."""
    for part in forms.all:
        if hasattr(part, "forms"):
            for line in part.forms:
                line._errors = ErrorDict()
            part._errors, part._non_form_errors = [], part.error_class()
        else:
            part._errors = ErrorDict()


def _saved(request: HttpRequest, project: PlanProject, update: ProjectUpdate) -> HttpResponse:
    """Back to the timeline, where the saved update shows first, with what it says about money
    spent above what was committed."""
    message = _("The update of %(date)s was saved: %(status)s, %(progress)s%%.") % {
        "date": thai_date(update.happened_on),
        "status": update.get_status_display(),
        "progress": update.progress,
    }
    warnings = spending_warnings(project)
    if warnings:
        message = " ".join([message, *map(str, warnings)])
    feedback.saved(request, message, "timeline")
    url = reverse("project_detail", args=[project.issue.plan_id, project.pk])
    return redirect(f"{url}#timeline")


@never_cache
@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, to who may see its project: as a download, or a photo inline for the
    project page's thumbnails. Always as the type checked at upload, never sniffed."""
    item = visible_or_404(Evidence.objects.select_related("update"), request.user, pk=pk)
    inline = request.GET.get("inline") == "1" and item.kind == Evidence.Kind.PHOTO
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
    name = f"evidence-{item.update.project_id}-{item.pk}.{extension.get(item.content_type, 'bin')}"
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

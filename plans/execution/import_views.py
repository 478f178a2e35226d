"""The page of the import of project updates collected on paper: upload, preview, confirm."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from councils import feedback
from councils.access import AreaPage, area_page_or_404, scope_for
from councils.confirmation import Step
from councils.geography import Level
from councils.spreadsheets import jobs
from councils.spreadsheets.jobs import ImportJob
from plans import confirmations
from plans.execution import imports
from plans.forms import ProjectImportForm
from plans.models import UPDATING_ROLES

PAGE = "plans/update_import.html"


def _updating_area(request: HttpRequest, code: str) -> AreaPage:
    """The district or tambon whose updates the user imports: a 404 outside their scope, a 403
    where they only read (a province coordinator, CODI staff)."""
    page = area_page_or_404(request.user, code, levels=(Level.DISTRICT, Level.SUBDISTRICT))
    if not scope_for(request.user).holds(code, *UPDATING_ROLES):
        raise PermissionDenied
    return page


def _page(request: HttpRequest, area: AreaPage, form, result=None) -> HttpResponse:
    context = {"area": area, "form": form, "result": result, "columns": imports.columns()}
    return render(request, PAGE, context)


@login_required
def update_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload the file; its preview says what it will record before anything is written."""
    area = _updating_area(request, code)
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.check_upload(area.code, form.cleaned_data["import_file"], request.user)
        return redirect("update_import_preview", code=area.code, job_pk=job.pk)
    return _page(request, area, form)


@login_required
def update_import_preview(request: HttpRequest, code: str, job_pk: int) -> HttpResponse:
    """GET: what the kept file will record, or its bad rows; POST with the confirmation (by the
    person who uploaded it, no one else): record it."""
    area = _updating_area(request, code)
    kept = ImportJob.objects.filter(
        kind=imports.JOB_KIND, area_code=area.code, requested_by_id=request.user.pk
    )
    job = get_object_or_404(kept, pk=job_pk)
    if not job.is_held:
        return _page(request, area, ProjectImportForm(), result=job.result)
    step = Step(request, "plans.import_updates", str(job.pk))
    if not step.confirmed:
        cancel = reverse("update_import", args=[area.code])
        return step.ask(confirmations.import_updates(job), cancel_url=cancel)
    if jobs.release(job):
        jobs.run(job.pk, imports.import_kept_file)
    job.refresh_from_db()
    if job.result is None or not job.result.ok:
        return _page(request, area, ProjectImportForm(), result=job.result)
    feedback.saved(
        request,
        _("Recorded %(updates)s updates of %(projects)s projects.")
        % {
            "updates": job.result.imported["updates"],
            "projects": job.result.imported["projects"],
        },
        "import",
    )
    return redirect(f"{reverse('update_import', args=[area.code])}#import")


@login_required
def update_import_template(request: HttpRequest, code: str) -> HttpResponse:
    """The template, with the sheet of the area's projects the rows name by number."""
    area = _updating_area(request, code)
    content = imports.template_for(request.user, area.code)
    response = HttpResponse(content, content_type=imports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="updates-{area.code}.xlsx"'
    return response

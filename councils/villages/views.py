"""The pages of the village-data import: choose the dataset, upload, preview, confirm."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from councils import feedback
from councils.access import AreaPage, area_page_or_404, scope_for
from councils.confirmation import Step
from councils.geography import Level
from councils.spreadsheets import jobs
from councils.spreadsheets.jobs import ImportJob
from councils.villages import confirmations, imports
from councils.villages.forms import VillageDataImportForm
from councils.villages.models import Dataset

PAGE = "councils/villages/import.html"
LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.SUBDISTRICT)


def _importing_area(request: HttpRequest, code: str) -> AreaPage:
    """The province, district or tambon whose village data the user imports: a 404 outside
    their scope, a 403 where they only read (CODI staff import in the admin)."""
    page = area_page_or_404(request.user, code, levels=LEVELS)
    if not scope_for(request.user).holds(code, *imports.COORDINATOR_ROLES):
        raise PermissionDenied
    return page


def villages_url(code: str) -> str:
    """The area's village-data page (councils/villages/area_views.py)."""
    return reverse("area_villages", args=[code])


def _page(request: HttpRequest, area: AreaPage, form, result=None) -> HttpResponse:
    context = {
        "area": area,
        "form": form,
        "result": result,
        "datasets": [(dataset, imports.RESOURCES[dataset]().columns()) for dataset in Dataset],
        "villages_url": villages_url(area.code),
    }
    return render(request, PAGE, context)


@login_required
def village_data_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload the file; its preview says what it will write before anything is written."""
    area = _importing_area(request, code)
    form = VillageDataImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.check_upload(
            form.cleaned_data["dataset"], area.code, form.cleaned_data["import_file"], request.user
        )
        return redirect("village_data_import_preview", code=area.code, job_pk=job.pk)
    return _page(request, area, form)


@login_required
def village_data_import_preview(request: HttpRequest, code: str, job_pk: int) -> HttpResponse:
    """GET: what the kept file will write, or its bad rows; POST with the confirmation (by the
    person who uploaded it, no one else): write it."""
    area = _importing_area(request, code)
    kept = ImportJob.objects.filter(
        kind__startswith=imports.JOB_KIND, area_code=area.code, requested_by_id=request.user.pk
    )
    job = get_object_or_404(kept, pk=job_pk)
    if not job.is_held:
        return _page(request, area, VillageDataImportForm(), result=job.result)
    step = Step(request, "villages.import", str(job.pk))
    if not step.confirmed:
        cancel = reverse("village_data_import", args=[area.code])
        return step.ask(confirmations.import_village_data(job), cancel_url=cancel)
    if jobs.release(job):
        jobs.run(job.pk, imports.import_kept_file)
    job.refresh_from_db()
    if job.result is None or not job.result.ok:
        return _page(request, area, VillageDataImportForm(), result=job.result)
    feedback.saved(
        request,
        _("Imported %(figures)s figures of %(villages)s villages.")
        % {"figures": job.result.imported["figures"], "villages": job.result.imported["villages"]},
        "import",
    )
    return redirect(f"{reverse('village_data_import', args=[area.code])}#import")


@login_required
def village_data_template(request: HttpRequest, dataset: str) -> HttpResponse:
    """The dataset's template, filled in with the villages of the user's area where that is a
    file of reasonable size."""
    if dataset not in Dataset.values:
        raise Http404
    if not scope_for(request.user).codes(*imports.IMPORTING_ROLES):
        raise PermissionDenied
    content = imports.template_for(dataset, request.user)
    response = HttpResponse(content, content_type=imports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="village-data-{dataset}.xlsx"'
    return response

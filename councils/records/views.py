"""Pages of a council's charters, agreements and documents, and the council's public page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from councils import feedback, removals
from councils.access import editable_or_403, scope_for, visible_or_404
from councils.confirmation import Step
from councils.meetings.models import Meeting
from councils.models import Council
from councils.records.forms import (
    BLANK_LINES,
    AgreementForm,
    CharterForm,
    ClauseLines,
    DocumentForm,
    SignatoryLines,
)
from councils.records.models import Charter, CouncilDocument

CHARTERS_PAGE_SIZE = 5
AGREEMENTS_PAGE_SIZE = 10
DOCUMENTS_PAGE_SIZE = 20


def _with_area(queryset):
    return queryset.select_related("subdistrict__district__province")


def _charters(council: Council):
    return council.charters.select_related("resolution__meeting").prefetch_related(
        "clauses", "signatories"
    )


def _agreements(council: Council):
    return council.agreements.select_related("resolution__meeting").prefetch_related("partners")


@login_required
def council_charters(request: HttpRequest, pk: int) -> HttpResponse:
    """The council's charters (the one in force first) and its agreements, each list paged."""
    council = visible_or_404(_with_area(Council.objects), request.user, pk=pk)
    in_force = Charter.objects.in_force().filter(council=council).values_list("pk", flat=True)
    context = {
        "council": council,
        "can_edit": scope_for(request.user).edits(council.area_code),
        "charter_in_force": in_force.first(),
        "charters_page": Paginator(_charters(council), CHARTERS_PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "agreements_page": Paginator(_agreements(council), AGREEMENTS_PAGE_SIZE).get_page(
            request.GET.get("agreements")
        ),
        "today": timezone.localdate(),
    }
    return render(request, "councils/records/charters.html", context)


@login_required
def charter_form(request: HttpRequest, pk: int, charter_pk: int | None = None) -> HttpResponse:
    council = editable_or_403(_with_area(Council.objects), request.user, pk=pk)
    charter = get_object_or_404(council.charters, pk=charter_pk) if charter_pk else None
    data = request.POST if request.method == "POST" else None
    form = CharterForm(data, instance=charter, council=council)
    # The blank lines offer the next clause numbers.
    numbered = charter.clauses.count() if charter else 0
    clauses = ClauseLines(
        data,
        instance=form.instance,
        prefix="clauses",
        initial=[{"number": numbered + n} for n in range(1, BLANK_LINES + 1)],
    )
    signatories = SignatoryLines(data, instance=form.instance, prefix="signatories")
    # Each part checked, so that the summary names every line to correct at once.
    if data is not None and all([form.is_valid(), clauses.is_valid(), signatories.is_valid()]):
        with transaction.atomic():
            saved = form.save()
            clauses.instance = signatories.instance = saved
            clauses.save()
            signatories.save()
        feedback.saved(request, _("The charter was saved."), f"charter-{saved.pk}")
        return redirect(saved.get_absolute_url())
    context = {
        "council": council,
        "form": form,
        "clauses": clauses,
        "signatories": signatories,
        "editing": charter,
    }
    return render(request, "councils/records/charter_form.html", context)


@login_required
def agreement_form(request: HttpRequest, pk: int, agreement_pk: int | None = None) -> HttpResponse:
    council = editable_or_403(_with_area(Council.objects), request.user, pk=pk)
    agreement = get_object_or_404(council.agreements, pk=agreement_pk) if agreement_pk else None
    form = AgreementForm(request.POST or None, instance=agreement, council=council)
    if request.method == "POST" and form.is_valid():
        form.save()
        feedback.saved(request, _("The agreement was saved."), "agreements")
        return redirect(reverse("council_charters", args=[council.pk]) + "#agreements")
    context = {"council": council, "form": form, "editing": agreement}
    return render(request, "councils/records/agreement_form.html", context)


@login_required
def council_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The council's library, newest first, a page at a time; by kind or by meeting."""
    council = visible_or_404(_with_area(Council.objects), request.user, pk=pk)
    documents = council.documents.select_related("meeting")
    kind = request.GET.get("kind", "")
    if kind in CouncilDocument.Kind.values:
        documents = documents.filter(kind=kind)
    meeting = None
    if (meeting_id := request.GET.get("meeting", "")).isdigit() and len(meeting_id) < 19:
        meeting = get_object_or_404(council.meetings, pk=int(meeting_id))
        documents = documents.filter(meeting=meeting)
    context = {
        "council": council,
        "can_edit": scope_for(request.user).edits(council.area_code),
        "documents_page": Paginator(documents, DOCUMENTS_PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "kinds": CouncilDocument.Kind.choices,
        "kind": kind,
        "meeting": meeting,
    }
    return render(request, "councils/records/documents.html", context)


def _document_saved(request: HttpRequest, document: CouncilDocument, message: str):
    feedback.saved(request, message, "documents")
    return redirect(_library_of(document))


def _library_of(document: CouncilDocument) -> str:
    if document.meeting_id:
        return reverse("meeting_detail", args=[document.meeting_id]) + "#documents"
    return reverse("council_documents", args=[document.council_id]) + "#documents"


def _document_form_page(request, council, form, *, meeting=None, editing=None) -> HttpResponse:
    context = {"council": council, "form": form, "meeting": meeting, "editing": editing}
    return render(request, "councils/records/document_form.html", context)


@login_required
def document_new(request: HttpRequest, pk: int) -> HttpResponse:
    council = editable_or_403(_with_area(Council.objects), request.user, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None, council=council)
    if request.method == "POST" and form.is_valid():
        form.instance.uploaded_by = request.user
        document = form.save()
        return _document_saved(request, document, _("The document was uploaded."))
    return _document_form_page(request, council, form)


@login_required
def meeting_document_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A document of one of the council's meetings: its signed minutes, its invitation."""
    meeting = visible_or_404(Meeting.objects.filter(council__isnull=False), request.user, pk=pk)
    council = editable_or_403(_with_area(Council.objects), request.user, pk=meeting.council_id)
    form = DocumentForm(
        request.POST or None, request.FILES or None, council=council, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        form.instance.uploaded_by = request.user
        document = form.save()
        return _document_saved(request, document, _("The document was uploaded."))
    return _document_form_page(request, council, form, meeting=meeting)


def _document_to_change(request: HttpRequest, pk: int) -> CouncilDocument:
    """A document the user keeps: out of their areas a 404 even when it is published (that it
    is public makes it readable, not changeable); in them but not theirs, a 403."""
    scope = scope_for(request.user)
    queryset = CouncilDocument.objects.within(scope.visible).select_related(
        "council__subdistrict__district__province", "meeting"
    )
    document = get_object_or_404(queryset, pk=pk)
    if not scope.edits(document.area_code):
        raise PermissionDenied
    return document


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_to_change(request, pk)
    stored = document.file.name  # read before the form puts a new upload in its place
    form = DocumentForm(
        request.POST or None, request.FILES or None, instance=document, council=document.council
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            document = form.save()
            if stored != document.file.name:
                storage = document.file.storage
                transaction.on_commit(lambda: storage.delete(stored))
        return _document_saved(request, document, _("The document was saved."))
    return _document_form_page(request, document.council, form, editing=document)


@login_required
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what removing the document means; POST with the confirmation: remove it and its
    file."""
    document = _document_to_change(request, pk)
    back = _library_of(document)
    step = Step(request, "council.document.delete", str(document.pk))
    if not step.confirmed:
        return step.ask(removals.remove_document(document), cancel_url=back)
    document.delete()
    feedback.saved(request, _("The document was removed."), "documents")
    return redirect(back)


def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored file, to those who may see the document (a published one to anyone): always
    as the type its content was checked to be, never sniffed; an attachment, except a picture
    asked for with ?show=inline."""
    document = CouncilDocument.objects.visible_to(request.user).filter(pk=pk).first()
    if document is None:
        if not request.user.is_authenticated:
            # Every id alike, so the login page tells no one which documents exist.
            return redirect_to_login(request.get_full_path())
        raise Http404
    inline = request.GET.get("show") == "inline" and document.is_image
    try:
        stored = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored,
        content_type=document.content_type,
        as_attachment=not inline,
        filename=document.download_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=600" if document.published else "private"
    return response


def public_council(request: HttpRequest, code: str) -> HttpResponse:
    """What anyone may read of a council: its area, the charter in force with its clauses, its
    agreements and its published documents. No phone, no ID, no member list."""
    if len(code) != 6:
        raise Http404
    council = get_object_or_404(_with_area(Council.objects.active()), subdistrict_id=code)
    charter = (
        Charter.objects.in_force()
        .filter(council=council)
        .prefetch_related("clauses", "signatories")
        .first()
    )
    agreements = council.agreements.prefetch_related("partners")
    context = {
        "council": council,
        "charter": charter,
        "agreements_page": Paginator(agreements, AGREEMENTS_PAGE_SIZE).get_page(
            request.GET.get("agreements")
        ),
        "documents_page": Paginator(
            council.documents.published().only(
                "title", "kind", "dated", "content_type", "size", "council_id"
            ),
            DOCUMENTS_PAGE_SIZE,
        ).get_page(request.GET.get("page")),
        "today": timezone.localdate(),
    }
    return render(request, "councils/records/public_council.html", context)

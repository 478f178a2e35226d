"""The strategy-book editor, its provenance view, the books put before a meeting, and the
public pages of endorsed books."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import retarget

from councils import feedback
from councils.access import area_page_or_404, editable_or_403, scope_for
from councils.confirmation import Step
from councils.meetings.models import Meeting
from councils.meetings.views import meeting_saved, meeting_section
from councils.models import area_name
from councils.strength import rollup as strength_rollup
from councils.strength.models import Component
from plans import accountability
from plans.books import confirmations, contents, curation
from plans.books.forms import (
    BookForm,
    MergeForm,
    MoveForm,
    NewIssueForm,
    PresentBookForm,
    StrategicIssueForm,
)
from plans.books.models import BookEndorsed, BookSnapshot, StrategicIssue, StrategyBook
from plans.forms import shown_as_typed, with_one_more_line
from plans.indicator_forms import (
    ADD_INDICATOR,
    IssueIndicatorFormSet,
    MeasurementForm,
    indicator_formset,
    indicators_valid,
    save_indicators,
)

DETAIL = "plans/books/book_detail.html"


@login_required
def book_list(request: HttpRequest) -> HttpResponse:
    """The books a person may read, and the areas they may start a book for."""
    shelf = StrategyBook.objects.visible_to(request.user).order_by("area_code", "-first_year")
    context = {"books": shelf, "areas": curation.curated_areas(request.user)}
    return render(request, "plans/books/book_list.html", context)


@login_required
def book_new(request: HttpRequest, code: str) -> HttpResponse:
    page = area_page_or_404(request.user, code)
    level = StrategyBook.Level(page.level)
    if not scope_for(request.user).holds(code, curation.CURATOR_ROLE[level]):
        raise PermissionDenied
    form = BookForm(request.POST or None, level=level, area_code=code)
    if request.method == "POST" and form.is_valid():
        book = form.save()
        messages.success(
            request, _("The book was created. Propose a first grouping by theme to start.")
        )
        return redirect(book)
    if not form.is_bound:
        form.initial.setdefault("title", curation.default_title(level, code, 2569, 2573))
        form.initial.setdefault("first_year", 2569)
        form.initial.setdefault("last_year", 2573)
    context = {"form": form, "area_name": page.area.name_th, "level": level}
    return render(request, "plans/books/book_form.html", context)


@login_required
def book_edit(request: HttpRequest, pk: int) -> HttpResponse:
    book = curation.curated_or_403(request.user, pk=pk)
    form = BookForm(request.POST or None, instance=book, level=book.level, area_code=book.area_code)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            curation.touch(book)
        messages.success(request, _("The book was saved."))
        return redirect(book)
    context = {
        "form": form,
        "book": book,
        "area_name": area_name(book.area_code),
        "level": book.level,
    }
    return render(request, "plans/books/book_form.html", context)


def board_context(
    request: HttpRequest, book: StrategyBook, community: tuple | None = None, **extra
) -> dict:
    """What the book page shows: the data every figure comes from, and the editor's lists."""
    data = contents.book_data(book, community)
    can_curate = curation.can_curate(request.user, book)
    choices = [(issue["id"], f"{issue['number']}. {issue['title']}") for issue in data["issues"]]
    snapshot = curation.latest_snapshot(book)
    context = {
        "book": book,
        "data": data,
        "issues": _board_issues(book, data, choices),
        "can_curate": can_curate,
        "choices": choices,
        # Every item on the board has a move form: its URL and options are drawn once (a
        # provincial board holds 1,300 tambon items; per item they were most of the page's time).
        "move_url": reverse("book_item_move", args=[book.pk]),
        "unassigned_move_options": move_options(choices),
        "move_form": MoveForm(choices=choices),
        "new_issue_form": NewIssueForm(),
        "snapshot": snapshot,
        "changes": contents.changes_since(snapshot, data),
        "area_name": data["book"]["area_name"],
        "unserved_strategies": [row for row in data["strategies"] if not row["served"]],
        **extra,
    }
    if can_curate:
        context |= _unassigned(book)
    return context


def move_options(choices: list[tuple[int, str]], current: int | None = None) -> SafeString:
    """The options of an item's move form: the book's issues, the item's own selected; an item
    already in the book may also be taken out."""
    options = [format_html('<option value="">{}</option>', _("— take out of the book —"))]
    options = options if current else []
    for pk, label in choices:
        selected = mark_safe(" selected") if pk == current else ""  # noqa: S308 (a constant)
        options.append(format_html('<option value="{}"{}>{}</option>', pk, selected, label))
    return mark_safe("".join(options))  # noqa: S308 (each option escaped by format_html)


def _board_issues(book: StrategyBook, data: dict, choices: list[tuple[int, str]]) -> list[dict]:
    """The book's strategic issues, each with its tambon items and the resolutions behind it."""
    items = {
        item["id"]: {**item, "tambon": tambon["name"], "district": district["name"]}
        for district in data["districts"]
        for tambon in district["tambons"]
        for item in tambon["items"]
    }
    # The resolutions behind each issue: one query, and not part of the frozen book data.
    backing = StrategicIssue.resolutions.through.objects.filter(
        strategicissue__book=book
    ).select_related("resolution__meeting")
    resolutions_of: dict[int, list] = {}
    for row in backing.order_by("resolution__meeting__held_on", "resolution__position"):
        resolutions_of.setdefault(row.strategicissue_id, []).append(row.resolution)
    return [
        {
            **issue,
            "linked_items": [items[i] for i in issue["linked"] if i in items],
            "resolutions": resolutions_of.get(issue["id"], []),
            "move_options": move_options(choices, issue["id"]),
        }
        for issue in data["issues"]
    ]


def _unassigned(book: StrategyBook) -> dict:
    """For the curator: the tambon and district issues not yet under a strategic issue."""
    in_period = Q(
        projects__budgets__fiscal_year__gte=book.first_year,
        projects__budgets__fiscal_year__lte=book.last_year,
    )
    return {
        "unassigned_tambon": (
            curation.unassigned_plan_issues(book)
            .select_related("theme", "plan__council__subdistrict")
            .annotate(total=Sum("projects__budgets__amount", filter=in_period))
            .order_by("plan__council__subdistrict_id", "order", "pk")
        ),
        "unassigned_district": (
            curation.unassigned_district_issues(book)
            .select_related("theme")
            .order_by("book__area_code", "order")
        ),
    }


@login_required
def book_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Queries: the book, the scope, book_data's fixed set, the snapshot, the meetings it is
    # presented at, and the two unassigned lists for a curator; the same for a book of 8
    # tambons or of 289.
    book = curation.visible_book_or_404(request.user, pk=pk)
    # The area's community strength and basic-needs problems, read once for the book's data
    # and for the page's own tables (six grouped queries).
    latest, shortfalls = contents.community_sources(book.area_code)
    context = board_context(
        request,
        book,
        (latest, shortfalls),
        presentations=curation.presentations_of(request.user, book),
    )
    context["progress"] = _progress(book, context["snapshot"], context["data"]["issues"])
    context["strength"] = _strength(latest)
    context["village_shortfalls"] = shortfalls
    return render(request, DETAIL, context)


def _strength(latest) -> dict:
    """The area's community strength in its latest assessed year, as the page's table."""
    return {
        "year": latest,
        "rows": [(Component(c).label, latest.components[c]) for c in strength_rollup.COMPONENTS],
    }


def _progress(book: StrategyBook, snapshot: BookSnapshot | None, issues: list[dict]) -> list:
    """Each strategic issue's items' progress since the endorsement (plans/accountability.py):
    three or four grouped queries per path, figures only."""
    labels = {issue["id"]: f"{issue['number']}. {issue['title']}" for issue in issues}
    since = snapshot.endorsed_at if snapshot else None
    return accountability.book_progress(book, since, labels)


def _board_response(
    request: HttpRequest, book: StrategyBook, anchor: str, saved: str = "", refused: str = ""
) -> HttpResponse:
    """After an edit: the board alone for htmx, the page at the anchor for a plain form post;
    what happened is said beside the anchor's region (an issue card, the unassigned list)."""
    region = anchor.removeprefix("#")
    if saved:
        feedback.saved(request, saved, region)
    if refused:
        feedback.refused(request, refused, region)
    if request.htmx:
        response = render(request, f"{DETAIL}#board", board_context(request, book))
    else:
        response = redirect(f"{book.get_absolute_url()}{anchor}")
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def book_propose(request: HttpRequest, pk: int) -> HttpResponse:
    book = curation.curated_or_403(request.user, pk=pk)
    gathered = curation.propose_grouping(book)
    message = _(
        "%(n)s items were grouped by theme. Rename, merge and move them as the network decides."
    ) % {"n": gathered}
    return _board_response(request, book, "#board", saved=message)


@login_required
@require_POST
def book_issue_new(request: HttpRequest, pk: int) -> HttpResponse:
    book = curation.curated_or_403(request.user, pk=pk)
    form = NewIssueForm(request.POST)
    if not form.is_valid():
        return _board_response(
            request, book, "#new-issue", refused=_("Give the new strategic issue a title.")
        )
    issue = curation.add_issue(book, form.cleaned_data["title"])
    return _board_response(
        request, book, f"#issue-{issue.pk}", saved=_("The strategic issue was added.")
    )


@login_required
def book_issue_edit(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    book = curation.curated_or_403(request.user, pk=pk)
    issue = get_object_or_404(book.issues, pk=issue_pk)
    data = request.POST or None
    adding_indicator = data is not None and ADD_INDICATOR in data
    if adding_indicator:
        data = with_one_more_line(data, prefix="indicators")
    form = StrategicIssueForm(data, instance=issue, book=book, user=request.user)
    # The indicators and their targets are the book's to change while it is a draft; after the
    # endorsement they are measured (the model refuses a change too).
    indicators = (
        indicator_formset(IssueIndicatorFormSet, data, instance=issue, years=book.years)
        if book.state == StrategyBook.State.DRAFT
        else None
    )
    if adding_indicator and indicators is not None:
        shown_as_typed(form, indicators)
    saving = request.method == "POST" and not adding_indicator
    if saving and form.is_valid() and indicators_valid(indicators):
        try:
            with transaction.atomic():
                form.save()
                save_indicators(indicators, issue)
                curation.touch(book)
        except BookEndorsed as error:  # endorsed between the page and the save
            return _board_response(request, book, f"#issue-{issue.pk}", refused=str(error))
        response = _board_response(
            request, book, f"#issue-{issue.pk}", saved=_("The strategic issue was saved.")
        )
        # The form replaced only its card; the saved issue changes figures across the board.
        return retarget(response, "#board") if request.htmx else response
    context = {
        "book": book,
        "issue": issue,
        "form": form,
        "indicators": indicators,
        "saved_indicators": _issue_indicators(issue) if indicators is None else None,
        "area_name": area_name(book.area_code),
    }
    template = "plans/books/issue_form.html"
    response = render(request, f"{template}#issue-form" if request.htmx else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _issue_indicators(issue: StrategicIssue):
    return issue.indicators.prefetch_related("targets")


@login_required
@require_POST
def book_issue_measure(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    """The book's coordinator records what one of an issue's indicators measured in a year."""
    book = curation.curated_or_403(request.user, pk=pk)
    issue = get_object_or_404(book.issues, pk=issue_pk)
    form = MeasurementForm(request.POST, book=book, issue=issue, by=request.user)
    if form.is_valid():
        form.save()
        return _board_response(
            request, book, f"#issue-{issue.pk}", saved=_("The measured value was recorded.")
        )
    # Shown again as typed, with its errors, in the issue's card.
    context = board_context(request, book, measure_form=form, measure_issue=issue.pk)
    if request.htmx:
        response = render(request, f"{DETAIL}#board", context)
    else:
        context["presentations"] = curation.presentations_of(request.user, book)
        response = render(request, DETAIL, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def book_issue_order(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    book = curation.curated_or_403(request.user, pk=pk)
    issue = get_object_or_404(book.issues, pk=issue_pk)
    curation.reorder(book, issue, "up" if request.POST.get("direction") == "up" else "down")
    return _board_response(request, book, f"#issue-{issue.pk}")


@login_required
def book_issue_merge(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    """The issue to merge into, then what moves there, then the merge."""
    book = curation.curated_or_403(request.user, pk=pk)
    issue = get_object_or_404(book.issues, pk=issue_pk)
    choices = list(book.issues.order_by("order", "pk").values_list("pk", "title"))
    data = request.POST if request.method == "POST" else request.GET
    form = MergeForm(data, choices=choices, issue_id=issue.pk)
    if not form.is_valid():
        return _board_response(
            request,
            book,
            f"#issue-{issue.pk}",
            refused=_("Choose the strategic issue to merge into."),
        )
    into = book.issues.get(pk=form.cleaned_data["into"])
    step = Step(request, "book.merge", f"{issue.pk}:{into.pk}:{book.version}")
    if not step.confirmed:
        cancel = f"{book.get_absolute_url()}#issue-{issue.pk}"
        return step.ask(confirmations.merge(issue, into), cancel_url=cancel)
    curation.merge(book, issue, into)
    return _board_response(
        request, book, f"#issue-{into.pk}", saved=_("The strategic issues were merged.")
    )


@login_required
def book_issue_delete(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    """GET: what removing the strategic issue sends back; POST with the confirmation: remove."""
    book = curation.curated_or_403(request.user, pk=pk)
    issue = get_object_or_404(book.issues, pk=issue_pk)
    step = Step(request, "book.issue.delete", f"{issue.pk}:{book.version}")
    if not step.confirmed:
        cancel = f"{book.get_absolute_url()}#issue-{issue.pk}"
        return step.ask(confirmations.remove(issue), cancel_url=cancel)
    try:
        curation.remove_issue(book, issue)
    except curation.BookError as error:
        return _board_response(request, book, f"#issue-{issue.pk}", refused=str(error))
    message = _("The strategic issue was removed; its items are back on the unassigned list.")
    return _board_response(request, book, "#board", saved=message)


@login_required
@require_POST
def book_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    book = curation.curated_or_403(request.user, pk=pk)
    choices = list(book.issues.order_by("order", "pk").values_list("pk", "title"))
    form = MoveForm(request.POST, choices=choices)
    if not form.is_valid():
        return _board_response(request, book, "#board", refused=_("Choose where the item goes."))
    kind, item_id = form.item_parts()
    to = book.issues.get(pk=form.cleaned_data["to"]) if form.cleaned_data["to"] else None
    try:
        curation.move_item(book, kind, item_id, to)
    except curation.BookError as error:
        return _board_response(request, book, "#board", refused=str(error))
    anchor = f"#issue-{to.pk}" if to else "#unassigned"
    return _board_response(request, book, anchor, saved=_("The item was moved."))


@login_required
def book_provenance(request: HttpRequest, pk: int) -> HttpResponse:
    """Every tambon item under every strategic issue, with the figures they add up to."""
    book = curation.visible_book_or_404(request.user, pk=pk)
    context = board_context(request, book)
    return render(request, "plans/books/book_provenance.html", context)


# --- books put before a meeting ----------------------------------------------------------------


@login_required
def meeting_book_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's keeper puts a book of its area before it, with an agenda item if asked."""
    meeting = editable_or_403(Meeting.objects.presenting_books(), request.user, pk=pk)
    form = PresentBookForm(
        request.POST or None, books=curation.presentable_books(request.user, meeting)
    )
    if request.method == "POST" and form.is_valid():
        presentation = curation.present(
            form.cleaned_data["book"],
            meeting,
            by=request.user,
            with_agenda_item=form.cleaned_data["with_agenda_item"],
        )
        return meeting_saved(
            request,
            meeting,
            "books",
            _("The book was put on the meeting's list."),
            also=("agenda",) if presentation.agenda_item_id else (),
        )
    return meeting_section(request, meeting, "books", form)


@login_required
@require_POST
def meeting_book_remove(request: HttpRequest, pk: int, book_pk: int) -> HttpResponse:
    meeting = editable_or_403(Meeting.objects.presenting_books(), request.user, pk=pk)
    presentation = get_object_or_404(meeting.book_presentations, book_id=book_pk)
    try:
        curation.withdraw(presentation)
    except curation.BookError as error:
        if request.htmx:
            return meeting_section(request, meeting, "books", books_error=str(error))
        messages.error(request, str(error))
        return redirect(f"{meeting.get_absolute_url()}#books")
    return meeting_saved(request, meeting, "books", _("The book was taken off the meeting's list."))


# --- public pages: endorsed books, as endorsed ----------------------------------------------


def public_book_list(request: HttpRequest) -> HttpResponse:
    snapshots = BookSnapshot.objects.select_related("book", "meeting").order_by(
        "book__area_code", "book_id", "-endorsed_at"
    )
    latest = {}
    for snapshot in snapshots:
        latest.setdefault(snapshot.book_id, snapshot)
    return render(request, "plans/books/public_list.html", {"snapshots": list(latest.values())})


def _public_snapshot(pk: int) -> BookSnapshot:
    snapshot = (
        BookSnapshot.objects.filter(book_id=pk)
        .select_related("book")
        .order_by("-endorsed_at", "-pk")
        .first()
    )
    if snapshot is None:
        raise Http404
    return snapshot


def _may_retry(user, snapshot: BookSnapshot) -> bool:
    return user.is_authenticated and curation.can_curate(user, snapshot.book)


def public_book(request: HttpRequest, pk: int) -> HttpResponse:
    """An endorsed book as it was endorsed; later edits do not show here."""
    snapshot = _public_snapshot(pk)
    context = {
        "snapshot": snapshot,
        "data": snapshot.data,
        "can_retry": _may_retry(request.user, snapshot),
        # What became of the endorsed issues' projects since: counts and baht, no names.
        "progress": _progress(snapshot.book, snapshot, snapshot.data.get("issues", [])),
    }
    return render(request, "plans/books/public_book.html", context)


def public_book_pdf_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The endorsed PDF's state, which its pages poll through htmx while it is being made.

    Queries: the snapshot with its book; for a signed-in reader also the session, the user
    and their assignments (whether they may ask again after a failure).
    """
    snapshot = _public_snapshot(pk)
    context = {"snapshot": snapshot, "can_retry": _may_retry(request.user, snapshot)}
    return render(request, "plans/books/_endorsed_pdf.html", context)


def public_book_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = _public_snapshot(pk)
    if not snapshot.pdf_is_ready:
        raise Http404
    return FileResponse(
        snapshot.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"strategy-book-{snapshot.book_id}-{snapshot.endorsed_on:%Y%m%d}.pdf",
    )

"""The accountability pages of an area and of a book, and the lists of projects behind their
figures (the roll-ups are plans/accountability.py)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import area_page_or_404
from councils.geography import Level
from plans import accountability
from plans.books import curation
from plans.books.models import StrategyBook
from plans.forms import DrillForm
from plans.models import FundingSource, Theme

LIST_SIZE = 25
STATUS_LABELS = {
    "asked": _("projects in the plans"),
    "taken": _("taken into an agency's plan"),
    "funded": _("funded"),
    "under_way": _("under way"),
    "done": _("done"),
    "not_started": _("not started"),
}


def _rows(table: dict, labels: dict, *, ordered: bool = True) -> list[tuple]:
    """(key, label, figures) in the order of the labels; keys without a label come last."""
    keys = [k for k in labels if k in table] if ordered else sorted(table)
    keys += [k for k in table if k not in keys]
    return [(key, labels.get(key, key), table[key]) for key in keys]


def _context(request: HttpRequest, subject, group_labels: dict, group_name: str) -> dict:
    """What both accountability pages show.

    Queries: the figure table (4 for an area, 5 per path for a book), the tambon shares by
    district (3, or 2 for a book), the partners (2 per path): the same for 5 tambons or 500
    (tests/plans/test_accountability_queries.py lists them)."""
    version = None  # an area's figures are kept rendered while its version stands
    if group_name == "issue":
        table = accountability.figure_table(subject)
        shares = accountability.active_tambons_by_district(subject)
        partners = accountability.partner_figures(subject)
    else:
        # An area's figures are kept until its updates or plan moves change.
        rollup = accountability.area_rollup(subject, list(group_labels))
        table, shares, partners = rollup.table, rollup.shares, rollup.partners
        version = rollup.version
    return {
        "table": table,
        "version": version,
        "keep_seconds": accountability.KEPT_SECONDS,
        "group_name": group_name,
        "group_rows": _rows(table.by_group, group_labels),
        "source_rows": _rows(table.by_source, dict(FundingSource.choices)),
        "year_rows": _rows(table.by_year, {}, ordered=False),
        "shares": shares,
        "headline": accountability.headline(shares),
        # One grouped query gives every agency (a few hundred rows at most); the page shows them
        # a page at a time.
        "partners": Paginator(partners, LIST_SIZE).get_page(request.GET.get("partners")),
    }


@login_required
def area_accountability(request: HttpRequest, code: str) -> HttpResponse:
    """What became of the projects of a district's or province's accepted plans."""
    page = area_page_or_404(request.user, code)
    themes = {theme.code: theme.name for theme in Theme.objects.all()}
    context = _context(request, code, themes, "theme")
    quiet = accountability.quiet_tambons(code, timezone.localdate())
    context |= {
        "area": page.area,
        "level": page.level,
        "code": code,
        "quiet": Paginator(quiet, LIST_SIZE).get_page(request.GET.get("page")),
        "quiet_days": accountability.QUIET_AFTER_DAYS,
        "drill_url": "area_accountability_projects",
        "drill_arg": code,
        "title": page.area.name_th,
        "is_province": page.level == Level.PROVINCE,
    }
    return render(request, "plans/accountability/area.html", context)


@login_required
def book_accountability(request: HttpRequest, pk: int) -> HttpResponse:
    """What became of the projects behind each strategic issue of a book."""
    book = curation.visible_book_or_404(request.user, pk=pk)
    issues = _issue_labels(book)
    context = _context(request, book, issues, "issue")
    snapshot = curation.latest_snapshot(book)
    context |= {
        "book": book,
        "snapshot": snapshot,
        "progress": accountability.book_progress(
            book, snapshot.endorsed_at if snapshot else None, issues
        ),
        "drill_url": "book_accountability_projects",
        "drill_arg": book.pk,
        "title": book.title,
        "is_province": book.level == StrategyBook.Level.PROVINCE,
    }
    return render(request, "plans/accountability/book.html", context)


def _issue_labels(book: StrategyBook) -> dict[int, str]:
    issues = book.issues.order_by("order", "pk").values_list("pk", "title")
    return {pk: f"{number}. {title}" for number, (pk, title) in enumerate(issues, start=1)}


def _drill(request: HttpRequest, subject, *, themes=(), issues=()) -> dict:
    form = DrillForm(
        request.GET,
        themes=themes,
        issues=issues,
        statuses=list(STATUS_LABELS.items()),
    )
    drill = accountability.Drill(**form.valid_filters())
    projects = accountability.projects_behind(subject, drill)
    return {
        "form": form,
        "page": Paginator(projects, LIST_SIZE).get_page(request.GET.get("page")),
        "status_label": STATUS_LABELS.get(drill.status, ""),
    }


@login_required
def area_accountability_projects(request: HttpRequest, code: str) -> HttpResponse:
    """The tambon projects behind a figure of an area's accountability page."""
    page = area_page_or_404(request.user, code)
    themes = [(theme.code, theme.name) for theme in Theme.objects.all()]
    context = _drill(request, code, themes=themes)
    context |= {
        "title": page.area.name_th,
        "back": ("area_accountability", code),
        "area": page.area,
    }
    return render(request, "plans/accountability/projects.html", context)


@login_required
def book_accountability_projects(request: HttpRequest, pk: int) -> HttpResponse:
    """The tambon projects behind a figure of a book's accountability page."""
    book = curation.visible_book_or_404(request.user, pk=pk)
    context = _drill(request, book, issues=list(_issue_labels(book).items()))
    context |= {"title": book.title, "back": ("book_accountability", book.pk), "book": book}
    return render(request, "plans/accountability/projects.html", context)

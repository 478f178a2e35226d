"""Area dashboards, document downloads with progress, and endorsing a book."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from councils.access import area_page_or_404, visible_or_404
from councils.buddhist_era import (
    MAX_BE_YEAR,
    MIN_BE_YEAR,
    BuddhistDateField,
    fiscal_year_be,
    is_be_year,
    thai_date,
)
from councils.confirmation import Step
from councils.geography import Level
from councils.meetings.models import Meeting
from plans import rollup
from plans.books import contents, curation
from plans.books.models import StrategyBook
from plans.models import CommunityPlan, FundingSource, Theme
from reports import charts, jobs
from reports.models import Document

STATE_ORDER = ["accepted", "submitted", "returned", "draft"]  # the order of the chart's colours
STATES = dict(CommunityPlan.State.choices)


@login_required
def area_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """Plan coverage and budgets of a district or province, with the charts of its books.

    Queries: the area, coverage (3), coverage by district for a province (3), the budget
    totals by theme, source, year and district (4), the themes, and the area's books:
    the same for 8 tambons or 289.
    """
    page = area_page_or_404(request.user, code)
    year = _year(request.GET.get("year"))
    coverage = rollup.coverage(code, year)
    lines = rollup.accepted_budgets(code)
    context = {
        "area": page.area,
        "level": page.level,
        "code": code,
        "year": year,
        "year_bounds": (MIN_BE_YEAR, MAX_BE_YEAR),
        "coverage": coverage,
        "state_rows": [(STATES[s], coverage["by_state"][s]) for s in STATE_ORDER],
        **_budget_figures(lines),
        "books": StrategyBook.objects.visible_to(request.user).filter(area_code=code),
        "can_start_book": any(c == code for _l, c, _n in curation.curated_areas(request.user)),
    }
    coverage_rows = [(page.area.name_th, coverage)]
    if page.level == Level.PROVINCE:
        context |= _district_figures(code, year, lines)
        coverage_rows = [(row["district"].name_th, row) for row in context["districts"]]
    context["coverage_chart"] = _coverage_chart(coverage_rows, year)
    return render(request, "reports/area_dashboard.html", context)


def _budget_figures(lines) -> dict:
    """The accepted plans' budgets by theme, source and fiscal year, as tables and charts."""
    themes = {t.code: t.name for t in Theme.objects.all()}
    by_theme = rollup.flat(rollup.totals(lines, "theme"))
    by_source = rollup.flat(rollup.totals(lines, "source"))
    by_year = sorted(rollup.flat(rollup.totals(lines, "year")).items())
    theme_rows = [(themes[k], by_theme[k]) for k in themes if by_theme.get(k)]
    source_rows = [(FundingSource(k).label, v) for k, v in sorted(by_source.items()) if v]
    return {
        "total": sum(by_theme.values(), rollup.ZERO),
        "by_theme": theme_rows,
        "by_source": source_rows,
        "by_year": by_year,
        "theme_chart": charts.money_chart(theme_rows, title=_("Budget by theme")),
        "source_chart": charts.money_chart(source_rows, title=_("Budget by source")),
        "year_chart": charts.money_chart(
            [(str(y), v) for y, v in by_year], title=_("Budget by fiscal year")
        ),
    }


def _district_figures(code: str, year: int, lines) -> dict:
    """A province's districts: their plan coverage, and the accepted budgets of each."""
    districts = rollup.coverage_by_district(code, year)
    by_district = rollup.flat(rollup.totals(lines, "district"))
    names = {row["district"].code: row["district"].name_th for row in districts}
    return {
        "districts": districts,
        "district_chart": charts.money_chart(
            [(names.get(k, k), v) for k, v in sorted(by_district.items())],
            title=_("Budget by district"),
        ),
    }


def _coverage_chart(rows: list[tuple[str, dict]], year: int):
    """Tambons by their plan's state: one bar for a district, one per district of a province."""
    return charts.stacked_bar(
        [(name, [c["by_state"][s] for s in STATE_ORDER] + [c["no_plan"]]) for name, c in rows],
        title=_("Tambons by plan state, FY %(year)s") % {"year": year},
        legend=[str(STATES[s]) for s in STATE_ORDER] + [_("no plan")],
    )


def _year(value: str | None) -> int:
    if value and value.isdigit() and is_be_year(int(value)):
        return int(value)
    return fiscal_year_be(timezone.localdate())


# --- documents --------------------------------------------------------------------------------


@login_required
@require_POST
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_or_404(CommunityPlan.objects.select_related("council"), request.user, pk=pk)
    document = jobs.request_plan_pdf(
        plan, by=request.user, thai_digits=bool(request.POST.get("thai_digits"))
    )
    return redirect("document_status", document.pk)


@login_required
@require_POST
def book_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    book = curation.visible_book_or_404(request.user, pk=pk)
    document = jobs.request_book_pdf(
        book, by=request.user, thai_digits=bool(request.POST.get("thai_digits"))
    )
    return redirect("document_status", document.pk)


@login_required
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's progress; the page polls this section through htmx until it is ready.

    A document whose worker died is noticed here too, and queued again (or given up).
    """
    document = visible_or_404(Document.objects, request.user, pk=pk)
    if document.is_stale:
        jobs.revive_document(document)
        document.refresh_from_db()
    template = "reports/document_status.html"
    response = render(
        request, f"{template}#status" if request.htmx else template, {"document": document}
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask again for a document that failed, from its first attempt (whoever may see it)."""
    document = visible_or_404(Document.objects, request.user, pk=pk)
    if jobs.retry_document(document):
        messages.success(request, _("The PDF is being prepared again."))
    return redirect("document_status", document.pk)


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The finished PDF, only to those who may see its plan or book; there is no public URL."""
    document = visible_or_404(Document.objects, request.user, pk=pk)
    if document.state != Document.State.DONE or not document.file:
        raise Http404
    return FileResponse(
        document.file.open("rb"), content_type="application/pdf", filename=document.filename
    )


# --- endorsing ----------------------------------------------------------------------------------


class EndorseForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=gettext_lazy("— not a recorded meeting —"),
        help_text=gettext_lazy(
            "The recorded meeting that endorsed the book; its page then lists the book."
        ),
    )
    body = forms.CharField(
        label=gettext_lazy("Endorsed by"),
        max_length=300,
        required=False,
        help_text=gettext_lazy(
            "For example, the provincial meeting of community councils. "
            "Left empty, the meeting's title is used."
        ),
    )
    endorsed_on = BuddhistDateField(
        label=gettext_lazy("Endorsed on"),
        required=False,
        help_text=gettext_lazy("Left empty, the meeting's date is used."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings
        field.label_from_instance = lambda meeting: (
            f"{meeting.title} ({thai_date(meeting.held_on, short=True)})"
        )
        # The meetings the book was presented at come first, in a group of their own.
        listed = list(meetings)
        presented = [m for m in listed if getattr(m, "presented", False)]
        if presented:
            others = [m for m in listed if m not in presented]
            field.choices = [
                ("", field.empty_label),
                (_("Meetings the book was presented at"), self._options(presented)),
                *([(_("Other meetings of the area"), self._options(others))] if others else []),
            ]

    def _options(self, meetings) -> list[tuple[int, str]]:
        label = self.fields["meeting"].label_from_instance
        return [(meeting.pk, label(meeting)) for meeting in meetings]

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting")
        if not cleaned.get("body"):
            if meeting:
                cleaned["body"] = meeting.title
            elif "body" not in self.errors:
                self.add_error("body", _("Choose the meeting or say which body endorsed the book."))
        if not cleaned.get("endorsed_on") and "endorsed_on" not in self.errors:
            if meeting:
                cleaned["endorsed_on"] = meeting.held_on
            else:
                self.add_error("endorsed_on", _("Give the date of the endorsement."))
        return cleaned


@login_required
def book_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an endorsement: freeze the book's data now, and queue its PDF made from that data.

    The form page is the confirm step: it says what freezes, with the book's figures, and its
    token holds the book's version, so a page read before someone's edit endorses nothing."""
    book = curation.curated_or_403(request.user, pk=pk)
    meetings = curation.endorsing_meetings(request.user, book)
    form = EndorseForm(request.POST or None, meetings=meetings)
    step = Step(request, "book.endorse", f"{book.pk}:{book.version}")
    if request.method == "POST" and form.is_valid() and not step.confirmed:
        form.add_error(
            None,
            _(
                "The book may have changed since this page was opened: check the figures above, "
                "then record the endorsement again."
            ),
        )
    elif request.method == "POST" and form.is_valid():
        try:
            snapshot = curation.endorse(
                book, by=request.user, body=form.cleaned_data["body"],
                on=form.cleaned_data["endorsed_on"], meeting=form.cleaned_data["meeting"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("body", error)
        else:
            jobs.render_snapshot_later(snapshot)
            messages.success(
                request,
                _(
                    "The endorsement was recorded and the book frozen as it is now. "
                    "Its PDF is being prepared."
                ),
            )
            return redirect(book)
    context = {"book": book, "form": form, "figures": contents.endorsement_summary(book)}
    return render(request, "reports/book_endorse.html", {**context, **step.fields()})


@login_required
@require_POST
def book_endorsed_pdf_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask again for the endorsed PDF after its rendering failed (the book's curators only)."""
    book = curation.curated_or_403(request.user, pk=pk)
    snapshot = curation.latest_snapshot(book)
    if snapshot is None:
        raise Http404
    if jobs.retry_snapshot_pdf(snapshot):
        messages.success(request, _("The endorsed PDF is being prepared again."))
    return redirect(f"{book.get_absolute_url()}#endorsed-pdf")

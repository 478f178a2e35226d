"""Pages for meetings: the calendar, a meeting's record, proposals and their follow-up board."""

import calendar
import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils import feedback, removals
from councils.access import (
    AreaPage,
    Role,
    area_page_or_404,
    editable_or_403,
    scope_for,
    visible_or_404,
)
from councils.buddhist_era import be_year, ce_year, is_be_year, month_and_year
from councils.confirmation import Step
from councils.geography import Level
from councils.meetings.forms import (
    AgendaItemForm,
    AnnualReportForm,
    AttendanceForm,
    DelegatesForm,
    FollowUpForm,
    MeetingForm,
    MinutesForm,
    ResolutionForm,
)
from councils.meetings.models import (
    DELEGATES_PER_COUNCIL,
    Delegate,
    FollowUp,
    Meeting,
    ProposalState,
    Resolution,
)
from councils.models import Council, Partner
from councils.records.models import meeting_documents_summary

SECTION_TEMPLATE = "councils/meetings/meeting_detail.html#{section}"
LEVEL_ROLE = {
    Meeting.Level.COUNCIL: Role.TAMBON_COORDINATOR,
    Meeting.Level.DISTRICT: Role.DISTRICT_COORDINATOR,
    Meeting.Level.PROVINCE: Role.PROVINCE_COORDINATOR,
}
CALENDAR_VIEWS = ("list", "month")
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
BOARD_STATES = ("open", *ProposalState.values, "all")
BOARD_PAGE_SIZE = 25


def _area_or_404(request: HttpRequest, code: str) -> AreaPage:
    """A tambon, district or province whose meetings the person may see."""
    return area_page_or_404(request.user, code, levels=tuple(Level))


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    """The calendar of the person's own area; several areas start from the list of areas."""
    visible = scope_for(request.user).visible
    if len(visible) == 1 and visible[0]:
        return redirect("meeting_calendar", code=visible[0])
    return redirect("area_index")


@login_required
def meeting_calendar(request: HttpRequest, code: str) -> HttpResponse:
    """Upcoming meetings of an area (and of the district and province around it): a list, or a
    month on a grid."""
    page = _area_or_404(request, code)
    view = request.GET.get("view")
    view = view if view in CALENDAR_VIEWS else "list"
    today = timezone.localdate()
    meetings = (
        Meeting.objects.visible_to(request.user)
        .concerning(code)
        .select_related("council")
        .order_by("held_on", "starts_at", "pk")
    )
    context = {
        "code": code,
        "area_label": page.area.name_th,
        "view": view,
        "today": today,
        "can_record": _may_record(request, code),
    }
    if view == "month":
        context |= _month_grid(meetings, _month_from(request.GET.get("month"), today))
    else:
        context["meetings"] = list(meetings.filter(held_on__gte=today)[:100])
    return render(request, "councils/meetings/calendar.html", context)


def _month_grid(meetings, first: dt.date) -> dict:
    """The month starting on `first` as weeks from Sunday, each day with its meetings."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    month_meetings = list(meetings.between(first, last))
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in month_meetings:
        by_day.setdefault(meeting.held_on, []).append(meeting)
    weeks = [
        [(day, by_day.get(day, [])) if day.month == first.month else (None, []) for day in week]
        for week in calendar.Calendar(firstweekday=calendar.SUNDAY).monthdatescalendar(
            first.year, first.month
        )
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return {
        "meetings": month_meetings,
        "weeks": weeks,
        "month_label": month_and_year(first),
        "previous_month": f"{be_year(previous.year)}-{previous.month:02d}",
        "next_month": f"{be_year(following.year)}-{following.month:02d}",
    }


def _month_from(value: str | None, today: dt.date) -> dt.date:
    """The first day of a month given as a B.E. year and month (2569-03); this month otherwise."""
    match = MONTH_RE.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if is_be_year(year) and 1 <= month <= 12:
            return dt.date(ce_year(year), month, 1)
    return today.replace(day=1)


def _may_record(request: HttpRequest, code: str) -> bool:
    level = Meeting.CODE_LENGTH_LEVEL.get(len(code))
    role = LEVEL_ROLE.get(level)
    return bool(role) and scope_for(request.user).holds(code, role)


@login_required
def meeting_new(request: HttpRequest, code: str) -> HttpResponse:
    """Record a meeting of an area: a tambon's council, a district network or a province."""
    page = _area_or_404(request, code)
    level = Meeting.CODE_LENGTH_LEVEL[len(code)]
    council = None
    if level == Meeting.Level.COUNCIL:
        council = visible_or_404(Council.objects.active(), request.user, subdistrict_id=code)
    if not _may_record(request, code):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, level=level, area_code=code, council=council)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.created_by = request.user
        meeting.save()
        messages.success(request, _("The meeting was saved. Now add its agenda."))
        return redirect(meeting)
    context = {"form": form, "code": code, "area_label": page.area.name_th, "council": council}
    return render(request, "councils/meetings/meeting_form.html", context)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = editable_or_403(Meeting.objects, request.user, pk=pk)
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        level=meeting.level,
        area_code=meeting.area_code,
        council=meeting.council,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The meeting was saved."))
        return redirect(meeting)
    context = {"form": form, "meeting": meeting, "code": meeting.area_code}
    return render(request, "councils/meetings/meeting_form.html", context)


def _meeting_context(request: HttpRequest, meeting: Meeting, **extra) -> dict:
    can_edit = Meeting.objects.editable_by(request.user).filter(pk=meeting.pk).exists()
    resolutions = meeting.resolutions.select_related(
        "addressed_to", "agenda_item"
    ).prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("logged_by")),
        # What cites each resolution lives in plans, which councils does not import: the
        # reverse relations are named by strings, a fixed number of queries however many.
        "plan_projects__issue__plan__council",
        "strategic_issues__book",
    )
    attendance = meeting.attendance_counts()
    context = {
        "meeting": meeting,
        "can_edit": can_edit,
        "agenda_items": meeting.agenda_items.all(),
        "attendance": attendance,
        "attendance_has_other": any(row["other"] for row in attendance),
        "attendees": meeting.attendances.select_related("member__council").order_by(
            "member__council", "member__last_name"
        ),
        "partners_present": meeting.partners_present.all(),
        "quorum": meeting.quorum(),
        "resolutions": resolutions,
        "today": timezone.localdate(),
    }
    if meeting.kind == Meeting.Kind.PROVINCIAL:
        context["delegations"] = _delegations(meeting)
    if meeting.presents_books:
        context["books_presented"] = _books_presented(request, meeting)
    context |= meeting_documents_summary(meeting)
    return context | extra


def _books_presented(request: HttpRequest, meeting: Meeting) -> list[dict]:
    """The meeting's strategy books. The list is part of the meeting's record, so every reader
    sees the titles; only those who may read a book get its link (an endorsed version is
    public)."""
    scope = scope_for(request.user)
    return [
        {**row, "readable": scope.sees(row["book"].area_code)} for row in meeting.strategy_books()
    ]


def _delegations(meeting: Meeting) -> list[dict]:
    councils = Council.objects.active().in_area(meeting.area_code).select_related("subdistrict")
    named: dict[int, list[Delegate]] = {}
    for delegate in meeting.delegates.select_related("member"):
        named.setdefault(delegate.council_id, []).append(delegate)
    return [
        {
            "council": council,
            "delegates": named.get(council.pk, []),
            "short": len(named.get(council.pk, [])) < DELEGATES_PER_COUNCIL,
        }
        for council in councils
    ]


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Meeting.objects.select_related("council__subdistrict", "created_by")
    meeting = visible_or_404(queryset, request.user, pk=pk)
    return render(
        request, "councils/meetings/meeting_detail.html", _meeting_context(request, meeting)
    )


def meeting_section(
    request: HttpRequest,
    meeting: Meeting,
    section: str,
    form=None,
    editing=None,
    also: tuple[str, ...] = (),
    **extra,
) -> HttpResponse:
    """The section alone for htmx, the form on its own page without JavaScript.

    `also` names sections that changed with this one: htmx swaps them out of band. Shared with
    plans, whose views keep the meeting's list of strategy books.
    """
    context = _meeting_context(
        request, meeting, form=form, editing=editing, section=section, **extra
    )
    if request.htmx:
        html = render_to_string(SECTION_TEMPLATE.format(section=section), context, request)
        for part in also:
            html += render_to_string(
                SECTION_TEMPLATE.format(section=part), {**context, "oob": True}, request
            )
        response = HttpResponse(html)
    else:
        response = render(request, "councils/meetings/meeting_detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def meeting_saved(
    request: HttpRequest, meeting: Meeting, section: str, message: str, also: tuple[str, ...] = ()
) -> HttpResponse:
    feedback.saved(request, message, section)
    if request.htmx:
        response = meeting_section(request, meeting, section, also=also)
    else:
        response = redirect(f"{meeting.get_absolute_url()}#{section}")
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def agenda_item_form(request: HttpRequest, pk: int, item_pk: int | None = None) -> HttpResponse:
    meeting = editable_or_403(Meeting.objects, request.user, pk=pk)
    item = get_object_or_404(meeting.agenda_items, pk=item_pk) if item_pk else None
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        return meeting_saved(request, meeting, "agenda", _("The agenda item was saved."))
    return meeting_section(request, meeting, "agenda", form, item)


@login_required
def agenda_item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """GET: what removing the agenda item means; POST with the confirmation: remove it."""
    meeting = editable_or_403(Meeting.objects, request.user, pk=pk)
    item = get_object_or_404(meeting.agenda_items, pk=item_pk)
    step = Step(request, "meeting.agenda.delete", str(item.pk))
    if not step.confirmed:
        cancel = f"{meeting.get_absolute_url()}#agenda"
        return step.ask(removals.remove_agenda_item(item), cancel_url=cancel)
    item.delete()
    return meeting_saved(request, meeting, "agenda", _("The agenda item was removed."))


@login_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = editable_or_403(Meeting.objects, request.user, pk=pk)
    pick = request.POST.get(AttendanceForm.PICK_ALL)
    if pick in ("all", "none"):
        form = AttendanceForm.ticked(request.POST, meeting=meeting, everyone=pick == "all")
    else:
        form = AttendanceForm(request.POST or None, meeting=meeting)
    if form.is_bound and form.is_valid():
        form.save()
        return meeting_saved(request, meeting, "attendance", _("The attendance was saved."))
    return meeting_section(request, meeting, "attendance", form)


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = editable_or_403(Meeting.objects, request.user, pk=pk)
    form = MinutesForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        return meeting_saved(request, meeting, "minutes", _("The minutes were saved."))
    return meeting_section(request, meeting, "minutes", form)


@login_required
def resolution_form(request: HttpRequest, pk: int, res_pk: int | None = None) -> HttpResponse:
    meeting = editable_or_403(Meeting.objects, request.user, pk=pk)
    resolution = get_object_or_404(meeting.resolutions, pk=res_pk) if res_pk else None
    form = ResolutionForm(request.POST or None, instance=resolution, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        form.instance.save_by(request.user)
        return meeting_saved(request, meeting, "resolutions", _("The resolution was saved."))
    return meeting_section(request, meeting, "resolutions", form, resolution)


@login_required
def meeting_delegates(request: HttpRequest, pk: int, council_pk: int) -> HttpResponse:
    """The provincial coordinator names a council's two delegates to the provincial meeting."""
    meeting = editable_or_403(Meeting.objects.provincial(), request.user, pk=pk)
    council = get_object_or_404(Council.objects.active().in_area(meeting.area_code), pk=council_pk)
    form = DelegatesForm(request.POST or None, meeting=meeting, council=council)
    if request.method == "POST" and form.is_valid():
        form.save(by=request.user)
        return meeting_saved(request, meeting, "delegates", _("The delegates were saved."))
    return meeting_section(request, meeting, "delegates", form, council)


def _proposal_context(request: HttpRequest, resolution: Resolution, form=None) -> dict:
    can_log = Meeting.objects.editable_by(request.user).filter(pk=resolution.meeting_id).exists()
    return {
        "resolution": resolution,
        "meeting": resolution.meeting,
        "history": resolution.follow_ups.select_related("logged_by"),
        "can_log": can_log,
        "form": form or (FollowUpForm(resolution=resolution) if can_log else None),
        "today": timezone.localdate(),
    }


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal, its state and its whole history; its meeting's keeper logs answers here."""
    queryset = Resolution.objects.proposals().select_related(
        "meeting__council", "addressed_to", "agenda_item"
    )
    resolution = visible_or_404(queryset, request.user, pk=pk)
    return render(
        request, "councils/meetings/proposal_detail.html", _proposal_context(request, resolution)
    )


@login_required
@require_POST
def proposal_log(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = visible_or_404(
        Resolution.objects.proposals().select_related("meeting", "addressed_to"),
        request.user,
        pk=pk,
    )
    if not Meeting.objects.editable_by(request.user).filter(pk=resolution.meeting_id).exists():
        raise PermissionDenied
    form = FollowUpForm(request.POST, resolution=resolution)
    if form.is_valid():
        form.save(by=request.user)
        feedback.saved(request, _("The follow-up was logged."), "followup")
        if request.htmx:
            response = render(
                request,
                "councils/meetings/proposal_detail.html#followup",
                _proposal_context(request, resolution),
            )
            patch_vary_headers(response, ["HX-Request"])
            return response
        return redirect(f"{resolution.get_absolute_url()}#followup")
    template = "councils/meetings/proposal_detail.html"
    if request.htmx:
        template += "#followup"
    response = render(request, template, _proposal_context(request, resolution, form))
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def followup_board(request: HttpRequest, code: str) -> HttpResponse:
    """Open proposals of an area by agency, overdue ones first, filtered from an allow-list."""
    page = _area_or_404(request, code)
    today = timezone.localdate()
    proposals = (
        Resolution.objects.proposals()
        .visible_to(request.user)
        .in_area(code)
        .select_related("meeting__council", "addressed_to")
    )
    agencies = Partner.objects.filter(pk__in=proposals.order_by().values("addressed_to"))
    filters = _board_filters(request.GET)
    proposals = _filtered(proposals, filters, today)
    # get_page reads a bad number as the first page and one past the end as the last.
    rows = Paginator(proposals.overdue_first(today), BOARD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "code": code,
        "area_label": page.area.name_th,
        "page": rows,
        "rows": list(rows.object_list),
        "agencies": list(agencies),
        "states": [("open", _("open")), *ProposalState.choices, ("all", _("all"))],
        "filters": filters,
        "filter_query": _filter_query(filters),
        "overdue_count": proposals.overdue(today).count(),
        "today": today,
    }
    return render(request, "councils/meetings/board.html", context)


def _board_filters(query) -> dict:
    """The board's filters as read from the address, each from its allow-list."""
    state = query.get("state")
    agency = query.get("agency", "")
    return {
        "state": state if state in BOARD_STATES else "open",
        "agency": agency if agency.isdigit() else "",
        "overdue": query.get("overdue") == "1",
    }


def _filtered(proposals, filters: dict, today: dt.date):
    if filters["state"] == "open":
        proposals = proposals.open()
    elif filters["state"] != "all":
        proposals = proposals.filter(state=filters["state"])
    if filters["agency"]:
        proposals = proposals.filter(addressed_to_id=int(filters["agency"]))
    if filters["overdue"]:
        proposals = proposals.overdue(today)
    return proposals


def _filter_query(filters: dict) -> str:
    """The filters for the page links, as read, so junk in the address goes no further."""
    kept = {"state": filters["state"]}
    if filters["agency"]:
        kept["agency"] = filters["agency"]
    if filters["overdue"]:
        kept["overdue"] = "1"
    return urlencode(kept)


@login_required
def annual_report_new(request: HttpRequest, pk: int) -> HttpResponse:
    council = editable_or_403(Council.objects, request.user, pk=pk)
    form = AnnualReportForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The annual report was recorded."))
        return redirect(f"{council.get_absolute_url()}#meetings")
    return render(
        request, "councils/meetings/annual_report_form.html", {"council": council, "form": form}
    )

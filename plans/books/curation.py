"""Curating a strategy book: who curates it, grouping tambon items by theme, moving and merging
them, endorsing the book and putting it before meetings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from councils.access import Role, scope_for, visible_or_404
from councils.meetings.models import AgendaItem, Meeting
from councils.models import District, Province, area_name
from plans.books.contents import book_data, data_hash
from plans.books.models import (
    BookPresentation,
    BookSnapshot,
    StrategicIssue,
    StrategicIssueLink,
    StrategyBook,
)
from plans.execution.models import IndicatorMeasurement
from plans.models import CommunityPlan, PlanIssue, Theme

CURATOR_ROLE = {
    StrategyBook.Level.DISTRICT: Role.DISTRICT_COORDINATOR,
    StrategyBook.Level.PROVINCE: Role.PROVINCE_COORDINATOR,
}
TAMBON_ITEM = "t"  # a tambon plan issue, linked through StrategicIssueLink
DISTRICT_ITEM = "d"  # a district strategic issue, gathered by a provincial issue


class BookError(Exception):
    """A book edit that cannot be made, with a message for the person who tried."""


# --- who may curate ---------------------------------------------------------------------------


def can_curate(user, book: StrategyBook) -> bool:
    """District coordinators curate their district's books, provincial ones their province's."""
    return scope_for(user).holds(book.area_code, CURATOR_ROLE[book.level])


def visible_book_or_404(user, **lookup) -> StrategyBook:
    return visible_or_404(StrategyBook.objects, user, **lookup)


def curated_or_403(user, **lookup) -> StrategyBook:
    """The book if the user curates it; 404 out of sight, 403 when only readable."""
    book = visible_or_404(StrategyBook.objects, user, **lookup)
    if not can_curate(user, book):
        raise PermissionDenied
    return book


def curated_areas(user) -> list[tuple[str, str, str]]:
    """(level, code, Thai name) of every area the user may make a book for."""
    scope = scope_for(user)
    areas = []
    district_codes = scope.codes(Role.DISTRICT_COORDINATOR)
    province_codes = scope.codes(Role.PROVINCE_COORDINATOR)
    for district in District.objects.filter(code__in=[c for c in district_codes if len(c) == 4]):
        areas.append((StrategyBook.Level.DISTRICT, district.code, district.name_th))
    for province in Province.objects.filter(code__in=[c for c in province_codes if len(c) == 2]):
        areas.append((StrategyBook.Level.PROVINCE, province.code, province.name_th))
    return areas


def default_title(level: str, code: str, first_year: int, last_year: int) -> str:
    if level == StrategyBook.Level.DISTRICT:
        where = f"อำเภอ{area_name(code)}"
    else:
        where = f"จังหวัด{area_name(code)}"
    return f"แผนยุทธศาสตร์สภาองค์กรชุมชน{where} พ.ศ. {first_year}-{last_year}"


def touch(book: StrategyBook) -> None:
    StrategyBook.objects.filter(pk=book.pk).update(version=F("version") + 1)
    book.version += 1


# --- what a book can gather ---------------------------------------------------------------------


def _overlapping(book: StrategyBook) -> Q:
    return Q(plan__first_year__lte=book.last_year, plan__last_year__gte=book.first_year)


def district_books(book: StrategyBook) -> QuerySet[StrategyBook]:
    """The district books of a province over the same years as its provincial book."""
    return StrategyBook.objects.filter(
        level=StrategyBook.Level.DISTRICT,
        area_code__startswith=book.area_code,
        first_year__lte=book.last_year,
        last_year__gte=book.first_year,
    )


def candidate_plan_issues(book: StrategyBook) -> QuerySet[PlanIssue]:
    """Tambon issues of accepted plans a book may gather directly.

    A provincial book takes tambon issues only from districts that have no book of their own.
    """
    issues = PlanIssue.objects.in_area(book.area_code).filter(
        _overlapping(book), plan__state=CommunityPlan.State.ACCEPTED
    )
    if book.level == StrategyBook.Level.PROVINCE:
        covered = district_books(book).values_list("area_code", flat=True)
        issues = issues.exclude(plan__council__subdistrict__district_id__in=covered)
    return issues


def candidate_district_issues(book: StrategyBook) -> QuerySet[StrategicIssue]:
    if book.level != StrategyBook.Level.PROVINCE:
        return StrategicIssue.objects.none()
    return StrategicIssue.objects.filter(book__in=district_books(book))


def unassigned_plan_issues(book: StrategyBook) -> QuerySet[PlanIssue]:
    return candidate_plan_issues(book).exclude(book_links__strategic_issue__book=book)


def unassigned_district_issues(book: StrategyBook) -> QuerySet[StrategicIssue]:
    return candidate_district_issues(book).exclude(provincial_issues__book=book)


# --- edits ---------------------------------------------------------------------------------------


def _next_order(book: StrategyBook) -> int:
    return (book.issues.aggregate(n=Max("order"))["n"] or 0) + 1


def add_issue(book: StrategyBook, title: str, theme: Theme | None = None) -> StrategicIssue:
    with transaction.atomic():
        issue = StrategicIssue.objects.create(
            book=book, title=title, theme=theme, order=_next_order(book)
        )
        touch(book)
    return issue


def propose_grouping(book: StrategyBook) -> int:
    """Gather every unassigned item under one strategic issue per theme; return how many.

    An existing issue of the same theme takes the items; otherwise a new one is made, named
    after the theme, for the coordinator to rename, merge and split.
    """
    with transaction.atomic():
        StrategyBook.objects.select_for_update().get(pk=book.pk)
        by_theme: dict[int, StrategicIssue] = {}
        for issue in book.issues.filter(theme__isnull=False).order_by("order", "pk"):
            by_theme.setdefault(issue.theme_id, issue)
        themes = {theme.pk: theme for theme in Theme.objects.all()}
        order = _next_order(book)

        def issue_for(theme_id: int) -> StrategicIssue:
            nonlocal order
            if theme_id not in by_theme:
                theme = themes[theme_id]
                by_theme[theme_id] = StrategicIssue.objects.create(
                    book=book, title=theme.name_th, theme=theme, order=order
                )
                order += 1
            return by_theme[theme_id]

        plan_issues = list(
            unassigned_plan_issues(book).order_by("theme__order", "plan__council", "order")
        )
        district_items = list(
            unassigned_district_issues(book).filter(theme__isnull=False).order_by("book", "order")
        )
        StrategicIssueLink.objects.bulk_create(
            StrategicIssueLink(strategic_issue=issue_for(item.theme_id), plan_issue=item)
            for item in plan_issues
        )
        Through = StrategicIssue.district_issues.through
        Through.objects.bulk_create(
            Through(from_strategicissue=issue_for(item.theme_id), to_strategicissue=item)
            for item in district_items
        )
        touch(book)
    return len(plan_issues) + len(district_items)


def move_item(book: StrategyBook, kind: str, item_id: int, to: StrategicIssue | None) -> None:
    """Put a tambon issue or a district issue under another strategic issue (None: take it out)."""
    if to is not None and to.book_id != book.pk:
        raise BookError(_("That strategic issue belongs to another book."))
    with transaction.atomic():
        StrategyBook.objects.select_for_update().get(pk=book.pk)
        if kind == TAMBON_ITEM:
            if not candidate_plan_issues(book).filter(pk=item_id).exists():
                raise BookError(_("This tambon issue cannot be gathered into this book."))
            StrategicIssueLink.objects.filter(
                strategic_issue__book=book, plan_issue_id=item_id
            ).delete()
            if to is not None:
                StrategicIssueLink.objects.create(strategic_issue=to, plan_issue_id=item_id)
        elif kind == DISTRICT_ITEM:
            if not candidate_district_issues(book).filter(pk=item_id).exists():
                raise BookError(_("This district issue cannot be gathered into this book."))
            Through = StrategicIssue.district_issues.through
            Through.objects.filter(
                from_strategicissue__book=book, to_strategicissue_id=item_id
            ).delete()
            if to is not None:
                Through.objects.create(from_strategicissue=to, to_strategicissue_id=item_id)
        else:
            raise BookError(_("Unknown kind of item."))
        touch(book)


def merge(book: StrategyBook, issue: StrategicIssue, into: StrategicIssue) -> None:
    """Move everything of one strategic issue into another and remove the first."""
    if issue.pk == into.pk:
        raise BookError(_("Choose another strategic issue to merge into."))
    if issue.book_id != book.pk or into.book_id != book.pk:
        raise BookError(_("Both strategic issues must belong to this book."))
    with transaction.atomic():
        StrategyBook.objects.select_for_update().get(pk=book.pk)
        issue.links.update(strategic_issue=into)
        into.district_issues.add(*issue.district_issues.all())
        _move_indicators(issue, into)
        if issue.goal and issue.goal not in into.goal:
            into.goal = f"{into.goal}\n{issue.goal}".strip()
        into.save(update_fields=["goal"])
        issue.delete()
        touch(book)


def _move_indicators(issue: StrategicIssue, into: StrategicIssue) -> None:
    """The merged issue's indicators join those of the issue it is merged into, after them, with
    their targets and measured values; one named like an indicator already there is dropped
    unless something was measured against it."""
    kept = set(into.indicators.values_list("name", flat=True))
    last = into.indicators.aggregate(n=Max("order"))["n"] or 0
    for indicator in issue.indicators.annotate(measured=Exists(_measured())).order_by("order"):
        if indicator.name in kept and not indicator.measured:
            continue
        last += 1
        # A curation move, not an edit of what was endorsed: the rows keep their figures.
        type(indicator).objects.filter(pk=indicator.pk).update(strategic_issue=into, order=last)


def _measured():
    return IndicatorMeasurement.objects.filter(indicator=OuterRef("pk"))


def reorder(book: StrategyBook, issue: StrategicIssue, direction: str) -> None:
    """Swap a strategic issue with its neighbour above ("up") or below ("down")."""
    with transaction.atomic():
        StrategyBook.objects.select_for_update().get(pk=book.pk)
        issues = list(book.issues.order_by("order", "pk"))
        index = next(i for i, other in enumerate(issues) if other.pk == issue.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(issues):
            return
        issues[index], issues[other] = issues[other], issues[index]
        for order, each in enumerate(issues, start=1):
            each.order = order
        StrategicIssue.objects.bulk_update(issues, ["order"])
        touch(book)


def remove_issue(book: StrategyBook, issue: StrategicIssue) -> None:
    """Remove a strategic issue; its tambon and district items go back to the unassigned list."""
    if issue.indicators.filter(Exists(_measured())).exists():
        raise BookError(
            _(
                "Values were measured against this strategic issue's indicators, so it stays; "
                "merge it into another issue instead."
            )
        )
    with transaction.atomic():
        issue.delete()
        touch(book)


# --- endorsing and what changed since ----------------------------------------------------------


def endorse(
    book: StrategyBook, *, by, body: str, on, meeting: Meeting | None = None
) -> BookSnapshot:
    """Freeze the book as endorsed: its data and the data's hash, as they are now.

    The PDF is not made here: the caller queues its rendering from the frozen data
    (reports.jobs.render_snapshot_later), so recording an endorsement stays quick however big
    the book. `meeting` is the recorded meeting that endorsed it, when there is one; the caller
    offers only meetings the person sees (see `endorsing_meetings`).
    """
    if not body.strip():
        raise ValidationError(_("Say which meeting or body endorsed the book."))
    with transaction.atomic():
        StrategyBook.objects.select_for_update().get(pk=book.pk)
        data = book_data(book)
        snapshot = BookSnapshot.objects.create(
            book=book,
            endorsed_by=by,
            endorsed_on=on,
            endorsed_by_body=body,
            meeting=meeting,
            data=data,
            data_hash=data_hash(data),
        )
        book.state = StrategyBook.State.ENDORSED
        book.save(update_fields=["state", "updated_at"])
        if meeting is not None:
            # Endorsed there means presented there, whether or not it was put on the list.
            BookPresentation.objects.get_or_create(
                book=book, meeting=meeting, defaults={"added_by": by}
            )
    return snapshot


def endorsing_meetings(user, book: StrategyBook) -> QuerySet[Meeting]:
    """The meetings that may have endorsed a book: the district and provincial meetings of its
    area and of the province around it, that the person sees; those the book was presented at
    first (`presented` says which), then the latest first."""
    presented = BookPresentation.objects.filter(book=book, meeting=OuterRef("pk"))
    return (
        Meeting.objects.visible_to(user)
        .concerning(book.area_code)
        .presenting_books()
        .annotate(presented=Exists(presented))
        .order_by("-presented", "-held_on", "-pk")
    )


# --- books put before a meeting ----------------------------------------------------------------


def presentable_books(user, meeting: Meeting) -> QuerySet[StrategyBook]:
    """The books a meeting may take up: those of its area the person sees, not yet on its list.

    A provincial meeting takes the provincial book and the district books of the province; a
    district meeting, the district's book. A book of another area is never among them.
    """
    return (
        StrategyBook.objects.visible_to(user)
        .in_area(meeting.area_code)
        .exclude(presentations__meeting=meeting)
        .order_by("area_code", "-first_year")
    )


def present(
    book: StrategyBook, meeting: Meeting, *, by, with_agenda_item: bool
) -> BookPresentation:
    """Put the book on the meeting's list; with an agenda item of its own at the end when asked.

    The caller offers only `presentable_books`. Presenting a book twice changes nothing.
    """
    with transaction.atomic():
        # One agenda number each when two people add books at once.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        presentation, _created = BookPresentation.objects.get_or_create(
            book=book, meeting=meeting, defaults={"added_by": by}
        )
        if with_agenda_item and presentation.agenda_item_id is None:
            last = meeting.agenda_items.aggregate(n=Max("position"))["n"] or 0
            # The agenda is a Thai document whatever the coordinator's language.
            presentation.agenda_item = AgendaItem.objects.create(
                meeting=meeting,
                position=last + 1,
                title=f"นำเสนอ{book.title}",
                details=f"ปีงบประมาณ {book.first_year}-{book.last_year}",
            )
            presentation.save(update_fields=["agenda_item"])
    return presentation


def presentations_of(user, book: StrategyBook) -> list[BookPresentation]:
    """The meetings the book was or will be presented at, that the person sees, in date order;
    each says (`endorsed_here`) whether that meeting endorsed the book."""
    endorsed = BookSnapshot.objects.filter(book=book, meeting=OuterRef("meeting"))
    return list(
        book.presentations.filter(meeting__in=Meeting.objects.visible_to(user))
        .select_related("meeting", "agenda_item")
        .annotate(endorsed_here=Exists(endorsed))
        .order_by("meeting__held_on", "meeting__starts_at", "pk")
    )


def withdraw(presentation: BookPresentation) -> None:
    """Take a book off a meeting's list; its agenda item stays for the keeper to edit or remove.

    A book the meeting endorsed stays: the endorsement names the meeting.
    """
    endorsed_here = BookSnapshot.objects.filter(
        book_id=presentation.book_id, meeting_id=presentation.meeting_id
    )
    if endorsed_here.exists():
        raise BookError(_("The meeting endorsed this book, so it stays on its list."))
    presentation.delete()


def latest_snapshot(book: StrategyBook) -> BookSnapshot | None:
    return book.snapshots.select_related("meeting").order_by("-endorsed_at", "-pk").first()

"""A meeting's PDF: the invitation with its agenda before the meeting, the minutes after it, with
the strategy books presented there summarised as annexes.

Both are built from plain data (`meeting_data`) whose hash names the document, so asking twice
for an unchanged meeting serves the same file (reports.jobs), and a worker renders it
(reports.tasks) bounded in time and memory like a plan.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone, translation

from councils.meetings.models import Meeting
from councils.models import CouncilMember, area_name
from plans.books import contents
from reports import bounded
from reports.bounded import Deadline
from reports.pdf import html_to_document

INVITATION = "meeting_invitation"
MINUTES = "meeting_minutes"
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
# The annexes of the minutes are lettered as Thai documents letter them.
ANNEX_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
BOOK_STATE_TH = {"draft": "ฉบับร่าง", "endorsed": "ได้รับความเห็นชอบแล้ว"}


def document_kind(meeting: Meeting) -> str:
    """The invitation until the meeting is held (Meeting.is_held), the minutes from then on:
    on the day itself the invitation still serves until anything of the meeting is recorded."""
    return MINUTES if meeting.is_held else INVITATION


def meeting_data(meeting: Meeting, kind: str) -> dict:
    """Everything the meeting's document shows, as plain data, in Thai whatever the reader's
    language (an official document)."""
    with translation.override("th"):
        data = {
            "kind": kind,
            "meeting": _meeting(meeting),
            "addressee": _addressee(meeting),
            "agenda": [
                {"position": item.position, "title": item.title, "details": item.details}
                for item in meeting.agenda_items.order_by("position", "pk")
            ],
            "officers": _officers(meeting),
            "books": _books(meeting, with_summaries=kind == MINUTES),
        }
        if kind == MINUTES:
            data |= _record(meeting)
        else:
            data["invited"] = [_person(member) for member in meeting.seat_holders()]
    return data


def _meeting(meeting: Meeting) -> dict:
    council = meeting.council
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "phrase": meeting_phrase(meeting.title),
        "number": meeting.number,
        "kind": meeting.kind,
        "kind_label": str(meeting.get_kind_display()),
        "level": meeting.level,
        "held_on": meeting.held_on.isoformat(),
        "weekday": WEEKDAYS[meeting.held_on.weekday()],
        "starts_at": meeting.starts_at.strftime("%H.%M") if meeting.starts_at else "",
        "place": meeting.place,
        "council": council.name if council else "",
        "host": council.name if council else _network_name(meeting),
    }


def meeting_phrase(title: str) -> str:
    """The meeting as the words after "ขอเชิญเข้าร่วม" and "รายงาน": "การประชุม...", without
    doubling a title that already says it."""
    if title.startswith("การ"):
        return title
    return "การประชุม" + title.removeprefix("ที่ประชุม")


def _network_name(meeting: Meeting) -> str:
    if meeting.level == Meeting.Level.DISTRICT:
        return f"เครือข่ายสภาองค์กรชุมชนอำเภอ{area_name(meeting.area_code)}"
    if meeting.level == Meeting.Level.PROVINCE:
        return f"ที่ประชุมระดับจังหวัดสภาองค์กรชุมชนจังหวัด{area_name(meeting.area_code)}"
    return "ที่ประชุมระดับชาติสภาองค์กรชุมชน"


def _addressee(meeting: Meeting) -> str:
    """เรียน ...: whom the invitation is addressed to."""
    name = area_name(meeting.area_code) if meeting.area_code else ""
    if meeting.kind == Meeting.Kind.COUNCIL_MEETING:
        return f"สมาชิกสภาองค์กรชุมชนตำบล{name} ทุกท่าน"
    if meeting.level == Meeting.Level.COUNCIL:
        return f"สมาชิกสภาองค์กรชุมชน ผู้แทนองค์กรชุมชน และภาคีในตำบล{name}"
    if meeting.level == Meeting.Level.DISTRICT:
        return f"ผู้แทนสภาองค์กรชุมชนตำบลในอำเภอ{name} ทุกท่าน"
    if meeting.kind == Meeting.Kind.PROVINCIAL:
        return f"ผู้แทนสภาองค์กรชุมชนตำบลในจังหวัด{name} ทุกท่าน"
    if meeting.level == Meeting.Level.PROVINCE:
        return f"สภาองค์กรชุมชนตำบลและภาคีในจังหวัด{name}"
    return "ผู้แทนที่ประชุมระดับจังหวัดสภาองค์กรชุมชนทุกจังหวัด"


def _officers(meeting: Meeting) -> dict:
    """Who signs: the council's chair and secretary sitting on the day of the meeting. A network
    meeting has no council: its lines are left for the chair of the meeting to sign by hand."""
    if meeting.council_id is None:
        position = f"ประธาน{_network_name(meeting)}"
        return {"chair": {"name": "", "position": position}, "secretary": None}
    tambon = area_name(meeting.area_code)
    sitting = CouncilMember.objects.filter(
        council_id=meeting.council_id,
        role__in=[CouncilMember.Role.CHAIR, CouncilMember.Role.SECRETARY],
        selected_on__lte=meeting.held_on,
    ).exclude(left_on__lte=meeting.held_on)
    found = {member.role: member.full_name for member in sitting}
    return {
        "chair": {
            "name": found.get(CouncilMember.Role.CHAIR, ""),
            "position": f"ประธานสภาองค์กรชุมชนตำบล{tambon}",
        },
        "secretary": {
            "name": found.get(CouncilMember.Role.SECRETARY, ""),
            "position": f"เลขานุการสภาองค์กรชุมชนตำบล{tambon}",
        },
    }


def _person(member: CouncilMember, meeting: Meeting | None = None) -> dict:
    """A name with what the person is at the meeting: their office, or their council."""
    if meeting is not None and member.council_id != meeting.council_id:
        what = member.council.name
    elif member.role != CouncilMember.Role.MEMBER:
        what = str(member.get_role_display())
    else:
        what = ""
    return {"id": member.pk, "name": member.full_name, "what": what}


def _record(meeting: Meeting) -> dict:
    """What the minutes add: who came and who did not, the quorum, the discussion and the
    resolutions of each agenda item."""
    attendances = meeting.attendances.select_related("member__council").order_by(
        "member__council", "member__last_name", "member__pk"
    )
    present = [_person(attendance.member, meeting) for attendance in attendances]
    came = {person["id"] for person in present}
    absent = []
    if meeting.has_quorum_rule:
        absent = [_person(m, meeting) for m in meeting.seat_holders() if m.pk not in came]
    quorum = meeting.quorum()
    positions = set(meeting.agenda_items.values_list("position", flat=True))
    resolutions = []
    for resolution in meeting.resolutions.select_related("addressed_to", "agenda_item"):
        resolutions.append(
            {
                "position": resolution.position,
                "item": resolution.agenda_item.position if resolution.agenda_item else None,
                "text": resolution.text,
                "voted": resolution.had_a_vote,
                "for": resolution.votes_for or 0,
                "against": resolution.votes_against or 0,
                "abstained": resolution.abstentions or 0,
                "addressed_to": resolution.addressed_to.name if resolution.addressed_to else "",
                "due_on": resolution.due_on.isoformat() if resolution.due_on else "",
            }
        )
    return {
        "present": present,
        "absent": absent,
        "attendance": [
            {key: str(value) for key, value in row.items()} for row in meeting.attendance_counts()
        ],
        "quorum": (
            {
                "seats": quorum.seats,
                "present": quorum.present,
                "needed": quorum.needed,
                "met": quorum.met,
            }
            if quorum
            else None
        ),  # fmt: skip
        "partners": list(meeting.partners_present.values_list("name", flat=True)),
        "minutes": meeting.minutes,
        "resolutions": resolutions,
        # Those under no agenda item of the list, written after the items as เรื่องอื่น ๆ.
        "other_resolutions": [r for r in resolutions if r["item"] not in positions],
    }


def _books(meeting: Meeting, *, with_summaries: bool) -> list[dict]:
    """The strategy books put before the meeting: for the minutes each with a summary, from the
    snapshot endorsed at this meeting, or from the book as it stands (a draft's figures)."""
    if not meeting.presents_books:
        return []
    books = []
    for index, row in enumerate(meeting.strategy_books()):
        book, item, snapshot = row["book"], row["agenda_item"], row["snapshot"]
        entry = {
            "title": book.title,
            "item": item.position if item else None,
            "letter": ANNEX_LETTERS[index % len(ANNEX_LETTERS)],
            "endorsed": (
                {"body": snapshot.endorsed_by_body, "on": snapshot.endorsed_on.isoformat()}
                if snapshot
                else None
            ),  # fmt: skip
            "state": BOOK_STATE_TH.get(book.state, str(book.get_state_display())),
        }
        if with_summaries:
            entry["summary"] = _summary(snapshot.data if snapshot else contents.book_data(book))
        books.append(entry)
    return books


def _summary(data: dict) -> dict:
    """A book's summary for an annex: its totals and strategic issues, not its tambon annex."""
    return {
        "level": data["book"]["level"],
        "area": data["book"]["area_name"],
        "first_year": data["book"]["first_year"],
        "last_year": data["book"]["last_year"],
        "total": data["totals"]["total"],
        "tambons": data["totals"]["tambons"],
        "by_year": data["totals"]["by_year"],
        "by_theme": data["totals"]["by_theme"],
        "issues": [
            {
                "number": issue["number"],
                "title": issue["title"],
                "goal": issue.get("goal", ""),
                "total": issue["total"],
                "tambons": issue.get("tambons", 0),
            }
            for issue in data["issues"]
        ],
    }


TEMPLATES = {
    INVITATION: "reports/meeting_invitation.html",
    MINUTES: "reports/meeting_minutes.html",
}


def meeting_html(data: dict, *, today: dt.date | None = None) -> str:
    context = {
        "data": data,
        "meeting": data["meeting"],
        "held_on": dt.date.fromisoformat(data["meeting"]["held_on"]),
        "today": today or timezone.localdate(),
        "title": data["meeting"]["title"],
    }
    with translation.override("th"):
        return render_to_string(TEMPLATES[data["kind"]], context)


def render_meeting(
    data: dict,
    *,
    deadline: Deadline | None = None,
    heartbeat: Callable[[], None] | None = None,
) -> tuple[bytes, int]:
    """The meeting's PDF and its page count; with a deadline, made in a bounded child process
    (reports.bounded) like a plan's."""
    if deadline is not None:
        render = functools.partial(render_meeting, data)
        return bounded.run(render, deadline=deadline, heartbeat=heartbeat)
    return html_to_document(meeting_html(data))

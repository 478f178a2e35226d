"""Meetings at every level: agenda, attendance, resolutions and the follow-up of proposals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import AreaQuerySet, Role, inside_or_around_q, prefix_q, scope_for
from councils.buddhist_era import ce_year, fiscal_year_be, thai_date
from councils.models import Council, CouncilChildQuerySet, CouncilMember, Partner

DELEGATES_PER_COUNCIL = 2  # s.21, s.24
COUNCIL_MEETINGS_A_YEAR = 4  # s.19
# Our reading of s.21: the report on a fiscal year (ending 30 September) is due by 31 December.
ANNUAL_REPORT_DUE = (12, 31)


def annual_report_due_on(fiscal_year: int) -> dt.date:
    return dt.date(ce_year(fiscal_year), *ANNUAL_REPORT_DUE)


def annual_report_year_due(today: dt.date) -> int | None:
    """The fiscal year whose annual report a council must have published by today, if any.

    The check follows the current obligation: from 1 January the report on the fiscal year that
    ended on 30 September; before that, none is asked for yet.
    """
    last_year = fiscal_year_be(today) - 1
    return last_year if today > annual_report_due_on(last_year) else None


def partners_serving(area_code: str) -> models.QuerySet[Partner]:
    """The agencies a meeting of this area may address or host: those working in the area, in
    the district and province around it, and the national ones."""
    return Partner.objects.filter(
        inside_or_around_q("area_code", [area_code]) | Q(area_code="")
    ).order_by("kind", "area_code", "name")


class MeetingQuerySet(AreaQuerySet):
    area_field = "area_code"

    def editable_by(self, user):
        """Each level is kept by its coordinator: tambon, district network, province."""
        scope = scope_for(user)
        return self.filter(
            (Q(level=Meeting.Level.COUNCIL) & prefix_q("area_code", scope.editable))
            | (
                Q(level=Meeting.Level.DISTRICT)
                & prefix_q("area_code", scope.codes(Role.DISTRICT_COORDINATOR))
            )
            | (
                Q(level=Meeting.Level.PROVINCE)
                & prefix_q("area_code", scope.codes(Role.PROVINCE_COORDINATOR))
            )
        )

    def visible_to(self, user):
        """What a person reads: the meetings inside their areas, and the district and provincial
        meetings of the areas around them, which their council's people attend."""
        return self.filter(inside_or_around_q(self.area_field, scope_for(user).visible))

    def concerning(self, code: str):
        """The meetings of an area and of the district and province around it."""
        return self.filter(inside_or_around_q("area_code", [code]))

    def between(self, first: dt.date, last: dt.date):
        return self.filter(held_on__gte=first, held_on__lte=last)

    def council_meetings(self):
        return self.filter(kind=Meeting.Kind.COUNCIL_MEETING)

    def provincial(self):
        return self.filter(kind=Meeting.Kind.PROVINCIAL)

    def presenting_books(self):
        """The district and provincial meetings, where the network's strategy books are put."""
        return self.filter(level__in=Meeting.BOOK_LEVELS)


class Meeting(models.Model):
    """A meeting held by a council or by the network of an area, with its minutes."""

    class Level(models.TextChoices):
        COUNCIL = "council", _("tambon council")
        DISTRICT = "district", _("district network")
        PROVINCE = "province", _("province")
        NATIONAL = "national", _("national")

    class Kind(models.TextChoices):
        COUNCIL_MEETING = "council_meeting", _("council meeting")
        COMMUNITY_FORUM = "community_forum", _("community forum")
        DISTRICT_NETWORK = "district_network", _("district network meeting")
        PROVINCIAL = "provincial", _("provincial meeting")
        KNOWLEDGE_FORUM = "knowledge_forum", _("knowledge forum")
        NATIONAL = "national", _("national meeting")

    # The kinds each level may hold; the form offers only these.
    LEVEL_KINDS = {
        Level.COUNCIL: (Kind.COUNCIL_MEETING, Kind.COMMUNITY_FORUM, Kind.KNOWLEDGE_FORUM),
        Level.DISTRICT: (Kind.DISTRICT_NETWORK, Kind.COMMUNITY_FORUM, Kind.KNOWLEDGE_FORUM),
        Level.PROVINCE: (Kind.PROVINCIAL, Kind.KNOWLEDGE_FORUM),
        Level.NATIONAL: (Kind.NATIONAL, Kind.KNOWLEDGE_FORUM),
    }
    CODE_LENGTH_LEVEL = {6: Level.COUNCIL, 4: Level.DISTRICT, 2: Level.PROVINCE, 0: Level.NATIONAL}
    # Only these meetings have seat holders, and so a quorum.
    QUORUM_KINDS = (Kind.COUNCIL_MEETING, Kind.PROVINCIAL)
    # The district and provincial strategy books are presented to (and endorsed by) the
    # meetings of the networks above the tambons; plans keeps the link (BookPresentation).
    BOOK_LEVELS = (Level.DISTRICT, Level.PROVINCE)

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("kind of meeting"), max_length=30, choices=Kind.choices)
    council = models.ForeignKey(
        Council,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("council"),
    )
    area_code = models.CharField(
        _("area code"), max_length=6, blank=True, db_index=True,
        help_text=_("The tambon, district or province that holds the meeting."),
    )  # fmt: skip
    number = models.CharField(
        _("meeting no."), max_length=30, blank=True, help_text=_("For example 3/2569.")
    )
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"), db_index=True)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    minutes = models.TextField(_("minutes"), blank=True)
    partners_present = models.ManyToManyField(
        Partner,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("partner agencies present"),
    )
    guests_female = models.PositiveIntegerField(_("other participants, women"), default=0)
    guests_male = models.PositiveIntegerField(_("other participants, men"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="council", council__isnull=False)
                | (~Q(level="council") & Q(council__isnull=True)),
                name="council_meeting_has_its_council",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meeting_detail", args=[self.pk])

    @property
    def is_past(self) -> bool:
        return self.held_on <= timezone.localdate()

    @property
    def is_held(self) -> bool:
        """Held: its day has passed, or it is today and something of it is recorded (who came,
        the minutes or a resolution). Until then its PDF is the invitation, after it the
        minutes (reports.meeting_documents)."""
        today = timezone.localdate()
        if self.held_on != today:
            return self.held_on < today
        return bool(self.minutes) or self.attendances.exists() or self.resolutions.exists()

    @property
    def has_quorum_rule(self) -> bool:
        return self.kind in self.QUORUM_KINDS

    @property
    def presents_books(self) -> bool:
        return self.level in self.BOOK_LEVELS

    def seat_holders(self) -> models.QuerySet[CouncilMember]:
        """Who sits in this meeting: the council's members sitting on the day, or the delegates
        named to a provincial meeting. Other meetings are open: their choice is the members of the
        councils of the area who hold an office."""
        members = CouncilMember.objects.select_related("council")
        if self.kind == self.Kind.PROVINCIAL:
            return members.filter(delegations__meeting=self).order_by("council", "last_name")
        sitting_on_day = Q(selected_on__lte=self.held_on) & (
            Q(left_on__isnull=True) | Q(left_on__gt=self.held_on)
        )
        if self.council_id:
            return members.filter(sitting_on_day, council_id=self.council_id)
        return members.filter(
            sitting_on_day,
            council__subdistrict__code__startswith=self.area_code,
            role__in=CouncilMember.OFFICER_ROLES,
        ).order_by("council", "role")

    def people_present(self) -> int:
        """Everyone recorded at the meeting: members and delegates, and the other participants."""
        return self.attendances.count() + self.guests_female + self.guests_male

    def quorum(self) -> Quorum | None:
        """More than half of the seat holders present; None where no quorum applies."""
        if not self.has_quorum_rule:
            return None
        holders = set(self.seat_holders().values_list("pk", flat=True))
        present = set(self.attendances.values_list("member_id", flat=True))
        return Quorum(seats=len(holders), present=len(holders & present))

    def strategy_books(self) -> list[dict]:
        """The strategy books put before the meeting: each `book` with the `agenda_item` that
        presents it and the `snapshot` of its endorsement here, if the meeting endorsed it.

        Books live in plans, which councils does not import: its BookPresentation and
        BookSnapshot are read through their relations' names, two queries however many books.
        """
        endorsed = {}
        for snapshot in self.endorsed_books.select_related("book").order_by("-endorsed_at", "-pk"):
            endorsed.setdefault(snapshot.book_id, snapshot)
        listed = [
            (presentation.book, presentation.agenda_item)
            for presentation in self.book_presentations.select_related("book", "agenda_item")
        ]
        # Endorsing at a meeting puts the book on its list; an endorsement recorded before the
        # list existed still counts.
        on_list = {book.pk for book, _item in listed}
        listed += [(s.book, None) for s in endorsed.values() if s.book_id not in on_list]
        return [
            {"book": book, "agenda_item": item, "snapshot": endorsed.get(book.pk)}
            for book, item in listed
        ]

    def attendance_counts(self) -> list[dict]:
        """Who came, by group and sex: the table on the page and in the PDF."""
        rows: dict[str, dict] = {}
        labels = {
            "members": _("council members"),
            "delegates": _("delegates of other councils"),
        }
        for attendance in self.attendances.select_related("member"):
            group = (
                "members"
                if self.council_id and attendance.member.council_id == self.council_id
                else "delegates"
            )
            row = rows.setdefault(
                group, {"group": group, "label": labels[group], "female": 0, "male": 0, "other": 0}
            )
            sex = attendance.member.sex
            row[sex if sex in ("female", "male") else "other"] += 1
        if self.guests_female or self.guests_male:
            rows["guests"] = {
                "group": "guests",
                "label": _("other participants"),
                "female": self.guests_female,
                "male": self.guests_male,
                "other": 0,
            }
        result = list(rows.values())
        for row in result:
            row["total"] = row["female"] + row["male"] + row["other"]
        if result:
            result.append(
                {
                    "group": "total",
                    "label": _("total"),
                    "total_row": True,
                    **{
                        key: sum(row[key] for row in result)
                        for key in ("female", "male", "other", "total")
                    },
                }
            )
        return result

    def clean(self):
        allowed = self.LEVEL_KINDS.get(self.level, ())
        if self.kind and self.kind not in allowed:
            raise ValidationError(
                {"kind": _("A %(level)s does not hold a %(kind)s.")
                 % {"level": self.get_level_display(), "kind": self.get_kind_display()}}
            )  # fmt: skip


@dataclass(frozen=True)
class Quorum:
    """How many seat holders a meeting has and how many came; met when more than half came."""

    seats: int
    present: int

    @property
    def needed(self) -> int:
        return self.seats // 2 + 1

    @property
    def met(self) -> bool:
        return self.seats > 0 and self.present >= self.needed


class AgendaItemQuerySet(AreaQuerySet):
    area_field = "meeting__area_code"


class AgendaItem(models.Model):
    """One item of a meeting's ordered agenda (ระเบียบวาระ)."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("item no."))
    title = models.CharField(_("agenda item"), max_length=300)
    details = models.TextField(_("details"), blank=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    """A council member (or a delegate) who came to the meeting."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        CouncilMember, models.PROTECT, related_name="attendances", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attends_once"),
        ]

    def __str__(self):
        return f"{self.member} @ {self.meeting}"


class Delegate(models.Model):
    """A council member named by their council to the provincial meeting (s.21, s.24)."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="delegates")
    council = models.ForeignKey(Council, models.CASCADE, related_name="delegations")
    member = models.ForeignKey(CouncilMember, models.PROTECT, related_name="delegations")
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "member__last_name"]
        verbose_name = _("delegate to the provincial meeting")
        verbose_name_plural = _("delegates to the provincial meeting")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="delegate_once"),
        ]

    def __str__(self):
        return f"{self.member} ({self.council})"


class ProposalState(models.TextChoices):
    SENT = "sent", _("sent")
    ANSWERED = "answered", _("answered")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_STATES = (ProposalState.SENT, ProposalState.ANSWERED, ProposalState.IN_PROGRESS)


class ResolutionQuerySet(AreaQuerySet):
    area_field = "meeting__area_code"

    def visible_to(self, user):
        """Read as their meetings are: a tambon also follows its province's proposals."""
        return self.filter(inside_or_around_q(self.area_field, scope_for(user).visible))

    def proposals(self):
        return self.exclude(addressed_to__isnull=True)

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today: dt.date | None = None):
        """Still waiting for the agency's answer after the date it was due."""
        return self.filter(state=ProposalState.SENT, due_on__lt=today or timezone.localdate())

    def overdue_first(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        # Overdue first, then the other open ones (soonest due first), then the closed ones.
        is_overdue = models.Case(
            models.When(Q(state=ProposalState.SENT, due_on__lt=today), then=0),
            models.When(state__in=OPEN_STATES, then=1),
            default=2,
        )
        return self.annotate(overdue_rank=is_overdue).order_by(
            "overdue_rank", models.F("due_on").asc(nulls_last=True), "pk"
        )


class Resolution(models.Model):
    """A resolution (มติ) of a meeting; addressed to an agency it is a proposal to follow up."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="resolutions")
    position = models.PositiveSmallIntegerField(_("resolution no."))
    agenda_item = models.ForeignKey(
        AgendaItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("resolution"))
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    addressed_to = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("proposal to"),
        help_text=_("The agency asked to act on it, if this resolution is a proposal."),
    )
    due_on = models.DateField(_("answer due by"), null=True, blank=True)
    state = models.CharField(
        _("proposal state"), max_length=20, choices=ProposalState.choices, blank=True
    )
    state_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(addressed_to__isnull=True, state="")
                | Q(addressed_to__isnull=False, state__in=[s.value for s in ProposalState]),
                name="proposal_has_a_state",
            ),
        ]

    def __str__(self):
        return f"{_('Resolution')} {self.position}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("proposal_detail", args=[self.pk])

    def citation(self) -> str:
        """The resolution as a list names it: meeting number, its date, the whole text.

        A bookkeeper picks the resolution that approved a claim from this label alone, so the
        text is never cut; a missing meeting number falls back to the meeting's title.
        """
        meeting = self.meeting
        values = {
            "meeting": meeting.number or meeting.title,
            "date": thai_date(meeting.held_on, short=True),
            "position": self.position,
            "text": " ".join(self.text.split()),
        }
        if meeting.number:
            return _("Meeting %(meeting)s (%(date)s) — resolution %(position)s: %(text)s") % values
        return _("%(meeting)s (%(date)s) — resolution %(position)s: %(text)s") % values

    @property
    def is_proposal(self) -> bool:
        return self.addressed_to_id is not None

    @property
    def had_a_vote(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against, self.abstentions))

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state == ProposalState.SENT and self.due_on is not None and self.due_on < today

    def clean(self):
        if self.due_on and not self.addressed_to_id:
            raise ValidationError({"due_on": _("Only a proposal to an agency has a due date.")})
        self._check_votes_against_attendance()
        if self.pk and not self.addressed_to_id and self.follow_ups.exists():
            raise ValidationError(
                {"addressed_to": _(
                    "This proposal already has a follow-up history; mark it dropped instead."
                )}
            )  # fmt: skip

    def _check_votes_against_attendance(self) -> None:
        # Until the attendance is recorded, the number present is not known, so nothing to check.
        votes = sum(v or 0 for v in (self.votes_for, self.votes_against, self.abstentions))
        if not votes or not self.meeting_id:
            return
        present = self.meeting.people_present()
        if present and votes > present:
            raise ValidationError(
                {"votes_for": _(
                    "The votes for, against and abstentions add up to %(votes)s, more than the "
                    "%(present)s people recorded as present at the meeting."
                ) % {"votes": votes, "present": present}}
            )  # fmt: skip

    def save_by(self, user) -> None:
        """Save; a resolution that becomes a proposal is logged as sent, by whom and when."""
        with transaction.atomic():
            becomes_proposal = self.is_proposal and not self.state
            if becomes_proposal:
                self.state = ProposalState.SENT
                self.state_changed_at = timezone.now()
            if not self.is_proposal:
                self.state = ""
            self.save()
            if becomes_proposal:
                FollowUp.objects.create(
                    resolution=self,
                    happened_on=self.meeting.held_on,
                    note=_("Proposal sent to %(agency)s.") % {"agency": self.addressed_to},
                    state_from="",
                    state_to=ProposalState.SENT,
                    logged_by=user,
                )

    def log(self, *, by, note: str, happened_on: dt.date, state: str = "") -> FollowUp:
        """Log an answer or an action; a new state is kept with who, when and why."""
        with transaction.atomic():
            # Two people logging at once must not both read the same "from" state.
            current = Resolution.objects.select_for_update().get(pk=self.pk)
            changes = bool(state) and state != current.state
            entry = FollowUp.objects.create(
                resolution=current,
                happened_on=happened_on,
                note=note,
                state_from=current.state if changes else "",
                state_to=state if changes else "",
                logged_by=by,
            )
            if changes:
                current.state = state
                current.state_changed_at = timezone.now()
                current.save(update_fields=["state", "state_changed_at"])
                self.state, self.state_changed_at = current.state, current.state_changed_at
        return entry


class FollowUp(models.Model):
    """The agency's answer or an action taken on a proposal; a state change says who and why."""

    resolution = models.ForeignKey(Resolution, models.CASCADE, related_name="follow_ups")
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("answer or action"))
    state_from = models.CharField(max_length=20, choices=ProposalState.choices, blank=True)
    state_to = models.CharField(
        _("new state"), max_length=20, choices=ProposalState.choices, blank=True
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolution", "-happened_on", "-logged_at", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return f"{self.happened_on}: {self.note[:60]}"


class AnnualReport(models.Model):
    """The council's annual report on its work for one fiscal year (s.21)."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="annual_reports")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    published_on = models.DateField(_("published on"))
    summary = models.TextField(_("summary"), blank=True)

    objects = CouncilChildQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-fiscal_year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(fields=["council", "fiscal_year"], name="one_report_a_year"),
        ]

    def __str__(self):
        return f"{self.council} · {self.fiscal_year}"


def council_meeting_summary(council: Council, today: dt.date | None = None) -> dict:
    """What the council page shows of its meetings: the next and latest ones, open proposals."""
    today = today or timezone.localdate()
    meetings = Meeting.objects.concerning(council.subdistrict_id)
    proposals = Resolution.objects.proposals().filter(meeting__council=council).open()
    return {
        "upcoming_meetings": list(meetings.filter(held_on__gte=today).order_by("held_on")[:3]),
        "recent_meetings": list(meetings.filter(council=council, held_on__lt=today)[:3]),
        "open_proposals": proposals.count(),
        "overdue_proposals": proposals.overdue(today).count(),
        "annual_reports": list(council.annual_reports.all()[:3]),
        # The last fiscal year that has ended: the one a report can be made on now.
        "annual_report_year": fiscal_year_be(today) - 1,
    }

"""A data subject's records under the PDPA: finding them, exporting them whole, erasing them.

A person appears as a council member (by name, often without a citizen ID), a person of the
leaders' registry (with roles, trainings and a birth year), a fund member (with a citizen ID),
a claimant and an attendee. `subject_records` finds every row about them within the
areas the CODI staff member administers; `export` writes it all as one JSON file, the one place
the citizen ID is shown in full; `erase` anonymises the person and keeps the money whole. Both
leave a PrivacyRequest.

Erasure changes no ledger row (they are append-only, down to a database trigger): a payout's
description is its benefit's name and a contribution's is the bookkeeper's note, so an entry
refers to the person only through its member, which is anonymised. A note that names the
person anyway is listed in the request's notes for CODI to correct by a reversing entry.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum.th import pin

from councils.access import ALL, prefix_q
from councils.audit import AuditEntry
from councils.meetings.models import Attendance, Delegate, Meeting
from councils.models import CouncilMember
from councils.persons.models import Person, PersonRole, Training
from reports.models import Document, PrivacyRequest
from welfare.models import (
    Claim,
    LedgerEntry,
    Member,
    RevealLog,
    compact_citizen_id,
    mask_citizen_id,
)

# What an erased person is called from then on. Stored data, not UI text: the same in any language.
ERASED = "[ลบข้อมูลแล้ว]"
ERASED_FIRST_NAME = "ลบข้อมูลแล้ว"
# The fields that hold a person's own data, blanked in the audit trail's recorded changes.
PERSONAL_FIELDS = {
    "title", "first_name", "last_name", "citizen_id", "birth_date", "phone", "beneficiaries",
    "description", "rejected_reason", "birth_year",
}  # fmt: skip


def placeholder_citizen_id(member_pk: int) -> str:
    """A number that passes the citizen ID check (13 digits, mod-11) and belongs to no one:
    digits 2-3 are the province of registration, and no province has the code 00. The member's
    id in it keeps it unique within the fund."""
    body = f"100{member_pk:09d}"
    return body + pin.calc_check_digit(body)


@dataclass
class SubjectRecords:
    """Every row about one person, in the areas of the staff member who asked."""

    council_members: list[CouncilMember] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    person_roles: list[PersonRole] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    fund_members: list[Member] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    ledger_entries: list[LedgerEntry] = field(default_factory=list)
    attendances: list[Attendance] = field(default_factory=list)
    delegations: list[Delegate] = field(default_factory=list)
    reveals: list[RevealLog] = field(default_factory=list)
    audit_entries: list[AuditEntry] = field(default_factory=list)

    KINDS = (
        "council_members", "persons", "person_roles", "trainings", "fund_members", "claims",
        "ledger_entries", "attendances", "delegations", "reveals", "audit_entries",
    )  # fmt: skip
    # The rows that are the person (named, anonymised on erasure), and the rows about them.
    PEOPLE = ("council_members", "persons", "fund_members")
    TRAILED = (
        "council_members", "persons", "person_roles", "trainings", "fund_members", "claims",
        "attendances", "delegations",
    )  # fmt: skip

    @property
    def is_empty(self) -> bool:
        return not (self.council_members or self.persons or self.fund_members)

    def people(self) -> list:
        return [row for kind in self.PEOPLE for row in getattr(self, kind)]

    def areas(self) -> set[str]:
        areas = {m.council.subdistrict_id for m in [*self.council_members, *self.persons]}
        return areas | {m.fund.council.subdistrict_id for m in self.fund_members}

    def row_ids(self) -> dict[str, list[int]]:
        return {kind: [row.pk for row in getattr(self, kind)] for kind in self.KINDS}

    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, kind)) for kind in self.KINDS}

    @property
    def area_code(self) -> str:
        for member in [*self.council_members, *self.persons]:
            return member.council.subdistrict_id
        for member in self.fund_members:
            return member.fund.council.subdistrict_id
        return ""

    def masked_subject(self) -> str:
        """Which rows, never who: a request record must not undo the erasure it records."""
        parts = [f"CouncilMember #{m.pk}" for m in self.council_members]
        parts += [f"Person #{p.pk}" for p in self.persons]
        parts += [f"Member #{m.pk} ({mask_citizen_id(m.citizen_id)})" for m in self.fund_members]
        return ", ".join(parts)[:200]

    def names(self) -> set[tuple[str, str]]:
        return {(m.first_name, m.last_name) for m in self.people()}


def subject_records(
    *,
    citizen_id: str = "",
    first_name: str = "",
    last_name: str = "",
    area_code: str = "",
    person_ids: Iterable[int] = (),
    within: Iterable[str] = ALL,
) -> SubjectRecords:
    """Every row about the person with this citizen ID and/or this name in this area.

    A council member is found by name within a tambon (or wider area), as the registry keeps no
    citizen ID; fund members by citizen ID, or by name in the area. The fund memberships found
    by name bring in the person's other memberships by their citizen ID, and those bring in
    council members of the same name in their tambons. The leaders' registry's persons are
    found by name the same way, and a council seat and its person bring in each other whatever
    either is called now. Only rows inside `within` (the prefixes the staff member
    administers) are read.
    """
    within = tuple(within)
    ids = {compact_citizen_id(citizen_id)} - {""}
    places: set[tuple[str, str, str]] = set()
    if first_name and last_name and area_code:
        places.add((first_name.strip(), last_name.strip(), area_code))
    fund_members = Member.objects.within(within).select_related("fund__council")
    found: dict[int, Member] = {}
    if places:
        for first, last, code in places:
            for member in fund_members.in_area(code).filter(first_name=first, last_name=last):
                found[member.pk] = member
    ids |= {member.citizen_id for member in found.values()}
    if ids:
        for member in fund_members.filter(citizen_id__in=ids):
            found[member.pk] = member
    places |= {(m.first_name, m.last_name, m.fund.council.subdistrict_id) for m in found.values()}
    council_members: dict[int, CouncilMember] = {}
    registry = CouncilMember.objects.within(within).select_related("council")
    leaders = Person.objects.within(within).select_related("council")
    persons: dict[int, Person] = {p.pk: p for p in leaders.filter(pk__in=list(person_ids))}
    for first, last, code in places:
        for member in registry.in_area(code).filter(first_name=first, last_name=last):
            council_members[member.pk] = member
        for person in leaders.in_area(code).filter(first_name=first, last_name=last):
            persons[person.pk] = person
    seat_persons = {m.person_id for m in council_members.values()} - {None, *persons}
    persons |= {person.pk: person for person in leaders.filter(pk__in=seat_persons)}
    for member in registry.filter(person__in=list(persons)).exclude(pk__in=list(council_members)):
        council_members[member.pk] = member
    records = SubjectRecords(
        council_members=sorted(council_members.values(), key=lambda m: m.pk),
        persons=sorted(persons.values(), key=lambda p: p.pk),
        fund_members=sorted(found.values(), key=lambda m: m.pk),
    )
    _add_related_rows(records)
    return records


def records_of_fund_member(member: Member, within: Iterable[str] = ALL) -> SubjectRecords:
    return subject_records(
        citizen_id=member.citizen_id,
        first_name=member.first_name,
        last_name=member.last_name,
        area_code=member.fund.council.subdistrict_id,
        within=within,
    )


def records_of_council_member(member: CouncilMember, within: Iterable[str] = ALL) -> SubjectRecords:
    return subject_records(
        first_name=member.first_name,
        last_name=member.last_name,
        area_code=member.council.subdistrict_id,
        within=within,
    )


def records_of_person(person: Person, within: Iterable[str] = ALL) -> SubjectRecords:
    return subject_records(
        first_name=person.first_name,
        last_name=person.last_name,
        area_code=person.council.subdistrict_id,
        person_ids=[person.pk],
        within=within,
    )


def _add_related_rows(records: SubjectRecords) -> None:
    council_ids = [m.pk for m in records.council_members]
    person_ids = [p.pk for p in records.persons]
    member_ids = [m.pk for m in records.fund_members]
    records.person_roles = list(
        PersonRole.objects.filter(person_id__in=person_ids)
        .select_related("person", "organization")
        .order_by("pk")
    )
    records.trainings = list(
        Training.objects.filter(person_id__in=person_ids).select_related("person").order_by("pk")
    )
    records.claims = list(
        Claim.objects.filter(member_id__in=member_ids).select_related("benefit_type").order_by("pk")
    )
    entries = LedgerEntry.objects.filter(member_id__in=member_ids)
    records.ledger_entries = list(entries.order_by("pk"))
    records.attendances = list(
        Attendance.objects.filter(member_id__in=council_ids)
        .select_related("meeting")
        .order_by("pk")
    )
    records.delegations = list(
        Delegate.objects.filter(member_id__in=council_ids).select_related("meeting").order_by("pk")
    )
    records.reveals = list(
        RevealLog.objects.filter(member_id__in=member_ids).select_related("revealed_by")
    )
    records.audit_entries = list(_audit_entries(records).order_by("pk"))


def _audit_entries(records: SubjectRecords) -> models.QuerySet[AuditEntry]:
    """The trail's entries on the person's rows, and on rows since deleted that bore their
    name (an attendance removed from a meeting, say), in the person's tambons."""
    about = Q(pk__in=[])
    for kind in SubjectRecords.TRAILED:
        rows = getattr(records, kind)
        if rows:
            content_type = ContentType.objects.get_for_model(type(rows[0]))
            about |= Q(content_type=content_type, object_pk__in=[str(row.pk) for row in rows])
    areas = records.areas()
    for first, last in records.names():
        about |= Q(object_repr__contains=f"{first} {last}") & prefix_q("area_code", areas)
    return AuditEntry.objects.filter(about)


# --- Export ------------------------------------------------------------------------------


# Links to someone else (whom a member replaced, the successor an officer named): their ids,
# not their names, which are not the subject's data.
OTHER_PERSON_FIELDS = {"replaces", "successor"}


def _value(obj, model_field) -> object:
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    if model_field.is_relation and (
        model_field.related_model is type(obj) or model_field.name in OTHER_PERSON_FIELDS
    ):
        return getattr(obj, model_field.attname)
    if model_field.is_relation:
        related = getattr(obj, model_field.name)
        return str(related) if related is not None else None
    value = getattr(obj, model_field.attname)
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj, exclude: Iterable[str] = ()) -> dict:
    """One row under its fields' Thai names."""
    row = {"id": obj.pk}
    for model_field in obj._meta.concrete_fields:
        if model_field.primary_key or model_field.name in exclude:
            continue
        row[str(model_field.verbose_name)] = _value(obj, model_field)
    return row


def export_data(records: SubjectRecords, *, by) -> dict:
    """Everything held about the person, with Thai labels; the citizen ID in full."""
    with translation.override("th"):
        fund_members = []
        for member in records.fund_members:
            row = _row(member, exclude={"citizen_id"})
            row[str(Member._meta.get_field("citizen_id").verbose_name)] = pin.format(
                member.citizen_id
            )
            fund_members.append(row)
        sections = {
            "council_members": [_row(m) for m in records.council_members],
            "persons": [_person_row(p) for p in records.persons],
            "person_roles": [_row(r) for r in records.person_roles],
            "trainings": [_row(t) for t in records.trainings],
            "successions": _successions(records),
            "fund_members": fund_members,
            "claims": [_row(c) for c in records.claims],
            "ledger_entries": [
                _row(e, exclude={"idempotency_key"}) for e in records.ledger_entries
            ],
            "attendances": [
                {
                    "id": a.pk,
                    gettext("meeting"): str(a.meeting),
                    gettext("date"): a.meeting.held_on.isoformat(),
                    gettext("member"): str(a.member),
                }
                for a in records.attendances
            ],
            "delegations": [_row(d) for d in records.delegations],
            "reveals": [_row(r) for r in records.reveals],
            "audit_entries": [
                {
                    "id": e.pk,
                    gettext("when"): timezone.localtime(e.timestamp).isoformat(),
                    gettext("action"): str(e.get_action_display()),
                    gettext("object"): e.object_repr,
                    gettext("changes"): e.changes,
                    gettext("by"): str(e.actor) if e.actor_id else None,
                }
                for e in records.audit_entries
            ],
        }
        return {
            gettext("Personal data held by the Community Organization Council portal"): {
                gettext("exported at"): timezone.localtime().isoformat(),
                gettext("exported by"): by.get_username(),
                gettext("note"): gettext(
                    "This file is the data subject's own data, given at their request (PDPA "
                    "s.30). It shows the citizen ID in full: hand it to the person only."
                ),
            },
            **{str(SECTION_LABELS[kind]): rows for kind, rows in sections.items()},
        }


def _person_row(person: Person) -> dict:
    row = _row(person)
    row[gettext("generation")] = str(person.generation().label)
    return row


def _successions(records: SubjectRecords) -> list[dict]:
    """The offices the person is named to take over: which office of which council, not the
    officer's name."""
    officers = CouncilMember.objects.filter(successor__in=[p.pk for p in records.persons])
    return [
        {
            "id": officer.pk,
            gettext("council"): str(officer.council),
            gettext("role"): officer.get_role_display(),
            gettext("term ends on"): officer.term_ends_on.isoformat(),
        }
        for officer in officers.select_related("council").order_by("pk")
    ]


SECTION_LABELS = {
    "council_members": _("council member records"),
    "persons": _("leaders' registry"),
    "person_roles": _("roles held in other bodies"),
    "trainings": _("trainings attended"),
    "successions": _("named as the successor of an officer"),
    "fund_members": _("welfare fund memberships"),
    "claims": _("welfare claims"),
    "ledger_entries": _("ledger entries of the member (references)"),
    "attendances": _("meetings attended"),
    "delegations": _("delegations to the provincial meeting"),
    "reveals": _("who saw the full citizen ID"),
    "audit_entries": _("audit trail entries"),
}


def export(records: SubjectRecords, *, by, reason: str) -> tuple[bytes, PrivacyRequest]:
    """The person's data as one UTF-8 JSON file, and the logged request."""
    if not reason.strip():
        raise ValueError("An export needs its reason.")
    with transaction.atomic():
        request = PrivacyRequest.objects.create(
            kind=PrivacyRequest.Kind.EXPORT,
            requested_by=by,
            area_code=records.area_code,
            subject=records.masked_subject(),
            reason=reason.strip(),
            rows=records.row_ids(),
        )
        data = export_data(records, by=by)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8"), request


# --- Erasure -----------------------------------------------------------------------------


def erase(records: SubjectRecords, *, by, reason: str) -> PrivacyRequest:
    """Anonymise the person everywhere; keep every amount, date, kind, link and count.

    Names, titles, phones, beneficiaries and claim texts are blanked; the citizen ID becomes a
    placeholder that passes its checks; the birth date keeps its year (1 July of it), since a
    claim's age limits and the age groups of the fund's reports still need it. A council
    member keeps seat, role, village, sex and term, which the Act's counts are made of. A
    person of the leaders' registry loses names, phone and birth year and keeps council, sex,
    village, roles, trainings and the successions named, which the warnings count.
    The trail's entries about the person are rewritten, the one sanctioned rewrite of it; the
    request records which ones.
    """
    if not reason.strip():
        raise ValueError("An erasure needs its reason.")
    if records.is_empty:
        raise ValueError("Nothing to erase.")
    with transaction.atomic():
        known = _known_values(records)
        mentions = _ledger_mentions(records)
        subject = records.masked_subject()  # before the citizen IDs are replaced
        # QuerySet.update, not save: the trail gets one entry per row below, without the values.
        for member in records.council_members:
            CouncilMember.objects.filter(pk=member.pk).update(
                title="", first_name=ERASED_FIRST_NAME, last_name=f"ส{member.pk}", phone=""
            )
        for person in records.persons:
            # The birth year goes too: with a village number it would single the person out;
            # the generation counts lose one known birth year, the role counts lose nothing.
            Person.objects.filter(pk=person.pk).update(
                title="", first_name=ERASED_FIRST_NAME, last_name=f"บ{person.pk}", phone="",
                birth_year=None,
            )  # fmt: skip
        for member in records.fund_members:
            Member.objects.filter(pk=member.pk).update(
                title="",
                first_name=ERASED_FIRST_NAME,
                last_name=f"ก{member.pk}",
                citizen_id=placeholder_citizen_id(member.pk),
                birth_date=dt.date(member.birth_date.year, 7, 1),
                phone="",
                beneficiaries="",
            )
        claims = Claim.objects.filter(pk__in=[c.pk for c in records.claims])
        claims.anonymise(description="")
        claims.exclude(rejected_reason="").anonymise(rejected_reason=ERASED)
        request = PrivacyRequest.objects.create(
            kind=PrivacyRequest.Kind.ERASE,
            requested_by=by,
            area_code=records.area_code,
            subject=subject,
            reason=_scrub(reason.strip(), known),
            rows=records.row_ids(),
            notes=_mention_notes(mentions),
        )
        _scrub_trail(records, known)
        _scrub_requests(records, known)
        _forget_meeting_documents(records)
        _log_erasure(records, by, request)
    return request


def _forget_meeting_documents(records: SubjectRecords) -> None:
    """A meeting's stored PDF names the people invited, present and signing: every one of the
    person's council's meetings and of those they attended or sat in as a delegate is deleted
    with its file, and made again, anonymised, when next asked for."""
    members = [member.pk for member in records.council_members]
    if not members:
        return
    meetings = Meeting.objects.filter(
        Q(council__members__in=members)
        | Q(attendances__member__in=members)
        | Q(delegates__member__in=members)
    ).values("pk")
    documents = Document.objects.filter(kind__in=Document.MEETING_KINDS, object_id__in=meetings)
    files = [(document.file.storage, document.file.name) for document in documents if document.file]
    documents.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def _known_values(records: SubjectRecords) -> list[str]:
    """The person's own strings, longest first, to be replaced wherever the trail kept them."""
    values = set()
    for member in records.people():
        values |= {member.full_name, f"{member.first_name} {member.last_name}", member.phone}
        values |= {member.first_name, member.last_name}
    for member in records.fund_members:
        values |= {member.citizen_id, pin.format(member.citizen_id), member.beneficiaries}
    return sorted((v for v in values if v and len(v) > 1), key=len, reverse=True)


def _scrub(value, known: list[str]):
    if isinstance(value, str):
        for text in known:
            value = value.replace(text, ERASED)
        return value
    if isinstance(value, list):
        return [_scrub(v, known) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, known) for k, v in value.items()}
    return value


def _scrub_trail(records: SubjectRecords, known: list[str]) -> None:
    fresh = {}
    for kind in SubjectRecords.TRAILED:
        for row in getattr(records, kind):
            model = type(row)
            fresh[(ContentType.objects.get_for_model(model).pk, str(row.pk))] = model.objects.get(
                pk=row.pk
            )
    for entry in records.audit_entries:
        current = fresh.get((entry.content_type_id, entry.object_pk))
        entry.object_repr = str(current) if current else _scrub(entry.object_repr, known)
        if isinstance(entry.changes, dict):
            entry.changes = {
                name: ([ERASED, ERASED] if name in PERSONAL_FIELDS else _scrub(values, known))
                for name, values in entry.changes.items()
            }
        entry.changes_text = _scrub(entry.changes_text, known)
        entry.serialized_data = None
        entry.additional_data = _scrub(entry.additional_data, known)
    AuditEntry.objects.bulk_update(
        records.audit_entries,
        ["object_repr", "changes", "changes_text", "serialized_data", "additional_data"],
        batch_size=500,
    )
    # The admin's own history shows object names too.
    for (content_type_id, pk), current in fresh.items():
        AdminLogEntry.objects.filter(content_type_id=content_type_id, object_id=pk).update(
            object_repr=str(current)[:200]
        )


def _scrub_requests(records: SubjectRecords, known: list[str]) -> None:
    """Earlier requests about the person may name them in their reason (and the trail kept it
    when they were made)."""
    areas = records.areas()
    requests = PrivacyRequest.objects.filter(area_code__in=areas)
    for request in requests.only("pk", "reason"):
        if (reason := _scrub(request.reason, known)) != request.reason:
            PrivacyRequest.objects.filter(pk=request.pk).update(reason=reason)
    content_type = ContentType.objects.get_for_model(PrivacyRequest)
    entries = list(AuditEntry.objects.filter(content_type=content_type, area_code__in=areas))
    for entry in entries:
        entry.changes = _scrub(entry.changes, known)
        entry.object_repr = _scrub(entry.object_repr, known)
    AuditEntry.objects.bulk_update(entries, ["changes", "object_repr"], batch_size=500)


def _log_erasure(records: SubjectRecords, by, request: PrivacyRequest) -> None:
    """One trail entry per anonymised row: who erased it, when, under which request; the
    values it had are not repeated."""
    for member in records.people():
        current = type(member).objects.get(pk=member.pk)
        erased = ("first_name", "last_name", "phone")
        if isinstance(current, Person):
            erased += ("birth_year",)
        AuditEntry.objects.log_create(
            current,
            action=AuditEntry.Action.UPDATE,
            changes={name: [ERASED, ERASED] for name in erased},
            actor=by,
            additional_data={"privacy_request": request.pk},
        )


def _ledger_mentions(records: SubjectRecords) -> list[LedgerEntry]:
    """Ledger entries whose description names the person: they stay (append-only), and CODI is
    told which ones to correct."""
    wrong = []
    for entry in records.ledger_entries:
        if any(
            name in entry.description
            for first, last in records.names()
            for name in (first, last)
            if len(name) > 1
        ):
            wrong.append(entry)
    return wrong


def _mention_notes(entries: list[LedgerEntry]) -> str:
    if not entries:
        return ""
    numbers = ", ".join(str(e.pk) for e in entries)
    return gettext(
        "These ledger entries name the person in their description and were left as they are "
        "(the ledger is never changed): %(numbers)s. Correct them with a reversing entry and a new "
        "one if the description must go."
    ) % {"numbers": numbers}

"""Demo leaders of Mae Sai's 8 tambons: generations, roles across bodies, trainings, successors.

Facts from the field reports: Chumphon and the CODI forum worry that the old leaders (แกนนำรุ่นเก่า)
carry the work alone and that one person wears many hats (สวมหมวกหลายใบ): council, welfare fund,
village headman, health volunteer, local councillor. So most councils here have a few new
leaders under 40, Wiang Phang Kham has none (the warning shows), Mae Sai's chair holds six
roles, and Si Mueang Chum's chair, whose term ends soon, has no successor named.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from councils.buddhist_era import be_year
from councils.demo import registry
from councils.models import CommunityOrganization, Council, CouncilMember
from councils.persons.models import Person, PersonRole, Training

MAE_SAI_DISTRICT = "5709"
NO_YOUNG_LEADERS = "570906"  # Wiang Phang Kham: only old and middle leaders
MANY_HATS = "570901"  # Mae Sai: the chair wears six hats
NO_SUCCESSOR = "570905"  # Si Mueang Chum: the chair's term ends soon, no successor named
SUCCESSION_DAYS = 365

Body = PersonRole.Body
COURSES = (
    ("หลักสูตรผู้นำการเปลี่ยนแปลง รุ่นที่ 3", "สถาบันพัฒนาองค์กรชุมชน (พอช.)", 24),
    ("การจัดทำแผนพัฒนาตำบลด้วยข้อมูลชุมชน", "สถาบันพัฒนาองค์กรชุมชน (พอช.)", 12),
    ("การบริหารกองทุนสวัสดิการชุมชนและการทำบัญชี", "สถาบันพัฒนาองค์กรชุมชน (พอช.)", 18),
    ("การใช้ข้อมูล จปฐ. และ กชช. 2ค วางแผนหมู่บ้าน", "สำนักงานพัฒนาชุมชนอำเภอแม่สาย (พช.)", 6),
    ("ผู้นำสร้างสุขภาวะชุมชน", "สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ (สสส.)", 16),
    ("การจัดการความรู้และถอดบทเรียนชุมชน", "มหาวิทยาลัยแม่ฟ้าหลวง", 12),
    ("วิสาหกิจชุมชนและการตลาดออนไลน์", "มหาวิทยาลัยแม่ฟ้าหลวง", 9),
    ("การเฝ้าระวังยาเสพติดและการค้ามนุษย์ชายแดน", "ที่ว่าการอำเภอแม่สาย", 6),
)
EXTRA_YOUNG = (
    ("ประธานกลุ่มเยาวชนรักษ์ถิ่น", Body.ORGANIZATION),
    ("อาสาสมัครสาธารณสุขประจำหมู่บ้าน (อสม.) รุ่นใหม่", Body.HEALTH_VOLUNTEER),
)


def seed(stdout: OutputWrapper) -> None:
    today = timezone.localdate()
    with transaction.atomic():
        for council in Council.objects.active().order_by("subdistrict_id"):
            # Every demo council's members have birth years; Mae Sai's leaders have the rest.
            seed_council_leaders(
                council, today, full=council.subdistrict_id.startswith(MAE_SAI_DISTRICT)
            )
    persons = Person.objects.filter(council__subdistrict__code__startswith=MAE_SAI_DISTRICT)
    stdout.write(
        f"Demo leaders in Mae Sai: {persons.count()} persons, "
        f"{PersonRole.objects.filter(person__in=persons).count()} roles, "
        f"{Training.objects.filter(person__in=persons).count()} trainings; "
        f"{persons.holding_too_many_roles(today).count()} person(s) in more than 4 roles."
    )


def _birth_year(rng: random.Random, today: dt.date, low: int, high: int) -> int:
    return be_year(today.year) - rng.randint(low, high)


def seed_council_leaders(council: Council, today: dt.date, *, full: bool = True) -> None:
    rng = random.Random(f"leaders-{council.subdistrict_id}")
    young_allowed = council.subdistrict_id != NO_YOUNG_LEADERS
    members = list(
        council.members.sitting().select_related("person").order_by("seat", "village_no", "pk")
    )
    officers = {m.role: m for m in members if m.role in CouncilMember.OFFICER_ROLES}
    persons: dict[int, Person] = {m.person_id: m.person for m in members if m.person_id}

    # Generations: mostly old and middle leaders, a few new ones where the tambon has them.
    for member in members:
        person = persons[member.person_id]
        draw = rng.random()
        if member.role == CouncilMember.Role.CHAIR:
            person.birth_year = _birth_year(rng, today, 60, 72)
        elif member.role == CouncilMember.Role.SECRETARY and young_allowed:
            person.birth_year = _birth_year(rng, today, 29, 38)
        elif draw < 0.45:
            person.birth_year = _birth_year(rng, today, 60, 78)
        elif draw < 0.85 or not young_allowed:
            person.birth_year = _birth_year(rng, today, 40, 59)
        elif draw < 0.95:
            person.birth_year = _birth_year(rng, today, 25, 39)
        else:
            person.birth_year = None  # not yet asked
    Person.objects.bulk_update(persons.values(), ["birth_year"])
    if not full:
        _name_successors(council, rng, members, officers, [], today)
        return

    young = [] if not young_allowed else _extra_young_persons(council, rng, today)
    if PersonRole.objects.filter(person__council=council).exists():
        return  # roles, trainings and successors are seeded once
    organizations = list(council.organizations.order_by("pk"))
    roles = _roles(council, rng, members, persons, officers, organizations, young, today)
    PersonRole.objects.bulk_create(roles)
    Training.objects.bulk_create(_trainings(rng, [*persons.values(), *young], today))
    _name_successors(council, rng, members, officers, young, today)


def _extra_young_persons(council: Council, rng: random.Random, today: dt.date) -> list[Person]:
    """Two new-generation leaders outside the council, who lead a youth group or serve as
    health volunteers: the successors the council is preparing."""
    made = []
    for index, candidate in enumerate(registry._people(rng, registry.NORTH_NAMES, 4)):
        if len(made) == len(EXTRA_YOUNG):
            break
        person = Person.objects.filter(
            council=council, first_name=candidate.first_name, last_name=candidate.last_name
        ).first()
        if person is not None and person.council_seats.exists():
            continue  # a member of the same name: not one of the new leaders
        if person is None:
            person = Person.objects.create(
                council=council,
                title=candidate.title,
                first_name=candidate.first_name,
                last_name=candidate.last_name,
                sex=candidate.sex,
                phone=candidate.phone,
                village_no=index % council.subdistrict.village_count + 1,
                birth_year=be_year(today.year) - 27 - 4 * index,
            )
        made.append(person)
    return made


def _roles(
    council: Council,
    rng: random.Random,
    members: list[CouncilMember],
    persons: dict[int, Person],
    officers: dict[str, CouncilMember],
    organizations: list[CommunityOrganization],
    young: list[Person],
    today: dt.date,
) -> list[PersonRole]:
    started = today - dt.timedelta(days=rng.randint(400, 2500))
    fund = next((o for o in organizations if o.kind == CommunityOrganization.Kind.WELFARE), None)
    roles: list[PersonRole] = []

    def role(person: Person, body: str, position: str = "", organization=None, since=started):
        roles.append(
            PersonRole(
                person=person, body=body, position=position, organization=organization,
                started_on=since,
            )
        )  # fmt: skip

    chair = officers.get(CouncilMember.Role.CHAIR)
    if chair:
        chair_person = persons[chair.person_id]
        role(chair_person, Body.WELFARE_FUND, "ประธานกรรมการ", since=started)
        if council.subdistrict_id == MANY_HATS:
            # สวมหมวกหลายใบ: the council seat and five more roles at once.
            village = chair.village_no or 1
            role(chair_person, Body.VILLAGE_HEADMAN, f"ผู้ใหญ่บ้าน หมู่ {village}")
            role(chair_person, Body.HEALTH_VOLUNTEER, f"ประธาน อสม. หมู่ {village}")
            role(chair_person, Body.CON_CENTRE, "กรรมการศูนย์ประสานงานองค์กรชุมชน")
            if organizations:
                role(chair_person, Body.ORGANIZATION, "ประธานกลุ่ม", organizations[-1])
    # Village headmen, health volunteers and a local councillor among the members.
    others = [m for m in members if m.role == CouncilMember.Role.MEMBER]
    rng.shuffle(others)
    headmen = others[:3]
    for member in headmen:
        role(persons[member.person_id], Body.VILLAGE_HEADMAN, f"ผู้ใหญ่บ้าน หมู่ {member.village_no}")
    for member in others[3:9]:
        role(persons[member.person_id], Body.HEALTH_VOLUNTEER, "อสม.")
    for member in others[9:10]:
        role(persons[member.person_id], Body.LOCAL_COUNCILLOR, "สมาชิกสภา อบต.")
    for member in others[10:13]:
        if fund:
            role(persons[member.person_id], Body.WELFARE_FUND, "กรรมการ", fund)
    for member, organization in zip(others[13:18], organizations, strict=False):
        if organization.kind != CommunityOrganization.Kind.WELFARE:
            role(persons[member.person_id], Body.ORGANIZATION, "ประธานกลุ่ม", organization)
    # A headman who is also a health volunteer and on the fund's committee: three hats.
    if headmen and fund:
        role(persons[headmen[0].person_id], Body.HEALTH_VOLUNTEER, "อสม.")
        role(persons[headmen[0].person_id], Body.WELFARE_FUND, "กรรมการ", fund)
    youth_group = next(
        (o for o in organizations if o.kind == CommunityOrganization.Kind.YOUTH), None
    )
    for person, (position, body) in zip(young, EXTRA_YOUNG, strict=False):
        if body == Body.ORGANIZATION and youth_group is None:
            body = Body.OTHER
        role(
            person, body, position, youth_group if body == Body.ORGANIZATION else None,
            since=today - dt.timedelta(days=rng.randint(100, 700)),
        )  # fmt: skip
    # A role that has ended is history, not a hat worn today.
    if others:
        roles.append(
            PersonRole(
                person=persons[others[-1].person_id], body=Body.VILLAGE_COMMITTEE,
                position="กรรมการหมู่บ้าน", started_on=started - dt.timedelta(days=1500),
                ended_on=started,
            )
        )  # fmt: skip
    return roles


def _trainings(rng: random.Random, persons: list[Person], today: dt.date) -> list[Training]:
    trainings = []
    for person in persons:
        if rng.random() < 0.55:
            continue
        for course, organiser, hours in rng.sample(COURSES, rng.randint(1, 2)):
            trainings.append(
                Training(
                    person=person, course=course, organiser=organiser,
                    attended_on=today - dt.timedelta(days=rng.randint(20, 1000)),
                    hours=Decimal(hours),
                )
            )  # fmt: skip
    return trainings


def _name_successors(
    council: Council,
    rng: random.Random,
    members: list[CouncilMember],
    officers: dict[str, CouncilMember],
    young: list[Person],
    today: dt.date,
) -> None:
    """Every officer whose term ends within a year has a successor, but Si Mueang Chum's
    chair; of the others, about half."""
    officer_people = {m.person_id for m in officers.values()}
    candidates = young + [
        m.person
        for m in members
        if m.person_id not in officer_people and m.person.generation(today) != "old"
    ]
    if not candidates:
        return
    named = []
    for role, officer in sorted(officers.items()):
        soon = officer.term_ends_on <= today + dt.timedelta(days=SUCCESSION_DAYS)
        if soon and council.subdistrict_id == NO_SUCCESSOR and role == CouncilMember.Role.CHAIR:
            continue
        if soon or rng.random() < 0.5:
            officer.successor = candidates[len(named) % len(candidates)]
            named.append(officer)
    CouncilMember.objects.bulk_update(named, ["successor"])

"""The whole country's data in a migrated PostgreSQL database, for measuring every page at size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \\
        .venv/bin/python -m bench.national generate [--scale 0.05] [--seed 14]

At scale 1 (issue 14's national size): 6,936 councils (one per tambon, 500 tambons left without
one), 25 council members each (173,400, each with their Person), five community organizations
per council, an accepted (or submitted, returned, draft) plan 2569-2573 per council with five
issues and 20 projects (138,720) of three budget lines (416,160), execution updates for a quarter
of the accepted plans' projects, 13 council meetings per council and 4 per district and province
network (94,188) with agenda, resolutions and attendance, two strength assessments per council,
village profiles and figures, 2,000 welfare funds of 300 members (600,000) and 3,034 ledger
entries each (6,068,000: monthly contributions, paid claims, grants, expenses and 1 % reversals;
a fund's balance is the sum of its entries), provincial and district strategy books for three
provinces, a coordinator for every tambon, the audit trail, notifications, and the personas the
page benchmark logs in as (bench/pages.py). `--scale` shrinks the number of councils and funds,
not their shape (a fund keeps 300 members).

Rows go in with COPY through Django's connection (psycopg 3) with explicit ids; sequences are
set after, and ANALYZE runs at the end. Signals do not run under COPY, so every denormalized
field (a member's Person, the component levels, a project's execution state, a fund's balance)
is computed here the way the model layer computes it. The foreign-key triggers are off while
the rows are copied (as pg_restore --disable-triggers does; CHECK and UNIQUE constraints still
hold), and tests/bench/test_national_generator.py checks every key afterwards. Welfare dates
count back from today, so that members stay current or behind by the same months whenever it
runs. The personas' password is `bench-national`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

ASSESSED_YEARS = (2568, 2569)
PLAN_FIRST, PLAN_LAST = 2569, 2573
BUDGET_YEARS = (2569, 2570, 2571)
SURVEY_YEAR = 2568
MEMBERS_PER_COUNCIL = 25
ORGANIZATIONS_PER_COUNCIL = 5
ISSUES_PER_PLAN = 5
PROJECTS_PER_ISSUE = 4
COUNCIL_MEETINGS = 13
NETWORK_MEETINGS = 4
MEMBERS_PER_FUND = 300
VILLAGES_PER_TAMBON = 8
NATIONAL = {"councils": 6936, "funds": 2000}
STAMP = "2026-06-01 09:00:00+07"
PASSWORD = "bench-national"  # the personas' password, for the load test's real logins

FIRST_NAMES = ("สมชาย", "สมหญิง", "บุญมี", "มาลี", "ประเสริฐ", "สุนีย์", "วิชัย", "อรุณี", "ทองดี", "จันทร์เพ็ญ")
LAST_NAMES = (
    "ใจดี",
    "ศรีสุข",
    "บุญมา",
    "แก้วกล้า",
    "ทองคำ",
    "มีสุข",
    "รักไทย",
    "สายบุญ",
    "พรหมมา",
    "อินทร์แก้ว",
)
ISSUES = (
    ("economy", "รายได้ไม่พอรายจ่าย หนี้สินครัวเรือนสูง"),
    ("society", "ผู้สูงอายุและผู้พิการขาดการดูแลต่อเนื่อง"),
    ("environment", "ขาดแคลนน้ำในฤดูแล้งและดินเสื่อมโทรม"),
    ("food", "เกษตรกรใช้สารเคมีและต้นทุนการผลิตสูง"),
    ("housing", "ครัวเรือนยากจนมีที่อยู่อาศัยไม่มั่นคง"),
)
PROJECTS = (
    "ส่งเสริมการออมและจัดทำบัญชีครัวเรือนของกลุ่มออมทรัพย์",
    "พัฒนาผลิตภัณฑ์ชุมชนและช่องทางตลาดออนไลน์",
    "อาสาสมัครดูแลผู้สูงอายุและผู้พิการในหมู่บ้าน",
    "กองทุนสวัสดิการชุมชนตำบล",
    "ขุดลอกแหล่งน้ำและสร้างฝายชะลอน้ำ",
    "ปรับปรุงดินด้วยปุ๋ยอินทรีย์และพืชตระกูลถั่ว",
    "โรงเรียนเกษตรกรปลอดสารเคมี",
    "ซ่อมแซมบ้านผู้ยากไร้ตามโครงการบ้านพอเพียงชนบท",
)
ORGANIZATION_KINDS = ("savings", "welfare", "women", "health_volunteers", "elders")
SOURCES = ("community", "local_government", "pao", "codi", "province", "central_agency")
OFFICERS = ("chair", "vice_chair_1", "vice_chair_2", "secretary")


@dataclass
class Copier:
    """COPY rows into tables with ids taken after the highest one already there."""

    connection: object
    next_ids: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def ids(self, table: str, n: int) -> range:
        if table not in self.next_ids:
            with self.connection.cursor() as cursor:
                # Table names are this module's own constants, never input.
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
                self.next_ids[table] = cursor.fetchone()[0]
        first = self.next_ids[table]
        self.next_ids[table] = first + n
        return range(first, first + n)

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        n = 0
        with self.connection.cursor() as cursor:
            quoted = ", ".join(f'"{column}"' for column in columns)
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
        self.counts[table] = self.counts.get(table, 0) + n
        return n

    def reset_sequences(self) -> None:
        with self.connection.cursor() as cursor:
            for table in self.next_ids:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )


@dataclass
class World:
    """What the areas generated so far hold, for the parts that build on them."""

    rng: random.Random
    today: dt.date
    councils: list[tuple[int, str]] = field(default_factory=list)  # (id, tambon code)
    partners: dict[str, int] = field(default_factory=dict)  # area code -> local government
    members: dict[int, list[int]] = field(default_factory=dict)  # council -> member ids
    users: dict[str, int] = field(default_factory=dict)
    personas: dict[str, str] = field(default_factory=dict)  # name -> area code


def name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def spread(items: Sequence, n: int) -> list:
    """n of the items, evenly spaced over the whole list."""
    if n >= len(items):
        return list(items)
    return [items[(i * len(items)) // n] for i in range(n)]


def citizen_id(serial: int) -> str:
    """A valid 13-digit Thai citizen ID (mod-11 check digit) made from a serial number."""
    digits = f"3{serial:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits))
    return digits + str((11 - total % 11) % 10)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


# --- councils: geography, councils, organizations, members and persons, partners ---------------


def councils_area(db: Copier, world: World, n_councils: int) -> None:
    from councils.models import Subdistrict

    tambons = list(Subdistrict.objects.order_by("code").values_list("code", "name_th"))
    # At full size 500 tambons are left out, spread over the country; smaller scales take the
    # first tambons in code order, so the first provinces are whole.
    kept = spread(tambons, NATIONAL["councils"]) if n_councils > len(tambons) - 500 else None
    chosen = (kept or tambons)[:n_councils]
    ids = db.ids("councils_council", len(chosen))
    db.copy(
        "councils_council",
        (
            "id",
            "subdistrict_id",
            "name",
            "registration_number",
            "registered_on",
            "status",
            "office_address",
            "phone",
            "created_at",
            "updated_at",
        ),
        (
            (
                pk,
                code,
                f"สภาองค์กรชุมชนตำบล{tambon}",
                f"{code[:2]}-{i:04d}/2552",
                "2009-10-01",
                "active",
                f"ที่ทำการสภาองค์กรชุมชนตำบล{tambon}",
                "",
                STAMP,
                STAMP,
            )
            for i, (pk, (code, tambon)) in enumerate(zip(ids, chosen, strict=True), start=1)
        ),
    )
    world.councils = [(pk, code) for pk, (code, _name) in zip(ids, chosen, strict=True)]
    with db.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE councils_subdistrict SET village_count = %s WHERE village_count IS NULL",
            [VILLAGES_PER_TAMBON],
        )
    partners(db, world)
    organizations_and_members(db, world)


def partners(db: Copier, world: World) -> None:
    from councils.models import Province

    tambons = [code for _pk, code in world.councils]
    provinces = list(Province.objects.values_list("code", "name_th"))
    ids = iter(db.ids("councils_partner", len(tambons) + len(provinces)))
    rows = []
    for code in tambons:
        world.partners[code] = pk = next(ids)
        rows.append((pk, f"องค์การบริหารส่วนตำบล {code}", "local_government", code, "", "", ""))
    for code, province in provinces:
        world.partners[code] = pk = next(ids)
        rows.append((pk, f"องค์การบริหารส่วนจังหวัด{province}", "pao", code, "", "", ""))
    db.copy(
        "councils_partner",
        ("id", "name", "kind", "area_code", "contact_name", "phone", "email"),
        rows,
    )


def organizations_and_members(db: Copier, world: World) -> None:
    rng = world.rng
    n = len(world.councils)
    org_ids = iter(db.ids("councils_communityorganization", n * ORGANIZATIONS_PER_COUNCIL))
    member_ids = iter(db.ids("councils_councilmember", n * MEMBERS_PER_COUNCIL))
    person_ids = iter(db.ids("councils_person", n * MEMBERS_PER_COUNCIL))
    officers = n * len(OFFICERS)
    role_ids = iter(db.ids("councils_personrole", officers))
    training_ids = iter(db.ids("councils_training", officers))
    orgs, members, persons, roles, trainings = [], [], [], [], []
    selected = dt.date(2024, 3, 1)
    ends = dt.date(2028, 3, 1)
    for council, code in world.councils:
        council_orgs = []
        for kind in ORGANIZATION_KINDS:
            pk = next(org_ids)
            council_orgs.append(pk)
            orgs.append(
                (
                    pk,
                    council,
                    f"กลุ่ม{kind} ตำบล {code}",
                    kind,
                    rng.randint(1, 8),
                    "",
                    "2015-01-01",
                    rng.randint(20, 300),
                    "",
                    "",
                )
            )
        world.members[council] = []
        people = []
        for seat_no in range(MEMBERS_PER_COUNCIL):
            first, last = name(rng)
            person = next(person_ids)
            people.append(person)
            sex = rng.choice(("female", "male"))
            persons.append(
                (
                    person,
                    council,
                    "",
                    first,
                    last,
                    sex,
                    rng.randint(2490, 2530),
                    rng.randint(1, 8),
                    "",
                    STAMP,
                    STAMP,
                )
            )
            role = OFFICERS[seat_no] if seat_no < len(OFFICERS) else "member"
            qualified = seat_no >= MEMBERS_PER_COUNCIL - 4  # at most a fifth of 21 representatives
            pk = next(member_ids)
            world.members[council].append(pk)
            members.append(
                (
                    pk,
                    council,
                    "",
                    first,
                    last,
                    sex,
                    "qualified" if qualified else "representative",
                    role,
                    None if qualified else rng.choice(council_orgs),
                    None if qualified else rng.randint(1, 8),
                    "",
                    selected,
                    ends,
                    "",
                    person,
                    person + 1 if role == "chair" else None,  # the first vice-chair
                )
            )
            if role != "member":
                roles.append(
                    (
                        next(role_ids),
                        person,
                        "organization",
                        rng.choice(council_orgs),
                        "ประธานกลุ่ม",
                        "2018-01-01",
                        None,
                    )
                )
                trainings.append(
                    (next(training_ids), person, "ผู้นำการเปลี่ยนแปลง", "พอช.", "2025-02-10", 12)
                )
    db.copy(
        "councils_communityorganization",
        (
            "id",
            "council_id",
            "name",
            "kind",
            "village_no",
            "community_name",
            "registered_on",
            "member_count",
            "leader_name",
            "phone",
        ),
        orgs,
    )
    db.copy(
        "councils_person",
        (
            "id",
            "council_id",
            "title",
            "first_name",
            "last_name",
            "sex",
            "birth_year",
            "village_no",
            "phone",
            "created_at",
            "updated_at",
        ),
        persons,
    )
    db.copy(
        "councils_councilmember",
        (
            "id",
            "council_id",
            "title",
            "first_name",
            "last_name",
            "sex",
            "seat",
            "role",
            "organization_id",
            "village_no",
            "community_name",
            "selected_on",
            "term_ends_on",
            "phone",
            "person_id",
            "successor_id",
        ),
        members,
    )
    db.copy(
        "councils_personrole",
        ("id", "person_id", "body", "organization_id", "position", "started_on", "ended_on"),
        roles,
    )
    db.copy(
        "councils_training",
        ("id", "person_id", "course", "organiser", "attended_on", "hours"),
        trainings,
    )


# --- users and personas ----------------------------------------------------------------------


def users_and_personas(db: Copier, world: World) -> None:
    """A coordinator for every tambon, the bookkeepers of the funds, and the benchmark's
    personas: national, regional, provincial, district and tambon coordinators and CODI staff
    (staff with a confirmed authenticator, so a verified session opens the admin)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from councils.admin_roles import codi_staff_permissions
    from councils.geography import REGION_PROVINCES

    province, district, tambon = persona_areas(world)
    region = next(r for r, codes in REGION_PROVINCES.items() if province in codes)
    world.personas = {"province": province, "district": district, "tambon": tambon}
    password = make_password(PASSWORD)
    people = [
        # username, staff, role, area code, region
        ("bench_national", True, "codi_national", "", ""),
        ("bench_regional", True, "codi_regional", "", region),
        ("bench_province", False, "province", province, ""),
        ("bench_district", False, "district", district, ""),
        ("bench_tambon", False, "tambon", tambon, ""),
        ("bench_clerk", False, "tambon", tambon, ""),
        ("bench_approver_1", False, "tambon", tambon, ""),
        ("bench_approver_2", False, "tambon", tambon, ""),
    ]
    people += [(f"tambon_{code}", False, "tambon", code, "") for _pk, code in world.councils]
    user_ids = db.ids("auth_user", len(people))
    db.copy(
        "auth_user",
        (
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
        ),
        (
            (
                pk,
                password if username.startswith("bench_") else "!",
                False,
                username,
                username,
                "",
                f"{username}@example.org",
                staff,
                True,
                STAMP,
            )
            for pk, (username, staff, *_rest) in zip(user_ids, people, strict=True)
        ),
    )
    world.users = {person[0]: pk for pk, person in zip(user_ids, people, strict=True)}
    db.copy(
        "councils_assignment",
        ("id", "user_id", "role", "area_code", "region"),
        (
            (pk, world.users[username], role, code, region)
            for pk, (username, _staff, role, code, region) in zip(
                db.ids("councils_assignment", len(people)), people, strict=True
            )
        ),
    )
    group, _ = Group.objects.get_or_create(name="CODI staff")
    group.permissions.set(codi_staff_permissions())
    for username in ("bench_national", "bench_regional"):
        group.user_set.add(world.users[username])
        staff_device(world.users[username])


def staff_device(user_id: int) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(
        user_id=user_id, name="bench app", defaults={"confirmed": True}
    )


def persona_areas(world: World) -> tuple[str, str, str]:
    """The province with the most councils, its district with the most, and that district's
    first tambon that runs a welfare fund (funds go to every few councils in code order)."""
    from collections import Counter

    codes = [code for _pk, code in world.councils]
    province = Counter(code[:2] for code in codes).most_common(1)[0][0]
    district = Counter(c[:4] for c in codes if c.startswith(province)).most_common(1)[0][0]
    funded = {code for _pk, code in fund_councils(world)}
    tambon = next(c for c in codes if c.startswith(district) and c in funded)
    return province, district, tambon


def fund_councils(world: World) -> list[tuple[int, str]]:
    n = round(len(world.councils) * NATIONAL["funds"] / NATIONAL["councils"])
    return spread(world.councils, max(n, 1))


# --- plans: plans, issues, projects, budgets, execution updates --------------------------------


def plans_area(db: Copier, world: World) -> None:
    from plans.models import Theme

    rng = world.rng
    themes = dict(Theme.objects.values_list("code", "id"))
    n = len(world.councils)
    plan_ids = db.ids("plans_communityplan", n)
    states = ["accepted"] * 90 + ["submitted"] * 5 + ["returned"] * 3 + ["draft"] * 2
    plans, changes, issues, projects, budgets = [], [], [], [], []
    updates = []
    issue_ids = iter(db.ids("plans_planissue", n * ISSUES_PER_PLAN))
    project_ids = iter(db.ids("plans_planproject", n * ISSUES_PER_PLAN * PROJECTS_PER_ISSUE))
    district_user = world.users["bench_district"]
    for index, (plan, (council, code)) in enumerate(zip(plan_ids, world.councils, strict=True)):
        state = states[index % len(states)]
        plans.append(
            (
                plan,
                council,
                f"แผนพัฒนาชุมชนตำบล {code}",
                PLAN_FIRST,
                PLAN_LAST,
                "สรุปจากเวทีประชาคมทุกหมู่บ้านและข้อมูลครัวเรือน",
                state,
                1,
                STAMP,
                STAMP,
            )
        )
        if state != "draft":
            changes.append(
                (
                    plan,
                    "draft",
                    "submitted",
                    world.users[f"tambon_{code}"],
                    "2025-08-01 10:00:00+07",
                    "",
                )
            )
        if state in ("accepted", "returned"):
            changes.append(
                (
                    plan,
                    "submitted",
                    state,
                    district_user,
                    "2025-09-01 10:00:00+07",
                    "" if state == "accepted" else "โปรดเพิ่มงบประมาณรายปี",
                )
            )
        for order, (theme, title) in enumerate(ISSUES, start=1):
            issue = next(issue_ids)
            issues.append((issue, plan, themes[theme], title, "", 2, "[1, 2]", order))
            for number in range(1, PROJECTS_PER_ISSUE + 1):
                project = next(project_ids)
                approach = rng.choice(("self", "joint", "request"))
                source = rng.choice(SOURCES)
                amounts = [rng.randrange(5_000, 500_000, 500) for _year in BUDGET_YEARS]
                for year, amount in zip(BUDGET_YEARS, amounts, strict=True):
                    budgets.append((project, year, source, amount))
                execution = ("not_started", 0, None, False, 0, 0)
                if state == "accepted" and rng.random() < 0.25:
                    update = (
                        project,
                        rng.choice(("under_way", "done", "delayed")),
                        rng.choice((20, 50, 80, 100)),
                        approach,
                        code,
                        amounts[0],
                    )
                    updates.append(update)
                    committed = amounts[0] if approach != "self" else 0
                    spent = amounts[0] // 2
                    execution = (
                        update[1],
                        update[2],
                        "2026-03-15",
                        committed > 0,
                        committed,
                        spent,
                    )
                projects.append(
                    (
                        project,
                        issue,
                        rng.choice(PROJECTS) + f" หมู่ที่ {number}",
                        "เพื่อให้ชุมชนพึ่งตนเองได้",
                        "ครัวเรือนเป้าหมาย 50 ครัวเรือน",
                        "ครัวเรือนมีรายได้เพิ่มขึ้น",
                        approach,
                        None,
                        number,
                        *execution,
                    )
                )
    db.copy(
        "plans_communityplan",
        (
            "id",
            "council_id",
            "title",
            "first_year",
            "last_year",
            "situation",
            "state",
            "version",
            "created_at",
            "updated_at",
        ),
        plans,
    )
    db.copy(
        "plans_planstatechange",
        ("id", "plan_id", "from_state", "to_state", "by_id", "at", "note"),
        (
            (pk, *row)
            for pk, row in zip(db.ids("plans_planstatechange", len(changes)), changes, strict=True)
        ),
    )
    db.copy(
        "plans_planissue",
        ("id", "plan_id", "theme_id", "title", "description", "priority", "villages", "order"),
        issues,
    )
    db.copy(
        "plans_planproject",
        (
            "id",
            "issue_id",
            "title",
            "objective",
            "target",
            "expected_result",
            "approach",
            "lead_partner_id",
            "order",
            "execution_status",
            "progress",
            "last_update_on",
            "taken_into_plan",
            "committed_total",
            "spent_total",
        ),
        projects,
    )
    db.copy(
        "plans_projectbudget",
        ("id", "project_id", "fiscal_year", "source", "amount"),
        (
            (pk, *row)
            for pk, row in zip(db.ids("plans_projectbudget", len(budgets)), budgets, strict=True)
        ),
    )
    execution_updates(db, world, updates)


def execution_updates(db: Copier, world: World, updates: list[tuple]) -> None:
    """One dated update per project that has one, with the commitment of the agency that took
    it into its plan (projects not done by the community alone) and the money spent."""
    ids = db.ids("plans_projectupdate", len(updates))
    by = world.users["bench_tambon"]
    rows, committed, spent = [], [], []
    for pk, (project, status, progress, approach, code, amount) in zip(ids, updates, strict=True):
        partner = world.partners[code] if approach != "self" else None
        rows.append(
            (
                pk,
                project,
                "2026-03-15",
                status,
                progress,
                "ดำเนินการตามแผน",
                partner,
                partner,
                "local_development" if partner else "",
                "แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570)" if partner else "",
                2570 if partner else None,
                by,
                "2026-03-15 10:00:00+07",
            )
        )
        if partner:
            committed.append((2569, "local_government", amount, pk))
        spent.append((2569, "community", amount // 2, pk))
    db.copy(
        "plans_projectupdate",
        (
            "id",
            "project_id",
            "happened_on",
            "status",
            "progress",
            "note",
            "proposed_to_id",
            "adopted_by_id",
            "agency_plan",
            "agency_plan_title",
            "agency_plan_year",
            "by_id",
            "recorded_at",
        ),
        rows,
    )
    for table, lines in (("plans_commitment", committed), ("plans_spending", spent)):
        db.copy(
            table,
            ("id", "fiscal_year", "source", "amount", "update_id"),
            ((pk, *row) for pk, row in zip(db.ids(table, len(lines)), lines, strict=True)),
        )


# --- meetings: council and network meetings, agenda, resolutions, attendance, annual reports ---


def meetings_area(db: Copier, world: World) -> None:
    from councils.models import District, Province

    rng = world.rng
    network = [
        ("district", "district_network", code)
        for code in District.objects.values_list("code", flat=True)
    ]
    network += [
        ("province", "provincial", code) for code in Province.objects.values_list("code", flat=True)
    ]
    if len(world.councils) < NATIONAL["councils"]:
        # A smaller country: only the districts and provinces that have councils meet.
        areas = {code[:length] for _pk, code in world.councils for length in (2, 4)}
        network = [row for row in network if row[2] in areas]
    # Council meetings in the last three years and a bit, about four a year.
    first = world.today - dt.timedelta(days=3 * 365 + 90)
    step = (world.today - first).days // COUNCIL_MEETINGS
    meetings, agenda, resolutions, attendance = [], [], [], []
    meeting_ids = iter(
        db.ids(
            "councils_meeting",
            len(world.councils) * COUNCIL_MEETINGS + len(network) * NETWORK_MEETINGS,
        )
    )
    for council, code in world.councils:
        for n in range(COUNCIL_MEETINGS):
            pk = next(meeting_ids)
            held = first + dt.timedelta(days=n * step + rng.randint(0, 20))
            meetings.append(
                (
                    pk,
                    "council",
                    "council_meeting",
                    council,
                    code,
                    f"{n % 4 + 1}/{held.year + 543}",
                    f"ประชุมสภาองค์กรชุมชนตำบล ครั้งที่ {n % 4 + 1}",
                    held,
                    "ศาลาประชาคม",
                    "",
                    0,
                    0,
                    STAMP,
                    STAMP,
                )
            )
            for member in rng.sample(world.members[council], 15):
                attendance.append((pk, member))
            resolutions.append((pk, code, held))
    for level, kind, code in network:
        for n in range(NETWORK_MEETINGS):
            pk = next(meeting_ids)
            held = world.today - dt.timedelta(days=90 * n + rng.randint(0, 30))
            meetings.append(
                (
                    pk,
                    level,
                    kind,
                    None,
                    code,
                    f"{n + 1}/{held.year + 543}",
                    f"ประชุมเครือข่ายสภาองค์กรชุมชน ครั้งที่ {n + 1}",
                    held,
                    "ที่ว่าการอำเภอ",
                    "",
                    0,
                    0,
                    STAMP,
                    STAMP,
                )
            )
            resolutions.append((pk, code, held))
    db.copy(
        "councils_meeting",
        (
            "id",
            "level",
            "kind",
            "council_id",
            "area_code",
            "number",
            "title",
            "held_on",
            "place",
            "minutes",
            "guests_female",
            "guests_male",
            "created_at",
            "updated_at",
        ),
        meetings,
    )
    agenda_ids = iter(db.ids("councils_agendaitem", len(resolutions) * 3))
    resolution_rows = []
    resolution_ids = iter(db.ids("councils_resolution", len(resolutions)))
    for meeting, code, held in resolutions:
        items = [next(agenda_ids) for _n in range(3)]
        for position, (item, title) in enumerate(
            zip(items, ("เรื่องแจ้งเพื่อทราบ", "รับรองรายงานการประชุม", "เรื่องเพื่อพิจารณา"), strict=True),
            start=1,
        ):
            agenda.append((item, meeting, position, title, ""))
        proposal = len(code) == 6 and rng.random() < 0.25
        resolution_rows.append(
            (
                next(resolution_ids),
                meeting,
                1,
                items[2],
                "ที่ประชุมมีมติเห็นชอบ",
                12,
                0,
                1,
                world.partners[code] if proposal else None,
                held + dt.timedelta(days=60) if proposal else None,
                rng.choice(("sent", "answered", "in_progress", "done")) if proposal else "",
                STAMP if proposal else None,
            )
        )
    db.copy(
        "councils_agendaitem",
        ("id", "meeting_id", "position", "title", "details"),
        agenda,
    )
    db.copy(
        "councils_resolution",
        (
            "id",
            "meeting_id",
            "position",
            "agenda_item_id",
            "text",
            "votes_for",
            "votes_against",
            "abstentions",
            "addressed_to_id",
            "due_on",
            "state",
            "state_changed_at",
        ),
        resolution_rows,
    )
    sent = [(row[0], row[9]) for row in resolution_rows if row[8] is not None]
    db.copy(
        "councils_followup",
        (
            "id",
            "resolution_id",
            "happened_on",
            "note",
            "state_from",
            "state_to",
            "logged_by_id",
            "logged_at",
        ),
        (
            (
                pk,
                resolution,
                due - dt.timedelta(days=60),
                "ส่งข้อเสนอถึงหน่วยงาน",
                "",
                "sent",
                None,
                STAMP,
            )
            for pk, (resolution, due) in zip(
                db.ids("councils_followup", len(sent)), sent, strict=True
            )
        ),
    )
    db.copy(
        "councils_attendance",
        ("id", "meeting_id", "member_id"),
        (
            (pk, *row)
            for pk, row in zip(
                db.ids("councils_attendance", len(attendance)), attendance, strict=True
            )
        ),
    )
    db.copy(
        "councils_annualreport",
        ("id", "council_id", "fiscal_year", "published_on", "summary"),
        (
            (pk, council, 2568, "2025-11-15", "สรุปผลการดำเนินงานประจำปี")
            for pk, (council, _code) in zip(
                db.ids("councils_annualreport", len(world.councils)), world.councils, strict=True
            )
        ),
    )


# --- strength: assessments, scores, component levels -------------------------------------------


def strength_area(db: Copier, world: World) -> None:
    from councils.strength.models import StrengthIndicator, rounded_mean

    rng = world.rng
    indicators = list(
        StrengthIndicator.objects.filter(province__isnull=True).values_list("id", "component")
    )
    assessments, scores, levels = [], [], []
    ids = iter(db.ids("councils_strengthassessment", len(world.councils) * len(ASSESSED_YEARS)))
    for council, code in world.councils:
        base = rng.randint(1, 4)
        for year in ASSESSED_YEARS:
            pk = next(ids)
            by_component: dict[int, list[int]] = {}
            for indicator, component in indicators:
                level = min(5, max(1, base + rng.randint(-1, 1) + (year - ASSESSED_YEARS[0])))
                scores.append((pk, indicator, level, "", "", "", None, ""))
                by_component.setdefault(component, []).append(level)
            component_levels = {c: rounded_mean(v) for c, v in sorted(by_component.items())}
            for component, level in component_levels.items():
                levels.append((pk, component, level, code, year))
            assessments.append(
                (
                    pk,
                    council,
                    year,
                    rng.randint(1, 4),
                    "",
                    rounded_mean(list(component_levels.values())),
                    None,
                    STAMP,
                    STAMP,
                )
            )
    db.copy(
        "councils_strengthassessment",
        (
            "id",
            "council_id",
            "fiscal_year",
            "community_type",
            "note",
            "overall_level",
            "assessed_by_id",
            "created_at",
            "updated_at",
        ),
        assessments,
    )
    db.copy(
        "councils_strengthscore",
        (
            "id",
            "assessment_id",
            "indicator_id",
            "level",
            "note",
            "evidence",
            "evidence_type",
            "filled_level",
            "filled_value",
        ),
        (
            (pk, *row)
            for pk, row in zip(db.ids("councils_strengthscore", len(scores)), scores, strict=True)
        ),
    )
    db.copy(
        "councils_componentlevel",
        ("id", "assessment_id", "component", "level", "area_code", "fiscal_year"),
        (
            (pk, *row)
            for pk, row in zip(db.ids("councils_componentlevel", len(levels)), levels, strict=True)
        ),
    )


# --- villages: profiles and the BMN / NRD 2C figures ------------------------------------------


def villages_area(db: Copier, world: World) -> None:
    from councils.villages.models import VillageIndicator

    rng = world.rng
    indicators = list(VillageIndicator.objects.values_list("id", "dataset"))
    profiles, figures = [], []
    for _council, code in world.councils:
        for village in range(1, VILLAGES_PER_TAMBON + 1):
            households = rng.randint(80, 300)
            profiles.append(
                (
                    code,
                    village,
                    SURVEY_YEAR,
                    f"บ้าน{village}",
                    households,
                    households * 3,
                    rng.randrange(40_000, 120_000, 1000),
                )
            )
            for indicator, dataset in indicators:
                if dataset == "bmn":
                    passed = households - rng.randint(0, households // 5)
                    figures.append(
                        (code, village, SURVEY_YEAR, indicator, households, passed, None)
                    )
                else:
                    figures.append(
                        (
                            code,
                            village,
                            SURVEY_YEAR,
                            indicator,
                            None,
                            None,
                            rng.choice((1, 2, 3, 3, 3)),
                        )
                    )
    db.copy(
        "councils_villageprofile",
        (
            "id",
            "subdistrict_id",
            "village_no",
            "year",
            "village_name",
            "households",
            "population",
            "average_income",
        ),
        (
            (pk, *row)
            for pk, row in zip(
                db.ids("councils_villageprofile", len(profiles)), profiles, strict=True
            )
        ),
    )
    db.copy(
        "councils_villagefigure",
        (
            "id",
            "subdistrict_id",
            "village_no",
            "year",
            "indicator_id",
            "households_surveyed",
            "households_passed",
            "level",
        ),
        (
            (pk, *row)
            for pk, row in zip(db.ids("councils_villagefigure", len(figures)), figures, strict=True)
        ),
    )


# --- welfare: funds, benefit types, members, claims and the ledger ------------------------------


@dataclass(frozen=True)
class FundShape:
    """Per fund: 300 members paying 30 baht a month, 12 paid claims, 4 grants, 8 expenses and
    30 reversals (28 contributions and 2 payouts): 3,034 ledger entries."""

    members: int = MEMBERS_PER_FUND
    short_members: int = 20  # paid 9 months instead of 10
    months: int = 10
    claims: int = 12
    grants: int = 4
    expenses: int = 8
    reversed_contributions: int = 28
    reversed_payouts: int = 2

    @property
    def entries(self) -> int:
        contributions = self.members * self.months - self.short_members
        reversals = self.reversed_contributions + self.reversed_payouts
        return contributions + self.claims + self.grants + self.expenses + reversals


BENEFITS = (("birth", "รับขวัญบุตร", 500), ("sickness", "เยี่ยมไข้", 300), ("death", "ช่วยงานศพ", 3000))
LEDGER_COLUMNS = (
    "id",
    "fund_id",
    "kind",
    "occurred_on",
    "amount",
    "source",
    "member_id",
    "claim_id",
    "reverses_id",
    "description",
    "idempotency_key",
    "recorded_by_id",
    "recorded_at",
    "counts_as",
    "counts_as_source",
    "counts_as_benefit",
)


def welfare_area(db: Copier, world: World, shape: FundShape = FundShape()) -> None:
    """The funds go in batches of a hundred, each with its members, claims and ledger, so
    that the 6 million entries never sit in memory at once."""
    councils = fund_councils(world)
    batch = 100
    serial = 0
    for start in range(0, len(councils), batch):
        serial = fund_batch(db, world, shape, councils[start : start + batch], serial)


def fund_batch(
    db: Copier, world: World, shape: FundShape, councils: list[tuple[int, str]], serial: int
) -> int:
    from welfare.models import PRIVACY_NOTICE_VERSION

    rng = world.rng
    n = len(councils)
    clerk, first, second = (
        world.users[u] for u in ("bench_clerk", "bench_approver_1", "bench_approver_2")
    )
    fund_ids = db.ids("welfare_welfarefund", n)
    benefit_ids = iter(db.ids("welfare_benefittype", n * len(BENEFITS)))
    member_ids = iter(db.ids("welfare_member", n * shape.members))
    claim_ids = iter(db.ids("welfare_claim", n * shape.claims))
    entry_ids = iter(db.ids("welfare_ledgerentry", n * shape.entries))
    funds, benefits, members, claims, entries = [], [], [], [], []
    for fund, (council, code) in zip(fund_ids, councils, strict=True):
        types = []
        for kind, label, amount in BENEFITS:
            pk = next(benefit_ids)
            types.append((pk, amount))
            benefits.append(
                (pk, fund, kind, label, "", amount, None, 180, None, None, None, None, None, True)
            )
        balance = 0
        fund_members = []
        correctable = []  # (entry, amount, source, member) of the entries that may be reversed
        for number in range(1, shape.members + 1):
            serial += 1
            pk = next(member_ids)
            fund_members.append(pk)
            first_name, last_name = name(rng)
            # Most members joined ten months ago and are up to date; every fifth joined one to
            # four months earlier and is behind by that many payments.
            behind = rng.randint(1, 4) if number % 5 == 0 else 0
            joined = add_months(world.today, -(shape.months + behind))
            born = dt.date(rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28))
            members.append(
                (
                    pk,
                    fund,
                    number,
                    "",
                    first_name,
                    last_name,
                    citizen_id(serial),
                    born,
                    rng.choice(("female", "male")),
                    rng.randint(1, 8),
                    "working_age",
                    "",
                    "",
                    joined,
                    "active",
                    joined,
                    PRIVACY_NOTICE_VERSION,
                    clerk,
                    "",
                )
            )
            months = shape.months - (1 if number <= shape.short_members else 0)
            for month in range(months):
                paid = add_months(joined, month)
                entry = next(entry_ids)
                correctable.append((entry, 30, "members", pk))
                entries.append(
                    (
                        entry,
                        fund,
                        "contribution",
                        paid,
                        30,
                        "members",
                        pk,
                        None,
                        None,
                        "",
                        None,
                        clerk,
                        f"{paid} 10:00:00+07",
                    )
                )
                balance += 30
        for _n in range(shape.grants):
            amount = rng.randrange(5_000, 50_000, 1000)
            entries.append(
                (
                    next(entry_ids),
                    fund,
                    "grant",
                    "2022-06-01",
                    amount,
                    rng.choice(("local_government", "codi")),
                    None,
                    None,
                    None,
                    "เงินสมทบ",
                    None,
                    clerk,
                    STAMP,
                )
            )
            balance += amount
        for _n in range(shape.expenses):
            amount = rng.randrange(200, 2_000, 100)
            spent = world.today - dt.timedelta(days=rng.randint(1, 300))
            entries.append(
                (
                    next(entry_ids),
                    fund,
                    "expense",
                    spent,
                    -amount,
                    "",
                    None,
                    None,
                    None,
                    "ค่าเครื่องเขียน",
                    None,
                    clerk,
                    STAMP,
                )
            )
            balance -= amount
        payouts = []
        for index in range(shape.claims):
            claim = next(claim_ids)
            benefit, amount = types[index % len(types)]
            member = fund_members[rng.randrange(shape.members)]
            event = world.today - dt.timedelta(days=rng.randint(10, 200))
            # A payout reversed by mistake sends its claim back to waiting for payment.
            status = "approved" if index < shape.reversed_payouts else "paid"
            claims.append(
                (
                    claim,
                    fund,
                    member,
                    benefit,
                    event,
                    None,
                    amount,
                    "",
                    None,
                    "",
                    "[]",
                    None,
                    status,
                    clerk,
                    STAMP,
                    first,
                    STAMP,
                    second,
                    STAMP,
                    "",
                )
            )
            entry = next(entry_ids)
            payouts.append((entry, -amount, "", member))
            entries.append(
                (
                    entry,
                    fund,
                    "benefit",
                    event,
                    -amount,
                    "",
                    member,
                    claim,
                    None,
                    "",
                    f"claim:{claim}",
                    clerk,
                    STAMP,
                )
            )
            balance -= amount
        wrong = rng.sample(correctable, shape.reversed_contributions)
        for original, amount, source, member in wrong + payouts[: shape.reversed_payouts]:
            entries.append(
                (
                    next(entry_ids),
                    fund,
                    "reversal",
                    world.today - dt.timedelta(days=5),
                    -amount,
                    source,
                    member,
                    None,
                    original,
                    "บันทึกผิด",
                    f"reverse:{original}",
                    clerk,
                    STAMP,
                )
            )
            balance -= amount
        funds.append(
            (
                fund,
                council,
                f"กองทุนสวัสดิการชุมชนตำบล {code}",
                "2015-04-01",
                30,
                "month",
                3,
                balance,
                STAMP,
            )
        )
    ledger = counted_as(entries, claims, benefits)
    db.copy(
        "welfare_welfarefund",
        (
            "id",
            "council_id",
            "name",
            "established_on",
            "contribution_amount",
            "contribution_period",
            "lapse_after_missed",
            "balance",
            "created_at",
        ),
        funds,
    )
    db.copy(
        "welfare_benefittype",
        (
            "id",
            "fund_id",
            "kind",
            "name",
            "name_en",
            "amount",
            "amount_per_night",
            "waiting_days",
            "max_claims_per_year",
            "max_amount_per_year",
            "min_age",
            "max_age",
            "min_membership_years",
            "is_active",
        ),
        benefits,
    )
    db.copy(
        "welfare_member",
        (
            "id",
            "fund_id",
            "member_no",
            "title",
            "first_name",
            "last_name",
            "citizen_id",
            "birth_date",
            "sex",
            "village_no",
            "group",
            "beneficiaries",
            "phone",
            "joined_on",
            "status",
            "consented_on",
            "consent_version",
            "consent_recorded_by_id",
            "status_note",
            "contributed_total",
        ),
        with_contributions(members, ledger),
    )
    db.copy(
        "welfare_claim",
        (
            "id",
            "fund_id",
            "member_id",
            "benefit_type_id",
            "event_on",
            "nights",
            "amount",
            "description",
            "exception_resolution_id",
            "exception_reason",
            "waived_rules",
            "resolution_id",
            "status",
            "filed_by_id",
            "filed_at",
            "first_approver_id",
            "first_approved_at",
            "second_approver_id",
            "second_approved_at",
            "rejected_reason",
        ),
        claims,
    )
    db.copy("welfare_ledgerentry", LEDGER_COLUMNS, ledger)
    return serial


def with_contributions(members: list[tuple], ledger: list[tuple]) -> list[tuple]:
    """Each member with their net contributions, as the ledger keeps them on the member."""
    contributed: dict[int, int] = {}
    for row in ledger:
        member, counts_as = row[6], row[len(LEDGER_COLUMNS) - 3]
        if member is not None and counts_as == "contribution":
            contributed[member] = contributed.get(member, 0) + row[4]
    return [(*row, contributed.get(row[0], 0)) for row in members]


def counted_as(entries: list[tuple], claims: list[tuple], benefits: list[tuple]) -> list[tuple]:
    """Each entry with what it counts as, as LedgerEntry.count_as sets it: its own kind, source
    and claim's benefit; for a reversal, those of the entry it reverses (its own claim first).
    A batch's reversals come after the entries they reverse."""
    benefit_kinds = {row[0]: row[2] for row in benefits}
    claim_benefits = {row[0]: benefit_kinds[row[3]] for row in claims}
    counts: dict[int, tuple[str, str, str]] = {}
    rows = []
    for row in entries:
        entry, kind, source, claim, reverses = row[0], row[2], row[5], row[7], row[8]
        if reverses is None:
            counts[entry] = (kind, source, claim_benefits.get(claim, ""))
        else:
            reversed_kind, reversed_source, reversed_benefit = counts[reverses]
            benefit = claim_benefits.get(claim) or reversed_benefit
            counts[entry] = (reversed_kind, reversed_source, benefit)
        rows.append((*row, *counts[entry]))
    return rows


# --- books: provincial and district strategy books, province strategies ------------------------


def books_area(world: World) -> list[str]:
    """A provincial book for the persona's province and two more, a district book for the
    persona's district, each grouped by theme as a coordinator's first step does."""
    from plans.books import curation
    from plans.books.models import ProvinceStrategy, StrategyBook

    with_councils = sorted({code[:2] for _pk, code in world.councils})
    provinces = [world.personas["province"]]
    provinces += [code for code in with_councils if code not in provinces][:2]
    books = [(StrategyBook.Level.PROVINCE, code) for code in provinces]
    books.append((StrategyBook.Level.DISTRICT, world.personas["district"]))
    made = []
    for level, code in books:
        book = StrategyBook.objects.create(
            level=level,
            area_code=code,
            first_year=PLAN_FIRST,
            last_year=PLAN_LAST,
            title=curation.default_title(level, code, PLAN_FIRST, PLAN_LAST),
        )
        curation.propose_grouping(book)
        made.append(f"{level} {code}")
    endorse_one(
        StrategyBook.objects.get(level=StrategyBook.Level.PROVINCE, area_code=provinces[-1])
    )
    for code in provinces:
        ProvinceStrategy.objects.bulk_create(
            ProvinceStrategy(
                province_id=code, first_year=2566, last_year=2570, number=number, title=title
            )
            for number, title in enumerate(
                ("เศรษฐกิจฐานรากเข้มแข็ง", "สังคมคุณภาพ", "ทรัพยากรธรรมชาติยั่งยืน"), start=1
            )
        )
    return made


def endorse_one(book) -> None:
    """The last province's book is endorsed, so that the public pages have a book to show; the
    persona's stays a draft that its coordinator curates."""
    from django.contrib.auth.models import User

    from plans.books import curation

    curation.endorse(
        book,
        by=User.objects.get(username="bench_province"),
        body="ที่ประชุมสภาองค์กรชุมชนจังหวัด",
        on=dt.date(2026, 6, 30),
    )


# --- records: the audit trail and the personas' notifications ----------------------------------


def records_area(db: Copier, world: World) -> None:
    """An audit entry for the creation of every council member and welfare member (the two
    largest registries people type in), and a page of notifications for each persona."""
    from django.contrib.contenttypes.models import ContentType

    from councils.models import CouncilMember
    from welfare.models import Member

    clerk = world.users["bench_clerk"]

    # One entry a minute from mid-2024, as the registries were typed in: the admin's list is
    # ordered by time, and rows sharing one timestamp would make it sort them all.
    started = dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC)
    minutes = itertools.count()

    def audit_rows():
        for model, area in (
            (CouncilMember, "council__subdistrict_id"),
            (Member, "fund__council__subdistrict_id"),
        ):
            content_type = ContentType.objects.get_for_model(model).pk
            rows = model.objects.values_list("pk", "first_name", "last_name", area)
            for pk, first, last, code in rows.iterator(chunk_size=20_000):
                changes = json.dumps({"first_name": ["None", first], "last_name": ["None", last]})
                yield (
                    content_type,
                    str(pk),
                    pk,
                    f"{first} {last}",
                    0,
                    "",
                    changes,
                    clerk,
                    started + dt.timedelta(minutes=next(minutes)),
                    code,
                )

    rows = list(audit_rows())
    db.copy(
        "councils_auditentry",
        (
            "id",
            "content_type_id",
            "object_pk",
            "object_id",
            "object_repr",
            "action",
            "changes_text",
            "changes",
            "actor_id",
            "timestamp",
            "area_code",
        ),
        (
            (pk, *row)
            for pk, row in zip(db.ids("councils_auditentry", len(rows)), rows, strict=True)
        ),
    )
    del rows
    notifications(db, world)


def notifications(db: Copier, world: World) -> None:
    from django.urls import reverse

    from plans.models import CommunityPlan

    rows = []
    for username, area in (
        ("bench_district", world.personas["district"]),
        ("bench_province", world.personas["province"]),
        ("bench_tambon", world.personas["district"]),
    ):
        plans = CommunityPlan.objects.filter(council__subdistrict__code__startswith=area)
        for pk, title, council, code in plans.values_list(
            "pk", "title", "council__name", "council__subdistrict_id"
        )[:60]:
            params = json.dumps({"plan": title, "council": council, "note": ""})
            rows.append(
                (
                    world.users[username],
                    "plan_submitted",
                    params,
                    reverse("plan_detail", args=[pk]),
                    code,
                    f"plan:{pk}:bench",
                    STAMP,
                    None,
                )
            )
    db.copy(
        "reports_notification",
        (
            "id",
            "recipient_id",
            "kind",
            "params",
            "link",
            "area_code",
            "key",
            "created_at",
            "read_at",
        ),
        (
            (pk, *row)
            for pk, row in zip(db.ids("reports_notification", len(rows)), rows, strict=True)
        ),
    )


# --- the command ---------------------------------------------------------------------------------


def generate(*, scale: float = 1.0, seed: int = 14, today: dt.date | None = None, out=sys.stdout):
    """Fill the (migrated, empty) database; returns the row counts by table."""
    from django.db import connection

    from councils.models import Council

    if connection.vendor != "postgresql":
        raise SystemExit("bench.national writes with COPY: point DATABASE_URL at PostgreSQL.")
    if Council.objects.exists():
        raise SystemExit("The database already has councils: generate into an empty one.")
    world = World(rng=random.Random(seed), today=today or dt.date.today())
    db = Copier(connection)
    n_councils = max(round(NATIONAL["councils"] * scale), 1)
    steps = (
        ("councils, members, persons", lambda: councils_area(db, world, n_councils)),
        ("users and personas", lambda: users_and_personas(db, world)),
        ("plans, projects, budgets", lambda: plans_area(db, world)),
        ("meetings", lambda: meetings_area(db, world)),
        ("strength", lambda: strength_area(db, world)),
        ("villages", lambda: villages_area(db, world)),
        ("welfare funds and ledger", lambda: welfare_area(db, world)),
        ("books", lambda: books_area(world)),
        ("audit trail, notifications", lambda: records_area(db, world)),
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # As pg_restore --disable-triggers does: the rows are made consistent here, so the
        # foreign-key triggers are not run row by row (it would take most of the time).
        cursor.execute("SET session_replication_role = replica")
    try:
        for label, step in steps:
            t0 = time.perf_counter()
            step()
            print(f"{label:32} {time.perf_counter() - t0:7.1f} s", file=out, flush=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
    db.reset_sequences()
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{'ANALYZE':32} {time.perf_counter() - t0:7.1f} s", file=out)
    print(f"{'total':32} {time.perf_counter() - started:7.1f} s", file=out)
    for table, count in sorted(db.counts.items()):
        print(f"  {table:36} {count:>10,}", file=out)
    print("personas:", ", ".join(f"{k} {v}" for k, v in world.personas.items()), file=out)
    return db.counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.national", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="fill the database at DATABASE_URL")
    gen.add_argument("--scale", type=float, default=1.0, help="share of the national size")
    gen.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    generate(scale=args.scale, seed=args.seed)


if __name__ == "__main__":
    main()

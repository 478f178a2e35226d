"""Demo welfare funds: one per demo council, with a year of members' payments, grants and claims.

The schemes follow the field reports: "1 baht a day" funds (30 baht a month) set up by the
councils of Chumphon, Nakhon Si Thammarat and Mae Sai, topped up by the local government and by
the government through CODI, paying birth, sickness, elderly, funeral, education and disaster
benefits. Every fund is generated from its tambon code, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.utils import timezone

from councils.access import Role
from councils.buddhist_era import add_years, fiscal_year_be, fiscal_year_bounds
from councils.demo.registry import (
    COUNCILS,
    DEMO_PASSWORD,
    NORTH_NAMES,
    SOUTH_NAMES,
    CouncilSpec,
    NamePool,
)
from councils.models import Assignment, Council
from welfare import ledger, rules
from welfare.models import BenefitType, Claim, LedgerEntry, Member, WelfareFund, months_between

Kind = BenefitType.Kind
Entry = LedgerEntry.Kind
Source = LedgerEntry.Source

# (kind, name, amount, waiting days, claims a year, baht a year, min age, max age, years)
BENEFITS = (
    (Kind.BIRTH, "รับขวัญเด็กแรกเกิด", 500, 270, 1, None, None, None, None),
    (Kind.SICKNESS, "เจ็บป่วยนอนโรงพยาบาล (คืนละ 100 บาท ไม่เกิน 5 คืน)", 500, 180, 3, 1500,
     None, None, None),
    (Kind.ELDERLY, "บำนาญผู้สูงอายุ (รายปี)", 1200, 365, 1, None, 60, None, 10),
    (Kind.DEATH, "ค่าทำศพสมาชิก", 5000, 180, None, None, None, None, None),
    (Kind.EDUCATION, "ทุนการศึกษาบุตรหลานสมาชิก", 500, 365, 1, None, None, 18, None),
    (Kind.DISASTER, "ช่วยเหลือผู้ประสบภัยน้ำท่วมและวาตภัย", 2000, 180, 1, None, None, None, None),
    (Kind.DISABILITY, "ช่วยเหลือคนพิการ (รายปี)", 1000, 365, 1, None, None, None, None),
)  # fmt: skip
# What the English interface calls the demo's benefits.
BENEFIT_NAMES_EN = {
    "รับขวัญเด็กแรกเกิด": "Gift for a newborn",
    "เจ็บป่วยนอนโรงพยาบาล (คืนละ 100 บาท ไม่เกิน 5 คืน)": (
        "Hospital stay (100 baht a night, up to 5 nights)"
    ),
    "บำนาญผู้สูงอายุ (รายปี)": "Elderly pension (yearly)",
    "ค่าทำศพสมาชิก": "Funeral of a member",
    "ทุนการศึกษาบุตรหลานสมาชิก": "Scholarship for members' children",
    "ช่วยเหลือผู้ประสบภัยน้ำท่วมและวาตภัย": "Help after floods and storms",
    "ช่วยเหลือคนพิการ (รายปี)": "Disability support (yearly)",
}
EXPENSES = ("ค่าจัดประชุมคณะกรรมการกองทุน", "ค่าเครื่องเขียนและสมุดบัญชี", "ค่าเดินทางไปฝากเงินธนาคาร")
FUND_COMMITTEE = "maesai_treasurer"  # the second approver of the Mae Sai fund, a demo login
HEAVY_EXPENSES = "860205"  # a fund whose administration costs pass 20 %, to show the flag


def seed(stdout: OutputWrapper) -> None:
    today = timezone.localdate()
    specs = {spec.code: spec for spec in COUNCILS}
    created = 0
    for council in Council.objects.active().select_related("subdistrict").order_by("subdistrict"):
        spec = specs.get(council.subdistrict_id)
        if spec is None or WelfareFund.objects.filter(council=council).exists():
            continue
        seed_fund(council, spec, today)
        created += 1
    stdout.write(
        f"Welfare funds: {created} created, {WelfareFund.objects.count()} in all; "
        f"{FUND_COMMITTEE} (password {DEMO_PASSWORD}) is the Mae Sai fund's second approver."
    )


def seed_fund(council: Council, spec: CouncilSpec, today: dt.date) -> WelfareFund:
    rng = random.Random(f"welfare-{spec.code}")
    clerk, bookkeeper, treasurer = _committee(council, spec)
    established = add_years(spec.registered_on, rng.randint(1, 4)).replace(day=1)
    fund = WelfareFund.objects.create(
        council=council,
        name=f"กองทุนสวัสดิการชุมชนตำบล{council.subdistrict.name_th}",
        established_on=established,
        contribution_amount=Decimal("1.00"),
        contribution_period=WelfareFund.Period.DAY,
        lapse_after_missed=3,
    )
    benefits = [
        BenefitType.objects.create(
            fund=fund,
            kind=kind,
            name=name,
            name_en=BENEFIT_NAMES_EN[name],
            amount=Decimal(amount),
            waiting_days=waiting,
            max_claims_per_year=per_year,
            min_age=min_age,
            max_age=max_age,
            min_membership_years=years,
            max_amount_per_year=Decimal(cap) if cap else None,
        )  # fmt: skip
        for kind, name, amount, waiting, per_year, cap, min_age, max_age, years in BENEFITS
    ]
    names = SOUTH_NAMES if spec.code.startswith("8") else NORTH_NAMES
    members = _members(fund, spec, rng, names, established, today)
    year_start = (today - dt.timedelta(days=365)).replace(day=1)
    _money(fund, spec, rng, members, bookkeeper, year_start, today)
    _claims(fund, rng, members, benefits, (clerk, bookkeeper, treasurer), year_start, today)
    return fund


def _committee(council: Council, spec: CouncilSpec):
    """The fund's clerk, who files the members' claims, and its bookkeeper and treasurer, the
    two other people who approve them (the one who files a claim never approves it).

    All hold a tambon-coordinator assignment for the fund's tambon. In Mae Sai the bookkeeper
    and the treasurer are the demo logins; the clerks and the other funds' people cannot log in.
    """
    users = get_user_model().objects
    people = []
    for suffix in ("clerk", "bookkeeper", "treasurer"):
        username = f"welfare_{spec.code}_{suffix}"
        if spec.code == "570901":
            username = {"bookkeeper": "maesai", "treasurer": FUND_COMMITTEE}.get(suffix, username)
        user, made = users.get_or_create(username=username)
        if made:
            if username == FUND_COMMITTEE:
                user.first_name, user.last_name = "สมศรี", "ทองคำ"
                user.set_password(DEMO_PASSWORD)
            else:
                user.first_name, user.last_name = "กรรมการกองทุน", council.subdistrict.name_th
                user.set_unusable_password()
            user.save()
        Assignment.objects.get_or_create(
            user=user, role=Role.TAMBON_COORDINATOR, area_code=spec.code, region=""
        )
        people.append(user)
    return people


def _members(
    fund: WelfareFund,
    spec: CouncilSpec,
    rng: random.Random,
    names: NamePool,
    established: dt.date,
    today: dt.date,
) -> list[Member]:
    count = rng.randint(60, 140)
    taken: set[str] = set()
    members = []
    for number in range(1, count + 1):
        female = rng.random() < 0.55
        age = rng.choice(
            (rng.randint(3, 17), rng.randint(18, 59), rng.randint(18, 59), rng.randint(60, 85))
        )
        birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        joined = established + dt.timedelta(
            days=rng.randint(0, max((today - established).days - 60, 1))
        )
        joined = max(joined, birth + dt.timedelta(days=30))
        group = (
            Member.Group.CHILD if age < 18
            else Member.Group.ELDERLY if age >= 60
            else Member.Group.DISADVANTAGED if rng.random() < 0.06
            else Member.Group.WORKING_AGE
        )  # fmt: skip
        members.append(
            Member(
                fund=fund,
                member_no=number,
                title=("เด็กหญิง" if female else "เด็กชาย")
                if age < 15
                else ("นาง" if female else "นาย"),
                first_name=rng.choice(names.female if female else names.male),
                last_name=rng.choice(names.surnames),
                citizen_id=_citizen_id(rng, taken),
                birth_date=birth,
                sex=Member.Sex.FEMALE if female else Member.Sex.MALE,
                village_no=rng.randint(1, spec.villages),
                group=group,
                beneficiaries=""
                if age < 18
                else f"{rng.choice(names.female)} {rng.choice(names.surnames)}",
                joined_on=joined,
            )
        )
    return Member.objects.bulk_create(members)


def _money(fund, spec, rng, members, bookkeeper, year_start: dt.date, today: dt.date) -> None:
    # What the fund held before the demo year is carried in on the eve of that fiscal year,
    # so the year's statement opens with it.
    carried_on = fiscal_year_bounds(fiscal_year_be(year_start))[0] - dt.timedelta(days=1)
    entries = [
        LedgerEntry(
            fund=fund, kind=Entry.OTHER_INCOME, amount=Decimal(rng.randint(80, 400) * 1000),
            occurred_on=carried_on, recorded_by=bookkeeper,
            description="ยอดเงินกองทุนยกมาจากสมุดบัญชีเดิม",
        )
    ]  # fmt: skip
    per_month = fund.amount_per_payment
    for member in members:
        # Most pay every month; some fall behind near the end, a few stopped paying.
        habit = rng.random()
        stop = today if habit < 0.85 else today - dt.timedelta(days=31 * (1 if habit < 0.93 else 3))
        day = max(member.joined_on, year_start).replace(day=5)
        while day <= stop:
            entries.append(
                LedgerEntry(
                    fund=fund, kind=Entry.CONTRIBUTION, source=Source.MEMBERS, member=member,
                    amount=per_month, occurred_on=day, recorded_by=bookkeeper,
                )
            )  # fmt: skip
            day = (day + dt.timedelta(days=32)).replace(day=5)
        if member.joined_on < year_start:
            # What the member paid before the year: enough that only this year's gaps count.
            months = months_between(member.joined_on, year_start) + 1
            entries.append(
                LedgerEntry(
                    fund=fund, kind=Entry.CONTRIBUTION, source=Source.MEMBERS, member=member,
                    amount=per_month * months, occurred_on=carried_on,
                    recorded_by=bookkeeper, description="เงินสมทบสะสมยกมา",
                )
            )  # fmt: skip
    contributed = sum((e.amount for e in entries if e.kind == Entry.CONTRIBUTION), Decimal(0))
    grant_day = year_start + dt.timedelta(days=rng.randint(60, 200))
    entries += [
        LedgerEntry(
            fund=fund, kind=Entry.GRANT, source=Source.LOCAL_GOVERNMENT,
            amount=Decimal(rng.choice((20, 30, 50)) * 1000), occurred_on=grant_day,
            recorded_by=bookkeeper, description="เงินสมทบจากองค์กรปกครองส่วนท้องถิ่น",
        ),
        LedgerEntry(
            fund=fund, kind=Entry.GRANT, source=Source.CODI,
            amount=(contributed / 3).quantize(Decimal("1")),
            occurred_on=grant_day + dt.timedelta(days=20),
            recorded_by=bookkeeper, description="รัฐบาลสมทบผ่านสถาบันพัฒนาองค์กรชุมชน (พอช.)",
        ),
    ]  # fmt: skip
    month = year_start
    while month <= today:
        entries.append(
            LedgerEntry(
                fund=fund, kind=Entry.EXPENSE, amount=-Decimal(rng.randint(3, 12) * 100),
                occurred_on=month.replace(day=20) if month.replace(day=20) <= today else today,
                recorded_by=bookkeeper, description=rng.choice(EXPENSES),
            )
        )  # fmt: skip
        month = (month + dt.timedelta(days=32)).replace(day=1)
    if fund.council.subdistrict_id == HEAVY_EXPENSES:
        held = sum((e.amount for e in entries), Decimal(0))
        entries.append(
            LedgerEntry(
                fund=fund, kind=Entry.EXPENSE, amount=-(held / 4).quantize(Decimal("1")),
                occurred_on=today, recorded_by=bookkeeper,
                description="ค่าจ้างทำบัญชีและจัดซื้อคอมพิวเตอร์สำนักงาน",
            )
        )  # fmt: skip
    ledger.post_many(fund, entries)
    # A contribution typed twice, corrected by a reversing entry.
    member = rng.choice(members)
    typo = ledger.record_contribution(member, per_month, today, bookkeeper, "บันทึกซ้ำ")
    ledger.reverse(typo, bookkeeper, "บันทึกรายการซ้ำ กลับรายการ", today)


def _claims(fund, rng, members, benefits, committee, year_start, today) -> None:
    """Claims over the year, filed by the clerk: most paid after the bookkeeper's and the
    treasurer's approvals, one rejected, two waiting."""
    clerk, bookkeeper, treasurer = committee
    wanted = max(len(members) // 8, 6)
    made = 0
    for _ in range(wanted * 6):
        if made >= wanted:
            break
        member, benefit = rng.choice(members), rng.choice(benefits)
        member.fund = fund
        event_on = year_start + dt.timedelta(days=rng.randint(0, (today - year_start).days))
        claim = Claim(
            fund=fund, member=member, benefit_type=benefit, event_on=event_on,
            amount=benefit.amount, filed_by=clerk, description=_story(benefit.kind),
        )  # fmt: skip
        if not rules.passes(claim, today):
            continue
        claim.save()
        made += 1
        if made == wanted - 1:
            claim.approve(bookkeeper)  # waiting for the second approval
        elif made == wanted:
            continue  # just filed
        elif made == 3:
            claim.reject(bookkeeper, "ไม่มีใบรับรองแพทย์แนบมากับคำขอ")
        else:
            claim.approve(bookkeeper)
            claim.approve(treasurer)
            ledger.pay_claim(claim, bookkeeper, min(event_on + dt.timedelta(days=7), today))
            if benefit.kind == Kind.DEATH:
                member.set_status(Member.Status.DECEASED, event_on)


def _story(kind: str) -> str:
    return {
        Kind.BIRTH: "คลอดบุตรที่โรงพยาบาลประจำอำเภอ",
        Kind.SICKNESS: "นอนโรงพยาบาลส่งเสริมสุขภาพตำบล 5 คืน",
        Kind.ELDERLY: "บำนาญผู้สูงอายุประจำปี",
        Kind.DEATH: "ถึงแก่กรรม ญาติยื่นขอค่าทำศพ",
        Kind.EDUCATION: "ทุนการศึกษาบุตรหลาน ชั้นมัธยมศึกษา",
        Kind.DISASTER: "บ้านเสียหายจากน้ำท่วมฉับพลัน",
        Kind.DISABILITY: "ค่าใช้จ่ายคนพิการประจำปี",
    }.get(kind, "")


def _citizen_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        body = str(rng.choice((1, 3))) + "".join(str(rng.randint(0, 9)) for _ in range(11))
        check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(body)) % 11) % 10
        value = body + str(check)
        if value not in taken:
            taken.add(value)
            return value

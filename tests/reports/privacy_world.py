"""One person held in every way the portal holds people: Boonma Kaewmanee of Mae Sai sits on
the council, attends its meetings, is a delegate, belongs to the welfare fund, pays into it and
was paid a claim, and the committee once looked at her citizen ID. In the leaders' registry she
is the village headman, went to a training and is named to succeed the chair."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group

from councils.access import Role
from councils.admin_roles import codi_staff_permissions
from councils.geography import Region
from councils.meetings.models import Attendance, Delegate, Meeting
from councils.models import CouncilMember
from councils.persons.models import PersonRole
from tests.factories import (
    AssignmentFactory,
    BenefitTypeFactory,
    ClaimFactory,
    FundFactory,
    FundMemberFactory,
    MeetingFactory,
    MemberFactory,
    PersonRoleFactory,
    TrainingFactory,
    UserFactory,
)
from welfare import ledger
from welfare.models import Claim, LedgerEntry

FULL_ID = "3100600445635"
FORMATTED_ID = "3-1006-00445-63-5"
PHONE = "0812345678"
FIRST, LAST = "บุญมา", "แก้วมณี"
BIRTH_YEAR = 2504
PERSONAL = (FIRST, LAST, FULL_ID, FORMATTED_ID, PHONE, "สมชาย แก้วมณี")
CHAIR_LAST = "ศรีสุข"


def build_person(council, coordinator) -> dict:
    fund = FundFactory(council=council, name="กองทุนสวัสดิการชุมชนตำบลแม่สาย")
    sickness = BenefitTypeFactory(fund=fund, name="นอนโรงพยาบาล", amount=Decimal("500.00"))
    seat = MemberFactory(
        council=council, first_name=FIRST, last_name=LAST, village_no=3, phone=PHONE
    )
    neighbour = MemberFactory(council=council, first_name="สมพร", last_name="ทองดี", village_no=3)
    leader = seat.person  # made from her seat when it was saved
    leader.birth_year = BIRTH_YEAR
    leader.save()
    headman = PersonRoleFactory(
        person=leader, body=PersonRole.Body.VILLAGE_HEADMAN, position="ผู้ใหญ่บ้านหมู่ 3"
    )
    training = TrainingFactory(person=leader, course="หลักสูตรผู้นำรุ่นใหม่")
    chair = MemberFactory(
        council=council, first_name="ประยูร", last_name=CHAIR_LAST, village_no=5,
        role=CouncilMember.Role.CHAIR, successor=leader,
    )  # fmt: skip
    member = FundMemberFactory(
        fund=fund, first_name=FIRST, last_name=LAST, citizen_id=FULL_ID, phone=PHONE,
        beneficiaries="นายสมชาย แก้วมณี (บุตร)", birth_date=dt.date(1961, 8, 12),
    )  # fmt: skip
    other = FundMemberFactory(fund=fund, first_name="สมพร", last_name="ทองดี")
    ledger.record_entry(
        fund, LedgerEntry.Kind.GRANT, Decimal("10000"), dt.date(2024, 10, 5), coordinator,
        source=LedgerEntry.Source.CODI, description="เงินสมทบจาก พอช.",
    )  # fmt: skip
    for month in (1, 2, 3):
        ledger.record_contribution(member, Decimal("30"), dt.date(2025, month, 5), coordinator)
        ledger.record_contribution(other, Decimal("30"), dt.date(2025, month, 5), coordinator)
    claim = ClaimFactory(
        member=member, benefit_type=sickness, filed_by=coordinator,
        description="บุญมา แก้วมณี นอนโรงพยาบาลแม่สาย 3 คืน",
    )  # fmt: skip
    # Paid as ledger.pay_claim would, without depending here on the claim rules.
    LedgerEntry.objects.create(
        fund=fund, kind=LedgerEntry.Kind.BENEFIT, amount=-claim.amount,
        occurred_on=dt.date(2025, 6, 10), member=member, claim=claim,
        description=str(sickness), recorded_by=coordinator,
    )  # fmt: skip
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PAID)
    meeting = MeetingFactory(council=council)
    Attendance.objects.create(meeting=meeting, member=seat)
    Attendance.objects.create(meeting=meeting, member=neighbour)
    provincial = MeetingFactory(
        council=None, level=Meeting.Level.PROVINCE, kind=Meeting.Kind.PROVINCIAL,
        area_code="57", title="สมัชชาสภาองค์กรชุมชนจังหวัดเชียงราย",
    )  # fmt: skip
    Delegate.objects.create(meeting=provincial, council=council, member=seat)
    member.reveal_citizen_id(by=coordinator)
    fund.refresh_from_db()
    return {
        "fund": fund,
        "seat": seat,
        "leader": leader,
        "headman": headman,
        "training": training,
        "chair": chair,
        "neighbour": neighbour,
        "member": member,
        "other": other,
        "claim": claim,
        "meeting": meeting,
    }


def southern_staff():
    """Sunee works for CODI's southern office: Mae Sai is not hers."""
    user = UserFactory(username="sunee", is_staff=True)
    AssignmentFactory(user=user, role=Role.CODI_REGIONAL, area_code="", region=Region.SOUTH)
    group, _ = Group.objects.get_or_create(name="CODI staff")
    group.permissions.set(codi_staff_permissions())
    user.groups.add(group)
    return user


def action_post(pk: int, action: str, **confirm) -> dict:
    data = {"action": action, "_selected_action": [pk]}
    if confirm:
        data["confirm"] = "1"
        data.update(confirm)
    return data

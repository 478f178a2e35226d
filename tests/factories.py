"""Factories for the tests: plausible Thai rows in the demo's real places."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from councils.access import Role
from councils.models import Assignment, CommunityOrganization, Council, CouncilMember, Partner

MAE_SAI = "5709"
TAMBON_MAE_SAI = "570901"
TAMBON_HUAI_KHRAI = "570902"
OTHER_PROVINCE_TAMBON = "860101"  # Tha Taphao, Mueang Chumphon


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "สมชาย"
    last_name = "ใจดี"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    user = factory.SubFactory(UserFactory)
    role = Role.TAMBON_COORDINATOR
    area_code = TAMBON_MAE_SAI


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    subdistrict_id = TAMBON_MAE_SAI
    name = factory.LazyAttribute(lambda o: f"สภาองค์กรชุมชนตำบล{o.subdistrict_id}")
    registration_number = factory.Sequence(lambda n: f"ชร {n:04d}/2552")
    registered_on = dt.date(2009, 6, 1)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityOrganization

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"กลุ่มออมทรัพย์เพื่อการผลิต หมู่ {n % 12 + 1}")
    kind = CommunityOrganization.Kind.SAVINGS
    village_no = factory.Sequence(lambda n: n % 12 + 1)
    member_count = 35


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    council = factory.SubFactory(CouncilFactory)
    title = "นาง"
    first_name = factory.Iterator(["บุญมา", "สมพร", "จันทร์เพ็ญ", "ประยูร", "อำไพ", "สุรชัย"])
    last_name = factory.Iterator(["แก้วมณี", "ทองดี", "ศรีสุข", "บุญเรือง", "คำแสน"])
    sex = CouncilMember.Sex.FEMALE
    seat = CouncilMember.Seat.REPRESENTATIVE
    village_no = factory.Sequence(lambda n: n % 12 + 1)
    selected_on = dt.date(2024, 1, 15)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = "องค์การบริหารส่วนตำบลแม่สาย"
    kind = Partner.Kind.LOCAL_GOVERNMENT
    area_code = TAMBON_MAE_SAI


# --- Community plans ----------------------------------------------------------------------


def _theme(code: str):
    from plans.models import Theme

    return Theme.objects.get(code=code)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.CommunityPlan"

    council = factory.SubFactory(CouncilFactory)
    title = factory.LazyAttribute(lambda o: f"แผนพัฒนาชุมชน{o.council.name} พ.ศ. 2569-2573")
    first_year = 2569
    last_year = 2573
    situation = "ชุมชนชายแดน ประชากรส่วนใหญ่ค้าขายและรับจ้าง"


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.PlanIssue"

    plan = factory.SubFactory(PlanFactory)
    theme = factory.LazyFunction(lambda: _theme("economy"))
    title = factory.Sequence(lambda n: f"รายได้ครัวเรือนไม่พอรายจ่าย {n}")
    priority = 1
    villages = [1, 3]


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.PlanProject"
        skip_postgeneration_save = True

    issue = factory.SubFactory(IssueFactory)
    title = factory.Sequence(lambda n: f"โครงการส่งเสริมอาชีพ {n}")
    objective = "เพิ่มรายได้ครัวเรือน"
    target = "ครัวเรือน 40 ครัวเรือน"
    approach = "joint"

    @factory.post_generation
    def indicator(self, create, name, **kwargs):
        """One indicator row, as a project usually has: `ProjectFactory(indicator="")` for
        none, `indicator="..."` for another name."""
        if not create or name == "":
            return
        from plans.execution.models import Indicator

        Indicator.objects.create(
            project=self, name="รายได้เพิ่มขึ้นร้อยละ 10" if name is None else name, order=1
        )


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.ProjectBudget"

    project = factory.SubFactory(ProjectFactory)
    fiscal_year = 2569
    source = "codi"
    amount = "50000.00"


def complete_plan(council, **kwargs):
    """A plan with an issue (and a project with budget) in each of the three core dimensions."""
    state = kwargs.pop("state", "draft")
    plan = PlanFactory(council=council, **kwargs)
    for code in ("economy", "society", "environment"):
        issue = IssueFactory(plan=plan, theme=_theme(code))
        BudgetFactory(project=ProjectFactory(issue=issue))
    return put_in_state(plan, state)


def put_in_state(plan, state: str):
    """Put a plan built as a draft in a state, standing for a review that happened before the test.

    A submitted or accepted plan refuses new parts, so the fixture fills it first; the state is
    written past the model's lock, which only the review itself (CommunityPlan._move) may do.
    """
    from django.db.models import QuerySet

    from plans.models import CommunityPlan

    if state != plan.state:
        QuerySet.update(CommunityPlan.objects.filter(pk=plan.pk), state=state)
        plan.state = state
    return plan


# Meetings (issue 5).
from councils.meetings.models import AgendaItem, Meeting, Resolution  # noqa: E402


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    council = factory.SubFactory(CouncilFactory)
    level = Meeting.Level.COUNCIL
    kind = Meeting.Kind.COUNCIL_MEETING
    area_code = factory.LazyAttribute(lambda o: o.council.subdistrict_id if o.council else "")
    number = factory.Sequence(lambda n: f"{n % 4 + 1}/2569")
    title = "การประชุมสภาองค์กรชุมชนตำบลแม่สาย"
    held_on = dt.date(2026, 3, 12)
    place = "ศาลาอเนกประสงค์หมู่ที่ 1"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ"


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "ที่ประชุมมีมติเห็นชอบแผนพัฒนาตำบล"


# --- Welfare funds ------------------------------------------------------------------------

from decimal import Decimal  # noqa: E402

from welfare.models import BenefitType, Claim, WelfareFund  # noqa: E402
from welfare.models import Member as FundMember  # noqa: E402


# Valid Thai citizen IDs (mod-11 check digit), one per sequence number.
def citizen_id(n: int) -> str:
    body = f"1{n:011d}"
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(body)) % 11) % 10
    return body + str(check)


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WelfareFund

    council = factory.SubFactory(CouncilFactory)
    name = factory.LazyAttribute(lambda o: f"กองทุนสวัสดิการชุมชนตำบล{o.council.subdistrict.name_th}")
    established_on = dt.date(2012, 4, 1)
    contribution_amount = Decimal("1.00")
    contribution_period = WelfareFund.Period.DAY
    lapse_after_missed = 3


class BenefitTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitType

    fund = factory.SubFactory(FundFactory)
    kind = BenefitType.Kind.SICKNESS
    name = factory.Sequence(lambda n: f"นอนโรงพยาบาล {n}")
    amount = Decimal("500.00")
    waiting_days = 180


class FundMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundMember

    fund = factory.SubFactory(FundFactory)
    title = "นาง"
    first_name = factory.Iterator(["บุญมา", "สมพร", "จันทร์เพ็ญ", "ประยูร", "อำไพ", "สุรชัย"])
    last_name = factory.Iterator(["แก้วมณี", "ทองดี", "ศรีสุข", "บุญเรือง", "คำแสน"])
    citizen_id = factory.Sequence(lambda n: citizen_id(n + 1000))
    birth_date = dt.date(1970, 5, 1)
    sex = FundMember.Sex.FEMALE
    village_no = 3
    joined_on = dt.date(2020, 1, 1)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    member = factory.SubFactory(FundMemberFactory)
    fund = factory.LazyAttribute(lambda o: o.member.fund)
    benefit_type = factory.LazyAttribute(lambda o: BenefitTypeFactory(fund=o.member.fund))
    event_on = dt.date(2025, 6, 1)
    amount = Decimal("500.00")
    filed_by = factory.SubFactory(UserFactory)


# --- Charters, agreements and documents (councils/records) --------------------------------

from councils.records.models import Agreement, Charter, CouncilDocument  # noqa: E402
from tests.uploaded_files import PDF_BYTES, upload  # noqa: E402


class CharterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charter

    council = factory.SubFactory(CouncilFactory)
    title = "ธรรมนูญตำบลแม่สาย"
    adopted_on = dt.date(2025, 6, 1)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    council = factory.SubFactory(CouncilFactory)
    title = "บันทึกข้อตกลงความร่วมมือจัดการขยะชุมชน"
    kind = Agreement.Kind.MOU
    signed_on = dt.date(2025, 1, 15)
    scope = "ร่วมกันคัดแยกขยะต้นทางทุกหมู่บ้าน"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilDocument

    council = factory.SubFactory(CouncilFactory)
    title = "รายงานการประชุมครั้งที่ 1/2569 (ลงนามแล้ว)"
    kind = CouncilDocument.Kind.MINUTES
    dated = dt.date(2026, 3, 12)
    file = factory.LazyFunction(lambda: upload("minutes.pdf", PDF_BYTES))


from councils.persons.models import Person, PersonRole, Training  # noqa: E402
from councils.strength.models import StrengthAssessment  # noqa: E402
from councils.villages.models import VillageFigure, VillageIndicator  # noqa: E402


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    council = factory.SubFactory(CouncilFactory)
    title = "นาย"
    first_name = factory.Iterator(["สมชาย", "ณัฐพล", "วันเพ็ญ", "อรุณี", "ธีรวัฒน์", "คำปัน"])
    last_name = factory.Sequence(lambda n: f"ใจดี{n}")
    birth_year = 2510


class PersonRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonRole

    person = factory.SubFactory(PersonFactory)
    body = PersonRole.Body.HEALTH_VOLUNTEER
    started_on = dt.date(2020, 1, 1)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    person = factory.SubFactory(PersonFactory)
    course = "หลักสูตรผู้นำการเปลี่ยนแปลง"
    organiser = "สถาบันพัฒนาองค์กรชุมชน"
    attended_on = dt.date(2026, 2, 10)
    hours = 12


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrengthAssessment

    council = factory.SubFactory(CouncilFactory)
    fiscal_year = 2569


def basic_needs_indicator(code: str = "9") -> VillageIndicator:
    return VillageIndicator.objects.get(dataset="bmn", code=code)


class VillageFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageFigure

    subdistrict_id = TAMBON_MAE_SAI
    village_no = 1
    year = 2568
    indicator = factory.LazyFunction(basic_needs_indicator)
    households_surveyed = 120
    households_passed = 102


def leaders_prepared(council, young_birth_year: int = 2540) -> None:
    """The sitting officers have a successor named and the first is under 40, so that a test
    of another rule does not also meet the leadership warnings."""
    officers = list(
        council.members.sitting()
        .filter(role__in=CouncilMember.OFFICER_ROLES)
        .select_related("person")
        .order_by("pk")
    )
    successor = PersonFactory(council=council, birth_year=young_birth_year)
    for index, officer in enumerate(officers):
        if index == 0:
            officer.person.birth_year = young_birth_year
            officer.person.save(update_fields=["birth_year"])
        officer.successor = successor
        officer.save(update_fields=["successor"])

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

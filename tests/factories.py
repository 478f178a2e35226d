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


# Meetings (issue 5).
from councils.meetings import AgendaItem, Meeting, Resolution  # noqa: E402


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

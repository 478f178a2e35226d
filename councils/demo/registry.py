"""Demo registry: councils of Mae Sai, Chumphon and Nakhon Si Thammarat, and one user per role."""

import datetime as dt
import enum
import random
import unicodedata
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import OutputWrapper
from django.db import models
from django.utils import timezone

from councils.access import CODI_ROLES, Role
from councils.admin_roles import codi_staff_permissions
from councils.buddhist_era import add_years, be_year
from councils.geography import Region
from councils.models import (
    Assignment,
    CommunityOrganization,
    Council,
    CouncilMember,
    Partner,
    Subdistrict,
)
from councils.phones import normalise_phone

# Printed with the logins on purpose: the demo is meant to be logged into.
DEMO_PASSWORD = "demo1234"  # noqa: S105
CODI_STAFF_GROUP = "CODI staff"

Kind = CommunityOrganization.Kind
Seat = CouncilMember.Seat
Office = CouncilMember.Role
Sex = CouncilMember.Sex
PartnerKind = Partner.Kind
ModelT = TypeVar("ModelT", bound=models.Model)


class Scenario(enum.Enum):
    """What a council shows on its compliance check; most councils are clean."""

    CLEAN = "clean"
    TERMS_ENDING_SOON = "terms_ending_soon"
    NO_SECRETARY = "no_secretary"
    TERM_ENDED = "term_ended"
    REPLACEMENT = "replacement"  # clean too: a member left and a replacement serves out the term


@dataclass(frozen=True)
class CouncilSpec:
    code: str
    number: int  # the running number of the registration in its province
    registered_on: dt.date
    villages: int
    groups: tuple[tuple[str, str, int | None], ...] = ()  # (kind, name, village no.)
    other_communities: tuple[str, ...] = ()
    scenario: Scenario = Scenario.CLEAN


@dataclass(frozen=True)
class NamePool:
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    title: str
    first_name: str
    last_name: str
    sex: str
    phone: str

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # a Role value, or "" for the superuser
    area_code: str = ""
    region: str = ""
    sees: str = ""

    @property
    def is_superuser(self) -> bool:
        return not self.role

    @property
    def is_codi_staff(self) -> bool:
        return self.role in CODI_ROLES

    @property
    def label(self) -> str:
        return str(Role(self.role).label) if self.role else "superuser"


PROVINCE_ABBREVIATIONS = {"57": "ชร", "80": "นศ", "86": "ชพ"}
POSTCODES = {
    "5709": "57130",
    "8003": "80230",
    "8009": "80110",
    "8013": "80130",
    "8601": "86000",
    "8602": "86140",
    "8603": "86160",
    "8604": "86110",
    "8607": "86130",
}

# All 8 tambons of Mae Sai have registered councils (the 2560 forum of the Mae Sai network);
# Ban Dai is the district's integrated community-planning area, and housing follows the
# rural sufficiency-housing programme (บ้านพอเพียงชนบท).
MAE_SAI_COUNCILS = (
    CouncilSpec(
        "570901", 1, dt.date(2009, 10, 15), 10,
        groups=(
            (Kind.OCCUPATION, "กลุ่มผู้ค้ารายย่อยตลาดชายแดนแม่สาย", 1),
            (Kind.HOUSING, "กลุ่มพัฒนาที่อยู่อาศัยชุมชนริมน้ำสาย", 2),
            (Kind.COMMUNITY_ENTERPRISE, "วิสาหกิจชุมชนแปรรูปชาและกาแฟแม่สาย", 5),
        ),
        other_communities=("ชุมชนริมน้ำสาย",),
    ),
    CouncilSpec(
        "570902", 4, dt.date(2010, 3, 22), 12,
        groups=(
            (Kind.COMMUNITY_ENTERPRISE, "วิสาหกิจชุมชนกาแฟอาราบิก้าห้วยไคร้", 8),
            (Kind.OCCUPATION, "กลุ่มทอผ้าและปักผ้าชาติพันธุ์อาข่า", 9),
            (Kind.NATURAL_RESOURCES, "คณะกรรมการป่าชุมชนต้นน้ำห้วยไคร้", None),
        ),
    ),
    CouncilSpec(
        "570903", 9, dt.date(2011, 6, 8), 11,
        groups=(
            (Kind.AGRICULTURE, "กลุ่มเกษตรกรผู้ปลูกข้าวอินทรีย์เกาะช้าง", 3),
            (Kind.NATURAL_RESOURCES, "กลุ่มอนุรักษ์ลำน้ำสายตำบลเกาะช้าง", None),
        ),
    ),
    CouncilSpec(
        "570904", 12, dt.date(2012, 2, 14), 12,
        groups=(
            (Kind.AGRICULTURE, "กลุ่มผู้ปลูกผักปลอดสารพิษโป่งผา", 4),
            (Kind.HOUSING, "กลุ่มบ้านพอเพียงชนบทตำบลโป่งผา", None),
        ),
    ),
    CouncilSpec(
        "570905", 6, dt.date(2010, 8, 30), 10,
        groups=((Kind.OCCUPATION, "กลุ่มจักสานไม้ไผ่ศรีเมืองชุม", 6),),
        scenario=Scenario.TERMS_ENDING_SOON,
    ),
    CouncilSpec(
        "570906", 7, dt.date(2011, 1, 19), 14,
        groups=(
            (Kind.CULTURE, "กลุ่มอนุรักษ์โบราณสถานเวียงพางคำ", 2),
            (Kind.WOMEN, "กลุ่มสตรีตัดเย็บเสื้อผ้าเวียงพางคำ", 7),
        ),
        scenario=Scenario.REPLACEMENT,
    ),
    CouncilSpec(
        "570908", 15, dt.date(2013, 5, 7), 8,
        groups=(
            (Kind.OTHER, "คณะทำงานแผนพัฒนาชุมชนบูรณาการตำบลบ้านด้าย", None),
            (Kind.HOUSING, "กลุ่มบ้านพอเพียงชนบทตำบลบ้านด้าย", None),
            (Kind.AGRICULTURE, "กลุ่มเลี้ยงโคพื้นเมืองบ้านด้าย", 5),
        ),
    ),
    CouncilSpec(
        "570909", 19, dt.date(2014, 9, 11), 13,
        groups=(
            (Kind.COMMUNITY_ENTERPRISE, "วิสาหกิจชุมชนผลิตภัณฑ์สมุนไพรโป่งงาม", 7),
            (Kind.YOUTH, "กลุ่มเยาวชนรักษ์ถิ่นโป่งงาม", None),
        ),
    ),
)  # fmt: skip

# Chumphon's movement set up councils from 2551-52 and pushes chemical-free farming,
# community welfare funds and the clean-up of polluted water into the provincial strategy.
CHUMPHON_COUNCILS = (
    CouncilSpec(
        "860101", 2, dt.date(2009, 9, 1), 9,
        groups=(
            (Kind.NATURAL_RESOURCES, "กลุ่มฟื้นฟูคลองท่าตะเภาและแก้ไขปัญหาน้ำเสีย", None),
            (Kind.HOUSING, "กลุ่มบ้านมั่นคงชุมชนท่าตะเภา", 3),
        ),
    ),
    CouncilSpec(
        "860102", 5, dt.date(2010, 2, 17), 8,
        groups=(
            (Kind.OCCUPATION, "กลุ่มประมงพื้นบ้านปากน้ำชุมพร", 2),
            (Kind.NATURAL_RESOURCES, "ธนาคารปูม้าชุมชนปากน้ำ", 4),
        ),
    ),
    CouncilSpec(
        "860201", 3, dt.date(2009, 12, 10), 14,
        groups=(
            (Kind.COMMUNITY_ENTERPRISE, "วิสาหกิจชุมชนกาแฟโรบัสต้าท่าแซะ", 6),
            (Kind.AGRICULTURE, "กลุ่มเกษตรกรรมยั่งยืนตำบลท่าแซะ", None),
        ),
    ),
    CouncilSpec(
        "860205", 8, dt.date(2011, 4, 26), 16,
        groups=((Kind.AGRICULTURE, "กลุ่มผู้ปลูกกาแฟปลอดสารเคมีรับร่อ", 9),),
        scenario=Scenario.NO_SECRETARY,
    ),
    CouncilSpec(
        "860301", 11, dt.date(2012, 7, 3), 9,
        groups=(
            (Kind.NATURAL_RESOURCES, "กลุ่มอนุรักษ์ป่าชายเลนบางสน", 5),
            (Kind.OCCUPATION, "กลุ่มแปรรูปอาหารทะเลบางสน", 2),
        ),
    ),
    CouncilSpec(
        "860401", 6, dt.date(2010, 11, 18), 6,
        groups=((Kind.COMMUNITY_ENTERPRISE, "วิสาหกิจชุมชนมังคุดและลองกองหลังสวน", 4),),
        scenario=Scenario.TERM_ENDED,
    ),
    CouncilSpec(
        "860404", 13, dt.date(2013, 3, 5), 10,
        groups=((Kind.AGRICULTURE, "กลุ่มผลิตปุ๋ยอินทรีย์ชีวภาพนาขา", 3),),
    ),
    CouncilSpec(
        "860702", 9, dt.date(2011, 9, 9), 12,
        groups=(
            (Kind.COMMUNITY_ENTERPRISE, "วิสาหกิจชุมชนทุเรียนคุณภาพสวี", 7),
            (Kind.YOUTH, "สภาเด็กและเยาวชนตำบลสวี", None),
        ),
    ),
)  # fmt: skip

# Nakhon Si Thammarat's "organic community" (ชุมชนอินทรีย์) asks for five things: leaders who
# pass the work on, a self-reliance master plan, knowledge management, a community financial
# institution with welfare, and the capacity to manage; its groups below carry that work.
NAKHON_COUNCILS = (
    CouncilSpec(
        "800304", 1, dt.date(2009, 11, 20), 10,
        groups=(
            (Kind.SAVINGS, "สถาบันการเงินชุมชนตำบลกำโลน", None),
            (Kind.OTHER, "คณะผู้นำจัดทำแผนแม่บทชุมชนพึ่งตนเองตำบลกำโลน", None),
            (Kind.COMMUNITY_ENTERPRISE, "วิสาหกิจชุมชนผ้ามัดย้อมสีธรรมชาติกำโลน", 6),
        ),
    ),
    CouncilSpec(
        "800302", 3, dt.date(2010, 5, 12), 7,
        groups=(
            (Kind.AGRICULTURE, "ศูนย์เรียนรู้เศรษฐกิจพอเพียงตำบลลานสกา", 3),
            (Kind.NATURAL_RESOURCES, "กลุ่มปลูกต้นไม้ใช้หนี้ตำบลลานสกา", None),
        ),
    ),
    CouncilSpec(
        "800303", 5, dt.date(2011, 2, 8), 9,
        groups=(
            (Kind.OTHER, "กลุ่มจัดการความรู้ชุมชนอินทรีย์ตำบลท่าดี", None),
            (Kind.AGRICULTURE, "กลุ่มสวนสมรมท่าดี", 4),
        ),
    ),
    CouncilSpec(
        "800902", 8, dt.date(2012, 6, 19), 11,
        groups=(
            (Kind.OTHER, "กลุ่มบัญชีครัวเรือนตำบลชะมาย", None),
            (Kind.SAVINGS, "สถาบันการเงินชุมชนตำบลชะมาย", None),
        ),
    ),
    CouncilSpec(
        "801301", 11, dt.date(2013, 8, 27), 12,
        groups=(
            (Kind.OTHER, "คณะผู้นำการเปลี่ยนแปลงตำบลร่อนพิบูลย์", None),
            (Kind.SAVINGS, "สถาบันการเงินชุมชนบ้านร่อนพิบูลย์", 5),
        ),
    ),
)  # fmt: skip

COUNCILS = MAE_SAI_COUNCILS + CHUMPHON_COUNCILS + NAKHON_COUNCILS

# Groups most tambons have, by village ({village}) or for the whole tambon ({tambon}).
COMMON_GROUPS = (
    (Kind.SAVINGS, "กลุ่มออมทรัพย์เพื่อการผลิตหมู่ที่ {village}"),
    (Kind.HEALTH_VOLUNTEERS, "ชมรมอาสาสมัครสาธารณสุขประจำหมู่บ้าน (อสม.) หมู่ที่ {village}"),
    (Kind.WOMEN, "กลุ่มแม่บ้านหมู่ที่ {village}"),
    (Kind.ELDERS, "ชมรมผู้สูงอายุหมู่ที่ {village}"),
    (Kind.YOUTH, "กลุ่มเยาวชนหมู่ที่ {village}"),
)
NORTH_GROUPS = (
    (Kind.AGRICULTURE, "กลุ่มเกษตรกรทำนาหมู่ที่ {village}"),
    (Kind.OCCUPATION, "กลุ่มทอผ้าพื้นเมืองหมู่ที่ {village}"),
    (Kind.COMMUNITY_ENTERPRISE, "วิสาหกิจชุมชนแปรรูปผลผลิตการเกษตรหมู่ที่ {village}"),
    (Kind.NATURAL_RESOURCES, "คณะกรรมการป่าชุมชนหมู่ที่ {village}"),
    (Kind.CULTURE, "กลุ่มสืบสานวัฒนธรรมล้านนาหมู่ที่ {village}"),
)
SOUTH_GROUPS = (
    (Kind.AGRICULTURE, "กลุ่มเกษตรกรชาวสวนยางหมู่ที่ {village}"),
    (Kind.AGRICULTURE, "กลุ่มผู้ปลูกปาล์มน้ำมันหมู่ที่ {village}"),
    (Kind.COMMUNITY_ENTERPRISE, "วิสาหกิจชุมชนผลไม้แปรรูปหมู่ที่ {village}"),
    (Kind.NATURAL_RESOURCES, "กลุ่มอนุรักษ์ป่าต้นน้ำหมู่ที่ {village}"),
    (Kind.OCCUPATION, "กลุ่มจักสานกระจูดหมู่ที่ {village}"),
)
WELFARE_FUND = "กองทุนสวัสดิการชุมชนตำบล{tambon}"

MEMBER_COUNTS = {
    Kind.SAVINGS: (40, 260),
    Kind.WELFARE: (300, 1800),
    Kind.WOMEN: (20, 60),
    Kind.HEALTH_VOLUNTEERS: (8, 25),
    Kind.OCCUPATION: (10, 40),
    Kind.COMMUNITY_ENTERPRISE: (10, 45),
    Kind.AGRICULTURE: (15, 80),
    Kind.YOUTH: (15, 40),
    Kind.ELDERS: (40, 150),
    Kind.NATURAL_RESOURCES: (12, 50),
    Kind.HOUSING: (20, 120),
    Kind.CULTURE: (15, 50),
    Kind.OTHER: (9, 25),
}

# Invented names; none belongs to a person in the field reports.
NORTH_NAMES = NamePool(
    female=(
        "ศรีนวล", "บัวคำ", "จันทร์ฟอง", "แสงเดือน", "บุญเรือน", "ดวงใจ", "สุพรรณ", "อรพิน",
        "พรทิพย์", "วันเพ็ญ", "ศิริพร", "นงลักษณ์", "กาญจนา", "จันทร์ทิพย์", "อำพร", "ลำดวน",
    ),
    male=(
        "คำปัน", "บุญทา", "อินสม", "สมบูรณ์", "ประเสริฐ", "สุรินทร์", "ทองสุข", "วิชัย",
        "อุดม", "เกรียงไกร", "ณรงค์", "ชัยวัฒน์", "จำรัส", "สมศักดิ์", "อนันต์", "ธนากร",
    ),
    surnames=(
        "ใจมา", "ศรีวิชัย", "อินต๊ะ", "ปัญญาดี", "จันทร์แก้ว", "กันทะวงศ์", "ไชยวงศ์", "แสนคำ",
        "ธรรมใจ", "บุญยืน", "ทาวงศ์", "คำมูล", "ปันแก้ว", "สุริยะ", "วงศ์ใหญ่", "มูลเมือง",
        "อินทวงศ์", "เรือนคำ", "แซ่ลี", "แซ่หมู่",
    ),
)  # fmt: skip
SOUTH_NAMES = NamePool(
    female=(
        "สุนีย์", "จิราภรณ์", "วรรณา", "อารีย์", "สุภาพร", "ละเอียด", "เยาวลักษณ์", "ปราณี",
        "รัชนี", "กัลยา", "จินตนา", "อุไรวรรณ", "สายใจ", "ยุพิน", "เพ็ญศรี", "มณีรัตน์",
    ),
    male=(
        "ประพันธ์", "สมนึก", "ชาตรี", "วีระ", "ไพโรจน์", "เฉลิม", "สุวิทย์", "ธีระ",
        "นิพนธ์", "เจริญ", "ประสิทธิ์", "บุญเลิศ", "อำนาจ", "สมพงษ์", "จรูญ", "วิโรจน์",
    ),
    surnames=(
        "ทองคำ", "แก้วประดิษฐ์", "ชูช่วย", "เพชรรัตน์", "ศรีสุวรรณ", "หนูแก้ว", "ขุนทอง",
        "รักษ์ทอง", "ชูแก้ว", "บุญรัตน์", "ทองเจือ", "สุวรรณรัตน์", "ศรีทอง", "นาคสวัสดิ์",
        "จันทร์หอม", "พรหมแก้ว", "ด้วงทอง", "ชุมทอง", "เรืองศรี", "ทองสม",
    ),
)  # fmt: skip

LOCAL_GOVERNMENTS = {
    "570901": "เทศบาลตำบลแม่สาย",
    "570902": "เทศบาลตำบลห้วยไคร้",
    "570903": "องค์การบริหารส่วนตำบลเกาะช้าง",
    "570904": "องค์การบริหารส่วนตำบลโป่งผา",
    "570905": "องค์การบริหารส่วนตำบลศรีเมืองชุม",
    "570906": "เทศบาลตำบลเวียงพางคำ",
    "570908": "องค์การบริหารส่วนตำบลบ้านด้าย",
    "570909": "องค์การบริหารส่วนตำบลโป่งงาม",
}
PROVINCE_NAMES = {"57": "เชียงราย", "86": "ชุมพร", "80": "นครศรีธรรมราช"}
PARTNERS = (
    ("ที่ว่าการอำเภอแม่สาย", PartnerKind.DISTRICT_OFFICE, "5709"),
    ("สำนักงานพัฒนาชุมชนอำเภอแม่สาย", PartnerKind.DISTRICT_OFFICE, "5709"),
    ("สำนักงานพัฒนาชุมชนจังหวัดเชียงราย", PartnerKind.PROVINCIAL_OFFICE, "57"),
    ("สำนักงานพัฒนาชุมชนจังหวัดชุมพร", PartnerKind.PROVINCIAL_OFFICE, "86"),
    ("สำนักงานจังหวัดชุมพร (กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด)",
     PartnerKind.PROVINCIAL_OFFICE, "86"),
    ("สำนักงาน กศน.จังหวัดชุมพร", PartnerKind.PROVINCIAL_OFFICE, "86"),
    ("จังหวัดทหารบกชุมพร", PartnerKind.CENTRAL_AGENCY, "86"),
    ("ศูนย์ประสานงานป่าไม้ชุมพร", PartnerKind.CENTRAL_AGENCY, "86"),
    ("สมัชชาสุขภาพจังหวัดชุมพร", PartnerKind.CIVIL_SOCIETY, "86"),
    ("สภาพัฒนาการเมืองภาคพลเมืองจังหวัดชุมพร", PartnerKind.CIVIL_SOCIETY, "86"),
    ("ที่ทำการปกครองจังหวัดนครศรีธรรมราช", PartnerKind.PROVINCIAL_OFFICE, "80"),
    ("สำนักงานพัฒนาชุมชนจังหวัดนครศรีธรรมราช", PartnerKind.PROVINCIAL_OFFICE, "80"),
    ("สำนักงานสาธารณสุขจังหวัดนครศรีธรรมราช", PartnerKind.PROVINCIAL_OFFICE, "80"),
    ("สำนักงาน กศน.จังหวัดนครศรีธรรมราช", PartnerKind.PROVINCIAL_OFFICE, "80"),
    ("ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สำนักงานจังหวัดนครศรีธรรมราช",
     PartnerKind.CENTRAL_AGENCY, "80"),
    ("แม่ข่ายยมนา เครือข่ายองค์กรชุมชนจังหวัดนครศรีธรรมราช", PartnerKind.CIVIL_SOCIETY, "80"),
    ("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", PartnerKind.CODI, ""),
    ("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักประสานเครือข่ายสภาองค์กรชุมชน",
     PartnerKind.CODI, ""),
    ("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคเหนือ", PartnerKind.CODI, ""),
    ("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคใต้", PartnerKind.CODI, ""),
)  # fmt: skip

DEMO_USERS = (
    DemoUser(
        "maesai", "อรุณี", "ปัญญาวงศ์", Role.TAMBON_COORDINATOR, "570901",
        sees="keeps the Mae Sai tambon council (570901)",
    ),
    DemoUser(
        "huaikhrai", "สมคิด", "แสนเมือง", Role.TAMBON_COORDINATOR, "570902",
        sees="keeps Huai Khrai (570902), sees nothing of Mae Sai",
    ),
    DemoUser(
        "pongpha", "บุญเรือน", "ใจมา", Role.TAMBON_COORDINATOR, "570904",
        sees="keeps Pong Pha (570904), whose accepted plan records what became of its projects",
    ),
    DemoUser(
        "maesai_district", "วาสนา", "คำอ้าย", Role.DISTRICT_COORDINATOR, "5709",
        sees="reads the 8 tambons of Mae Sai district (5709)",
    ),
    DemoUser(
        "chiangrai", "ประดิษฐ์", "ศรีบุญเรือง", Role.PROVINCE_COORDINATOR, "57",
        sees="reads all of Chiang Rai (57)",
    ),
    DemoUser(
        "chumphon", "จิตรา", "ทองสุวรรณ", Role.PROVINCE_COORDINATOR, "86",
        sees="reads all of Chumphon (86), tambons with and without councils",
    ),
    DemoUser(
        "codi_north", "กิตติพงษ์", "วงศ์คำ", Role.CODI_REGIONAL, region=Region.NORTH,
        sees="admin site for CODI's northern provinces",
    ),
    DemoUser(
        "codi_national", "นภาพร", "สุขเจริญ", Role.CODI_NATIONAL,
        sees="admin site for the whole country",
    ),
    DemoUser("admin", "ผู้ดูแล", "ระบบ", "", sees="superuser: everything"),
)  # fmt: skip


def seed(stdout: OutputWrapper) -> None:
    today = timezone.localdate()
    for spec in COUNCILS:
        seed_council(spec, today)
    seed_partners()
    seed_users()
    write_logins(stdout)


def seed_council(spec: CouncilSpec, today: dt.date) -> Council:
    # Seeded by the tambon code, so every run invents the same people and groups.
    rng = random.Random(spec.code)
    subdistrict = Subdistrict.objects.select_related("district__province").get(code=spec.code)
    if subdistrict.village_count != spec.villages:
        subdistrict.village_count = spec.villages
        subdistrict.save(update_fields=["village_count"])
    council = _save(
        Council.objects.active().filter(subdistrict=subdistrict).first()
        or Council(subdistrict=subdistrict),
        name=f"สภาองค์กรชุมชนตำบล{subdistrict.name_th}",
        registration_number=_registration_number(spec),
        registered_on=spec.registered_on,
        office_address=_office_address(subdistrict, rng.randint(1, spec.villages)),
        phone=_phone(rng),
    )
    names = SOUTH_NAMES if spec.code.startswith("8") else NORTH_NAMES
    organizations = seed_organizations(council, spec, rng, names, today)
    seed_members(council, spec, rng, names, organizations, today)
    return council


def seed_organizations(
    council: Council, spec: CouncilSpec, rng: random.Random, names: NamePool, today: dt.date
) -> list[CommunityOrganization]:
    tambon = council.subdistrict.name_th
    wanted = [(Kind.WELFARE, WELFARE_FUND.format(tambon=tambon), None), *spec.groups]
    pool = COMMON_GROUPS + (SOUTH_GROUPS if spec.code.startswith("8") else NORTH_GROUPS)
    target = rng.randint(max(4, len(wanted) + 2), 10)
    taken = {name for _, name, _ in wanted}
    while len(wanted) < target:
        kind, pattern = rng.choice(pool)
        village = rng.randint(1, spec.villages)
        name = pattern.format(village=village)
        if name not in taken:
            taken.add(name)
            wanted.append((kind, name, village))

    organizations = []
    for kind, name, village in wanted:
        leader = _people(rng, names, 1)[0]
        low, high = MEMBER_COUNTS[kind]
        organizations.append(
            _save(
                CommunityOrganization.objects.filter(council=council, name=name).first()
                or CommunityOrganization(council=council, name=name),
                kind=kind,
                village_no=village,
                registered_on=_registered_after(rng, spec.registered_on, today),
                member_count=rng.randint(low, high),
                leader_name=leader.full_name,
                phone=leader.phone,
            )
        )
    return organizations


def seed_members(
    council: Council,
    spec: CouncilSpec,
    rng: random.Random,
    names: NamePool,
    organizations: list[CommunityOrganization],
    today: dt.date,
) -> None:
    selected_on = _council_selection_day(spec.scenario, rng, today)
    seats: list[int | str] = [
        village
        for village in range(1, spec.villages + 1)
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))
    ]
    seats += [community for community in spec.other_communities for _ in range(2)]
    qualified_count = rng.randint(1, len(seats) // 5)
    people = _people(rng, names, len(seats) + qualified_count + 1)
    representatives, qualified, spare = (
        people[: len(seats)],
        people[len(seats) : -1],
        people[-1],
    )
    officers = list(CouncilMember.OFFICER_ROLES)
    if spec.scenario == Scenario.NO_SECRETARY:
        officers.remove(Office.SECRETARY)
    offices = dict(zip(rng.sample(range(len(seats)), len(officers)), officers, strict=True))
    # The first ordinary member carries the council's scenario, if it has one.
    special = min(set(range(len(seats))) - set(offices))
    left_on = selected_on + (today - selected_on) // 2

    leaving = None
    for index, (person, seat) in enumerate(zip(representatives, seats, strict=True)):
        village = seat if isinstance(seat, int) else None
        member = _save_member(
            council,
            person,
            seat=Seat.REPRESENTATIVE,
            role=offices.get(index, Office.MEMBER),
            village_no=village,
            community_name="" if village else seat,
            organization=_organization_for(rng, organizations, village),
            selected_on=_selected_on(spec.scenario, index == special, selected_on, today),
            left_on=left_on if index == special and spec.scenario == Scenario.REPLACEMENT else None,
        )
        if member.left_on:
            leaving = member
    if leaving:
        _save_member(
            council,
            spare,
            seat=Seat.REPRESENTATIVE,
            village_no=leaving.village_no,
            community_name=leaving.community_name,
            organization=leaving.organization,
            selected_on=leaving.left_on + dt.timedelta(days=30),
            replaces=leaving,
        )
    for person in qualified:
        _save_member(council, person, seat=Seat.QUALIFIED, selected_on=selected_on)


def seed_partners() -> None:
    partners = [
        (name, PartnerKind.LOCAL_GOVERNMENT, code) for code, name in LOCAL_GOVERNMENTS.items()
    ]
    for code, province in PROVINCE_NAMES.items():
        partners += [
            (f"องค์การบริหารส่วนจังหวัด{province}", PartnerKind.PAO, code),
            (f"ศาลากลางจังหวัด{province} (ผู้ว่าราชการจังหวัด{province})", PartnerKind.GOVERNOR, code),
            (
                f"สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด{province}",
                PartnerKind.PROVINCIAL_OFFICE,
                code,
            ),
            (f"สำนักงานเกษตรจังหวัด{province}", PartnerKind.PROVINCIAL_OFFICE, code),
        ]
    for name, kind, area_code in [*partners, *PARTNERS]:
        Partner.objects.update_or_create(name=name, area_code=area_code, defaults={"kind": kind})


def seed_users() -> None:
    group, _ = Group.objects.get_or_create(name=CODI_STAFF_GROUP)
    group.permissions.set(codi_staff_permissions())
    for demo in DEMO_USERS:
        user, _ = get_user_model().objects.get_or_create(username=demo.username)
        user.first_name, user.last_name = demo.first_name, demo.last_name
        user.email = f"{demo.username}@example.org"
        user.is_active = True
        user.is_staff = demo.is_codi_staff or demo.is_superuser
        user.is_superuser = demo.is_superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        if demo.role:
            lookup = {
                "user": user,
                "role": demo.role,
                "area_code": demo.area_code,
                "region": demo.region,
            }
            _save(Assignment.objects.filter(**lookup).first() or Assignment(**lookup))
        if demo.is_codi_staff:
            user.groups.add(group)


def write_logins(stdout: OutputWrapper) -> None:
    rows = [("role", "username", "password", "sees")]
    rows += [(demo.label, demo.username, DEMO_PASSWORD, demo.sees) for demo in DEMO_USERS]
    stdout.write(f"Demo logins (the password of every one is {DEMO_PASSWORD}):")
    for line in aligned_rows(rows):
        stdout.write("  " + line)


def aligned_rows(rows: list[tuple[str, ...]], gap: int = 2) -> list[str]:
    """The rows as lines whose columns line up on a terminal, by display width, not len().

    The last column is left as it is: nothing follows it.
    """
    widths = [max(display_width(row[c]) for row in rows) for c in range(len(rows[0]) - 1)]
    lines = []
    for *cells, last in rows:
        padded = [pad_to(cell, width) for cell, width in zip(cells, widths, strict=True)]
        lines.append((" " * gap).join([*padded, last]))
    return lines


def display_width(text: str) -> int:
    """How many terminal columns the text takes: len() counts Thai vowel and tone marks, which
    sit on their consonant, and zero-width spaces, which Thai uses between words.

    The marks are told by their category (Mn): `unicodedata.combining()` will not do, as the
    Thai marks above the line (ั ิ ี ึ ื ็ ์) have combining class 0.
    """
    width = 0
    for char in text:
        category = unicodedata.category(char)
        if category in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad_to(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def _save(instance: ModelT, **fields) -> ModelT:
    """Set the fields, validate as a form would (so the demo obeys the Act), and save."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def _save_member(council: Council, person: Person, **fields) -> CouncilMember:
    member = CouncilMember.objects.filter(
        council=council, first_name=person.first_name, last_name=person.last_name
    ).first() or CouncilMember(
        council=council, first_name=person.first_name, last_name=person.last_name
    )
    return _save(member, title=person.title, sex=person.sex, phone=person.phone, **fields)


def _people(rng: random.Random, names: NamePool, count: int) -> list[Person]:
    """Invented people with names unique within the call."""
    people: list[Person] = []
    seen: set[tuple[str, str]] = set()
    while len(people) < count:
        sex = rng.choice((Sex.FEMALE, Sex.MALE))
        if sex == Sex.FEMALE:
            title, first = rng.choice(("นาง", "นาง", "นางสาว")), rng.choice(names.female)
        else:
            title, first = "นาย", rng.choice(names.male)
        last = rng.choice(names.surnames)
        phone = _phone(rng)
        if (first, last) not in seen:
            seen.add((first, last))
            people.append(Person(title, first, last, sex, phone))
    return people


def _organization_for(
    rng: random.Random, organizations: list[CommunityOrganization], village: int | None
) -> CommunityOrganization | None:
    """A representative speaks for a group of their own village, or a tambon-wide one."""
    candidates = [o for o in organizations if o.village_no in (village, None)]
    return rng.choice(candidates) if candidates else None


def _selected_on(
    scenario: Scenario, is_special: bool, selected_on: dt.date, today: dt.date
) -> dt.date:
    if is_special and scenario == Scenario.TERM_ENDED:
        # Selected at an earlier assembly and never reselected, yet still listed as sitting.
        return add_years(today - dt.timedelta(days=25), -4)
    return selected_on


def _council_selection_day(scenario: Scenario, rng: random.Random, today: dt.date) -> dt.date:
    days_ago = rng.randint(250, 1150)  # drawn for every council, so the sequence stays stable
    if scenario == Scenario.TERMS_ENDING_SOON:
        return add_years(today + dt.timedelta(days=45), -4)
    return today - dt.timedelta(days=days_ago)


def _registration_number(spec: CouncilSpec) -> str:
    abbreviation = PROVINCE_ABBREVIATIONS[spec.code[:2]]
    return f"{abbreviation} {spec.number:03d}/{be_year(spec.registered_on.year)}"


def _office_address(subdistrict: Subdistrict, village: int) -> str:
    district = subdistrict.district
    return (
        f"หมู่ที่ {village} ตำบล{subdistrict.name_th} อำเภอ{district.name_th} "
        f"จังหวัด{district.province.name_th} {POSTCODES[district.code]}"
    )


def _registered_after(
    rng: random.Random, council_registered_on: dt.date, today: dt.date
) -> dt.date:
    # A fixed range, not one up to today: the draws must not change from one day to the next.
    return min(today, council_registered_on + dt.timedelta(days=rng.randint(0, 1500)))


def _phone(rng: random.Random) -> str:
    # Stored as every form stores it (E.164); the pages show it as 081-234-5678.
    return normalise_phone(
        f"08{rng.choice('1245689')}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    )

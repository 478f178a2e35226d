"""Demo community plans for the demo councils, in every state of the review.

The issues follow the field reports: Mae Sai's border economy, rural sufficiency housing and the
integrated planning of Ban Dai; Chumphon's chemical-free farming, community welfare funds and
the clean-up of polluted water; Nakhon Si Thammarat's "organic community" (leaders who pass the
work on, a self-reliance master plan, knowledge management, a community financial institution
with welfare, and planting trees to pay debts). The sentences are the demo's own.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.db.models import Count
from django.utils import timezone

from councils.access import Role
from councils.demo.registry import DEMO_PASSWORD, NORTH_NAMES, SOUTH_NAMES
from councils.models import Assignment, Council, Partner
from plans.execution.models import Indicator, IndicatorTarget
from plans.models import (
    CommunityPlan,
    PlanIssue,
    PlanProject,
    PlanStateChange,
    ProjectBudget,
    Theme,
)

FIRST_YEAR, LAST_YEAR = 2569, 2573
# Nakhon Si Thammarat's organic-community programme runs six fiscal years (MAX_PLAN_YEARS).
LAST_YEAR_BY_PROVINCE = {"80": 2574}
State = CommunityPlan.State

# Mae Sai: some draft, some submitted, some accepted, one returned. Chumphon and Nakhon Si
# Thammarat are further along, so their district and provincial books have plans to gather.
STATES = {
    "570901": State.RETURNED,
    "570902": State.DRAFT,
    "570903": State.SUBMITTED,
    "570904": State.ACCEPTED,
    "570905": State.SUBMITTED,
    "570906": State.ACCEPTED,
    "570908": State.ACCEPTED,
    "570909": State.DRAFT,
    "860101": State.ACCEPTED,
    "860102": State.ACCEPTED,
    "860201": State.ACCEPTED,
    "860205": State.SUBMITTED,
    "860301": State.ACCEPTED,
    "860401": State.ACCEPTED,
    "860404": State.ACCEPTED,
    "860702": State.SUBMITTED,
    "800302": State.ACCEPTED,
    "800303": State.ACCEPTED,
    "800304": State.ACCEPTED,
    "800902": State.SUBMITTED,
    "801301": State.DRAFT,
}
RETURN_NOTE = (
    "ขอให้ระบุหมู่บ้านเป้าหมายของโครงการบ้านพอเพียงชนบท และแยกงบประมาณที่ขอจากเทศบาลกับ พอช. ให้ชัดเจนก่อนส่งใหม่"
)
ACCEPT_NOTE = "ผ่านการพิจารณาในเวทีเครือข่ายสภาองค์กรชุมชนระดับอำเภอ"


@dataclass(frozen=True)
class ProjectSpec:
    title: str
    objective: str
    target: str
    indicator: str
    approach: str
    partner: str  # a partner's name; "{local}" is the tambon's own local government
    # (year offset from the first year, source, amount in baht)
    budgets: tuple[tuple[int, str, int], ...]


@dataclass(frozen=True)
class IssueSpec:
    theme: str
    title: str
    description: str
    projects: tuple[ProjectSpec, ...]
    only: tuple[str, ...] = ()  # the tambons it belongs to; empty: any tambon of its region


SELF, JOINT, REQUEST = (choice.value for choice in PlanProject.Approach)

# What the forum expects of a few projects (the local plan's form ผ.02 asks for it); the other
# projects leave it empty, as many plans do.
EXPECTED_RESULTS = {
    "โครงการพัฒนาผลิตภัณฑ์ชาและกาแฟสู่ตลาดชายแดน": (
        "วิสาหกิจชุมชนมีบรรจุภัณฑ์ที่ได้มาตรฐานและมีช่องทางขายในตลาดชายแดนอย่างต่อเนื่อง"
    ),
    "โครงการอาสาสมัครดูแลผู้สูงอายุในชุมชน": ("ผู้สูงอายุติดบ้านติดเตียงได้รับการดูแลสม่ำเสมอ ครอบครัวมีผู้ช่วยดูแลในชุมชน"),
    "โครงการเครือข่ายเฝ้าระวังยาเสพติดและลานกีฬาเยาวชน": (
        "เยาวชนมีพื้นที่ทำกิจกรรมสร้างสรรค์ หมู่บ้านมีเครือข่ายเฝ้าระวังยาเสพติด"
    ),
    "โครงการปลูกไผ่ป้องกันตลิ่งและแผนรับมือน้ำหลาก": ("ตลิ่งริมน้ำสายไม่พังทลายเพิ่ม ชุมชนมีแผนและอาสาสมัครรับมือน้ำหลาก"),
    "โครงการบ้านพอเพียงชนบท": "ครัวเรือนผู้มีรายได้น้อยมีที่อยู่อาศัยมั่นคงและปลอดภัย",
    "โครงการบ่อดักไขมันครัวเรือนและธนาคารขยะ": (
        "น้ำเสียจากครัวเรือนลงคลองลดลง ขยะรีไซเคิลกลายเป็นรายได้ของสมาชิกธนาคารขยะ"
    ),
    "โครงการบ้านมั่นคงชนบท": "ครัวเรือนเป้าหมายมีบ้านที่มั่นคงและมีกองทุนซ่อมแซมบ้านของชุมชน",
}

NORTH_ISSUES = (
    IssueSpec(
        "economy",
        "รายได้จากการค้าชายแดนไม่แน่นอน ครัวเรือนมีหนี้นอกระบบ",
        "ด่านชายแดนปิดเปิดไม่แน่นอน ผู้ค้ารายย่อยขาดรายได้และกู้เงินนอกระบบดอกเบี้ยสูง",
        (
            ProjectSpec(
                "โครงการบัญชีครัวเรือนและกลุ่มออมทรัพย์แก้หนี้นอกระบบ",
                "ให้ครัวเรือนรู้รายรับรายจ่ายและย้ายหนี้นอกระบบเข้ากลุ่มออมทรัพย์",
                "ครัวเรือนที่มีหนี้นอกระบบ 60 ครัวเรือน",
                "หนี้นอกระบบของครัวเรือนเป้าหมายลดลงร้อยละ 30",
                SELF,
                "{local}",
                ((0, "community", 20000), (1, "community", 20000), (0, "codi", 30000)),
            ),
            ProjectSpec(
                "โครงการพัฒนาผลิตภัณฑ์ชาและกาแฟสู่ตลาดชายแดน",
                "ยกระดับบรรจุภัณฑ์และช่องทางขายผลผลิตของวิสาหกิจชุมชน",
                "วิสาหกิจชุมชน 3 กลุ่ม",
                "ยอดขายเพิ่มขึ้นร้อยละ 20 ภายใน 2 ปี",
                JOINT,
                "สำนักงานพัฒนาชุมชนอำเภอแม่สาย",
                ((1, "local_government", 50000), (2, "province", 80000)),
            ),
        ),
    ),
    IssueSpec(
        "society",
        "ผู้สูงอายุอยู่ลำพังและขาดผู้ดูแล",
        "คนวัยทำงานไปทำงานในเมือง ผู้สูงอายุติดบ้านติดเตียงขาดผู้ดูแลประจำ",
        (
            ProjectSpec(
                "โครงการอาสาสมัครดูแลผู้สูงอายุในชุมชน",
                "ให้ผู้สูงอายุติดบ้านติดเตียงได้รับการเยี่ยมบ้านและดูแลอย่างต่อเนื่อง",
                "ผู้สูงอายุ 85 คน อาสาสมัคร 20 คน",
                "ผู้สูงอายุติดเตียงได้รับการเยี่ยมบ้านเดือนละ 2 ครั้ง",
                JOINT,
                "{local}",
                ((0, "local_government", 40000), (1, "local_government", 40000)),
            ),
        ),
    ),
    IssueSpec(
        "safety",
        "ยาเสพติดระบาดในกลุ่มเยาวชนพื้นที่ชายแดน",
        "พื้นที่ติดชายแดนเป็นทางผ่านของยาเสพติด เยาวชนว่างงานเสี่ยงเข้าไปเกี่ยวข้อง",
        (
            ProjectSpec(
                "โครงการเครือข่ายเฝ้าระวังยาเสพติดและลานกีฬาเยาวชน",
                "สร้างพื้นที่สร้างสรรค์ให้เยาวชนและเครือข่ายเฝ้าระวังในหมู่บ้าน",
                "เยาวชน 120 คน",
                "ไม่มีผู้เสพรายใหม่ในหมู่บ้านเป้าหมาย",
                REQUEST,
                "ที่ว่าการอำเภอแม่สาย",
                ((0, "central_agency", 60000), (1, "local_government", 25000)),
            ),
        ),
        only=("570901", "570902", "570906"),
    ),
    IssueSpec(
        "environment",
        "น้ำแม่สายท่วมและตลิ่งพังทุกฤดูฝน",
        "ตะกอนและสิ่งปลูกสร้างรุกล้ำลำน้ำทำให้น้ำหลากท่วมบ้านเรือนริมน้ำ",
        (
            ProjectSpec(
                "โครงการปลูกไผ่ป้องกันตลิ่งและแผนรับมือน้ำหลาก",
                "ลดความเสียหายจากน้ำหลากด้วยแนวไผ่และแผนเตือนภัยของชุมชน",
                "ครัวเรือนริมน้ำ 140 ครัวเรือน",
                "มีแผนเผชิญเหตุและจุดเตือนภัยครบทุกหมู่บ้านริมน้ำ",
                JOINT,
                "องค์การบริหารส่วนจังหวัดเชียงราย",
                ((0, "pao", 120000), (0, "community", 15000)),
            ),
        ),
        only=("570901", "570903", "570906"),
    ),
    IssueSpec(
        "environment",
        "ป่าต้นน้ำถูกบุกรุกและไฟป่าหมอกควันทุกปี",
        "การเผาในที่โล่งช่วงแล้งทำให้เกิดหมอกควันและป่าต้นน้ำเสื่อมโทรม",
        (
            ProjectSpec(
                "โครงการแนวกันไฟและป่าชุมชนต้นน้ำ",
                "ทำแนวกันไฟ ลาดตระเวน และฟื้นฟูป่าต้นน้ำโดยคณะกรรมการป่าชุมชน",
                "ป่าชุมชน 1,200 ไร่",
                "พื้นที่เผาไหม้ลดลงร้อยละ 50",
                SELF,
                "",
                ((0, "community", 10000), (1, "codi", 40000), (2, "codi", 40000)),
            ),
        ),
        only=("570902", "570904", "570905", "570908", "570909"),
    ),
    IssueSpec(
        "housing",
        "ครัวเรือนยากจนอาศัยในบ้านทรุดโทรม",
        "สำรวจพบครัวเรือนผู้มีรายได้น้อยที่บ้านทรุดโทรมและไม่ปลอดภัย",
        (
            ProjectSpec(
                "โครงการบ้านพอเพียงชนบท",
                "ซ่อมแซมบ้านผู้มีรายได้น้อยโดยช่างชุมชนและแรงงานจิตอาสา",
                "ครัวเรือนยากจน 20 ครัวเรือน",
                "บ้านได้รับการซ่อมแซมครบ 20 หลัง",
                REQUEST,
                "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคเหนือ",
                ((0, "codi", 360000), (0, "community", 20000)),
            ),
        ),
    ),
    IssueSpec(
        "charter",
        "การวางแผนพัฒนาตำบลยังแยกส่วนระหว่างหน่วยงาน",
        "ตำบลบ้านด้ายเป็นพื้นที่บูรณาการการวางแผนพัฒนาชุมชนร่วมกับอำเภอ",
        (
            ProjectSpec(
                "โครงการจัดทำแผนพัฒนาชุมชนบูรณาการตำบลบ้านด้าย",
                "เชื่อมแผนชุมชนกับแผนของท้องถิ่นและพัฒนาชุมชนอำเภอแม่สาย",
                "ผู้แทนทุกหมู่บ้านและหน่วยงาน 45 คน",
                "โครงการในแผนชุมชนถูกบรรจุในแผนท้องถิ่นอย่างน้อย 5 โครงการ",
                JOINT,
                "สำนักงานพัฒนาชุมชนอำเภอแม่สาย",
                ((0, "codi", 50000), (0, "local_government", 30000)),
            ),
        ),
        only=("570908",),
    ),
)

CHUMPHON_ISSUES = (
    IssueSpec(
        "economy",
        "ต้นทุนปุ๋ยและสารเคมีสูง ราคาผลผลิตตกต่ำ",
        "เกษตรกรสวนผลไม้และกาแฟพึ่งปัจจัยการผลิตจากภายนอก ราคาผลผลิตไม่แน่นอน",
        (
            ProjectSpec(
                "โครงการเกษตรปลอดสารเคมีและปุ๋ยอินทรีย์ชีวภาพ",
                "ลดต้นทุนการผลิตด้วยปุ๋ยอินทรีย์ที่ผลิตเองในชุมชน",
                "เกษตรกร 80 ครัวเรือน",
                "ต้นทุนปุ๋ยลดลงร้อยละ 30 และไม่ใช้สารเคมีในแปลงสมาชิก",
                SELF,
                "",
                ((0, "community", 30000), (0, "codi", 50000), (1, "community", 30000)),
            ),
            ProjectSpec(
                "โครงการตลาดสีเขียวชุมชน",
                "เปิดตลาดผลผลิตปลอดสารเคมีทุกสัปดาห์",
                "ผู้ผลิต 40 ราย",
                "ตลาดเปิดต่อเนื่องสัปดาห์ละ 1 ครั้ง",
                JOINT,
                "สำนักงานเกษตรจังหวัดชุมพร",
                ((1, "local_government", 40000), (2, "province", 60000)),
            ),
        ),
    ),
    IssueSpec(
        "welfare",
        "สมาชิกกองทุนสวัสดิการชุมชนยังน้อย ผู้ด้อยโอกาสขาดหลักประกัน",
        "กองทุนสวัสดิการชุมชนจัดสวัสดิการได้ไม่ครอบคลุมผู้สูงอายุและคนพิการ",
        (
            ProjectSpec(
                "โครงการขยายสมาชิกกองทุนสวัสดิการชุมชน ออมวันละบาท",
                "เพิ่มสมาชิกและเงินสมทบของกองทุนสวัสดิการชุมชน",
                "สมาชิกใหม่ 300 คน",
                "สมาชิกเพิ่มขึ้นร้อยละ 25",
                SELF,
                "{local}",
                ((0, "community", 36500), (0, "local_government", 36500), (0, "codi", 36500)),
            ),
        ),
    ),
    IssueSpec(
        "society",
        "เยาวชนและแรงงานคืนถิ่นขาดทักษะอาชีพ",
        "แรงงานที่กลับบ้านเกิดต้องการอาชีพเสริมจากผลผลิตในท้องถิ่น",
        (
            ProjectSpec(
                "โครงการฝึกอาชีพแปรรูปผลผลิตร่วมกับ กศน.",
                "ฝึกทักษะการแปรรูปและการขายออนไลน์",
                "เยาวชนและแรงงาน 50 คน",
                "ผู้ผ่านการฝึกมีรายได้เสริมอย่างน้อยร้อยละ 60",
                JOINT,
                "สำนักงาน กศน.จังหวัดชุมพร",
                ((0, "central_agency", 45000), (1, "local_government", 20000)),
            ),
        ),
    ),
    IssueSpec(
        "environment",
        "น้ำเสียจากชุมชนและตลาดไหลลงคลอง",
        "น้ำเสียจากบ้านเรือนและตลาดทำให้คุณภาพน้ำในคลองเสื่อมโทรม",
        (
            ProjectSpec(
                "โครงการบ่อดักไขมันครัวเรือนและธนาคารขยะ",
                "ลดน้ำเสียและขยะที่ลงสู่คลองตั้งแต่ต้นทาง",
                "ครัวเรือนริมคลอง 200 ครัวเรือน",
                "ค่าคุณภาพน้ำในคลองดีขึ้นตามเกณฑ์ของจังหวัด",
                REQUEST,
                "องค์การบริหารส่วนจังหวัดชุมพร",
                ((0, "pao", 150000), (1, "pao", 100000), (0, "community", 10000)),
            ),
        ),
        only=("860101", "860102", "860401", "860404"),
    ),
    IssueSpec(
        "environment",
        "ป่าชายเลนและป่าต้นน้ำเสื่อมโทรม",
        "พื้นที่ป่าลดลง สัตว์น้ำวัยอ่อนและแหล่งน้ำต้นทุนลดลง",
        (
            ProjectSpec(
                "โครงการปลูกและดูแลป่าชุมชนร่วมกับศูนย์ประสานงานป่าไม้ชุมพร",
                "ฟื้นฟูป่าและจัดทำกติกาการใช้ประโยชน์ร่วมกัน",
                "ป่าชุมชน 300 ไร่",
                "อัตรารอดของกล้าไม้ไม่น้อยกว่าร้อยละ 70",
                JOINT,
                "ศูนย์ประสานงานป่าไม้ชุมพร",
                ((0, "central_agency", 30000), (0, "community", 10000), (1, "codi", 30000)),
            ),
        ),
        only=("860201", "860205", "860301", "860702"),
    ),
    IssueSpec(
        "housing",
        "ครัวเรือนไม่มีความมั่นคงในที่อยู่อาศัย",
        "ครัวเรือนเช่าที่ดินหรืออยู่ในที่ดินรัฐโดยไม่มีสิทธิ",
        (
            ProjectSpec(
                "โครงการบ้านมั่นคงชนบท",
                "จัดการที่ดินและสร้างบ้านโดยกลุ่มออมทรัพย์ที่อยู่อาศัย",
                "ครัวเรือน 30 ครัวเรือน",
                "ครัวเรือนเป้าหมายมีสิทธิอยู่อาศัยมั่นคงครบทุกราย",
                REQUEST,
                "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคใต้",
                ((1, "codi", 450000), (1, "community", 60000)),
            ),
        ),
        only=("860101", "860301"),
    ),
)

NAKHON_ISSUES = (
    IssueSpec(
        "charter",
        "ผู้นำชุมชนยังไม่มีผู้สืบทอดงาน",
        "ผู้นำรุ่นเดิมสูงวัย คนรุ่นใหม่ยังไม่เข้ามาร่วมคณะผู้นำ",
        (
            ProjectSpec(
                "โครงการโรงเรียนผู้นำการเปลี่ยนแปลงตำบล",
                "สร้างคณะผู้นำรุ่นใหม่ที่มีคุณภาพและสืบทอดงานได้",
                "ผู้นำรุ่นใหม่ 30 คน",
                "มีผู้นำรุ่นใหม่ในคณะผู้นำทุกหมู่บ้าน",
                JOINT,
                "ที่ทำการปกครองจังหวัดนครศรีธรรมราช",
                ((0, "province", 60000), (0, "codi", 30000)),
            ),
        ),
    ),
    IssueSpec(
        "economy",
        "ครัวเรือนมีหนี้สินและพึ่งพาปัจจัยการผลิตจากภายนอก",
        "ข้อมูลบัญชีรับจ่ายครัวเรือนชี้ว่ารายจ่ายค่าปัจจัยการผลิตสูงกว่ารายได้",
        (
            ProjectSpec(
                "โครงการแผนแม่บทชุมชนพึ่งตนเองจากบัญชีรับจ่ายครัวเรือน",
                "ใช้ข้อมูลบัญชีครัวเรือนทำแผนแม่บทชุมชนที่เชื่อมกับแผนท้องถิ่น",
                "ครัวเรือน 250 ครัวเรือน",
                "ทุกหมู่บ้านมีแผนแม่บทชุมชนพึ่งตนเองที่ทบทวนทุกปี",
                SELF,
                "แม่ข่ายยมนา เครือข่ายองค์กรชุมชนจังหวัดนครศรีธรรมราช",
                ((0, "community", 15000), (0, "codi", 40000)),
            ),
            ProjectSpec(
                "โครงการศูนย์เรียนรู้เศรษฐกิจพอเพียงและสวนสมรม",
                "ถ่ายทอดการทำสวนสมรมและเกษตรอินทรีย์",
                "เกษตรกร 60 ครัวเรือน",
                "ครัวเรือนเป้าหมายผลิตอาหารกินเองได้ร้อยละ 50",
                JOINT,
                "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สำนักงานจังหวัดนครศรีธรรมราช",
                ((1, "central_agency", 80000), (2, "local_government", 30000)),
            ),
        ),
    ),
    IssueSpec(
        "welfare",
        "สถาบันการเงินชุมชนและระบบสวัสดิการยังไม่ครอบคลุม",
        "กองทุนหลายกองในตำบลทำงานแยกกัน สวัสดิการไม่ถึงผู้ด้อยโอกาส",
        (
            ProjectSpec(
                "โครงการยกระดับสถาบันการเงินชุมชนและจัดสวัสดิการ",
                "รวมกองทุนเป็นสถาบันการเงินชุมชนที่จัดสวัสดิการให้สมาชิก",
                "สมาชิก 800 คน",
                "สถาบันการเงินชุมชนจัดสวัสดิการครบ 7 ประเภท",
                SELF,
                "{local}",
                ((0, "community", 50000), (1, "local_government", 50000)),
            ),
        ),
    ),
    IssueSpec(
        "society",
        "ชุมชนยังไม่ผ่านมาตรฐานสุขภาวะชุมชน",
        "โรคเรื้อรังในผู้สูงอายุเพิ่มขึ้น การออกกำลังกายและอาหารปลอดภัยยังน้อย",
        (
            ProjectSpec(
                "โครงการชุมชนสุขภาวะร่วมกับสาธารณสุข",
                "ทำมาตรฐานสุขภาวะชุมชนและกิจกรรมลดโรคเรื้อรัง",
                "ประชาชนกลุ่มเสี่ยง 150 คน",
                "กลุ่มเสี่ยงมีค่าความดันและน้ำตาลดีขึ้นร้อยละ 40",
                JOINT,
                "สำนักงานสาธารณสุขจังหวัดนครศรีธรรมราช",
                ((0, "central_agency", 40000), (1, "local_government", 20000)),
            ),
        ),
    ),
    IssueSpec(
        "environment",
        "พื้นที่ป่าและไม้ยืนต้นในสวนลดลง",
        "การปลูกพืชเชิงเดี่ยวทำให้ไม้ยืนต้นและความหลากหลายในสวนลดลง",
        (
            ProjectSpec(
                "โครงการปลูกต้นไม้ใช้หนี้และธนาคารต้นไม้",
                "ปลูกไม้ยืนต้นเป็นทุนของครัวเรือนตามแนวปรัชญาเศรษฐกิจพอเพียง",
                "ครัวเรือน 100 ครัวเรือน ต้นไม้ 5,000 ต้น",
                "ครัวเรือนสมาชิกปลูกไม้ยืนต้นครัวเรือนละ 50 ต้น",
                SELF,
                "",
                # The trees are valued at the programme's end, in its sixth year.
                ((0, "community", 20000), (1, "codi", 30000), (5, "community", 10000)),
            ),
        ),
    ),
    IssueSpec(
        "food",
        "ความรู้เกษตรอินทรีย์กระจัดกระจาย ไม่ได้ถอดบทเรียน",
        "ปราชญ์ชาวบ้านมีความรู้แต่ยังไม่ได้จัดการความรู้ให้คนรุ่นใหม่",
        (
            ProjectSpec(
                "โครงการจัดการความรู้ชุมชนอินทรีย์",
                "ถอดบทเรียนปราชญ์ชาวบ้านเป็นหลักสูตรท้องถิ่น",
                "ปราชญ์ 10 คน ผู้เรียน 40 คน",
                "มีหลักสูตรท้องถิ่นอย่างน้อย 3 หลักสูตร",
                JOINT,
                "สำนักงาน กศน.จังหวัดนครศรีธรรมราช",
                ((0, "central_agency", 35000), (0, "community", 5000)),
            ),
        ),
        only=("800303", "800302"),
    ),
)

SITUATIONS = {
    "57": (
        "ตำบล{tambon}มี {villages} หมู่บ้าน อยู่ในเขตเศรษฐกิจพิเศษชายแดนเชียงราย "
        "ประชากรส่วนใหญ่ค้าขายชายแดน รับจ้าง และทำเกษตร เวทีประชาคมตำบลวิเคราะห์สถานการณ์"
        "ด้านเศรษฐกิจ สังคม ทรัพยากรธรรมชาติและสิ่งแวดล้อม แล้วจัดลำดับความสำคัญของปัญหาร่วมกัน"
    ),
    "86": (
        "ตำบล{tambon}มี {villages} หมู่บ้าน ชาวบ้านทำสวนผลไม้ กาแฟ ยางพารา และประมงพื้นบ้าน "
        "สภาองค์กรชุมชนเชื่อมแผนชุมชนกับแผนยุทธศาสตร์จังหวัดชุมพร มุ่งสู่ชุมชนท้องถิ่นจัดการตนเอง"
    ),
    "80": (
        "ตำบล{tambon}มี {villages} หมู่บ้าน ขับเคลื่อนตามแนวทางชุมชนอินทรีย์ของจังหวัด"
        "นครศรีธรรมราช ด้วยคณะผู้นำ แผนแม่บทชุมชนพึ่งตนเอง การจัดการความรู้ "
        "สถาบันการเงินชุมชนและสวัสดิการ"
    ),
}


def seed(stdout: OutputWrapper) -> None:
    """One plan per demo council for FY 2569-2573 (2569-2574 in Nakhon Si Thammarat); a council
    that has one is left as it is."""
    themes = {theme.code: theme for theme in Theme.objects.all()}
    now = timezone.now()
    for code, state in STATES.items():
        council = Council.objects.active().select_related("subdistrict").filter(subdistrict_id=code)
        council = council.first()
        if council is None or council.plans.filter(first_year=FIRST_YEAR).exists():
            continue
        plan = _seed_plan(council, themes)
        _review(plan, state, now)
    counts = dict(
        CommunityPlan.objects.order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    summary = ", ".join(f"{counts.get(s.value, 0)} {s.value}" for s in State)
    stdout.write(f"Community plans: {summary}.")
    stdout.write(
        "  Each tambon with a plan has a coordinator tambon<code> (e.g. tambon860101) and each "
        "district a coordinator district<code> (e.g. district8601); "
        f"the password is {DEMO_PASSWORD}."
    )


def _seed_plan(council: Council, themes: dict[str, Theme]) -> CommunityPlan:
    code = council.subdistrict_id
    rng = random.Random(f"plan-{code}")
    tambon = council.subdistrict.name_th
    villages = council.organizations.exclude(village_no=None).order_by("-village_no")
    village_count = villages.values_list("village_no", flat=True).first() or 8
    last_year = LAST_YEAR_BY_PROVINCE.get(code[:2], LAST_YEAR)
    plan = CommunityPlan(
        council=council,
        title=f"แผนพัฒนาชุมชนตำบล{tambon} พ.ศ. {FIRST_YEAR}-{last_year}",
        first_year=FIRST_YEAR,
        last_year=last_year,
        situation=SITUATIONS[code[:2]].format(tambon=tambon, villages=village_count),
    )
    plan.full_clean()
    plan.save()
    pool = {"57": NORTH_ISSUES, "86": CHUMPHON_ISSUES, "80": NAKHON_ISSUES}[code[:2]]
    specs = [spec for spec in pool if not spec.only or code in spec.only]
    for priority_order, spec in enumerate(specs):
        issue = PlanIssue(
            plan=plan,
            theme=themes[spec.theme],
            title=spec.title,
            description=spec.description,
            priority=1 if priority_order < 2 else rng.choice((2, 3)),
            villages=sorted(rng.sample(range(1, village_count + 1), min(3, village_count))),
        )
        issue.full_clean()
        issue.save()
        for project_spec in spec.projects:
            _seed_project(issue, project_spec, rng)
    return plan


def _seed_project(issue: PlanIssue, spec: ProjectSpec, rng: random.Random) -> None:
    council = issue.plan.council
    partner_name = spec.partner
    if partner_name == "{local}":
        partner = Partner.objects.filter(
            area_code=council.subdistrict_id, kind=Partner.Kind.LOCAL_GOVERNMENT
        ).first()
    else:
        partner = Partner.objects.filter(name=partner_name).first() if partner_name else None
    project = PlanProject(
        issue=issue,
        title=spec.title,
        objective=spec.objective,
        target=spec.target,
        approach=spec.approach,
        lead_partner=partner,
        expected_result=EXPECTED_RESULTS.get(spec.title, ""),
    )
    project.full_clean()
    project.save()
    _seed_indicator(project, spec.indicator, issue.plan)
    for offset, source, amount in spec.budgets:
        # Each tambon asks a little more or less than the pattern, in whole thousands.
        scaled = Decimal(round(amount * rng.uniform(0.7, 1.3), -3))
        line = ProjectBudget(
            project=project, fiscal_year=FIRST_YEAR + offset, source=source, amount=scaled
        )
        line.full_clean()
        line.save()


def _seed_indicator(project: PlanProject, text: str, plan: CommunityPlan) -> None:
    """The project's indicator as a row (plans.execution), with its unit and its target for the
    plan's last year read from the sentence: "ลดลงร้อยละ 30" is 30 ร้อยละ, "ละ 50 ต้น" 50 ต้น."""
    if not text:
        return
    numbers = list(re.finditer(r"\d[\d,]*", text))
    unit = ""
    if numbers:
        last = numbers[-1]
        after = text[last.end() :].split()
        if text[: last.start()].rstrip().endswith("ร้อยละ"):
            unit = "ร้อยละ"
        elif after:
            unit = after[0][:60]
    indicator = Indicator.objects.create(project=project, name=text[:300], unit=unit)
    if numbers:
        target = Decimal(numbers[-1].group().replace(",", ""))
        IndicatorTarget.objects.create(
            indicator=indicator, fiscal_year=plan.last_year, value=target
        )


# Plans accepted before their period began (FY 2569 starts on 1 October 2568): what became of
# their projects since (plans/demo/execution.py) then follows the acceptance.
ACCEPTED_BEFORE = dt.datetime(2025, 9, 26, 10, 0, tzinfo=dt.UTC)


def _review(plan: CommunityPlan, state: str, now: dt.datetime) -> None:
    """Walk the plan through the review to its demo state, as its people would have."""
    code = plan.council.subdistrict_id
    days = random.Random(f"review-{code}").randint(12, 40)
    if state == State.ACCEPTED:
        now = min(now, ACCEPTED_BEFORE + dt.timedelta(days=days - 8))
    # The forum wrote the plan some weeks before it was submitted.
    CommunityPlan.objects.filter(pk=plan.pk).update(
        created_at=now - dt.timedelta(days=days + 21), updated_at=now - dt.timedelta(days=days + 2)
    )
    if state == State.DRAFT:
        return
    coordinator = _coordinator(Role.TAMBON_COORDINATOR, code)
    reviewer = _coordinator(Role.DISTRICT_COORDINATOR, code[:4])
    plan.submit(by=coordinator)
    _backdate(plan, now - dt.timedelta(days=days))
    if state == State.RETURNED:
        plan.send_back(by=reviewer, note=RETURN_NOTE)
        _backdate(plan, now - dt.timedelta(days=days - 6))
    elif state == State.ACCEPTED:
        plan.accept(by=reviewer, note=ACCEPT_NOTE)
        _backdate(plan, now - dt.timedelta(days=days - 8))


def _backdate(plan: CommunityPlan, at: dt.datetime) -> None:
    last = plan.history.order_by("-pk").first()
    PlanStateChange.objects.filter(pk=last.pk).update(at=at)
    CommunityPlan.objects.filter(pk=plan.pk).update(updated_at=at)


def _coordinator(role: str, area_code: str):
    """The demo coordinator of the area: the councils demo's own, or one made for the plans."""
    assignment = (
        Assignment.objects.filter(role=role, area_code=area_code).select_related("user").first()
    )
    if assignment:
        return assignment.user
    prefix = "tambon" if role == Role.TAMBON_COORDINATOR else "district"
    names = NORTH_NAMES if area_code.startswith("57") else SOUTH_NAMES
    rng = random.Random(f"user-{area_code}")
    user, created = get_user_model().objects.get_or_create(
        username=f"{prefix}{area_code}",
        defaults={
            "first_name": rng.choice(names.female + names.male),
            "last_name": rng.choice(names.surnames),
            "email": f"{prefix}{area_code}@example.org",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    Assignment.objects.get_or_create(user=user, role=role, area_code=area_code)
    return user

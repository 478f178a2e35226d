"""A province the size of Nakhon Ratchasima: 32 districts, 289 tambons, 20 projects per plan.

Nakhon Ratchasima (province 30) has exactly that many districts and tambons in the official
geography, so the generator uses its real codes and names: a council and an accepted plan for
every tambon, five issues per plan (the three core dimensions and two more), four projects per
issue, and a budget for three fiscal years from one or two sources. Rows are bulk-created.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from councils.models import Council, Subdistrict
from plans.books import curation
from plans.books.models import StrategyBook
from plans.models import CommunityPlan, PlanIssue, PlanProject, ProjectBudget, Theme

PROVINCE = "30"
FIRST_YEAR, LAST_YEAR = 2569, 2573
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
APPROACHES = ("self", "joint", "request")
SOURCES = ("community", "local_government", "pao", "codi", "province", "central_agency")
PROJECTS_PER_ISSUE = 4


def make_province(*, seed: int = 30) -> StrategyBook:
    """Create the province's councils, accepted plans and a grouped provincial book."""
    rng = random.Random(seed)
    themes = {theme.code: theme for theme in Theme.objects.all()}
    with transaction.atomic():
        subdistricts = list(Subdistrict.objects.filter(code__startswith=PROVINCE).order_by("code"))
        existing = set(Council.objects.in_area(PROVINCE).values_list("subdistrict_id", flat=True))
        Council.objects.bulk_create(
            Council(
                subdistrict=tambon,
                name=f"สภาองค์กรชุมชนตำบล{tambon.name_th}",
                registration_number=f"นม {index:03d}/2552",
                registered_on=dt.date(2009, 10, 1),
            )
            for index, tambon in enumerate(subdistricts, start=1)
            if tambon.code not in existing
        )
        councils = list(Council.objects.in_area(PROVINCE).select_related("subdistrict"))
        plans = CommunityPlan.objects.bulk_create(
            CommunityPlan(
                council=council,
                title=f"แผนพัฒนาชุมชนตำบล{council.subdistrict.name_th}",
                first_year=FIRST_YEAR,
                last_year=LAST_YEAR,
                state=CommunityPlan.State.ACCEPTED,
                situation="สรุปจากเวทีประชาคมทุกหมู่บ้านและข้อมูลครัวเรือน",
            )
            for council in councils
        )
        issues = PlanIssue.objects.bulk_create(
            PlanIssue(plan=plan, theme=themes[code], title=title, order=order, villages=[1, 2])
            for plan in plans
            for order, (code, title) in enumerate(ISSUES, start=1)
        )
        projects = PlanProject.objects.bulk_create(
            PlanProject(
                issue=issue,
                title=rng.choice(PROJECTS) + f" หมู่ที่ {rng.randint(1, 15)}",
                approach=rng.choice(APPROACHES),
                order=number,
            )
            for issue in issues
            for number in range(1, PROJECTS_PER_ISSUE + 1)
        )
        lines = []
        for project in projects:
            for source in rng.sample(SOURCES, rng.choice((1, 2))):
                for year in (FIRST_YEAR, FIRST_YEAR + 1, FIRST_YEAR + 2):
                    amount = Decimal(rng.randrange(5_000, 500_000, 500))
                    lines.append(
                        ProjectBudget(
                            project=project, fiscal_year=year, source=source, amount=amount
                        )
                    )
        ProjectBudget.objects.bulk_create(lines, batch_size=5000)
        book, created = StrategyBook.objects.get_or_create(
            level=StrategyBook.Level.PROVINCE,
            area_code=PROVINCE,
            first_year=FIRST_YEAR,
            defaults={
                "last_year": LAST_YEAR,
                "title": curation.default_title(
                    StrategyBook.Level.PROVINCE, PROVINCE, FIRST_YEAR, LAST_YEAR
                ),
            },
        )
        curation.propose_grouping(book)
    return book

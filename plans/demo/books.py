"""Demo strategy books: Mae Sai's district book, Chumphon's provincial book and the six
strategies of its provincial development plan, which the book's issues map to.

The books gather accepted tambon plans. Where the plan demo has not made any (it may not have
run), a small accepted plan is made for each demo council here, so the books have something to
gather. Where the meetings demo has run, Chumphon's last provincial meeting has its provincial
book on its list, and Chiang Rai's coming one the Mae Sai district book. Running it twice
changes nothing.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from councils.access import Role
from councils.meetings.models import Meeting
from councils.models import Assignment, Council
from plans.books import curation
from plans.books.models import ProvinceStrategy, StrategyBook
from plans.execution.models import Indicator, IndicatorTarget
from plans.models import CommunityPlan, FundingSource, PlanIssue, PlanProject, ProjectBudget, Theme

FIRST_YEAR, LAST_YEAR = 2569, 2573
MAE_SAI, CHUMPHON = "5709", "86"

# Chumphon's integrated provincial strategy: the six strategies the councils, the provincial
# agencies and the civic assembly drew up together and carry into the provincial development
# plan for 2569-2573 (field report: chumphon-provincial-movement). (title, goal and description)
CHUMPHON_STRATEGIES = (
    (
        "ผลักดันแผนยุทธศาสตร์ที่บูรณาการร่วมกันสู่การปฏิบัติของหน่วยงานระดับจังหวัด",
        "หน่วยงานระดับจังหวัด อบจ. และท้องถิ่นนำแผนพัฒนาภาคชุมชนไปบรรจุในแผนและงบประมาณ "
        "ของตน จนเกิดประโยชน์แก่ชุมชนท้องถิ่นอย่างเป็นรูปธรรม",
    ),
    (
        "พัฒนาแกนนำรุ่นเก่าและรุ่นใหม่ สู่ชุมชนท้องถิ่นจัดการตนเอง",
        "แกนนำทุกรุ่นเข้าใจการขับเคลื่อนงานชุมชน ทำงานร่วมกับท้องถิ่นได้ และมีผู้สืบทอดงานในทุกตำบล",
    ),
    (
        "ยกระดับตำบลให้จัดทำแผนยุทธศาสตร์ตำบลที่บูรณาการทุกภาคส่วน",
        "ทุกตำบลมีแผนยุทธศาสตร์ตำบลที่ทุกภาคส่วนในพื้นที่ร่วมจัดทำและใช้ร่วมกัน "
        "ครอบคลุมการดูแลคุณภาพชีวิตและสวัสดิการของคนในชุมชน",
    ),
    (
        "อนุรักษ์ทรัพยากรธรรมชาติ สิ่งแวดล้อม และเกษตรที่ไม่ใช้สารเคมีแบบพึ่งตนเอง",
        "ชุมชนมีจิตสำนึกอนุรักษ์ป่า น้ำ และทะเล ทำเกษตรที่ไม่ใช้สารเคมีทำลายสิ่งแวดล้อม "
        "และลดการพึ่งปัจจัยการผลิตจากภายนอก",
    ),
    (
        "เรียนรู้เท่าทันนโยบายรัฐและทำงานร่วมกับหน่วยงานภาคี",
        "ขบวนองค์กรชุมชนเท่าทันนโยบายของรัฐ และทำงานร่วมกับภาคีเพื่อสร้างรายได้ และเศรษฐกิจชุมชนที่พึ่งตนเองได้",
    ),
    (
        "พัฒนางานข้อมูลข่าวสารและเทคโนโลยีเพื่อการจัดการข้อมูลของขบวนองค์กรชุมชน",
        "ขบวนองค์กรชุมชนมีระบบข้อมูลตำบลที่ทันสมัย ใช้เทคโนโลยีจัดเก็บและสื่อสารข้อมูล เพื่อวางแผนและติดตามงาน",
    ),
)
CHUMPHON_PERIOD = (FIRST_YEAR, LAST_YEAR)
# Which strategies each theme's strategic issue serves. No community project serves the sixth
# (information and technology) yet: the strategies page shows it as unserved.
STRATEGIES_FOR_THEME = {
    "economy": (1, 5),
    "housing": (1,),
    "charter": (2,),
    "society": (2, 3),
    "welfare": (3,),
    "health": (3,),
    "safety": (3,),
    "environment": (4,),
    "food": (4,),
}

# (theme, issue, [(project, approach, {source: yearly amount})]); Thai demo text.
PLAN_ISSUES = (
    (
        "economy",
        "รายได้ครัวเรือนไม่พอรายจ่าย หนี้สินนอกระบบ",
        [
            ("ส่งเสริมกลุ่มออมทรัพย์และบัญชีครัวเรือน", "self", {"community": 15000}),
            ("พัฒนาผลิตภัณฑ์ชุมชนและตลาดชายแดน", "joint", {"local_government": 40000, "codi": 30000}),
        ],
    ),
    (
        "society",
        "ผู้สูงอายุอยู่ลำพังและขาดการดูแล",
        [
            ("อาสาสมัครดูแลผู้สูงอายุในหมู่บ้าน", "joint", {"local_government": 25000}),
            ("กองทุนสวัสดิการชุมชนเพื่อผู้สูงอายุ", "self", {"community": 20000, "codi": 10000}),
        ],
    ),
    (
        "environment",
        "ป่าต้นน้ำเสื่อมโทรมและน้ำแล้งหน้าแล้ง",
        [
            ("ฟื้นฟูป่าชุมชนและบวชป่า", "self", {"community": 8000}),
            ("สร้างฝายชะลอน้ำ", "request", {"pao": 60000}),
        ],
    ),
    (
        "housing",
        "ครัวเรือนยากจนมีบ้านทรุดโทรม",
        [("ซ่อมแซมบ้านตามโครงการบ้านพอเพียงชนบท", "request", {"codi": 90000, "community": 10000})],
    ),
)
CHUMPHON_EXTRA = (
    "food",
    "เกษตรกรใช้สารเคมีมากและต้นทุนการผลิตสูง",
    [
        ("โรงเรียนเกษตรกรปลอดสารเคมี", "joint", {"province": 35000, "community": 5000}),
        ("ธนาคารเมล็ดพันธุ์และปุ๋ยอินทรีย์ชุมชน", "self", {"community": 12000}),
    ],
)
MAE_SAI_EXTRA = (
    "safety",
    "ยาเสพติดและแรงงานข้ามชาติในพื้นที่ชายแดน",
    [("เวทีประชาคมเฝ้าระวังยาเสพติดชายแดน", "joint", {"local_government": 30000})],
)

# An issue's indicator: name, unit, baseline (of the year before the book) and the target of
# each year of the book.
IndicatorSpec = tuple[str, str, int, tuple[int, ...]]

MAE_SAI_BOOK: dict[str, tuple[str, str, tuple[IndicatorSpec, ...]]] = {
    "economy": (
        "เศรษฐกิจชุมชนชายแดนพึ่งตนเอง",
        "ครัวเรือนมีรายได้พอรายจ่าย ลดหนี้สินนอกระบบ",
        (
            ("ครัวเรือนที่ทำบัญชีครัวเรือน", "ร้อยละ", 12, (15, 20, 24, 27, 30)),
            ("กลุ่มอาชีพที่มีตลาดจำหน่ายประจำ", "กลุ่ม", 4, (5, 7, 9, 10, 12)),
        ),
    ),
    "society": (
        "สังคมดูแลกันและสวัสดิการชุมชน",
        "ผู้สูงอายุและผู้ด้อยโอกาสได้รับการดูแลจากชุมชน",
        (
            ("ผู้สูงอายุที่อยู่ลำพังมีอาสาสมัครดูแล", "ร้อยละ", 40, (55, 70, 85, 95, 100)),
            ("สมาชิกกองทุนสวัสดิการชุมชน", "คน", 3200, (3400, 3600, 3800, 4000, 4200)),
        ),
    ),
    "environment": (
        "ทรัพยากรธรรมชาติและป่าต้นน้ำ",
        "ป่าต้นน้ำได้รับการฟื้นฟู มีน้ำใช้ตลอดปี",
        (
            ("พื้นที่ป่าชุมชนที่ฟื้นฟู", "ไร่", 150, (200, 260, 320, 380, 450)),
            ("ฝายชะลอน้ำที่ใช้งานได้", "แห่ง", 18, (24, 30, 36, 42, 48)),
        ),
    ),
}
# A book's own indicators where the network has not worded the issue yet.
BOOK_INDICATORS: tuple[IndicatorSpec, ...] = (
    ("จำนวนตำบลที่มีโครงการดำเนินการจริง", "ตำบล", 0, (3, 5, 6, 7, 8)),
    ("งบประมาณที่ได้รับการสนับสนุน", "บาท", 0, (500000, 800000, 1000000, 1200000, 1500000)),
)


def seed(stdout: OutputWrapper) -> None:
    with transaction.atomic():
        plans = ensure_accepted_plans(MAE_SAI, extra=MAE_SAI_EXTRA) + ensure_accepted_plans(
            CHUMPHON, extra=CHUMPHON_EXTRA
        )
        strategies = seed_chumphon_strategies()
        mae_sai = seed_book(StrategyBook.Level.DISTRICT, MAE_SAI, MAE_SAI_BOOK)
        chumphon = seed_book(StrategyBook.Level.PROVINCE, CHUMPHON, {})
        for issue in chumphon.issues.select_related("theme"):
            if issue.theme and not issue.province_strategies.exists():
                numbers = STRATEGIES_FOR_THEME.get(issue.theme.code, ())
                issue.province_strategies.add(*(strategies[n] for n in numbers))
        presented = present_at_provincial_meetings(chumphon, mae_sai)
    stdout.write(
        f"Strategy books: {mae_sai.title} ({mae_sai.issues.count()} strategic issues), "
        f"{chumphon.title} ({chumphon.issues.count()} strategic issues); "
        f"{plans} demo plans made for them; {presented} on a provincial meeting's list."
    )


def ensure_accepted_plans(area: str, *, extra: tuple) -> int:
    """An accepted plan for every demo council of the area that has none for the period."""
    made = 0
    reviewer = _user_with(Role.DISTRICT_COORDINATOR, area) or _user_with(
        Role.PROVINCE_COORDINATOR, area[:2]
    )
    if reviewer is None:
        reviewer, _ = get_user_model().objects.get_or_create(username="admin")
    themes = {theme.code: theme for theme in Theme.objects.all()}
    councils = Council.objects.in_area(area).active().select_related("subdistrict")
    for index, council in enumerate(councils.order_by("subdistrict_id")):
        if CommunityPlan.objects.filter(council=council, first_year=FIRST_YEAR).exists():
            continue
        plan = CommunityPlan.objects.create(
            council=council,
            title=f"แผนพัฒนาชุมชนตำบล{council.subdistrict.name_th}",
            first_year=FIRST_YEAR,
            last_year=LAST_YEAR,
            situation=(
                f"ตำบล{council.subdistrict.name_th} จัดเวทีประชาคมทุกหมู่บ้าน "
                "วิเคราะห์ข้อมูลสถานการณ์สำคัญและสำรวจข้อมูลครัวเรือน "
                "เพื่อจัดทำแผนพัฒนาชุมชนที่เชื่อมโยงกับแผนของท้องถิ่นและหน่วยงาน"
            ),
        )
        scale = Decimal(1) + Decimal(index % 4) / 4
        for order, (theme, title, projects) in enumerate((*PLAN_ISSUES, extra), start=1):
            issue = PlanIssue.objects.create(
                plan=plan,
                theme=themes[theme],
                title=title,
                priority=1 if order <= 2 else 2,
                villages=[1 + index % 5, 3 + index % 4],
                order=order,
            )
            for p_order, (project_title, approach, amounts) in enumerate(projects, start=1):
                project = PlanProject.objects.create(
                    issue=issue,
                    title=project_title,
                    approach=approach,
                    objective="เพื่อแก้ปัญหาตามที่เวทีประชาคมตำบลเสนอ",
                    target="ครัวเรือนในตำบล",
                    order=p_order,
                )
                Indicator.objects.create(
                    project=project, name="ครัวเรือนที่ได้รับประโยชน์", unit="ครัวเรือน", order=1
                )
                ProjectBudget.objects.bulk_create(
                    ProjectBudget(
                        project=project,
                        fiscal_year=year,
                        source=FundingSource(source),
                        amount=(Decimal(amount) * scale).quantize(Decimal("1")),
                    )
                    for year in (FIRST_YEAR, FIRST_YEAR + 1, FIRST_YEAR + 2)
                    for source, amount in amounts.items()
                )
        submitter = _user_with(Role.TAMBON_COORDINATOR, council.subdistrict_id) or reviewer
        plan.submit(by=submitter)
        plan.accept(by=reviewer, note="ผ่านการพิจารณาของเครือข่ายระดับอำเภอ")
        made += 1
    return made


def seed_chumphon_strategies() -> dict[int, ProvinceStrategy]:
    strategies = {}
    first_year, last_year = CHUMPHON_PERIOD
    for number, (title, goal) in enumerate(CHUMPHON_STRATEGIES, start=1):
        strategy, _ = ProvinceStrategy.objects.update_or_create(
            province_id=CHUMPHON,
            first_year=first_year,
            last_year=last_year,
            number=number,
            defaults={"title": title, "goal": goal},
        )
        strategies[number] = strategy
    return strategies


def seed_book(level: str, area: str, wording: dict) -> StrategyBook:
    book, created = StrategyBook.objects.get_or_create(
        level=level,
        area_code=area,
        first_year=FIRST_YEAR,
        defaults={
            "last_year": LAST_YEAR,
            "title": curation.default_title(level, area, FIRST_YEAR, LAST_YEAR),
            "introduction": (
                "เล่มนี้รวบรวมประเด็นและโครงการจากแผนชุมชนตำบลที่ผ่านการพิจารณาแล้ว "
                "จัดกลุ่มเป็นประเด็นยุทธศาสตร์ ทุกตัวเลขคำนวณจากรายการในแผนชุมชนตำบลที่เชื่อมโยงไว้"
            ),
        },
    )
    if not created:
        return book
    curation.propose_grouping(book)
    for issue in book.issues.select_related("theme"):
        if issue.theme and issue.theme.code in wording:
            issue.title, issue.goal, indicators = wording[issue.theme.code]
            issue.save(update_fields=["title", "goal"])
            seed_issue_indicators(issue, indicators)
        elif not issue.goal:
            issue.goal = f"แก้ปัญหา{issue.title}ด้วยพลังของชุมชนและภาคี"
            issue.save(update_fields=["goal"])
            seed_issue_indicators(issue, BOOK_INDICATORS)
    return book


def seed_issue_indicators(issue, specs: tuple[IndicatorSpec, ...]) -> None:
    book = issue.book
    for order, (name, unit, baseline, targets) in enumerate(specs, start=1):
        indicator = Indicator(
            strategic_issue=issue, name=name, unit=unit, baseline=Decimal(baseline),
            baseline_year=book.first_year - 1, order=order,
        )  # fmt: skip
        indicator.full_clean()
        indicator.save()
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=indicator, fiscal_year=year, value=Decimal(value))
            for year, value in zip(book.years, targets, strict=False)
        )


def present_at_provincial_meetings(chumphon: StrategyBook, mae_sai: StrategyBook) -> int:
    """Chumphon's last provincial meeting took up its provincial book; Chiang Rai's coming one
    takes up the Mae Sai district book. Each under the agenda item that presents the strategy."""
    today = timezone.localdate()
    provincial = Meeting.objects.provincial()
    meetings = [
        (chumphon, provincial.filter(area_code=CHUMPHON, held_on__lte=today).first()),
        (mae_sai, provincial.filter(area_code=MAE_SAI[:2], held_on__gt=today).last()),
    ]
    presented = 0
    for book, meeting in meetings:
        if meeting is None:
            continue  # the meetings demo has not run
        coordinator = _user_with(Role.PROVINCE_COORDINATOR, meeting.area_code)
        presentation = curation.present(book, meeting, by=coordinator, with_agenda_item=False)
        item = meeting.agenda_items.filter(title__startswith="นำเสนอ").first()
        if presentation.agenda_item_id is None and item is not None:
            presentation.agenda_item = item
            presentation.save(update_fields=["agenda_item"])
        presented += 1
    return presented


def _user_with(role: str, area_code: str):
    assignment = (
        Assignment.objects.filter(role=role, area_code=area_code).select_related("user").first()
    )
    return assignment.user if assignment else None

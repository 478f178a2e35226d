"""Demo meetings: a year of council meetings, Mae Sai's network and Chumphon's provincial meeting.

Facts from the field reports: Mae Sai's councils meet as a district network at the Mae Sai
Mittraphap municipality; Chumphon's provincial meeting pushes the community plans into the
provincial strategy and the PAO's budget, community welfare funds and the clean-up of polluted
water, with the army's provincial command, the social development office, community development,
non-formal education, the provincial strategy office, the forestry centre and the health assembly
at the table. The sentences are the demo's own.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.utils import timezone

from councils.buddhist_era import fiscal_year_be, fiscal_year_bounds
from councils.demo.registry import COUNCILS, LOCAL_GOVERNMENTS, PROVINCE_NAMES
from councils.meetings.models import (
    AgendaItem,
    AnnualReport,
    Attendance,
    Delegate,
    Meeting,
    ProposalState,
    Resolution,
)
from councils.models import Council, CouncilMember, Partner

Kind = Meeting.Kind
Level = Meeting.Level

# Councils that held fewer than 4 meetings last year, so the compliance check has work to show.
LIGHT_COUNCILS = {"570904": 2, "860205": 3, "800902": 2}
# Councils whose annual report of last year is not in yet.
NO_REPORT_LAST_YEAR = {"570908", "860401"}
# The quarter months a council meets in: November, February, May and August.
MEETING_MONTHS = (11, 2, 5, 8)

COUNCIL_AGENDA = (
    "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    "รับรองรายงานการประชุมครั้งที่แล้ว",
    "เรื่องสืบเนื่อง: ติดตามข้อเสนอที่ส่งถึงหน่วยงาน",
    "{topic}",
    "เรื่องอื่น ๆ",
)
TOPICS = {
    11: "ทบทวนแผนพัฒนาตำบลและจัดลำดับโครงการที่จะเสนอ{local}",
    2: "รายงานฐานะการเงินกองทุนสวัสดิการชุมชนและการจ่ายสวัสดิการไตรมาสที่ผ่านมา",
    5: "คัดเลือกผู้แทนสภาองค์กรชุมชนเข้าร่วมที่ประชุมระดับจังหวัด",
    8: "สรุปผลการดำเนินงานรอบปีเพื่อจัดทำรายงานประจำปี",
}
TOPIC_RESOLUTIONS = {
    11: "เห็นชอบลำดับโครงการในแผนพัฒนาตำบล และมอบเลขานุการทำหนังสือเสนอ{local}",
    2: "รับทราบรายงานการเงินกองทุนสวัสดิการชุมชน และให้เร่งรัดสมาชิกที่ค้างส่งเงินสมทบ",
    5: "เห็นชอบให้ประธานและเลขานุการเป็นผู้แทนเข้าร่วมที่ประชุมระดับจังหวัด",
    8: "เห็นชอบร่างสรุปผลการดำเนินงานรอบปี และมอบคณะทำงานจัดทำรายงานประจำปีให้เสร็จภายในเดือนธันวาคม",
}
# What the tambon councils ask of their local government, by region.
PROPOSALS = {
    "57": (
        "ขอให้{local}บรรจุโครงการปรับปรุงทางระบายน้ำในชุมชนไว้ในแผนพัฒนาท้องถิ่น",
        "ขอให้{local}สนับสนุนงบประมาณซ่อมแซมบ้านผู้มีรายได้น้อยตามโครงการบ้านพอเพียงชนบท",
    ),
    "86": (
        "ขอให้{local}สนับสนุนการจัดทำธนาคารปุ๋ยอินทรีย์เพื่อการเกษตรปลอดสารเคมี",
        "ขอให้{local}ร่วมแก้ไขปัญหาน้ำเสียจากชุมชนลงคลองสาธารณะ",
    ),
    "80": (
        "ขอให้{local}สนับสนุนศูนย์เรียนรู้ชุมชนอินทรีย์และบัญชีครัวเรือน",
        "ขอให้{local}สมทบงบประมาณกองทุนสวัสดิการชุมชนตามระเบียบ",
    ),
}
ANSWERS = (
    (ProposalState.ANSWERED, "{agency}ตอบหนังสือว่ารับเรื่องไว้พิจารณาในการประชุมสภาท้องถิ่นครั้งถัดไป"),
    (ProposalState.IN_PROGRESS, "{agency}บรรจุโครงการในแผนพัฒนาท้องถิ่นแล้ว อยู่ระหว่างของบประมาณ"),
    (ProposalState.DONE, "{agency}อนุมัติงบประมาณและดำเนินการแล้วเสร็จ คณะทำงานตรวจรับร่วมกับชุมชน"),
)

CHUMPHON_PROVINCIAL_AGENDA = (
    ("เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "ผลการขับเคลื่อนจังหวัดจัดการตนเองตามปฏิญญาจังหวัดชุมพร 5 ฝ่าย"),
    ("รับรองผู้แทนสภาองค์กรชุมชนตำบล", "สภาองค์กรชุมชนตำบลละ 2 คน ตามมาตรา 21"),
    (
        "นำเสนอแผนยุทธศาสตร์ขบวนองค์กรชุมชนจังหวัดชุมพร 6 ด้าน",
        "คณะยุทธศาสตร์ขบวนองค์กรชุมชนจังหวัดนำเสนอสมุดแผนยุทธศาสตร์ที่บูรณาการจากแผนตำบล",
    ),
    ("พิจารณาข้อเสนอต่อผู้ว่าราชการจังหวัดและองค์การบริหารส่วนจังหวัด", ""),
    ("เลือกผู้แทนที่ประชุมระดับจังหวัดเข้าร่วมที่ประชุมระดับชาติ", "จำนวน 2 คน"),
    ("เรื่องอื่น ๆ", ""),
)
# (text, agency kind, days after the meeting the answer is due, what came back)
CHUMPHON_PROPOSALS = (
    (
        "เสนอผู้ว่าราชการจังหวัดชุมพรให้นำแผนพัฒนาภาคชุมชนที่บูรณาการจากแผนตำบลเข้าสู่แผนพัฒนาจังหวัด",
        Partner.Kind.GOVERNOR, 30,
        ((ProposalState.ANSWERED,
          "สำนักงานจังหวัดแจ้งว่าจะนำเข้าคณะกรรมการบริหารงานจังหวัดแบบบูรณาการ (ก.บ.จ.)"),
         (ProposalState.IN_PROGRESS, "กลุ่มงานยุทธศาสตร์จังหวัดนัดคณะยุทธศาสตร์ขบวนองค์กรชุมชนร่วมปรับแผน")),
    ),
    (
        "เสนอผู้ว่าราชการจังหวัดชุมพรตั้งคณะทำงานร่วมแก้ไขปัญหาน้ำเสียคลองท่าตะเภา",
        Partner.Kind.GOVERNOR, 20, (),
    ),
    (
        "เสนอองค์การบริหารส่วนจังหวัดชุมพรบรรจุโครงการเกษตรปลอดสารเคมีของสภาองค์กรชุมชนตำบลในแผนงบประมาณ",
        Partner.Kind.PAO, 45,
        ((ProposalState.ANSWERED, "อบจ.ชุมพร ตอบรับ ให้ส่งรายละเอียดโครงการภายในเดือนถัดไป"),),
    ),
    (
        "เสนอองค์การบริหารส่วนจังหวัดชุมพรสมทบงบประมาณกองทุนสวัสดิการชุมชนระดับตำบล",
        Partner.Kind.PAO, 30, (),
    ),
)  # fmt: skip
CHUMPHON_PARTNERS_PRESENT = (
    "จังหวัดทหารบกชุมพร",
    "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดชุมพร",
    "สำนักงานพัฒนาชุมชนจังหวัดชุมพร",
    "สำนักงาน กศน.จังหวัดชุมพร",
    "สำนักงานจังหวัดชุมพร (กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด)",
    "ศูนย์ประสานงานป่าไม้ชุมพร",
    "สมัชชาสุขภาพจังหวัดชุมพร",
)


def seed(stdout: OutputWrapper) -> None:
    today = timezone.localdate()
    councils = {
        council.subdistrict_id: council
        for council in Council.objects.active()
        .filter(subdistrict_id__in=[spec.code for spec in COUNCILS])
        .select_related("subdistrict")
    }
    for council in councils.values():
        seed_council_year(council, today)
        seed_annual_reports(council, today)
    seed_mae_sai_network(today)
    seed_chiang_rai_provincial(councils, today)
    seed_chumphon_provincial(councils, today)
    stdout.write(
        f"Demo meetings: {Meeting.objects.count()} meetings, "
        f"{Resolution.objects.proposals().count()} proposals "
        f"({Resolution.objects.overdue(today).count()} overdue)."
    )


def meeting_days(code: str, today: dt.date) -> list[dt.date]:
    """The council's meetings of last fiscal year and this one up to the next planned one."""
    this_year = fiscal_year_be(today)
    days = []
    for year in (this_year - 1, this_year):
        first, _last = fiscal_year_bounds(year)
        for month in MEETING_MONTHS:
            day = dt.date(first.year + (month < 10), month, 10 + int(code[-2:]) % 12)
            days.append(day)
    held = [day for day in days if day < today]
    planned = [day for day in days if day >= today][:1]
    if code in LIGHT_COUNCILS:
        # A few meetings last year and none yet this year: the check fires in every season.
        last_year = fiscal_year_bounds(this_year - 1)
        held = [d for d in held if last_year[0] <= d <= last_year[1]][: LIGHT_COUNCILS[code]]
    return held + planned


def seed_council_year(council: Council, today: dt.date) -> None:
    code = council.subdistrict_id
    tambon = council.subdistrict.name_th
    local = _local_government(code)
    for number, day in enumerate(meeting_days(code, today), start=1):
        rng = random.Random(f"{code}-{day}")
        fiscal_year = fiscal_year_be(day)
        meeting = _meeting(
            council=council,
            level=Level.COUNCIL,
            area_code=code,
            kind=Kind.COUNCIL_MEETING,
            held_on=day,
            number=f"{(number - 1) % 4 + 1}/{fiscal_year}",
            title=f"การประชุมสภาองค์กรชุมชนตำบล{tambon}",
            place=f"ที่ทำการสภาองค์กรชุมชนตำบล{tambon}" if number % 2 else f"ห้องประชุม{local.name}",
            starts_at=dt.time(9, 30),
        )
        topic = TOPICS[day.month].format(local=local.name)
        _agenda(meeting, [(line.format(topic=topic), "") for line in COUNCIL_AGENDA])
        if day >= today:
            continue  # planned: an agenda, nothing else yet
        present = _attend(meeting, rng, share=0.45 if code == "860702" and number == 2 else 0.8)
        if not meeting.minutes:
            came = f"มีสมาชิกมาประชุม {present} คน " if present else ""
            meeting.minutes = (
                f"ประธานเปิดประชุมเวลา 09.30 น. {came}"
                f"ที่ประชุมพิจารณาเรื่อง{topic} โดยสมาชิกแลกเปลี่ยนความเห็นอย่างกว้างขวาง "
                "ก่อนลงมติตามที่บันทึกไว้ ปิดประชุมเวลา 12.00 น."
            )
            meeting.guests_female, meeting.guests_male = rng.randint(0, 6), rng.randint(0, 4)
            meeting.save(update_fields=["minutes", "guests_female", "guests_male"])
        meeting.partners_present.add(local)
        _resolution(meeting, 1, "รับรองรายงานการประชุมครั้งที่แล้วโดยไม่มีการแก้ไข", agenda=2)
        voted = day.month in (11, 8) and present > 2
        votes = (present - 2, 0, 2) if voted else (None, None, None)
        _resolution(
            meeting, 2, TOPIC_RESOLUTIONS[day.month].format(local=local.name), agenda=4, votes=votes
        )
        if day.month in (11, 5):
            text = PROPOSALS[code[:2]][day.month == 5].format(local=local.name)
            _proposal(
                meeting, 3, text, local, due_on=day + dt.timedelta(days=60), today=today, rng=rng
            )


def seed_annual_reports(council: Council, today: dt.date) -> None:
    this_year = fiscal_year_be(today)
    for year in (this_year - 2, this_year - 1):
        if year == this_year - 1 and council.subdistrict_id in NO_REPORT_LAST_YEAR:
            continue
        published = dt.date(fiscal_year_bounds(year)[1].year, 11, 20)
        if published >= today:
            continue
        AnnualReport.objects.get_or_create(
            council=council,
            fiscal_year=year,
            defaults={
                "published_on": published,
                "summary": "สรุปผลการดำเนินงานของสภาองค์กรชุมชนตำบล การประชุม ข้อเสนอต่อหน่วยงาน "
                "และการเชื่อมแผนชุมชนกับแผนพัฒนาท้องถิ่น",
            },
        )


def seed_mae_sai_network(today: dt.date) -> None:
    past = _meeting(
        council=None,
        level=Level.DISTRICT,
        area_code="5709",
        kind=Kind.DISTRICT_NETWORK,
        held_on=today - dt.timedelta(days=20),
        number="",
        title="การประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย",
        place="ห้องประชุมเทศบาลตำบลแม่สายมิตรภาพ",
        starts_at=dt.time(9, 0),
    )
    _agenda(
        past,
        [
            ("พัฒนาการอำเภอแม่สายกล่าวเปิดประชุม", ""),
            ("ทบทวนการจดแจ้งจัดตั้งสภาองค์กรชุมชนครบทั้ง 8 ตำบล", ""),
            ("แผนพัฒนาที่อยู่อาศัยตามโครงการบ้านพอเพียงชนบท", "ตำบลบ้านด้ายเป็นพื้นที่นำร่องการบูรณาการแผนชุมชน"),
            ("เตรียมผู้แทนเข้าร่วมที่ประชุมระดับจังหวัดเชียงราย", ""),
        ],
    )
    _attend(past, random.Random("5709-network"), share=0.7)
    _resolution(
        past, 1, "ให้ทุกตำบลส่งข้อมูลครัวเรือนที่ต้องการซ่อมบ้านตามโครงการบ้านพอเพียงชนบทภายในสิ้นเดือน",
        agenda=3,
    )  # fmt: skip
    _meeting(
        council=None,
        level=Level.DISTRICT,
        area_code="5709",
        kind=Kind.KNOWLEDGE_FORUM,
        held_on=today + dt.timedelta(days=12),
        number="",
        title="เวทีแลกเปลี่ยนเรียนรู้สภาองค์กรชุมชนอำเภอแม่สาย",
        place="ศูนย์เรียนรู้ตำบลบ้านด้าย",
        starts_at=dt.time(9, 0),
    )


def seed_chiang_rai_provincial(councils: dict[str, Council], today: dt.date) -> None:
    """An upcoming provincial meeting: most Mae Sai councils have named their delegates."""
    meeting = _meeting(
        council=None,
        level=Level.PROVINCE,
        area_code="57",
        kind=Kind.PROVINCIAL,
        held_on=today + dt.timedelta(days=30),
        number=f"1/{fiscal_year_be(today)}",
        title="ที่ประชุมระดับจังหวัดสภาองค์กรชุมชนจังหวัดเชียงราย",
        place="ห้องประชุมศาลากลางจังหวัดเชียงราย",
        starts_at=dt.time(9, 0),
    )
    _agenda(
        meeting,
        [
            ("รับรองผู้แทนสภาองค์กรชุมชนตำบล", "สภาองค์กรชุมชนตำบลละ 2 คน"),
            ("นำเสนอสมุดแผนยุทธศาสตร์สภาองค์กรชุมชนจังหวัดเชียงราย", ""),
            ("พิจารณาข้อเสนอต่อผู้ว่าราชการจังหวัดเชียงราย", ""),
        ],
    )
    named = {"570901": 2, "570902": 2, "570903": 2, "570905": 2, "570906": 2, "570909": 1}
    for code, count in named.items():
        if code in councils:
            _delegates(meeting, councils[code], count)


def seed_chumphon_provincial(councils: dict[str, Council], today: dt.date) -> None:
    """The last provincial meeting of Chumphon, with its proposals to the governor and the PAO."""
    day = today - dt.timedelta(days=45)
    meeting = _meeting(
        council=None,
        level=Level.PROVINCE,
        area_code="86",
        kind=Kind.PROVINCIAL,
        held_on=day,
        number=f"1/{fiscal_year_be(day)}",
        title="ที่ประชุมระดับจังหวัดสภาองค์กรชุมชนจังหวัดชุมพร",
        place="ห้องประชุมศาลากลางจังหวัดชุมพร",
        starts_at=dt.time(9, 0),
    )
    _agenda(meeting, CHUMPHON_PROVINCIAL_AGENDA)
    for code, council in councils.items():
        if code.startswith("86"):
            _delegates(meeting, council, 1 if code == "860404" else 2)
    delegates = list(meeting.delegates.values_list("member_id", flat=True))
    present = [pk for n, pk in enumerate(delegates) if n % 7 != 3]
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member_id=pk) for pk in present], ignore_conflicts=True
    )
    meeting.partners_present.add(
        *Partner.objects.filter(name__in=CHUMPHON_PARTNERS_PRESENT, area_code="86")
    )
    if not meeting.minutes:
        meeting.minutes = (
            "ประธานแจ้งผลการขับเคลื่อนจังหวัดจัดการตนเองตามปฏิญญาจังหวัดชุมพร 5 ฝ่าย "
            "คณะยุทธศาสตร์ขบวนองค์กรชุมชนจังหวัดชุมพรนำเสนอแผนยุทธศาสตร์ 6 ด้าน "
            "ที่บูรณาการร่วมกับหน่วยงาน สภาองค์กรชุมชน และสภาพัฒนาการเมืองภาคพลเมือง "
            "ผู้แทนหน่วยงานภาคีให้ข้อเสนอแนะเรื่องการเชื่อมแผนชุมชนกับแผนพัฒนาจังหวัด "
            "แผนงบประมาณ อบจ. การจัดตั้งกองทุนสวัสดิการชุมชน และการแก้ไขปัญหาน้ำเสีย"
        )
        meeting.guests_female, meeting.guests_male = 9, 6
        meeting.save(update_fields=["minutes", "guests_female", "guests_male"])
    _resolution(meeting, 1, "รับรองผู้แทนสภาองค์กรชุมชนตำบลที่เข้าร่วมที่ประชุมระดับจังหวัด", agenda=2)
    _resolution(
        meeting, 2, "เห็นชอบแผนยุทธศาสตร์ขบวนองค์กรชุมชนจังหวัดชุมพร 6 ด้าน",
        agenda=3, votes=(len(present) - 1, 0, 1),
    )  # fmt: skip
    province = PROVINCE_NAMES["86"]
    agencies = {
        Partner.Kind.GOVERNOR: Partner.objects.get(
            name=f"ศาลากลางจังหวัด{province} (ผู้ว่าราชการจังหวัด{province})", area_code="86"
        ),
        Partner.Kind.PAO: Partner.objects.get(
            name=f"องค์การบริหารส่วนจังหวัด{province}", area_code="86"
        ),
    }
    coordinator = get_user_model().objects.filter(username="chumphon").first()
    for position, (text, kind, due_in, answers) in enumerate(CHUMPHON_PROPOSALS, start=3):
        resolution, created = _proposal_row(
            meeting, position, text, agencies[kind], day + dt.timedelta(days=due_in), agenda=4
        )
        if created:
            for n, (state, note) in enumerate(answers, start=1):
                resolution.log(
                    by=coordinator,
                    note=note,
                    happened_on=day + dt.timedelta(days=12 * n),
                    state=state,
                )
    _resolution(
        meeting, 7, "เลือกผู้แทนที่ประชุมระดับจังหวัด 2 คน เข้าร่วมที่ประชุมระดับชาติ", agenda=5,
        votes=(len(present), 0, 0),
    )  # fmt: skip


def _local_government(code: str) -> Partner:
    """The tambon's own local government, or the PAO where the demo has none for the tambon."""
    name = LOCAL_GOVERNMENTS.get(code)
    if name:
        return Partner.objects.get(name=name, area_code=code)
    province = PROVINCE_NAMES[code[:2]]
    return Partner.objects.get(name=f"องค์การบริหารส่วนจังหวัด{province}", area_code=code[:2])


def _meeting(**fields) -> Meeting:
    key = {name: fields.pop(name) for name in ("level", "area_code", "kind", "held_on")}
    meeting, _ = Meeting.objects.get_or_create(**key, defaults=fields)
    return meeting


def _agenda(meeting: Meeting, items) -> None:
    for position, (title, details) in enumerate(items, start=1):
        AgendaItem.objects.get_or_create(
            meeting=meeting, position=position, defaults={"title": title, "details": details}
        )


def _attend(meeting: Meeting, rng: random.Random, share: float) -> int:
    holders = sorted(meeting.seat_holders().values_list("pk", flat=True))
    if not meeting.attendances.exists():
        chosen = rng.sample(holders, round(len(holders) * share)) if holders else []
        Attendance.objects.bulk_create(Attendance(meeting=meeting, member_id=pk) for pk in chosen)
    return meeting.attendances.count()


def _delegates(meeting: Meeting, council: Council, count: int) -> None:
    officers = (
        council.members.sitting()
        .filter(role__in=(CouncilMember.Role.CHAIR, CouncilMember.Role.SECRETARY,
                          CouncilMember.Role.VICE_CHAIR_1))
        .order_by("role")
    )  # fmt: skip
    for member in officers[:count]:
        Delegate.objects.get_or_create(
            meeting=meeting, member=member, defaults={"council": council}
        )


def _resolution(meeting, position, text, agenda=None, votes=(None, None, None)) -> Resolution:
    votes_for, against, abstentions = votes
    resolution, _ = Resolution.objects.get_or_create(
        meeting=meeting,
        position=position,
        defaults={
            "text": text,
            "agenda_item": meeting.agenda_items.filter(position=agenda).first(),
            "votes_for": votes_for,
            "votes_against": against,
            "abstentions": abstentions,
        },
    )
    return resolution


def _proposal_row(meeting, position, text, agency, due_on, agenda=4) -> tuple[Resolution, bool]:
    existing = Resolution.objects.filter(meeting=meeting, position=position).first()
    if existing:
        return existing, False
    resolution = Resolution(
        meeting=meeting,
        position=position,
        text=text,
        addressed_to=agency,
        due_on=due_on,
        agenda_item=meeting.agenda_items.filter(position=agenda).first(),
    )
    resolution.save_by(None)
    return resolution, True


def _proposal(meeting, position, text, agency, due_on, today, rng) -> None:
    """A tambon's proposal; the older it is, the further the agency has usually taken it."""
    resolution, created = _proposal_row(meeting, position, text, agency, due_on)
    if not created:
        return
    age = (today - meeting.held_on).days
    steps = 0 if age < 40 else rng.choice((0, 1, 2, 3, 3) if age > 200 else (0, 1, 1))
    for n, (state, note) in enumerate(ANSWERS[:steps], start=1):
        resolution.log(
            by=None,
            note=note.format(agency=agency.name),
            happened_on=min(today, meeting.held_on + dt.timedelta(days=25 * n)),
            state=state,
        )

"""Demo charters, agreements and documents: Ban Dai's tambon charter (Mae Sai), Chumphon's
five-party declaration on the province managing itself, and a few small files made at seed time.

Facts from the field reports: the Mae Sai forum and CODI's 2022 forum speak of tambon charters
as the tambon's rules for living together (กติกาการอยู่ร่วมกันของตำบล); Chumphon signed the
five-party declaration in 2557-58 (the deputy governor, CODI, the local governments, the
community councils and the political development council) to set up a citizens' assembly and
integrate the six-strategy provincial plan.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import OutputWrapper
from django.db import transaction
from PIL import Image, ImageDraw

from councils.meetings.models import Meeting, Resolution
from councils.models import Council, Partner
from councils.records.models import Agreement, Charter, CouncilDocument

BAN_DAI = "570908"
MAE_SAI = "570901"
THA_TAPHAO = "860101"

BAN_DAI_CLAUSES = (
    "คนบ้านด้ายทุกหมู่บ้านร่วมกันดูแลแหล่งน้ำ ลำห้วย และป่าชุมชน ไม่บุกรุก ไม่ทิ้งขยะ และไม่ใช้สารเคมีใกล้แหล่งน้ำ",
    "ทุกครัวเรือนคัดแยกขยะต้นทาง และนำขยะอินทรีย์ไปทำปุ๋ยหรือน้ำหมักใช้ในแปลงเกษตร",
    "ชุมชนร่วมกันเฝ้าระวังยาเสพติดและการค้ามนุษย์ตามแนวชายแดน และแจ้งผู้ใหญ่บ้านหรือสภาองค์กรชุมชนเมื่อพบเหตุ",
    "ผู้สูงอายุ ผู้พิการ และผู้ป่วยติดเตียงได้รับการเยี่ยมบ้านจากอาสาสมัครอย่างน้อยเดือนละครั้ง "
    "โดยกองทุนสวัสดิการชุมชนเป็นผู้ประสาน",
    "งานบุญ งานศพ และงานประเพณีของชุมชนงดเหล้าและการพนัน",
    "โครงการพัฒนาในตำบลผ่านการปรึกษาหารือในเวทีประชาคมหมู่บ้านและสภาองค์กรชุมชนก่อนเสนอหน่วยงาน",
    "สภาองค์กรชุมชนตำบลทบทวนธรรมนูญนี้ทุกสองปี ในการประชุมที่เปิดให้ทุกหมู่บ้านเสนอความเห็น",
)
BAN_DAI_SIGNATORIES = (
    ("นายบุญเลิศ ศรีวงศ์", "ประธานสภาองค์กรชุมชนตำบลบ้านด้าย"),
    ("นายสมพงษ์ ใจมา", "นายกองค์การบริหารส่วนตำบลบ้านด้าย"),
    ("นายเจริญ คำแสน", "กำนันตำบลบ้านด้าย ผู้แทนกำนันและผู้ใหญ่บ้าน"),
    ("นางสาวกัลยา อินต๊ะ", "ผู้อำนวยการโรงพยาบาลส่งเสริมสุขภาพตำบลบ้านด้าย"),
    ("นางยุพิน ปัญญาดี", "ประธานกองทุนสวัสดิการชุมชนตำบลบ้านด้าย"),
)
DECLARATION_PARTNERS = (
    ("ศาลากลางจังหวัดชุมพร (ผู้ว่าราชการจังหวัดชุมพร)", "86"),
    ("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", ""),
    ("องค์การบริหารส่วนจังหวัดชุมพร", "86"),
    ("สภาพัฒนาการเมืองภาคพลเมืองจังหวัดชุมพร", "86"),
)
DECLARATION_SCOPE = (
    "ห้าฝ่าย ได้แก่ ปลัดจังหวัดชุมพรในนามจังหวัด ผู้แทนสถาบันพัฒนาองค์กรชุมชน ผู้แทนท้องถิ่น "
    "ผู้แทนสภาองค์กรชุมชน และผู้แทนสภาพัฒนาการเมือง ร่วมกันขับเคลื่อนชุมพรสู่จังหวัดจัดการตนเอง: "
    "จัดตั้งสมัชชาพลเมืองจังหวัดชุมพรอย่างมีส่วนร่วม บูรณาการแผนยุทธศาสตร์ 6 ด้านของขบวนองค์กรชุมชน"
    "เข้ากับแผนของหน่วยงานและแผนพัฒนาจังหวัด และติดตามผลร่วมกันทุกปีในที่ประชุมระดับจังหวัด"
)


def seed(stdout: OutputWrapper) -> None:
    with transaction.atomic():
        made = [
            seed_ban_dai_charter(),
            seed_chumphon_declaration(),
            seed_mae_sai_minutes(),
        ]
    stdout.write(
        f"Demo records: {Charter.objects.count()} charters, {Agreement.objects.count()} "
        f"agreements, {CouncilDocument.objects.count()} documents"
        + ("" if all(made) else " (some councils are missing)")
        + "."
    )


def _council(code: str) -> Council | None:
    return Council.objects.active().filter(subdistrict_id=code).first()


def _resolution(council: Council, text: str) -> Resolution | None:
    """A resolution of the council's latest held meeting, added once."""
    meeting = (
        Meeting.objects.filter(council=council, resolutions__isnull=False)
        .order_by("-held_on")
        .first()
    )
    if meeting is None:
        return None
    found = meeting.resolutions.filter(text=text).first()
    if found:
        return found
    position = (meeting.resolutions.order_by("-position").values_list("position", flat=True)
                .first() or 0) + 1  # fmt: skip
    return Resolution.objects.create(meeting=meeting, position=position, text=text)


def seed_ban_dai_charter() -> bool:
    council = _council(BAN_DAI)
    if council is None:
        return False
    if council.charters.exists():
        return True
    resolution = _resolution(
        council, "เห็นชอบธรรมนูญตำบลบ้านด้ายตามร่างที่ผ่านเวทีประชาคมทุกหมู่บ้าน และให้ประกาศใช้"
    )
    adopted_on = resolution.meeting.held_on if resolution else dt.date(2025, 8, 20)
    old = council.charters.create(
        title="ธรรมนูญตำบลบ้านด้าย ฉบับที่ 1",
        adopted_on=dt.date(2019, 3, 15),
        preamble="กติกาการอยู่ร่วมกันของคนบ้านด้าย ฉบับแรก",
    )
    old.clauses.create(number=1, text=BAN_DAI_CLAUSES[0])
    old.clauses.create(number=2, text=BAN_DAI_CLAUSES[1])
    charter = council.charters.create(
        title="ธรรมนูญตำบลบ้านด้าย ฉบับที่ 2",
        adopted_on=adopted_on,
        resolution=resolution,
        preamble=(
            "คนบ้านด้ายทุกหมู่บ้านร่วมกันเขียนกติกาการอยู่ร่วมกันของตำบล เพื่อดูแลทรัพยากร "
            "สุขภาพ และความปลอดภัยของชุมชนชายแดน และเป็นกรอบของแผนพัฒนาตำบลแบบบูรณาการ"
        ),
    )
    for number, text in enumerate(BAN_DAI_CLAUSES, start=1):
        charter.clauses.create(number=number, text=text)
    for position, (name, representing) in enumerate(BAN_DAI_SIGNATORIES, start=1):
        charter.signatories.create(position=position, name=name, representing=representing)
    _document(
        council, "ธรรมนูญตำบลบ้านด้าย ฉบับที่ 2 (ฉบับลงนาม)", CouncilDocument.Kind.SCAN,
        adopted_on, _scan_pdf(), published=True, meeting=resolution.meeting if resolution else None,
    )  # fmt: skip
    _document(
        council, "ภาพเวทีประชาคมรับฟังความเห็นร่างธรรมนูญ", CouncilDocument.Kind.PHOTO,
        adopted_on - dt.timedelta(days=30), _photo_png(), published=True,
    )  # fmt: skip
    if resolution:
        _document(
            council, "หนังสือเชิญประชุมสภาองค์กรชุมชน", CouncilDocument.Kind.INVITATION,
            resolution.meeting.held_on - dt.timedelta(days=7), _scan_pdf(lines=6),
            meeting=resolution.meeting,
        )  # fmt: skip
    return True


def seed_chumphon_declaration() -> bool:
    council = _council(THA_TAPHAO)
    if council is None:
        return False
    if council.agreements.exists():
        return True
    declaration = council.agreements.create(
        title="ปฏิญญาความร่วมมือ 5 ภาคี ชุมพรจังหวัดจัดการตนเอง",
        kind=Agreement.Kind.DECLARATION,
        signed_on=dt.date(2015, 3, 27),
        scope=DECLARATION_SCOPE,
    )
    partners = [
        Partner.objects.filter(name=name, area_code=code).first()
        for name, code in DECLARATION_PARTNERS
    ]
    declaration.partners.add(*[p for p in partners if p])
    mou = council.agreements.create(
        title="บันทึกข้อตกลงความร่วมมือฟื้นฟูคลองท่าตะเภา",
        kind=Agreement.Kind.MOU,
        signed_on=dt.date(2021, 6, 5),
        ends_on=dt.date(2024, 9, 30),
        scope=(
            "สภาองค์กรชุมชนตำบลท่าตะเภาและเทศบาลเมืองชุมพรร่วมกันสำรวจจุดปล่อยน้ำเสีย "
            "ทำฝายดักขยะ และจัดเวรเฝ้าระวังคุณภาพน้ำคลองท่าตะเภา เป็นเวลาสามปีงบประมาณ"
        ),
    )
    if pao := Partner.objects.filter(name="องค์การบริหารส่วนจังหวัดชุมพร").first():
        mou.partners.add(pao)
    _document(
        council, "ปฏิญญาความร่วมมือ 5 ภาคี (สำเนา)", CouncilDocument.Kind.SCAN,
        declaration.signed_on, _scan_pdf(lines=10), published=True,
    )  # fmt: skip
    return True


def seed_mae_sai_minutes() -> bool:
    """The Mae Sai coordinator's library: the signed minutes and a photo of the last meeting."""
    council = _council(MAE_SAI)
    if council is None:
        return False
    meeting = Meeting.objects.filter(council=council, minutes__gt="").order_by("-held_on").first()
    if meeting is None or council.documents.exists():
        return True
    _document(
        council, f"รายงานการประชุมครั้งที่ {meeting.number} (ลงนามแล้ว)", CouncilDocument.Kind.MINUTES,
        meeting.held_on, _scan_pdf(lines=14), meeting=meeting,
    )  # fmt: skip
    _document(
        council, "ภาพบรรยากาศการประชุมสภาองค์กรชุมชน", CouncilDocument.Kind.PHOTO, meeting.held_on,
        _photo_png(), meeting=meeting, published=True,
    )  # fmt: skip
    return True


def _document(council, title, kind, dated, upload, *, published=False, meeting=None) -> None:
    # Saved like an upload from a page: the model checks the content and names the file.
    CouncilDocument.objects.create(
        council=council, meeting=meeting, title=title, kind=kind, dated=dated, file=upload,
        published=published,
    )  # fmt: skip


def _page(lines: int) -> Image.Image:
    """A small grey page with lines of "text", like a phone's scan of a signed paper."""
    page = Image.new("RGB", (420, 594), "#fbfaf6")
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 380, 70), fill="#9aa5b1")
    for n in range(lines):
        top = 100 + n * 34
        draw.rectangle((40, top, 380 - (n % 3) * 50, top + 10), fill="#c5cbd3")
    draw.line((250, 540, 370, 520), fill="#1f3a93", width=3)  # a signature
    return page


def _scan_pdf(lines: int = 12) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    _page(lines).save(buffer, "PDF", resolution=72)
    return SimpleUploadedFile("scan.pdf", buffer.getvalue())


def _photo_png() -> SimpleUploadedFile:
    photo = Image.new("RGB", (480, 320), "#7fb3d5")
    draw = ImageDraw.Draw(photo)
    draw.rectangle((0, 220, 480, 320), fill="#6e8b3d")
    for n in range(9):
        left = 30 + n * 50
        draw.ellipse((left, 150, left + 30, 180), fill="#f0c27b")
        draw.rectangle((left + 3, 180, left + 27, 240), fill="#b03a2e" if n % 2 else "#1f618d")
    buffer = io.BytesIO()
    photo.save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile("forum.png", buffer.getvalue())

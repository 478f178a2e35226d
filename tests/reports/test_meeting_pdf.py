"""A meeting's PDF: the invitation with the agenda before the meeting, the minutes after it
with the strategy books presented as annexes, made through the document jobs."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from councils.models import CouncilMember
from reports import meeting_documents
from reports.models import Document
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MemberFactory,
    PartnerFactory,
    ResolutionFactory,
)
from tests.reports.test_book_pdfs import text_of_page
from tests.reports.test_pdf import pdf_text


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def flat(text: str) -> str:
    return "".join(text.split())


def officers(council):
    chair = MemberFactory(
        council=council, role=CouncilMember.Role.CHAIR, title="นาย", first_name="สมชาย",
        last_name="ใจดี", sex=CouncilMember.Sex.MALE,
    )  # fmt: skip
    secretary = MemberFactory(
        council=council, role=CouncilMember.Role.SECRETARY, first_name="มาลี", last_name="ศรีงาม"
    )
    return chair, secretary


def ask_for_pdf(client, meeting) -> Document:
    response = client.post(reverse("meeting_pdf", args=[meeting.pk]))
    document = Document.objects.get(object_id=meeting.pk, kind__startswith="meeting_")
    assert response.status_code == 302
    assert response["Location"] == reverse("document_status", args=[document.pk])
    assert document.state == Document.State.DONE, document.error
    return document


def pdf_of(client, document) -> bytes:
    response = client.get(reverse("document_download", args=[document.pk]))
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_before_the_meeting_its_pdf_is_the_invitation_with_the_agenda(
    council, tambon_coordinator, client_for
):
    chair, secretary = officers(council)
    MemberFactory(council=council, first_name="ทองใบ", last_name="คำแสน")
    meeting = MeetingFactory(
        council=council, number="4/2569", held_on=timezone.localdate() + dt.timedelta(days=10),
        starts_at=dt.time(9, 30), title="การประชุมสภาองค์กรชุมชนตำบลแม่สาย",
        place="ศาลาเอนกประสงค์บ้านป่าซาง",
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, position=1, title="เรื่องที่ประธานแจ้งให้ทราบ")
    AgendaItemFactory(
        meeting=meeting, position=2, title="พิจารณาร่างแผนพัฒนาชุมชนแม่สาย พ.ศ. 2570-2574",
        details="เลขานุการนำเสนอร่างแผนที่ปรับตามเวทีประชาคมหมู่บ้าน",
    )  # fmt: skip
    client = client_for(tambon_coordinator)

    document = ask_for_pdf(client, meeting)
    assert document.kind == Document.Kind.MEETING_INVITATION
    pdf = pdf_of(client, document)
    text = flat(pdf_text(pdf))
    assert "เรื่องขอเชิญเข้าร่วมการประชุมสภาองค์กรชุมชนตำบลแม่สายครั้งที่4/2569" in text
    assert f"เรียนสมาชิกสภาองค์กรชุมชนตำบล{council.subdistrict.name_th}ทุกท่าน" in text
    day = meeting_documents.WEEKDAYS[meeting.held_on.weekday()]
    from councils.buddhist_era import thai_date

    assert flat(f"ในวัน{day}ที่ {thai_date(meeting.held_on)} เวลา 09.30 น.") in text
    assert "ณศาลาเอนกประสงค์บ้านป่าซาง" in text
    assert "ขอแสดงความนับถือ" in text
    assert flat(f"({chair.full_name})ประธานสภาองค์กรชุมชนตำบล") in text
    assert flat(secretary.full_name) in text
    # The agenda, on a page of its own after the letter, and who is invited.
    agenda_page = flat(text_of_page(pdf, 2))
    assert "ระเบียบวาระการประชุมสภาองค์กรชุมชนตำบลแม่สาย" in agenda_page
    assert "ระเบียบวาระที่1เรื่องที่ประธานแจ้งให้ทราบ" in agenda_page
    assert "ระเบียบวาระที่2พิจารณาร่างแผนพัฒนาชุมชนแม่สายพ.ศ.2570-2574" in agenda_page
    assert "เลขานุการนำเสนอร่างแผนที่ปรับตามเวทีประชาคมหมู่บ้าน" in agenda_page
    assert "รายชื่อผู้ได้รับเชิญ(3คน)" in agenda_page and "ทองใบคำแสน" in agenda_page
    assert "ผู้มาประชุม" not in text and "มติที่ประชุม" not in text


def test_after_the_meeting_its_pdf_is_the_minutes_item_by_item(
    council, tambon_coordinator, client_for
):
    chair, secretary = officers(council)
    meeting = MeetingFactory(
        council=council, number="2/2569", held_on=dt.date(2026, 1, 15), starts_at=dt.time(13),
        title="การประชุมสภาองค์กรชุมชนตำบลแม่สาย", place="ศาลาเอนกประสงค์บ้านป่าซาง",
        minutes="ประธานแจ้งผลการประชุมเครือข่ายอำเภอ " * 80,
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, position=1, title="เรื่องที่ประธานแจ้งให้ทราบ")
    item = AgendaItemFactory(
        meeting=meeting, position=2, title="พิจารณาร่างแผนพัฒนาชุมชนแม่สาย",
        details="ที่ประชุมอภิปรายเรื่องงบประมาณโครงการน้ำดื่มสะอาด",
    )  # fmt: skip
    present = [chair, secretary] + [MemberFactory(council=council) for _ in range(2)]
    absent = MemberFactory(council=council, first_name="ประเสริฐ", last_name="มั่นคง")
    for member in present:
        meeting.attendances.create(member=member)
    ResolutionFactory(
        meeting=meeting, position=1, agenda_item=item, text="เห็นชอบร่างแผนพัฒนาชุมชนแม่สาย",
        votes_for=17, votes_against=1, abstentions=2,
    )  # fmt: skip
    proposal = ResolutionFactory.build(
        meeting=meeting, position=2, text="เสนอเทศบาลซ่อมถนนสายบ้านป่าซาง",
        addressed_to=PartnerFactory(), due_on=dt.date(2026, 3, 31),
    )  # fmt: skip
    proposal.save_by(None)
    client = client_for(tambon_coordinator)

    document = ask_for_pdf(client, meeting)
    assert document.kind == Document.Kind.MEETING_MINUTES
    pdf = pdf_of(client, document)
    text = pdf_text(pdf)
    squeezed = flat(text)
    assert "รายงานการประชุมสภาองค์กรชุมชนตำบลแม่สายครั้งที่2/2569" in squeezed
    assert "เมื่อวันพฤหัสบดีที่15มกราคม2569" in squeezed
    assert "ผู้มาประชุม" in squeezed and flat(chair.full_name) in squeezed
    assert "ผู้ไม่มาประชุม" in squeezed and "ประเสริฐมั่นคง" in squeezed
    assert absent.full_name not in squeezed.split("ผู้ไม่มาประชุม")[0]
    assert "เริ่มประชุมเวลา13.00น." in squeezed
    assert "เมื่อครบองค์ประชุมแล้ว(มาประชุม4คนจากสมาชิกที่ดำรงตำแหน่งในวันประชุม5คน" in squeezed
    # Each item with its discussion and then its resolutions and votes.
    second = squeezed.split("ระเบียบวาระที่2พิจารณาร่างแผนพัฒนาชุมชนแม่สาย")[1]
    assert second.index("ที่ประชุมอภิปรายเรื่องงบประมาณโครงการน้ำดื่มสะอาด") < second.index(
        "มติที่ประชุม(มติที่1)เห็นชอบร่างแผนพัฒนาชุมชนแม่สาย"
    )
    assert "เห็นด้วย17เสียงไม่เห็นด้วย1เสียงงดออกเสียง2เสียง" in second
    others = squeezed.split("เรื่องอื่นๆ")[1]
    assert "เสนอเทศบาลซ่อมถนนสายบ้านป่าซาง" in others and "ข้อเสนอถึง" in others
    assert "31มีนาคม2569" in others
    assert flat(f"({secretary.full_name})เลขานุการสภาองค์กรชุมชนตำบล") in squeezed
    assert "ผู้ตรวจรายงานการประชุม" in squeezed
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) >= 2 and document.pages == len(pages)
    # pdftotext ends each page with a form feed; the number heads the page, top right.
    assert [page.split()[0] for page in text.split("\f")[: len(pages)]] == [
        str(n) for n in range(1, len(pages) + 1)
    ]
    fonts = {str(f["/BaseFont"]) for p in pages for f in p["/Resources"]["/Font"].values()}
    assert fonts and all("Sarabun" in name for name in fonts)


def test_the_provincial_minutes_summarise_the_books_presented_as_annexes(
    province_coordinator, client_for
):
    from plans.books import curation
    from plans.books.models import StrategyBook
    from tests.reports.plan_builders import accepted_plan, book

    accepted_plan("570901", amounts={"economy": [7000], "society": [500], "environment": [300]})
    meeting = MeetingFactory(
        council=None, level="province", kind="provincial", area_code="57",
        held_on=dt.date(2026, 2, 20), title="ที่ประชุมระดับจังหวัดสภาองค์กรชุมชนจังหวัดเชียงราย",
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, position=1, title="รับรองผู้แทนสภาองค์กรชุมชนตำบล")
    provincial = book(StrategyBook.Level.PROVINCE, "57")
    district = book(StrategyBook.Level.DISTRICT, "5709")
    curation.present(provincial, meeting, by=province_coordinator, with_agenda_item=True)
    curation.present(district, meeting, by=province_coordinator, with_agenda_item=False)
    curation.endorse(
        provincial, by=province_coordinator, body=meeting.title, on=meeting.held_on,
        meeting=meeting,
    )  # fmt: skip
    # Changed after the endorsement: the annex keeps the endorsed figures.
    accepted_plan("570101", amounts={"economy": [99000]})
    client = client_for(province_coordinator)

    document = ask_for_pdf(client, meeting)
    pdf = pdf_of(client, document)
    text = flat(pdf_text(pdf))
    assert "รายงานการประชุมระดับจังหวัดสภาองค์กรชุมชนจังหวัดเชียงราย" in text
    assert "ระเบียบวาระที่2นำเสนอ" + flat(provincial.title) in text
    assert "(รายละเอียดตามภาคผนวกก)" in text
    pages = document.pages
    annexes = [flat(text_of_page(pdf, n)) for n in range(1, pages + 1)]
    first = next(n for n, page in enumerate(annexes) if "ภาคผนวกก:" in page)
    assert "ภาคผนวกข:" + flat(district.title) in annexes[first + 1]  # each on a page of its own
    endorsed = annexes[first]
    assert "ภาคผนวกก:" + flat(provincial.title) in endorsed
    assert "ได้รับความเห็นชอบจาก" + flat(meeting.title) + "เมื่อวันที่20กุมภาพันธ์2569" in endorsed
    assert "งบประมาณรวม15,600.00บาท" in endorsed  # (7,000 + 500 + 300) x 2 years, as endorsed
    assert "ด้านเศรษฐกิจ" in endorsed and "14,000.00" in endorsed
    draft = annexes[first + 1]
    assert "ฉบับร่างข้อมูลณวันที่จัดพิมพ์" in draft
    assert "รวบรวมจากแผนชุมชนของ1ตำบล" in draft


def test_on_the_meeting_day_the_invitation_serves_until_anything_is_recorded(council):
    meeting = MeetingFactory(council=council, held_on=timezone.localdate())
    assert meeting_documents.document_kind(meeting) == meeting_documents.INVITATION
    meeting.attendances.create(member=MemberFactory(council=council))
    assert meeting_documents.document_kind(meeting) == meeting_documents.MINUTES
    tomorrow = MeetingFactory(council=council, held_on=timezone.localdate() + dt.timedelta(1))
    assert meeting_documents.document_kind(tomorrow) == meeting_documents.INVITATION
    yesterday = MeetingFactory(council=council, held_on=timezone.localdate() - dt.timedelta(1))
    assert meeting_documents.document_kind(yesterday) == meeting_documents.MINUTES


def test_asking_again_reuses_the_pdf_until_the_meeting_changes(
    council, tambon_coordinator, client_for
):
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 1, 15))
    AgendaItemFactory(meeting=meeting, position=1, title="เรื่องแจ้งเพื่อทราบ")
    client = client_for(tambon_coordinator)
    first = ask_for_pdf(client, meeting)
    client.post(reverse("meeting_pdf", args=[meeting.pk]))
    assert Document.objects.filter(object_id=meeting.pk).count() == 1
    AgendaItemFactory(meeting=meeting, position=2, title="เรื่องอื่น ๆ")
    client.post(reverse("meeting_pdf", args=[meeting.pk]))
    assert Document.objects.filter(object_id=meeting.pk).exclude(pk=first.pk).count() == 1


def test_a_tambon_follows_the_pdf_of_its_district_meeting(tambon_coordinator, client_for):
    meeting = MeetingFactory(
        council=None, level="district", kind="district_network", area_code="5709",
        held_on=dt.date(2026, 1, 20), title="การประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย",
    )  # fmt: skip
    client = client_for(tambon_coordinator)
    document = ask_for_pdf(client, meeting)
    assert client.get(reverse("document_status", args=[document.pk])).status_code == 200
    text = flat(pdf_text(pdf_of(client, document)))
    assert "รายงานการประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย" in text
    # No council: the chair of the network's meeting signs by hand.
    assert "ประธานเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย" in text


def test_the_minutes_fetch_only_our_fonts(council, monkeypatch):
    import threading

    from reports import pdf
    from reports.pdf import BASE_URL, StaticOnlyFetcher

    monkeypatch.setattr(pdf, "_fonts", threading.local())  # fonts not yet loaded in this process
    fetched = []
    real = StaticOnlyFetcher.fetch
    monkeypatch.setattr(
        StaticOnlyFetcher,
        "fetch",
        lambda self, url, *a, **k: fetched.append(url) or real(self, url, *a, **k),
    )
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 1, 15))
    AgendaItemFactory(meeting=meeting, position=1, title="เรื่องแจ้งเพื่อทราบ")
    data = meeting_documents.meeting_data(meeting, meeting_documents.MINUTES)
    meeting_documents.render_meeting(data)
    assert fetched and all(url.startswith(f"{BASE_URL}static/fonts/Sarabun-") for url in fetched)

"""The meeting record as a PDF: Thai agenda and resolutions that copy out, B.E. dates, pages."""

import datetime as dt
from io import BytesIO

from django.template import Context, Template
from django.urls import reverse
from pypdf import PdfReader

from reports.pdf import html_to_pdf
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MemberFactory,
    PartnerFactory,
    ResolutionFactory,
)
from tests.reports.test_pdf import pdf_text


def test_the_meeting_pdf_holds_agenda_attendance_minutes_and_votes(
    council, tambon_coordinator, client_for
):
    meeting = MeetingFactory(
        council=council, number="2/2569", held_on=dt.date(2026, 1, 15),
        title="การประชุมสภาองค์กรชุมชนตำบลแม่สาย", place="ศาลาเอนกประสงค์บ้านป่าซาง",
        minutes="ประธานแจ้งผลการประชุมเครือข่ายอำเภอ " * 80,
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, position=1, title="เรื่องที่ประธานแจ้งให้ทราบ")
    item = AgendaItemFactory(meeting=meeting, position=2, title="พิจารณาร่างแผนพัฒนาชุมชนแม่สาย")
    for village in range(1, 4):
        meeting.attendances.create(member=MemberFactory(council=council, village_no=village))
    ResolutionFactory(
        meeting=meeting, position=1, agenda_item=item, text="เห็นชอบร่างแผนพัฒนาชุมชนแม่สาย",
        votes_for=17, votes_against=1, abstentions=2,
    )  # fmt: skip
    proposal = ResolutionFactory.build(
        meeting=meeting, position=2, text="เสนอเทศบาลซ่อมถนนสายบ้านป่าซาง",
        addressed_to=PartnerFactory(), due_on=dt.date(2026, 3, 31),
    )  # fmt: skip
    proposal.save_by(None)

    response = client_for(tambon_coordinator).get(reverse("meeting_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    flat = "".join(text.split())
    assert "ระเบียบวาระที่2พิจารณาร่างแผนพัฒนาชุมชนแม่สาย" in flat
    assert "15 มกราคม 2569" in text
    assert "31มีนาคม2569" in flat
    assert "มติที่1(ระเบียบวาระที่2)เห็นชอบร่างแผนพัฒนาชุมชนแม่สาย" in flat
    assert "เห็นด้วย17เสียงไม่เห็นด้วย1เสียงงดออกเสียง2เสียง" in flat
    assert "เสนอเทศบาลซ่อมถนนสายบ้านป่าซาง" in flat
    assert "ข้อเสนอถึง" in flat
    assert "ครบองค์ประชุม" in flat
    pages = PdfReader(BytesIO(response.content)).pages
    assert len(pages) >= 2
    # pdftotext ends each page with a form feed; the number heads the page, top right.
    assert [page.split()[0] for page in text.split("\f")[: len(pages)]] == [
        str(n) for n in range(1, len(pages) + 1)
    ]


def test_sara_am_copies_out_of_the_pdf():
    template = Template(
        '{% extends "reports/print_base.html" %}{% block document %}การประชุมตำบล{% endblock %}'
    )
    assert "การประชุมตำบล" in pdf_text(html_to_pdf(template.render(Context())))


def test_the_provincial_meeting_pdf_lists_the_books_presented_and_endorsed(
    province_coordinator, client_for, settings, tmp_path
):
    from plans.books import curation
    from plans.books.models import StrategyBook
    from tests.reports.plan_builders import book

    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(
        council=None, level="province", kind="provincial", area_code="57",
        held_on=dt.date(2026, 2, 20), title="ที่ประชุมระดับจังหวัดสภาองค์กรชุมชนจังหวัดเชียงราย",
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, position=1, title="รับรองผู้แทนสภาองค์กรชุมชนตำบล")
    provincial = book(StrategyBook.Level.PROVINCE, "57", grouped=False)
    district = book(StrategyBook.Level.DISTRICT, "5709", grouped=False)
    curation.present(provincial, meeting, by=province_coordinator, with_agenda_item=True)
    curation.present(district, meeting, by=province_coordinator, with_agenda_item=False)
    curation.endorse(
        provincial, by=province_coordinator, body=meeting.title, on=meeting.held_on,
        meeting=meeting,
    )  # fmt: skip

    response = client_for(province_coordinator).get(reverse("meeting_pdf", args=[meeting.pk]))
    flat = "".join(pdf_text(response.content).split())
    assert "แผนยุทธศาสตร์ที่นำเสนอต่อที่ประชุม" in flat
    # The provincial book, under the agenda item made for it, endorsed on the meeting's day.
    provincial_line = "".join(f"{provincial.title} (ระเบียบวาระที่ 2)".split())
    assert provincial_line in flat
    assert "ระเบียบวาระที่2นำเสนอ" + "".join(provincial.title.split()) in flat
    assert "ที่ประชุมให้ความเห็นชอบเมื่อวันที่20กุมภาพันธ์2569" in flat
    assert "".join(district.title.split()) + "แผนระดับอำเภอ·ร่าง" in flat

"""The PDFs of a tambon plan and of the books: Thai text, B.E. dates, totals, cache and tasks."""

import datetime as dt
import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from councils.buddhist_era import thai_digits
from plans.books import contents, curation
from plans.books.models import StrategyBook
from reports import documents, jobs
from reports.models import Document
from tests.factories import put_in_state
from tests.reports.plan_builders import accepted_plan, book

DISTRICT, PROVINCE = StrategyBook.Level.DISTRICT, StrategyBook.Level.PROVINCE


def text_of(pdf: bytes) -> str:
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(documents, "printed_on", lambda: dt.date(2026, 3, 15))


@pytest.fixture
def cache(tmp_path):
    return documents.SectionCache(tmp_path / "cache")


@pytest.fixture
def mae_sai(db):
    accepted_plan(
        "570901", amounts={"economy": [125000, 25000.5], "society": [2000], "environment": [300]}
    )
    accepted_plan("570902", amounts={"economy": [3000], "society": [400], "environment": [50]})
    return book(DISTRICT, "5709")


def test_district_book_text_has_thai_titles_dates_and_totals(mae_sai, today, cache):
    pdf, pages = documents.render_book(contents.book_data(mae_sai), cache=cache)
    text = text_of(pdf)
    flat = "".join(text.split())
    assert "แผนยุทธศาสตร์สภาองค์กรชุมชนอำเภอแม่สายพ.ศ.2569-2573" in flat
    assert "15 มีนาคม 2569" in text  # the printing date, in B.E. with the Thai month
    assert "สารบัญ" in text and "ภาคผนวก" in text and "ตำบลแม่สาย" in text
    assert "311,501.00" in text  # (150,000.50 + 2,000 + 300 + 3,000 + 400 + 50) x 2
    assert "สามแสนหนึ่งหมื่นหนึ่งพันห้าร้อยเอ็ดบาทถ้วน" in flat
    assert pages == len(PdfReader(BytesIO(pdf)).pages)


def test_book_pages_are_numbered_continuously_after_the_cover(mae_sai, cache):
    pdf, pages = documents.render_book(contents.book_data(mae_sai), cache=cache)
    reader = PdfReader(BytesIO(pdf))
    heads = [text_of_page(pdf, n) for n in range(1, pages + 1)]
    assert not heads[0].strip().startswith("1")
    for number in range(2, pages + 1):
        assert heads[number - 1].split()[0] == str(number), heads[number - 1][:80]
    assert (
        round(float(reader.pages[0].mediabox.width)),
        round(float(reader.pages[0].mediabox.height)),
    ) == (595, 842)


def text_of_page(pdf: bytes, number: int) -> str:
    result = subprocess.run(  # noqa: S603 - a fixed command on our own PDF
        ["/usr/bin/pdftotext", "-layout", "-f", str(number), "-l", str(number), "-", "-"],
        input=pdf, capture_output=True, check=True,
    )  # fmt: skip
    return result.stdout.decode()


def test_thai_digits_option(mae_sai, today, cache):
    pdf, _pages = documents.render_book(contents.book_data(mae_sai), thai_digits=True, cache=cache)
    text = text_of(pdf)
    assert "๑๕ มีนาคม ๒๕๖๙" in text
    assert "๓๑๑,๕๐๑.๐๐" in text
    for number in range(2, len(PdfReader(BytesIO(pdf)).pages) + 1):  # drawn from Thai digits
        assert text_of_page(pdf, number).split()[0] == thai_digits(str(number))


def test_provincial_book_shows_strategies_and_the_districts_it_gathers(mae_sai, today, cache):
    from plans.books.models import ProvinceStrategy

    accepted_plan("570101", amounts={"economy": [7000], "society": [1], "environment": [2]})
    province = book(PROVINCE, "57")
    strategy = ProvinceStrategy.objects.create(
        province_id="57", first_year=2569, last_year=2573, number=1, title="เศรษฐกิจสร้างสรรค์"
    )
    province.issues.get(theme__code="economy").province_strategies.add(strategy)
    pdf, _ = documents.render_book(contents.book_data(province), cache=cache)
    text = "".join(text_of(pdf).split())
    assert "สอดคล้องกับยุทธศาสตร์การพัฒนาจังหวัดที่1.เศรษฐกิจสร้างสรรค์" in text
    assert "อำเภอแม่สาย" in text and "อำเภอเมืองเชียงราย" in text
    assert "325,507.00" in text  # Mae Sai's 311,501 plus Mueang Chiang Rai's 7,003 x 2


def test_tambon_plan_pdf(mae_sai, today):
    from plans.models import CommunityPlan

    plan = CommunityPlan.objects.get(council__subdistrict_id="570901")
    pdf, pages = documents.render_plan(documents.plan_data(plan))
    text = text_of(pdf)
    assert "แผนพัฒนาชุมชนตำบล 570901" in text
    assert "ปีงบประมาณ พ.ศ. 2569–2573" in text
    assert "15 มีนาคม 2569" in text
    assert "304,601.00" in text and "สามแสนสี่พันหกร้อยเอ็ดบาทถ้วน" in "".join(text.split())
    # The cover on its own page, then the sections flowing on (tests/reports/test_pdf_layout.py).
    assert pages == len(PdfReader(BytesIO(pdf)).pages) >= 2


def test_a_cached_book_is_not_laid_out_again(mae_sai, cache, monkeypatch):
    data = contents.book_data(mae_sai)
    first, _ = documents.render_book(data, cache=cache)
    laid_out = []
    real = documents.lay_out_html
    monkeypatch.setattr(documents, "lay_out_html", lambda html: laid_out.append(html) or real(html))
    again, _ = documents.render_book(data, cache=cache)
    assert laid_out == []
    assert text_of(again) == text_of(first)


def test_a_change_in_one_tambon_lays_out_only_its_section_the_opening_and_the_issues(
    db, cache, monkeypatch, district_coordinator
):
    accepted_plan("570901")
    accepted_plan("570101")
    province = book(PROVINCE, "57")
    documents.render_book(contents.book_data(province), cache=cache)
    from plans.models import ProjectBudget

    line = ProjectBudget.objects.filter(
        project__issue__plan__council__subdistrict_id="570901",
        project__issue__theme__code="economy",
    ).first()
    # The district reopens the accepted plan, the tambon corrects a line, and it is accepted
    # again: an accepted plan refuses changes otherwise.
    plan = line.project.issue.plan
    plan.reopen(by=district_coordinator, note="แก้งบประมาณ")
    line.amount += 1
    line.save()
    put_in_state(plan, "accepted")
    laid_out = []
    real = documents.lay_out_html
    monkeypatch.setattr(documents, "lay_out_html", lambda html: laid_out.append(html) or real(html))
    # One worker: the spy below cannot travel to a worker process.
    pdf, _ = documents.render_book(contents.book_data(province), cache=cache, workers=1)
    sections = [html for html in laid_out if "ภาคผนวก: อำเภอ" in html]
    assert len(sections) == 1 and "อำเภอแม่สาย" in sections[0]
    assert sum("สรุปงบประมาณ" in html and "<figure>" in html for html in laid_out) == 1
    # The strategic issues flow on in one part, laid out again together.
    issues = [html for html in laid_out if "ประเด็นยุทธศาสตร์ที่" in html]
    assert len(issues) == 1 and "ด้านเศรษฐกิจ" in issues[0] and "ด้านสังคม" in issues[0]
    # The page counts held, so the cover with the contents comes from the cache.
    assert not any("สารบัญ" in html for html in laid_out)
    assert len(laid_out) == 3
    assert "4,001.00" in text_of(pdf)  # economy: 2,000 + 1 in Mae Sai, 2,000 in Mueang


def test_the_contents_follow_the_page_counts_when_a_part_grows(db, cache):
    accepted_plan("570901")
    province = book(PROVINCE, "57")
    documents.render_book(contents.book_data(province), cache=cache)
    data = contents.book_data(province)
    # The first strategic issue gains indicators enough for a second page.
    data["issues"][0]["indicators"] = [
        {
            "id": n, "name": f"ตัวชี้วัดที่ {n}", "unit": "ครัวเรือน", "baseline": "10",
            "baseline_year": 2568,
            "years": [{"year": y, "target": "20", "measured": ""} for y in data["book"]["years"]],
        }
        for n in range(60)
    ]  # fmt: skip
    pdf, pages = documents.render_book(data, cache=cache)
    contents_page = text_of_page(pdf, 2)
    second = data["issues"][1]
    line = next(row for row in contents_page.splitlines() if f"2. {second['title']}" in row)
    page = int(line.split()[-1])
    assert page > first_issue_page(contents_page) + 1  # the first issue now fills several pages
    heading = "".join(f"ประเด็นยุทธศาสตร์ที่ 2 {second['title']}".split())
    assert heading in "".join(text_of_page(pdf, page).split())
    assert heading not in "".join(text_of_page(pdf, page - 1).split())
    assert pages == len(PdfReader(BytesIO(pdf)).pages)


def first_issue_page(contents: str) -> int:
    line = next(row for row in contents.splitlines() if row.strip().startswith("1. "))
    return int(line.split()[-1])


def test_asking_twice_for_the_same_data_renders_once(
    mae_sai, district_coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = jobs.request_book_pdf(mae_sai, by=district_coordinator)
    assert first.state == Document.State.DONE and first.pages
    again = jobs.request_book_pdf(mae_sai, by=district_coordinator)
    assert again.pk == first.pk
    assert Document.objects.count() == 1
    curation.add_issue(mae_sai, "ประเด็นใหม่")
    changed = jobs.request_book_pdf(mae_sai, by=district_coordinator)
    assert changed.pk != first.pk


def test_a_failed_render_is_recorded_and_can_be_asked_again(
    mae_sai, district_coordinator, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path

    def broken(*args, **kwargs):
        raise RuntimeError("out of paper")

    monkeypatch.setattr(documents, "render_book", broken)
    document = jobs.request_book_pdf(mae_sai, by=district_coordinator)
    assert document.state == Document.State.FAILED
    assert "out of paper" in document.error
    monkeypatch.undo()
    settings.MEDIA_ROOT = tmp_path
    assert jobs.request_book_pdf(mae_sai, by=district_coordinator).state == Document.State.DONE


def test_district_book_says_how_strong_its_communities_are(mae_sai, today, cache):
    from councils.models import Council
    from councils.strength.models import StrengthIndicator, current_fiscal_year
    from tests.factories import AssessmentFactory, VillageFigureFactory

    year = current_fiscal_year()
    indicators = StrengthIndicator.objects.for_province("57")
    for code, level in (("570901", 4), ("570902", 2)):
        council = Council.objects.get(subdistrict_id=code)
        AssessmentFactory(council=council, fiscal_year=year).record_scores(
            {indicator.pk: level for indicator in indicators}
        )
    VillageFigureFactory(village_no=1, households_surveyed=100, households_passed=60)
    VillageFigureFactory(village_no=2, households_surveyed=100, households_passed=95)
    data = contents.book_data(mae_sai)
    pdf, _pages = documents.render_book(data, cache=cache)
    flat = "".join(text_of(pdf).split())
    assert "ความเข้มแข็งของชุมชน" in flat
    assert f"ประเมินตนเอง2จาก2สภาปีงบประมาณพ.ศ.{year}" in flat
    assert "ข้อ9" in flat and "1จาก2" in flat  # one of the two villages below the target


def test_a_new_assessment_is_in_the_next_render_of_the_cached_book(mae_sai, today, cache):
    from councils.models import Council
    from councils.strength.models import StrengthIndicator, current_fiscal_year
    from tests.factories import AssessmentFactory

    year = current_fiscal_year()
    indicators = StrengthIndicator.objects.for_province("57")
    first = Council.objects.get(subdistrict_id="570901")
    AssessmentFactory(council=first, fiscal_year=year).record_scores(
        {indicator.pk: 3 for indicator in indicators}
    )
    pdf, _pages = documents.render_book(contents.book_data(mae_sai), cache=cache)
    assert "ประเมินตนเอง1จาก2สภา" in "".join(text_of(pdf).split())
    # The totals are the same: the opening part must not come from the cache unchanged.
    second = Council.objects.get(subdistrict_id="570902")
    AssessmentFactory(council=second, fiscal_year=year).record_scores(
        {indicator.pk: 2 for indicator in indicators}
    )
    pdf, _pages = documents.render_book(contents.book_data(mae_sai), cache=cache)
    assert "ประเมินตนเอง2จาก2สภา" in "".join(text_of(pdf).split())

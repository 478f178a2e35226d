"""The tambon plan's PDF prints what its page shows of the villages: the BMN indicators that
fall short with the villages below the target, and the NRD 2C level-1 problems by village."""

from councils.models import Subdistrict
from councils.villages.models import Dataset, VillageFigure, VillageIndicator
from reports import documents
from reports.pdf import html_to_pdf
from tests.factories import TAMBON_MAE_SAI, VillageFigureFactory
from tests.reports.plan_builders import accepted_plan
from tests.reports.test_pdf import pdf_text


def test_the_plan_pdf_names_the_shortfalls_and_their_villages(db):
    Subdistrict.objects.filter(code=TAMBON_MAE_SAI).update(village_count=12)
    plan = accepted_plan(TAMBON_MAE_SAI, amounts={"economy": [1000]})
    VillageFigureFactory(village_no=2, households_surveyed=100, households_passed=62)
    VillageFigureFactory(village_no=5, households_surveyed=100, households_passed=70)
    VillageFigureFactory(village_no=7, households_surveyed=100, households_passed=99)
    road = VillageIndicator.objects.get(dataset=Dataset.VILLAGE_BASIC_DATA, code="1")
    VillageFigure.objects.create(
        subdistrict_id=TAMBON_MAE_SAI, village_no=3, year=2567, indicator=road, level=1
    )
    pdf = html_to_pdf(documents.plan_html(documents.plan_data(plan)))
    flat = "".join(pdf_text(pdf).split())
    assert "ตัวชี้วัดจปฐ.ที่ยังไม่ผ่านเกณฑ์" in flat
    assert "77.00%" in flat  # 231 of 300 households
    assert "หมู่2,หมู่5" in flat  # below the 90 % target; village 7 is not
    assert "หมู่3:ถนน" in flat


def test_a_plan_without_village_data_prints_no_such_section(db):
    plan = accepted_plan(TAMBON_MAE_SAI, amounts={"economy": [1000]})
    data = documents.plan_data(plan)
    assert data["village"]["short"] == [] and data["village"]["serious"] == []
    assert "จปฐ" not in pdf_text(html_to_pdf(documents.plan_html(data)))

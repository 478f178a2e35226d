"""In English: themes, benefits, months and dates in English. The documents stay Thai."""

import datetime as dt

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from councils.buddhist_era import month_and_year, thai_date
from plans.models import Theme
from reports.pdf import render_document
from tests.factories import BenefitTypeFactory, FundFactory, MeetingFactory, complete_plan

DAY = dt.date(2026, 12, 1)


def test_a_be_date_reads_in_english_with_english_months():
    with translation.override("en"):
        assert thai_date(DAY) == "1 December 2569 BE"
        assert thai_date(DAY, short=True) == "1 Dec 2569 BE"
        assert month_and_year(DAY) == "December 2569 BE"
    with translation.override("th"):
        assert thai_date(DAY) == "1 ธันวาคม 2569"
        assert thai_date(DAY, short=True) == "1 ธ.ค. 2569"


def test_the_template_filters_follow_the_language():
    template = Template(
        "{% load thai %}{{ day|thai_date }} {{ when|clock }} [{{ amount|baht_text }}]"
    )
    context = Context({"day": DAY, "when": dt.time(9, 30), "amount": 500})
    with translation.override("en"):
        assert template.render(context) == "1 December 2569 BE 09:30 []"
    with translation.override("th"):
        assert template.render(context) == "1 ธันวาคม 2569 09:30 น. [ห้าร้อยบาทถ้วน]"


def test_a_theme_has_its_english_name_in_english(db):
    economy = Theme.objects.get(code="economy")
    with translation.override("en"):
        assert str(economy) == economy.name_en == "Economy"
    with translation.override("th"):
        assert str(economy) == "ด้านเศรษฐกิจ"


def test_the_plan_page_in_english_names_the_themes_in_english(
    council, tambon_coordinator, english_client
):
    plan = complete_plan(council)
    page = english_client(tambon_coordinator).get(plan.get_absolute_url()).content.decode()
    assert "Economy" in page and "ด้านเศรษฐกิจ" not in page


def test_a_benefit_shows_its_english_name_or_its_kind(db):
    fund = FundFactory()
    named = BenefitTypeFactory(fund=fund, name="ค่าทำศพ", name_en="Funeral", kind="death")
    unnamed = BenefitTypeFactory(fund=fund, name="นอนโรงพยาบาล", kind="sickness")
    with translation.override("en"):
        assert str(named) == "Funeral"
        assert str(unnamed) == "sickness and hospital stay"
    with translation.override("th"):
        assert str(named) == "ค่าทำศพ" and str(unnamed) == "นอนโรงพยาบาล"


def test_the_calendar_month_is_english_in_english(council, tambon_coordinator, english_client):
    MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    response = english_client(tambon_coordinator).get(
        reverse("meeting_calendar", args=["570901"]), {"view": "month", "month": "2569-03"}
    )
    assert response.context["month_label"] == "March 2569 BE"
    assert "<th>Su</th>" in response.content.decode()


def test_documents_stay_thai_for_an_english_reader(council):
    meeting = MeetingFactory(council=council, held_on=dt.date(2026, 3, 12))
    context = {"meeting": meeting, "printed_on": DAY, "title": meeting.title}
    with translation.override("en"):
        html = render_document("councils/meetings/meeting_print.html", context)
        assert translation.get_language() == "en"
    assert "12 มีนาคม 2569" in html and "1 ธันวาคม 2569" in html
    assert "March" not in html and "BE" not in html

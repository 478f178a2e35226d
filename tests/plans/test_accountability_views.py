"""The accountability pages of an area and of a book, and the lists of projects behind their
figures: what each persona sees, the headline, the links, the filters' messages."""

import re

import pytest
from django.urls import reverse

from plans.books import curation
from plans.books.models import StrategyBook
from tests.plans.accountability_data import TODAY, mae_sai_history
from tests.reports.plan_builders import book


@pytest.fixture
def mae_sai(db, tambon_coordinator):
    return mae_sai_history(tambon_coordinator)


def test_the_district_page_opens_with_the_headline(mae_sai, district_coordinator, client_for):
    page = client_for(district_coordinator).get(reverse("area_accountability", args=["5709"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "ตำบลที่มีโครงการดำเนินการจริง 2 จาก 3 ตำบล (67%)" in text
    assert 'class="table-scroll" role="region"' in text
    assert "อบจ.เชียงราย" in text  # partner agencies
    assert "ไม่มีความเคลื่อนไหว" in text or "ยังไม่มีการบันทึก" in text  # quiet tambons


def test_every_figure_links_to_the_projects_behind_it(mae_sai, district_coordinator, client_for):
    client = client_for(district_coordinator)
    page = client.get(reverse("area_accountability", args=["5709"])).content.decode()
    base = reverse("area_accountability_projects", args=["5709"])
    link = re.search(rf'href="{base}\?theme=economy&amp;status=under_way">(\d+)<', page)
    assert link and link.group(1) == "2"
    listed = client.get(base, {"theme": "economy", "status": "under_way"})
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 2


def test_a_ce_year_in_the_filters_is_named_and_kept(mae_sai, district_coordinator, client_for):
    base = reverse("area_accountability_projects", args=["5709"])
    listed = client_for(district_coordinator).get(base, {"year": "2025", "theme": "economy"})
    assert listed.status_code == 200
    form = listed.context["form"]
    assert "year" in form.errors
    assert 'value="2025"' in listed.content.decode()
    # The other filters still apply.
    assert listed.context["page"].paginator.count == 3


def test_a_tambon_coordinator_does_not_see_the_district(mae_sai, tambon_coordinator, client_for):
    client = client_for(tambon_coordinator)
    assert client.get(reverse("area_accountability", args=["5709"])).status_code == 404
    assert client.get(reverse("area_accountability_projects", args=["5709"])).status_code == 404


@pytest.fixture
def endorsed_book(mae_sai, district_coordinator):
    made = book(StrategyBook.Level.DISTRICT, "5709")
    curation.endorse(made, by=district_coordinator, body="เวทีสภาองค์กรชุมชนอำเภอแม่สาย", on=TODAY)
    return made


def test_the_book_page_links_its_accountability(endorsed_book, district_coordinator, client_for):
    client = client_for(district_coordinator)
    detail = client.get(endorsed_book.get_absolute_url()).content.decode()
    assert reverse("book_accountability", args=[endorsed_book.pk]) in detail
    assert "ความคืบหน้าตั้งแต่การรับรอง" in detail
    page = client.get(reverse("book_accountability", args=[endorsed_book.pk]))
    assert page.status_code == 200
    assert "2 จาก 3" in page.content.decode()
    issue = endorsed_book.issues.order_by("order").first()
    listed = client.get(
        reverse("book_accountability_projects", args=[endorsed_book.pk]), {"issue": issue.pk}
    )
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count > 0


def test_the_public_book_shows_progress_without_names(endorsed_book, client):
    page = client.get(reverse("public_book", args=[endorsed_book.pk]))
    text = page.content.decode()
    assert "ความคืบหน้าตั้งแต่การรับรอง" in text
    assert "อบต.แม่สาย" not in text  # no agency contacts, no people: figures only
    assert "alice" not in text.lower()

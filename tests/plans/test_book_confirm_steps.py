"""The strategy book's confirm steps: merging and removing strategic issues, and the endorsement
page that says what it freezes."""

import pytest
from django.urls import reverse

from plans.books.models import BookSnapshot, StrategicIssue, StrategicIssueLink, StrategyBook
from tests.confirming import confirm_fields
from tests.reports.plan_builders import accepted_plan, book

MAE_SAI_TAMBONS = ("570901", "570902")


@pytest.fixture
def mae_sai(db):
    for code in MAE_SAI_TAMBONS:
        accepted_plan(code)  # 1,000 baht a theme in each of two years
    return book(StrategyBook.Level.DISTRICT, "5709")  # one strategic issue per theme


@pytest.fixture
def dao(district_coordinator, english_client):
    return english_client(district_coordinator)


def test_merging_names_what_moves_then_merges(mae_sai, dao):
    first, second = mae_sai.issues.order_by("order", "pk")[:2]
    url = reverse("book_issue_merge", args=[mae_sai.pk, first.pk])

    summary = dao.post(url, {"into": second.pk})

    page = summary.content.decode()
    assert f"Merge “{first.title}” into “{second.title}”: its 2 tambon items" in page
    assert f">Merge into “{second.title}”</button>" in page
    assert StrategicIssue.objects.filter(pk=first.pk).exists()
    assert dao.post(url, confirm_fields(summary)).status_code == 302
    assert not StrategicIssue.objects.filter(pk=first.pk).exists()
    assert StrategicIssueLink.objects.filter(strategic_issue=second).count() == 4


def test_a_merge_confirmation_holds_for_the_issue_chosen(mae_sai, dao):
    first, second, third = mae_sai.issues.order_by("order", "pk")[:3]
    url = reverse("book_issue_merge", args=[mae_sai.pk, first.pk])
    token = confirm_fields(dao.post(url, {"into": second.pk}))
    dao.post(url, {**token, "into": third.pk})
    assert StrategicIssue.objects.filter(pk=first.pk).exists()


def test_removing_a_strategic_issue_names_what_goes_back(mae_sai, dao):
    issue = mae_sai.issues.first()
    url = reverse("book_issue_delete", args=[mae_sai.pk, issue.pk])
    summary = dao.get(url)
    assert "its 2 tambon items and 0 district issues go back" in summary.content.decode()
    assert dao.post(url).status_code == 200
    assert StrategicIssue.objects.filter(pk=issue.pk).exists()
    dao.post(url, confirm_fields(summary))
    assert not StrategicIssue.objects.filter(pk=issue.pk).exists()


def test_the_endorsement_page_names_what_it_freezes(mae_sai, district_coordinator, client_for):
    page = client_for(district_coordinator).get(reverse("book_endorse", args=[mae_sai.pk]))
    text = page.content.decode()
    assert "รับรองและตรึงเล่มไว้ตามที่เป็นอยู่ขณะนี้: 3 ประเด็นยุทธศาสตร์ งบประมาณ 12,000 บาท" in text
    assert "ยกเลิกและย้อนกลับ" in text


def test_an_endorsement_page_read_before_an_edit_endorses_nothing(mae_sai, dao, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("book_endorse", args=[mae_sai.pk])
    token = confirm_fields(dao.get(url))
    issue = mae_sai.issues.first()
    dao.post(reverse("book_issue_edit", args=[mae_sai.pk, issue.pk]), {"title": "เศรษฐกิจฐานราก"})
    response = dao.post(
        url, {**token, "body": "ที่ประชุมเครือข่ายอำเภอแม่สาย", "endorsed_on": "20/1/2569"}
    )
    assert response.status_code == 200
    assert "check the figures above" in response.content.decode()
    assert not BookSnapshot.objects.exists()

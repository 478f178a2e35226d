"""The book editor's pages: htmx sections, plain-form fallbacks, query counts, endorsement."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.books.models import BookSnapshot, StrategicIssueLink, StrategyBook
from tests.confirming import post_confirmed
from tests.reports.plan_builders import accepted_plan, book

MAE_SAI_TAMBONS = ("570901", "570902", "570903", "570904", "570905", "570906", "570908")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def mae_sai(db):
    for code in MAE_SAI_TAMBONS[:2]:
        accepted_plan(code)
    return book(StrategyBook.Level.DISTRICT, "5709")


@pytest.mark.parametrize("tambons", [2, 7])
def test_book_page_query_count_does_not_grow_with_tambons(
    db, tambons, district_coordinator, client_for, django_assert_num_queries
):
    for code in MAE_SAI_TAMBONS[:tambons]:
        accepted_plan(code, amounts={"economy": [10, 20], "society": [5], "environment": [1]})
    district = book(StrategyBook.Level.DISTRICT, "5709")
    client = client_for(district_coordinator)
    client.get(reverse("book_detail", args=[district.pk]))  # warm the session
    # 1-4 session, user, assignments (scope), the book; book_data: 5 issues, 6 links,
    # 7 district gatherings, 8 links via district issues, 9 tambon issues, 10 projects with
    # totals, 11 item totals, 12 issue-by-year totals, 13 totals by theme, source and year,
    # 14 themes, 15 districts, 16 district totals, 17 area name; 18 the resolutions the issues
    # cite, with their meetings; 19 the latest snapshot; 20 the unassigned tambon issues (a
    # district book gathers no district issues, so that list costs nothing); 21 the meetings
    # the book is presented at; 22-24 the items' progress (plans/accountability.py: projects by
    # state, committed and spent, each grouped by strategic issue; the updates since an
    # endorsement cost nothing here, the book has none); 25 the issues' indicators joined with
    # their targets, 26 every measured value of them; 27-29 the area's community strength
    # (councils/strength/rollup.py: component levels, assessments, councils, each grouped); 30
    # the area's latest village-data years (none here; councils.villages.rollup.latest_shortfalls),
    # read once for the page's tables and the book's data (plans/books/contents.community_sources);
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(31):
        response = client.get(reverse("book_detail", args=[district.pk]))
    assert response.status_code == 200


def test_the_curator_sees_the_editor_and_a_reader_does_not(
    mae_sai, district_coordinator, province_coordinator, client_for
):
    url = reverse("book_detail", args=[mae_sai.pk])
    editor = client_for(district_coordinator).get(url).content.decode()
    reader = client_for(province_coordinator).get(url).content.decode()
    assert reverse("book_item_move", args=[mae_sai.pk]) in editor
    assert reverse("book_item_move", args=[mae_sai.pk]) not in reader
    assert "ด้านเศรษฐกิจ" in reader


def test_moving_with_htmx_answers_with_the_board(mae_sai, district_coordinator, client_for):
    economy = mae_sai.issues.get(theme__code="economy")
    society = mae_sai.issues.get(theme__code="society")
    item = economy.plan_issues.first()
    response = client_for(district_coordinator).post(
        reverse("book_item_move", args=[mae_sai.pk]),
        {"item": f"t:{item.pk}", "to": society.pk},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="board">')
    assert StrategicIssueLink.objects.get(plan_issue=item).strategic_issue == society
    assert "HX-Request" in response["Vary"]


def test_moving_without_javascript_redirects_back_to_the_book(
    mae_sai, district_coordinator, client_for
):
    item = mae_sai.issues.get(theme__code="economy").plan_issues.first()
    response = client_for(district_coordinator).post(
        reverse("book_item_move", args=[mae_sai.pk]), {"item": f"t:{item.pk}", "to": ""}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#unassigned")
    assert not StrategicIssueLink.objects.filter(plan_issue=item).exists()


def test_a_bad_move_says_so_and_changes_nothing(mae_sai, district_coordinator, client_for):
    response = client_for(district_coordinator).post(
        reverse("book_item_move", args=[mae_sai.pk]), {"item": "t:999999", "to": ""}, headers=HTMX
    )
    assert response.status_code == 200
    # Said at the top of the board, where the swap lands, and in the page's live region.
    page = response.content.decode()
    assert 'class="region-status region-status-error"' in page
    assert 'id="messages" aria-live="polite" hx-swap-oob="true"' in page
    assert StrategicIssueLink.objects.filter(strategic_issue__book=mae_sai).count() == 6


def test_renaming_an_issue_in_place(mae_sai, district_coordinator, client_for):
    issue = mae_sai.issues.get(theme__code="economy")
    client = client_for(district_coordinator)
    url = reverse("book_issue_edit", args=[mae_sai.pk, issue.pk])
    form = client.get(url, headers=HTMX).content.decode()
    assert form.lstrip().startswith("<form")
    response = client.post(
        url,
        {
            "title": "เศรษฐกิจชายแดน",
            "goal": "รายได้พอรายจ่าย",
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-name": "หนี้ลดลง",
        },
        headers=HTMX,
    )
    assert response["HX-Retarget"] == "#board"
    issue.refresh_from_db()
    names = list(issue.indicators.values_list("name", flat=True))
    assert (issue.title, names) == ("เศรษฐกิจชายแดน", ["หนี้ลดลง"])


def test_an_invalid_issue_form_is_shown_again_with_its_error(
    mae_sai, district_coordinator, client_for
):
    issue = mae_sai.issues.first()
    response = client_for(district_coordinator).post(
        reverse("book_issue_edit", args=[mae_sai.pk, issue.pk]), {"title": ""}, headers=HTMX
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_creating_a_book_for_the_district(db, district_coordinator, client_for):
    accepted_plan("570901")
    response = client_for(district_coordinator).post(
        reverse("book_new", args=["5709"]),
        {"title": "แผนยุทธศาสตร์อำเภอแม่สาย", "first_year": 2569, "last_year": 2573},
    )
    created = StrategyBook.objects.get()
    assert response["Location"] == created.get_absolute_url()
    assert (created.level, created.area_code) == ("district", "5709")


def test_a_christian_era_year_is_refused_with_a_message(db, district_coordinator, client_for):
    response = client_for(district_coordinator).post(
        reverse("book_new", args=["5709"]), {"title": "เล่ม", "first_year": 2026, "last_year": 2030}
    )
    assert response.status_code == 200
    assert "2569" in response.content.decode()  # "...for example 2569"
    assert not StrategyBook.objects.exists()


def test_endorsing_freezes_the_book_and_the_page_shows_later_changes(
    mae_sai, district_coordinator, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(district_coordinator)
    response = post_confirmed(
        client,
        reverse("book_endorse", args=[mae_sai.pk]),
        {"body": "ที่ประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย", "endorsed_on": "20/1/2569"},
    )
    assert response.status_code == 302
    snapshot = BookSnapshot.objects.get(book=mae_sai)
    assert snapshot.pdf.read()[:5] == b"%PDF-"
    assert str(snapshot.endorsed_on) == "2026-01-20"
    page = client.get(reverse("book_detail", args=[mae_sai.pk])).content.decode()
    assert "changes" in page and "✓" in page
    issue = mae_sai.issues.first()
    client.post(reverse("book_issue_edit", args=[mae_sai.pk, issue.pk]), {"title": "ชื่อใหม่"})
    page = client.get(reverse("book_detail", args=[mae_sai.pk])).content.decode()
    assert "ชื่อใหม่" in page.split('id="changes"')[1].split("</section>")[0]
    public = client_for(district_coordinator).get(reverse("public_book", args=[mae_sai.pk]))
    assert "ชื่อใหม่" not in public.content.decode()


def test_document_page_polls_until_ready(
    mae_sai, district_coordinator, client_for, settings, tmp_path
):
    from reports.models import Document

    settings.MEDIA_ROOT = tmp_path
    client = client_for(district_coordinator)
    response = client.post(reverse("book_pdf", args=[mae_sai.pk]))
    document = Document.objects.get()
    assert response["Location"] == reverse("document_status", args=[document.pk])
    # A worker is on it: running, with its lease still good (a lapsed one is re-queued).
    lease = timezone.now() + dt.timedelta(minutes=1)
    Document.objects.filter(pk=document.pk).update(
        state=Document.State.RUNNING, progress=40, lease_until=lease
    )
    running = client.get(
        reverse("document_status", args=[document.pk]), headers=HTMX
    ).content.decode()
    assert 'hx-trigger="every 1s"' in running and "40%" in running
    Document.objects.filter(pk=document.pk).update(state=Document.State.DONE, progress=100)
    done = client.get(reverse("document_status", args=[document.pk]), headers=HTMX).content.decode()
    assert "hx-trigger" not in done
    download = client.get(reverse("document_download", args=[document.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"


@pytest.mark.parametrize("books_count", [1, 4])
def test_book_lists_query_count_does_not_grow(
    db, books_count, province_coordinator, anonymous, client_for, django_assert_num_queries
):
    from plans.books.models import BookSnapshot
    from tests.factories import UserFactory

    endorser = UserFactory(username="endorser")
    for first_year in range(2569, 2569 + books_count * 5, 5):
        made = StrategyBook.objects.create(
            level="province", area_code="57", first_year=first_year, last_year=first_year + 4,
            title=f"เล่ม {first_year}",
        )  # fmt: skip
        BookSnapshot.objects.create(
            book=made, endorsed_by=endorser, endorsed_by_body="ที่ประชุม", data={"book": {}},
            data_hash="x",
        )  # fmt: skip
    client = client_for(province_coordinator)
    client.get(reverse("book_list"))
    # session, user, assignments (scope), the visible books, the province it may curate
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_num_queries(6):
        assert client.get(reverse("book_list")).status_code == 200
    # the endorsed snapshots with their books, one query for an anonymous reader
    with django_assert_num_queries(1):
        assert client_for(anonymous).get(reverse("public_book_list")).status_code == 200

"""The strategy books put before a district or provincial meeting: the coordinator's list on the
meeting page, the book page's meetings, the endorse form, and who may change the list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.access import Role
from councils.meetings.models import Meeting
from plans.books import curation
from plans.books.models import BookPresentation, BookSnapshot, StrategyBook
from tests.factories import AgendaItemFactory, AssignmentFactory, MeetingFactory, UserFactory

HTMX = {"HX-Request": "true"}


def provincial_meeting(code="57", **fields):
    return MeetingFactory(
        council=None,
        level=Meeting.Level.PROVINCE,
        kind=Meeting.Kind.PROVINCIAL,
        area_code=code,
        title=f"ที่ประชุมระดับจังหวัดสภาองค์กรชุมชน {code}",
        **fields,
    )


def strategy_book(level: str, code: str, first_year: int = 2569) -> StrategyBook:
    return StrategyBook.objects.create(
        level=level,
        area_code=code,
        first_year=first_year,
        last_year=first_year + 4,
        title=curation.default_title(level, code, first_year, first_year + 4),
    )


@pytest.fixture
def chiang_rai(db):
    """Chiang Rai's provincial meeting with two agenda items, its provincial book, the Mae Sai
    district book, and a Chumphon book that is none of its business."""
    meeting = provincial_meeting()
    AgendaItemFactory(meeting=meeting, position=1, title="รับรองผู้แทนสภาองค์กรชุมชนตำบล")
    AgendaItemFactory(meeting=meeting, position=2, title="เรื่องอื่น ๆ")
    return {
        "meeting": meeting,
        "province_book": strategy_book(StrategyBook.Level.PROVINCE, "57"),
        "district_book": strategy_book(StrategyBook.Level.DISTRICT, "5709"),
        "chumphon_book": strategy_book(StrategyBook.Level.PROVINCE, "86"),
    }


def endorse_at(book: StrategyBook, meeting: Meeting, by) -> BookSnapshot:
    return curation.endorse(book, by=by, body=meeting.title, on=meeting.held_on, meeting=meeting)


# --- the coordinator's list ------------------------------------------------------------------


def test_the_form_offers_the_books_of_the_province_only(
    chiang_rai, province_coordinator, client_for
):
    url = reverse("meeting_book_add", args=[chiang_rai["meeting"].pk])
    response = client_for(province_coordinator).get(url, headers=HTMX)
    assert response.content.decode().lstrip().startswith('<section id="books">')
    offered = set(response.context["form"].fields["book"].queryset)
    assert offered == {chiang_rai["province_book"], chiang_rai["district_book"]}


def test_a_book_put_on_the_list_with_htmx_gets_the_next_agenda_item(
    chiang_rai, province_coordinator, client_for
):
    meeting, book = chiang_rai["meeting"], chiang_rai["province_book"]
    response = client_for(province_coordinator).post(
        reverse("meeting_book_add", args=[meeting.pk]),
        {"book": book.pk, "with_agenda_item": "on"},
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="books">')
    assert reverse("book_detail", args=[book.pk]) in body
    # The agenda changed too: it comes along, swapped out of band.
    assert '<section id="agenda" hx-swap-oob="true">' in body
    presentation = BookPresentation.objects.get(meeting=meeting)
    assert (presentation.book, presentation.added_by) == (book, province_coordinator)
    assert presentation.agenda_item.position == 3
    assert presentation.agenda_item.title == f"นำเสนอ{book.title}"
    assert presentation.agenda_item.title in body.split('id="agenda"')[1]


def test_without_javascript_the_form_has_the_page_and_saving_goes_back_to_it(
    chiang_rai, province_coordinator, client_for
):
    meeting, book = chiang_rai["meeting"], chiang_rai["district_book"]
    pim = client_for(province_coordinator)
    url = reverse("meeting_book_add", args=[meeting.pk])
    page = pim.get(url).content.decode()
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert 'id="books-editor"' in page
    response = pim.post(url, {"book": book.pk})  # the agenda box left unticked
    assert response.status_code == 302
    assert response["Location"] == f"{meeting.get_absolute_url()}#books"
    assert BookPresentation.objects.get(meeting=meeting).agenda_item is None
    assert meeting.agenda_items.count() == 2


def test_a_book_of_another_province_is_refused(chiang_rai, province_coordinator, english_client):
    meeting = chiang_rai["meeting"]
    response = english_client(province_coordinator).post(
        reverse("meeting_book_add", args=[meeting.pk]),
        {"book": chiang_rai["chumphon_book"].pk, "with_agenda_item": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["book"] == [
        "Choose one of the books of this meeting's area that is not on its list yet."
    ]
    assert not BookPresentation.objects.exists()
    assert meeting.agenda_items.count() == 2


def test_saving_without_a_book_says_which_field_is_missing(
    chiang_rai, province_coordinator, english_client
):
    response = english_client(province_coordinator).post(
        reverse("meeting_book_add", args=[chiang_rai["meeting"].pk]),
        {"with_agenda_item": "on"},
        headers=HTMX,
    )
    assert response.context["form"].errors["book"] == ["Choose the book to present."]
    assert 'id="books-editor"' in response.content.decode()
    assert not BookPresentation.objects.exists()


def test_a_coordinator_of_two_provinces_still_cannot_bring_one_provinces_book_to_the_other(
    chiang_rai, client_for
):
    both = UserFactory(username="somchai")
    AssignmentFactory(user=both, role=Role.PROVINCE_COORDINATOR, area_code="57")
    AssignmentFactory(user=both, role=Role.PROVINCE_COORDINATOR, area_code="86")
    client = client_for(both)
    url = reverse("meeting_book_add", args=[chiang_rai["meeting"].pk])
    assert (
        chiang_rai["chumphon_book"] not in client.get(url).context["form"].fields["book"].queryset
    )
    response = client.post(url, {"book": chiang_rai["chumphon_book"].pk})
    assert response.status_code == 200
    assert "book" in response.context["form"].errors
    assert not BookPresentation.objects.exists()


def test_a_book_already_on_the_list_is_not_offered_or_added_twice(
    chiang_rai, province_coordinator, client_for
):
    meeting, book = chiang_rai["meeting"], chiang_rai["province_book"]
    curation.present(book, meeting, by=province_coordinator, with_agenda_item=True)
    pim = client_for(province_coordinator)
    url = reverse("meeting_book_add", args=[meeting.pk])
    assert book not in pim.get(url).context["form"].fields["book"].queryset
    response = pim.post(url, {"book": book.pk, "with_agenda_item": "on"})
    assert "book" in response.context["form"].errors
    assert BookPresentation.objects.count() == 1
    assert meeting.agenda_items.count() == 3


def test_a_district_meeting_takes_its_districts_book(db, district_coordinator, client_for):
    meeting = MeetingFactory(
        council=None, level="district", kind="district_network", area_code="5709",
        title="การประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย",
    )  # fmt: skip
    own = strategy_book(StrategyBook.Level.DISTRICT, "5709")
    strategy_book(StrategyBook.Level.DISTRICT, "5701")
    strategy_book(StrategyBook.Level.PROVINCE, "57")
    url = reverse("meeting_book_add", args=[meeting.pk])
    form = client_for(district_coordinator).get(url).context["form"]
    assert list(form.fields["book"].queryset) == [own]


def test_a_council_meeting_has_no_list_of_books(council, tambon_coordinator, client_for):
    meeting = MeetingFactory(council=council)
    alice = client_for(tambon_coordinator)
    assert alice.get(reverse("meeting_book_add", args=[meeting.pk])).status_code == 404
    assert 'id="books"' not in alice.get(meeting.get_absolute_url()).content.decode()


def test_taking_a_book_off_the_list_keeps_its_agenda_item(
    chiang_rai, province_coordinator, client_for
):
    meeting, book = chiang_rai["meeting"], chiang_rai["province_book"]
    curation.present(book, meeting, by=province_coordinator, with_agenda_item=True)
    response = client_for(province_coordinator).post(
        reverse("meeting_book_remove", args=[meeting.pk, book.pk]), headers=HTMX
    )
    assert response.status_code == 200
    assert not BookPresentation.objects.exists()
    assert meeting.agenda_items.count() == 3


def test_a_book_endorsed_at_the_meeting_stays_on_its_list(
    chiang_rai, province_coordinator, english_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting, book = chiang_rai["meeting"], chiang_rai["province_book"]
    endorse_at(book, meeting, province_coordinator)
    # Endorsing at the meeting put the book on its list.
    assert BookPresentation.objects.filter(book=book, meeting=meeting).exists()
    response = english_client(province_coordinator).post(
        reverse("meeting_book_remove", args=[meeting.pk, book.pk]), headers=HTMX
    )
    assert "The meeting endorsed this book" in response.content.decode()
    assert BookPresentation.objects.filter(book=book, meeting=meeting).exists()


# --- what readers see ------------------------------------------------------------------------


def test_the_meeting_page_shows_each_books_state_and_its_endorsement_here(
    chiang_rai, province_coordinator, tambon_coordinator, english_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = chiang_rai["meeting"]
    endorsed, draft = chiang_rai["province_book"], chiang_rai["district_book"]
    curation.present(draft, meeting, by=province_coordinator, with_agenda_item=True)
    endorse_at(endorsed, meeting, province_coordinator)

    page = english_client(province_coordinator).get(meeting.get_absolute_url()).content.decode()
    listed = page.split('<section id="books">')[1].split("</section>")[0]
    endorsed_row = listed.split(f'id="book-{endorsed.pk}"')[1].split("</li>")[0]
    draft_row = listed.split(f'id="book-{draft.pk}"')[1].split("</li>")[0]
    assert "Endorsed at this meeting" in endorsed_row
    assert reverse("public_book", args=[endorsed.pk]) in endorsed_row
    assert "Not endorsed at this meeting" in draft_row
    assert "agenda item 3" in draft_row
    assert reverse("book_detail", args=[draft.pk]) in draft_row
    assert reverse("meeting_book_remove", args=[meeting.pk, draft.pk]) in draft_row
    assert "meeting_book_remove" not in endorsed_row

    # Alice reads the provincial meeting, not the province's books: titles, and only the
    # public endorsed version as a link; no way to change the list.
    alice = english_client(tambon_coordinator).get(meeting.get_absolute_url()).content.decode()
    listed = alice.split('<section id="books">')[1].split("</section>")[0]
    assert draft.title in listed and endorsed.title in listed
    assert f'href="{reverse("book_detail", args=[draft.pk])}"' not in listed
    assert f'href="{reverse("book_detail", args=[endorsed.pk])}"' not in listed
    assert f'href="{reverse("public_book", args=[endorsed.pk])}"' in listed
    assert reverse("meeting_book_add", args=[meeting.pk]) not in listed


def test_the_book_page_lists_the_meetings_it_was_and_will_be_presented_at(
    chiang_rai, province_coordinator, english_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    book = chiang_rai["province_book"]
    held = chiang_rai["meeting"]
    coming = provincial_meeting(held_on=timezone.localdate() + dt.timedelta(days=20))
    hidden = provincial_meeting("86")
    curation.present(book, coming, by=province_coordinator, with_agenda_item=True)
    endorse_at(book, held, province_coordinator)
    # A link no one could make through the pages: a meeting Pim does not see stays hidden.
    BookPresentation.objects.create(book=book, meeting=hidden)

    page = english_client(province_coordinator).get(book.get_absolute_url()).content.decode()
    section = page.split('<section id="meetings">')[1].split("</section>")[0]
    assert section.index(held.get_absolute_url()) < section.index(coming.get_absolute_url())
    assert "endorsed there" in section.split(held.get_absolute_url())[1].split("</li>")[0]
    assert "upcoming" in section.split(coming.get_absolute_url())[1].split("</li>")[0]
    assert hidden.get_absolute_url() not in section


def test_the_endorse_form_offers_the_meetings_the_book_was_presented_at_first(
    chiang_rai, province_coordinator, english_client
):
    book = chiang_rai["province_book"]
    presented = chiang_rai["meeting"]  # 12 March 2026
    later = provincial_meeting(held_on=dt.date(2026, 6, 1))
    curation.present(book, presented, by=province_coordinator, with_agenda_item=False)
    response = english_client(province_coordinator).get(reverse("book_endorse", args=[book.pk]))
    choices = list(response.context["form"].fields["meeting"].choices)
    assert choices[0][0] == ""
    assert choices[1][0] == "Meetings the book was presented at"
    assert [pk for pk, _label in choices[1][1]] == [presented.pk]
    assert choices[2][0] == "Other meetings of the area"
    assert [pk for pk, _label in choices[2][1]] == [later.pk]
    html = response.content.decode()
    assert html.index(f'value="{presented.pk}"') < html.index(f'value="{later.pk}"')


@pytest.mark.parametrize("count", [1, 6])
def test_the_provincial_meeting_page_stays_flat_with_its_books(
    count, chiang_rai, province_coordinator, client_for, django_assert_max_num_queries
):
    meeting = chiang_rai["meeting"]
    for n in range(count):
        made = strategy_book(StrategyBook.Level.DISTRICT, f"570{n + 1}")
        curation.present(made, meeting, by=province_coordinator, with_agenda_item=True)
        BookSnapshot.objects.create(
            book=made, endorsed_by=province_coordinator, endorsed_by_body="ที่ประชุม",
            data={}, data_hash="x", meeting=meeting,
        )  # fmt: skip
    client = client_for(province_coordinator)
    client.get(meeting.get_absolute_url())  # warm the session
    # session, user, scope; the meeting, may Pim edit it; attendances; agenda; partners;
    # resolutions; the quorum's seat holders and those present; the councils and their
    # delegates; the endorsements here and the books on the list: 15 however many books.
    # and one more for the counts in the menu (reports/landing.py)
    with django_assert_max_num_queries(16):
        response = client.get(meeting.get_absolute_url())
    assert len(response.context["books_presented"]) == count

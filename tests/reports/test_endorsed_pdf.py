"""The endorsed book's PDF: queued by the endorsement, rendered by a task from the frozen data,
its progress polled on the book's pages, a failure shown and asked again."""

import datetime as dt

import pytest
from django.urls import reverse
from django_tasks import task_backends

from plans.books import curation
from plans.books.models import BookSnapshot, StrategyBook
from reports import documents, jobs
from reports.tasks import render_endorsed_book
from tests.confirming import post_confirmed
from tests.reports.plan_builders import accepted_plan, book
from tests.reports.test_book_pdfs import text_of

HTMX = {"HX-Request": "true"}
ENDORSEMENT = {"body": "ที่ประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย", "endorsed_on": "20/1/2569"}


@pytest.fixture
def queued(settings, tmp_path):
    """Tasks are queued and not run, as with db_worker in production; the list of them."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    yield backend.results
    backend.clear()


@pytest.fixture
def mae_sai(db):
    accepted_plan("570901", amounts={"economy": [1500], "society": [200], "environment": [10]})
    accepted_plan("570902", amounts={"economy": [300], "society": [40], "environment": [20]})
    return book(StrategyBook.Level.DISTRICT, "5709")


def endorse(book_, user) -> BookSnapshot:
    return curation.endorse(
        book_, by=user, body=ENDORSEMENT["body"], on=dt.date(2026, 1, 20), meeting=None
    )


def test_endorsing_queues_the_pdf_and_renders_nothing_in_the_request(
    mae_sai, district_coordinator, english_client, queued, monkeypatch
):
    def no_rendering_here(*args, **kwargs):
        raise AssertionError("the endorsement request rendered the PDF")

    monkeypatch.setattr(documents, "render_book", no_rendering_here)
    client = english_client(district_coordinator)
    response = post_confirmed(client, reverse("book_endorse", args=[mae_sai.pk]), ENDORSEMENT)
    assert response.status_code == 302
    snapshot = BookSnapshot.objects.get(book=mae_sai)
    assert snapshot.pdf_state == BookSnapshot.PdfState.PENDING and not snapshot.pdf
    assert [(r.task.name, r.args) for r in queued] == [("render_endorsed_book", [snapshot.pk])]
    page = client.get(reverse("book_detail", args=[mae_sai.pk])).content.decode()
    endorsed = page.split('id="endorsed-pdf"')[1].split("</div>")[0]
    assert "PDF being prepared" in endorsed
    assert reverse("public_book_pdf_status", args=[mae_sai.pk]) in endorsed
    assert 'hx-trigger="every 2s"' in endorsed
    public = client.get(reverse("public_book", args=[mae_sai.pk])).content.decode()
    assert "PDF being prepared" in public
    assert client.get(reverse("public_book_pdf", args=[mae_sai.pk])).status_code == 404


def test_the_task_renders_the_frozen_data_not_the_book_as_it_is_now(
    mae_sai, district_coordinator, client_for, anonymous, queued
):
    snapshot = endorse(mae_sai, district_coordinator)
    frozen_title = mae_sai.issues.get(theme__code="economy").title
    # Edits after the endorsement and before a worker gets to the task.
    economy = mae_sai.issues.get(theme__code="economy")
    economy.title = "ชื่อที่แก้ภายหลัง"
    economy.save()
    curation.add_issue(mae_sai, "ประเด็นที่เพิ่มภายหลัง")

    render_endorsed_book.call(snapshot.pk)

    snapshot.refresh_from_db()
    assert (snapshot.pdf_state, snapshot.pdf_progress) == (BookSnapshot.PdfState.DONE, 100)
    response = client_for(anonymous).get(reverse("public_book_pdf", args=[mae_sai.pk]))
    pdf = b"".join(response.streaming_content)
    text = "".join(text_of(pdf).split())
    assert "".join(frozen_title.split()) in text
    assert "ชื่อที่แก้ภายหลัง" not in text and "ประเด็นที่เพิ่มภายหลัง" not in text
    assert "ที่ประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย" in text  # the endorsement, on the cover
    assert "4,140.00" in text  # (1,500 + 200 + 10 + 300 + 40 + 20) x 2 years


def test_the_task_passes_the_snapshot_data_and_endorsement_to_the_renderer(
    mae_sai, district_coordinator, queued, monkeypatch
):
    snapshot = endorse(mae_sai, district_coordinator)
    curation.add_issue(mae_sai, "ประเด็นที่เพิ่มภายหลัง")
    calls = []

    def render_book(data, **kwargs):
        calls.append((data, kwargs["endorsement"]))
        kwargs["progress"](1, 4)
        assert BookSnapshot.objects.get(pk=snapshot.pk).pdf_progress == 25
        return b"%PDF-1.7 endorsed", 1

    monkeypatch.setattr(documents, "render_book", render_book)
    render_endorsed_book.call(snapshot.pk)
    assert calls == [
        (snapshot.data, {"body": ENDORSEMENT["body"], "on": dt.date(2026, 1, 20)}),
    ]
    render_endorsed_book.call(snapshot.pk)  # a second delivery of the task renders nothing
    assert len(calls) == 1


def test_a_failed_render_shows_and_the_curator_asks_again(
    mae_sai, district_coordinator, province_coordinator, anonymous, english_client, queued,
    monkeypatch,
):  # fmt: skip
    snapshot = endorse(mae_sai, district_coordinator)

    def broken(*args, **kwargs):
        raise RuntimeError("out of paper")

    monkeypatch.setattr(documents, "render_book", broken)
    with pytest.raises(RuntimeError):
        render_endorsed_book.call(snapshot.pk)
    snapshot.refresh_from_db()
    assert snapshot.pdf_state == BookSnapshot.PdfState.FAILED
    assert "out of paper" in snapshot.pdf_error

    dao = english_client(district_coordinator)
    status_url = reverse("public_book_pdf_status", args=[mae_sai.pk])
    failed = dao.get(status_url, headers=HTMX).content.decode()
    assert "could not be made" in failed and "hx-trigger" not in failed
    assert reverse("book_endorsed_pdf_retry", args=[mae_sai.pk]) in failed
    # Readers see the failure, without the button that only the curators may press.
    for reader in (english_client(province_coordinator), english_client(anonymous)):
        page = reader.get(reverse("public_book", args=[mae_sai.pk])).content.decode()
        assert "could not be made" in page
        assert reverse("book_endorsed_pdf_retry", args=[mae_sai.pk]) not in page
    retry = reverse("book_endorsed_pdf_retry", args=[mae_sai.pk])
    assert english_client(province_coordinator).post(retry).status_code == 403

    assert dao.post(retry).status_code == 302
    snapshot.refresh_from_db()
    assert (snapshot.pdf_state, snapshot.pdf_error) == (BookSnapshot.PdfState.PENDING, "")
    assert [r.args for r in queued] == [[snapshot.pk]]
    assert 'hx-trigger="every 2s"' in dao.get(status_url, headers=HTMX).content.decode()
    dao.post(retry)  # not failed any more: nothing is queued twice
    assert len(queued) == 1

    monkeypatch.undo()
    render_endorsed_book.call(snapshot.pk)
    ready = dao.get(status_url, headers=HTMX).content.decode()
    assert reverse("public_book_pdf", args=[mae_sai.pk]) in ready and "hx-trigger" not in ready


def test_retry_renders_again_when_tasks_run_immediately(
    mae_sai, district_coordinator, client_for, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    snapshot = endorse(mae_sai, district_coordinator)
    BookSnapshot.objects.filter(pk=snapshot.pk).update(pdf_state=BookSnapshot.PdfState.FAILED)
    monkeypatch.setattr(documents, "render_book", lambda data, **kw: (b"%PDF-1.7 again", 1))
    client_for(district_coordinator).post(reverse("book_endorsed_pdf_retry", args=[mae_sai.pk]))
    snapshot.refresh_from_db()
    assert snapshot.pdf_is_ready and snapshot.pdf.read() == b"%PDF-1.7 again"


def test_retry_without_an_endorsement_is_not_found(mae_sai, district_coordinator, client_for):
    response = client_for(district_coordinator).post(
        reverse("book_endorsed_pdf_retry", args=[mae_sai.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("reader", ["anonymous", "district_coordinator"])
def test_status_query_count(
    mae_sai, district_coordinator, anonymous, reader, request, client_for, queued,
    django_assert_num_queries,
):  # fmt: skip
    endorse(mae_sai, district_coordinator)
    client = client_for(request.getfixturevalue(reader))
    url = reverse("public_book_pdf_status", args=[mae_sai.pk])
    client.get(url, headers=HTMX)
    # the latest snapshot with its book; signed in: the session, the user, their assignments
    with django_assert_num_queries(1 if reader == "anonymous" else 4):
        assert client.get(url, headers=HTMX).status_code == 200


def test_jobs_retry_only_a_failed_pdf(mae_sai, district_coordinator, queued):
    snapshot = endorse(mae_sai, district_coordinator)
    assert not jobs.retry_snapshot_pdf(snapshot)
    assert queued == []

"""Bounded renders: every render stops at its time and memory limits and its document is marked
failed; a render whose worker died is noticed by its lease, queued again a bounded number of
times, then failed with a button to try again; two workers never render the same document."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from plans.books import contents
from plans.books.models import BookSnapshot, StrategyBook
from plans.models import CommunityPlan, PlanIssue, PlanProject
from reports import bounded, documents, jobs
from reports.jobs import sweep_stale_renders
from reports.models import Document
from reports.tasks import render_document
from tests.reports.plan_builders import accepted_plan, book
from tests.reports.test_endorsed_pdf import endorse

HTMX = {"HX-Request": "true"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def queued(media, settings):
    """Tasks are queued and not run, as with db_worker in production; the list of them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    yield backend.results
    backend.clear()


@pytest.fixture
def plan(db):
    return accepted_plan("570901")


def huge(plan: CommunityPlan, *, text: int = 0, projects: int = 0) -> None:
    """Make the plan bigger than the caps allow, past the model's validation (as old rows or a
    bulk load could be): `text` characters of situation, `projects` more projects."""
    # Past the lock of an accepted plan too: the rows are what an old database could hold.
    rows = CommunityPlan.objects.filter(pk=plan.pk)
    QuerySet.update(rows, situation="สภาพปัญหาของชุมชน " * (text // 18))
    issue = PlanIssue.objects.filter(plan=plan).first()
    PlanProject.objects.bulk_create(
        PlanProject(issue=issue, title=f"โครงการที่ {n}", objective="ทดลอง " * 20, approach="self")
        for n in range(projects)
    )


def counting_renders(monkeypatch) -> list:
    calls = []
    monkeypatch.setattr(
        documents, "render_plan", lambda data, **kw: calls.append(data) or (b"%PDF-1.7 plan", 1)
    )
    return calls


# --- limits -------------------------------------------------------------------------------------


def test_a_huge_plan_is_stopped_at_the_time_limit_and_its_document_fails(
    plan, tambon_coordinator, media, settings
):
    settings.RENDER_TIMEOUT_SECONDS = {"plan": 2, "book": 2}
    huge(plan, text=1_000_000)
    started = timezone.now()
    document = jobs.request_plan_pdf(plan, by=tambon_coordinator)
    assert (timezone.now() - started).total_seconds() < 10
    assert document.state == Document.State.FAILED
    assert document.error == str(bounded.RenderTimedOut(2))
    assert not document.file and document.attempts == 1


def test_the_status_page_says_why_and_offers_to_try_again(
    plan, tambon_coordinator, english_client, media, settings
):
    settings.RENDER_TIMEOUT_SECONDS = {"plan": 1, "book": 1}
    huge(plan, text=1_000_000)
    client = english_client(tambon_coordinator)
    response = client.post(reverse("plan_pdf", args=[plan.pk]), follow=True)
    page = response.content.decode()
    assert "took too long to render (more than 1 seconds)" in page
    assert reverse("document_retry", args=[response.context["document"].pk]) in page


def test_a_render_past_the_memory_limit_is_stopped(settings):
    settings.RENDER_MAX_MEMORY_MB = 1024
    with pytest.raises(bounded.RenderTooBig):
        bounded.run(lambda: bytearray(2 * 1024**3), deadline=bounded.Deadline(30))


def test_a_child_that_dies_is_reported_not_waited_for(settings):
    import os
    import signal

    with pytest.raises(bounded.RenderTooBig):
        bounded.run(lambda: os.kill(os.getpid(), signal.SIGKILL), deadline=bounded.Deadline(30))


def test_book_parts_past_the_deadline_kill_the_pool_which_is_made_anew(tmp_path):
    cache = documents.SectionCache(tmp_path)
    rows = "".join(f"<tr><td>แถวที่ {n}</td><td>{'ข้อความ ' * 30}</td></tr>" for n in range(4000))
    htmls = {f"part-{n}": f"<html><body><table>{rows}</table>{n}</body></html>" for n in range(2)}
    with pytest.raises(bounded.RenderTimedOut):
        documents.render_sections(
            list(htmls), htmls, cache, workers=1, deadline=bounded.Deadline(1)
        )
    assert documents._pool is None
    small = {"small": "<html><body><p>หน้าเดียว</p></body></html>"}
    (pdf,) = documents.render_sections(
        ["small"], small, cache, workers=1, deadline=bounded.Deadline(60)
    )
    assert pdf.startswith(b"%PDF")


def test_a_bounded_plan_render_makes_the_same_pdf_text(plan):
    from tests.reports.test_book_pdfs import text_of

    data = documents.plan_data(plan)
    here, pages = documents.render_plan(data)
    child, child_pages = documents.render_plan(data, deadline=bounded.Deadline(60))
    assert child_pages == pages and text_of(child) == text_of(here)


# --- leases -------------------------------------------------------------------------------------


def left_running(plan, *, attempts: int, lease: dt.timedelta, data_hash: str = "") -> Document:
    """A document a worker started and then died on (or still renders, for a future lease)."""
    return Document.objects.create(
        kind=Document.Kind.TAMBON_PLAN, object_id=plan.pk, area_code="570901", title=plan.title,
        data_hash=data_hash or contents.data_hash(documents.plan_data(plan)),
        state=Document.State.RUNNING, progress=40, attempts=attempts,
        lease_until=timezone.now() + lease,
    )  # fmt: skip


def test_a_document_whose_worker_died_is_queued_again_when_asked_again(
    plan, tambon_coordinator, media, monkeypatch
):
    calls = counting_renders(monkeypatch)
    stuck = left_running(plan, attempts=1, lease=-dt.timedelta(seconds=1))
    document = jobs.request_plan_pdf(plan, by=tambon_coordinator)
    assert document.pk == stuck.pk
    assert (document.state, document.attempts, len(calls)) == (Document.State.DONE, 2, 1)
    assert document.file.read() == b"%PDF-1.7 plan" and document.lease_until is None


def test_after_the_last_attempt_it_fails_with_a_retry_that_renders_it(
    plan, tambon_coordinator, english_client, media, settings, monkeypatch
):
    settings.RENDER_MAX_ATTEMPTS = 3
    calls = counting_renders(monkeypatch)
    stuck = left_running(plan, attempts=3, lease=-dt.timedelta(minutes=5))
    client = english_client(tambon_coordinator)
    page = client.get(reverse("document_status", args=[stuck.pk]), headers=HTMX).content.decode()
    stuck.refresh_from_db()
    assert stuck.state == Document.State.FAILED and calls == []
    assert "stopped 3 times without finishing" in page and "hx-trigger" not in page
    retry = reverse("document_retry", args=[stuck.pk])
    assert retry in page

    assert client.post(retry).status_code == 302
    stuck.refresh_from_db()
    assert (stuck.state, stuck.attempts, len(calls)) == (Document.State.DONE, 1, 1)
    client.post(retry)  # done: nothing to try again
    assert len(calls) == 1


def test_the_status_page_queues_a_stale_document_again(
    plan, tambon_coordinator, client_for, queued
):
    stuck = left_running(plan, attempts=1, lease=-dt.timedelta(seconds=1))
    page = client_for(tambon_coordinator).get(reverse("document_status", args=[stuck.pk]))
    stuck.refresh_from_db()
    assert stuck.state == Document.State.PENDING and stuck.attempts == 1
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert [(r.task.name, r.args) for r in queued] == [("render_document", [stuck.pk])]


def test_a_document_with_a_live_lease_is_not_rendered_twice(
    plan, tambon_coordinator, media, monkeypatch
):
    calls = counting_renders(monkeypatch)
    running = left_running(plan, attempts=1, lease=dt.timedelta(minutes=2))
    render_document.call(running.pk)  # a second worker, or a second delivery of the task
    assert jobs.request_plan_pdf(plan, by=tambon_coordinator).pk == running.pk  # asked again
    running.refresh_from_db()
    assert (running.state, running.attempts, running.progress) == (Document.State.RUNNING, 1, 40)
    assert calls == []


def test_of_two_workers_only_the_one_that_claims_renders(plan, media, monkeypatch):
    calls = counting_renders(monkeypatch)
    waiting = left_running(plan, attempts=0, lease=dt.timedelta(0))
    Document.objects.filter(pk=waiting.pk).update(state=Document.State.PENDING, lease_until=None)
    render_document.call(waiting.pk)
    render_document.call(waiting.pk)
    waiting.refresh_from_db()
    assert (waiting.state, waiting.attempts, len(calls)) == (Document.State.DONE, 1, 1)


def test_the_sweep_queues_stale_renders_and_fails_the_exhausted(
    plan, tambon_coordinator, queued, settings
):
    settings.RENDER_MAX_ATTEMPTS = 3
    stale = left_running(plan, attempts=1, lease=-dt.timedelta(seconds=1))
    live = left_running(plan, attempts=1, lease=dt.timedelta(minutes=1), data_hash="other")
    exhausted = left_running(plan, attempts=3, lease=-dt.timedelta(seconds=1), data_hash="old")
    snapshot = BookSnapshot.objects.create(
        book=StrategyBook.objects.create(
            level="district", area_code="5709", title="เล่ม", first_year=2569, last_year=2573
        ),
        endorsed_by=tambon_coordinator, endorsed_by_body="ที่ประชุม", data={}, data_hash="s",
        pdf_state=BookSnapshot.PdfState.RUNNING, pdf_attempts=1, pdf_lease_until=None,
    )  # fmt: skip
    out = StringIO()
    call_command("requeue_stale_renders", stdout=out)
    assert "2 render(s) queued again, 1 marked failed." in out.getvalue()
    states = dict(Document.objects.values_list("pk", "state"))
    assert states == {
        stale.pk: Document.State.PENDING,
        live.pk: Document.State.RUNNING,
        exhausted.pk: Document.State.FAILED,
    }
    snapshot.refresh_from_db()
    assert snapshot.pdf_state == BookSnapshot.PdfState.PENDING
    assert sorted((r.task.name, r.args[0]) for r in queued) == [
        ("render_document", stale.pk),
        ("render_endorsed_book", snapshot.pk),
    ]
    sweep_stale_renders.call()  # the same sweep as a task: nothing is stale any more
    assert len(queued) == 2


def test_the_book_page_offers_the_curators_a_retry_of_a_stale_endorsed_pdf(
    tambon_coordinator, district_coordinator, english_client, queued
):
    accepted_plan("570901", amounts={"economy": [100], "society": [20], "environment": [5]})
    district_book = book(StrategyBook.Level.DISTRICT, "5709")
    snapshot = endorse(district_book, district_coordinator)
    BookSnapshot.objects.filter(pk=snapshot.pk).update(
        pdf_state=BookSnapshot.PdfState.RUNNING, pdf_attempts=1, pdf_lease_until=None
    )
    dao = english_client(district_coordinator)
    status = reverse("public_book_pdf_status", args=[district_book.pk])
    page = dao.get(status, headers=HTMX).content.decode()
    retry = reverse("book_endorsed_pdf_retry", args=[district_book.pk])
    assert "could not be made" in page and retry in page and "hx-trigger" not in page
    assert dao.post(retry).status_code == 302
    snapshot.refresh_from_db()
    assert (snapshot.pdf_state, snapshot.pdf_attempts) == (BookSnapshot.PdfState.PENDING, 0)

"""A book's parts laid out by whichever workers claim them: exclusive claims, stale claims taken
again, helpers that find nothing, and the same book as the local path makes."""

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import pytest
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from plans.books import contents
from reports import documents, part_layouts, tasks
from reports.bounded import Deadline
from reports.models import PartLayout
from tests.reports.plan_builders import accepted_plan, book
from tests.reports.test_book_pdfs import DISTRICT, text_of

SMALL = "<html><body><p>{}</p></body></html>"


@pytest.fixture
def cache(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path  # the helpers' cache is MEDIA_ROOT/render-cache, as here
    settings.RENDER_LAYOUT_PROCESSES = 1
    return documents.SectionCache()


def parts(render: str, *texts: str) -> list[PartLayout]:
    htmls = [SMALL.format(text) for text in texts]
    return PartLayout.objects.bulk_create(
        PartLayout(render=render, key=documents.SectionCache().key(h), html=h, size=len(h))
        for h in htmls
    )


def test_of_two_workers_racing_for_a_part_only_one_wins_it(db):
    (only,) = parts("r1", "หนึ่ง")
    # Both workers read the part as claimable before either writes its claim.
    first_read = PartLayout.objects.get(pk=only.pk)
    second_read = PartLayout.objects.get(pk=only.pk)
    assert part_layouts.take(first_read)
    assert not part_layouts.take(second_read)
    assert part_layouts.claim("r1") is None


def test_a_worker_claims_the_longest_part_first_and_each_part_once(db):
    short, long = parts("r1", "สั้น", "ยาวกว่ามาก " * 20)
    parts("other render", "ของอีกเล่ม")
    assert part_layouts.claim("r1").pk == long.pk
    assert part_layouts.claim("r1").pk == short.pk
    assert part_layouts.claim("r1") is None


def test_a_part_whose_worker_died_is_claimed_again_after_its_lease(db):
    (part,) = parts("r1", "หนึ่ง")
    assert part_layouts.claim("r1").pk == part.pk
    assert part_layouts.claim("r1") is None  # held: its worker's lease runs
    PartLayout.objects.filter(pk=part.pk).update(
        lease_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert part_layouts.claim("r1").pk == part.pk


def test_a_done_part_is_never_claimed_again(db):
    (part,) = parts("r1", "หนึ่ง")
    part_layouts.finish(part_layouts.claim("r1"))
    PartLayout.objects.filter(pk=part.pk).update(lease_until=None)
    assert part_layouts.claim("r1") is None


def test_a_helper_with_nothing_to_claim_returns_at_once(db, cache, django_assert_num_queries):
    parts("someone else's", "หนึ่ง")
    with django_assert_num_queries(1):  # looking for a claimable part of its render
        assert part_layouts.help_render("finished render", time.time() + 60) == 0


def test_a_helper_past_the_renders_deadline_does_nothing(db, cache, django_assert_num_queries):
    parts("r1", "หนึ่ง")
    with django_assert_num_queries(0):
        assert part_layouts.help_render("r1", time.time() - 1) == 0
    assert PartLayout.objects.get().lease_until is None


def test_a_helper_lays_out_every_part_left_into_the_shared_cache(
    db, cache, django_assert_num_queries
):
    first, second = parts("r1", "หนึ่ง", "สองสองสอง")
    # Per part: look for it, claim it, mark it done; then one look that finds nothing.
    with django_assert_num_queries(2 * 3 + 1):
        assert part_layouts.help_render("r1", time.time() + 60) == 2
    assert not PartLayout.objects.filter(done=False).exists()
    for part in (first, second):
        assert len(PdfReader(BytesIO(cache.get(part.key))).pages) == 1


@pytest.fixture
def district(db):
    for code in ("570901", "570902", "570903"):
        accepted_plan(code)
    return contents.book_data(book(DISTRICT, "5709"))


def shape(pdf: bytes) -> tuple[int, str]:
    return len(PdfReader(BytesIO(pdf)).pages), "".join(text_of(pdf).split())


@pytest.mark.parametrize("helpers_run", [False, True], ids=["coordinator alone", "helper"])
def test_a_book_spread_over_workers_is_the_book_laid_out_here(
    district, cache, tmp_path, helpers_run
):
    local, local_pages = documents.render_book(
        district, cache=documents.SectionCache(tmp_path / "local")
    )
    queued = []

    def enqueue(render: str, ends_at: float) -> None:
        queued.append(render)
        if helpers_run and len(queued) == 1:  # a free worker takes the first helper at once
            assert part_layouts.help_render(render, ends_at) > 0

    spread = part_layouts.Spread(enqueue=enqueue, helpers=5, processes=1)
    pdf, pages = documents.render_book(district, cache=cache, deadline=Deadline(120), spread=spread)
    assert pages == local_pages
    assert shape(pdf) == shape(local)
    # Three parts were missing (the opening, the issues, the annex): two helpers, and the
    # coordinator is the third worker; all of them for the one render.
    assert len(queued) == 2 and len(set(queued)) == 1
    assert not PartLayout.objects.exists()  # the render's work list is gone with it


def test_a_spread_render_past_its_deadline_gives_its_claims_back(district, cache):
    spread = part_layouts.Spread(enqueue=lambda *args: None, helpers=1, processes=1)
    with pytest.raises(documents.bounded.RenderTimedOut):
        documents.render_book(district, cache=cache, deadline=Deadline(0.01), spread=spread)
    assert not PartLayout.objects.exists()


def test_renders_spread_over_workers_only_with_a_real_queue(settings):
    assert tasks.spread_over_workers() is None  # the tests' immediate backend runs tasks inline
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.RENDER_LAYOUT_PROCESSES = 1
    spread = tasks.spread_over_workers()
    assert spread is not None and spread.processes == 1
    assert spread.helpers == settings.RENDER_BOOK_HELPERS
    settings.RENDER_BOOK_HELPERS = 0
    assert tasks.spread_over_workers() is None


def test_the_coordinator_lays_out_a_part_whose_helper_died_once_its_lease_ran_out(db, cache):
    dead_helpers, free = parts("r1", "หนึ่งหนึ่ง", "สอง")
    part_layouts.claim("r1")  # the helper that claimed the longest part died with it
    PartLayout.objects.filter(pk=dead_helpers.pk).update(
        lease_until=timezone.now() + dt.timedelta(seconds=0.5)
    )
    laid_out = part_layouts.lay_out_claimed(
        "r1", cache, Deadline(30), processes=1, until_all_done=True
    )
    assert laid_out == 2
    assert cache.has(dead_helpers.key) and cache.has(free.key)


def broken_layout(html: str):
    raise ValueError("a part that cannot be laid out")


def test_a_worker_whose_layout_fails_gives_its_part_back(db, cache, monkeypatch):
    (part,) = parts("r1", "หนึ่ง")
    # Called in the layout process by name: a module-level function travels there.
    monkeypatch.setattr(documents, "lay_out_html", broken_layout)
    with pytest.raises(ValueError, match="cannot be laid out"):
        part_layouts.lay_out_claimed("r1", cache, Deadline(30), processes=1)
    assert PartLayout.objects.get(pk=part.pk).lease_until is None  # the coordinator may claim it


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once")
def test_workers_claiming_at_the_same_time_never_share_a_part():
    all_parts = parts("r1", *(f"ส่วน {n} " * n for n in range(1, 31)))
    start = threading.Barrier(3)

    def claim_all() -> list[int]:
        start.wait()
        try:
            return [part.pk for part in iter(lambda: part_layouts.claim("r1"), None)]
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(3) as claimers:
        claimed = list(claimers.map(lambda _n: claim_all(), range(3)))
    every = [pk for worker in claimed for pk in worker]
    assert sorted(every) == sorted(part.pk for part in all_parts)  # each part exactly once

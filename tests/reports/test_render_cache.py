"""Pruning the render cache: old files first, least recently used past the size cap, files
being written left alone; by hand with `prune_render_cache` and after every book render."""

import datetime as dt
import os
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plans.books import contents
from plans.books.models import StrategyBook
from reports import documents
from reports.documents import MB, SectionCache
from tests.reports.plan_builders import accepted_plan, book

DAY = 24 * 3600
NOW = time.time()


@pytest.fixture
def cache(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return SectionCache()  # MEDIA_ROOT/render-cache, as in production


def cached(cache: SectionCache, name: str, size: int, days_ago: float) -> str:
    """A cached section of `size` bytes last used `days_ago` days ago; its key."""
    cache.put(name, b"%" * size)
    path = cache.root / f"{name}.pdf"
    os.utime(path, (NOW - days_ago * DAY, NOW - days_ago * DAY))
    return name


def names(cache: SectionCache) -> set[str]:
    return {path.name for path in cache.root.iterdir()}


def test_a_hit_counts_as_use(cache):
    key = cached(cache, "a", 10, days_ago=40)
    assert cache.get(key) == b"%" * 10
    assert time.time() - (cache.root / "a.pdf").stat().st_mtime < 60
    assert cache.prune(older_than=dt.timedelta(days=30)).files == 0
    assert cache.get("missing") is None


def test_files_unused_for_longer_than_the_age_go(cache):
    for name, days in (("old", 31), ("older", 90), ("recent", 29), ("today", 0)):
        cached(cache, name, 100, days)
    pruned = cache.prune(older_than=dt.timedelta(days=30), now=NOW)
    assert names(cache) == {"recent.pdf", "today.pdf"}
    assert (pruned.files, pruned.freed, pruned.kept_files, pruned.kept) == (2, 200, 2, 200)


def test_past_the_size_cap_the_least_recently_used_go_first(cache):
    for name, days in (("e", 5), ("b", 2), ("a", 1), ("d", 4), ("c", 3)):
        cached(cache, name, 1000, days)
    cache.get("e")  # used just now: the most recent of all
    pruned = cache.prune(max_bytes=2500, now=time.time())
    assert names(cache) == {"e.pdf", "a.pdf"}
    assert (pruned.files, pruned.kept) == (3, 2000)


def test_files_being_written_are_left_alone_and_abandoned_ones_go(cache):
    cached(cache, "old", 100, days_ago=60)
    (cache.root / "writing.tmp").write_bytes(b"%" * 5000)
    abandoned = cache.root / "abandoned.tmp"
    abandoned.write_bytes(b"%" * 100)
    os.utime(abandoned, (NOW - 2 * 3600, NOW - 2 * 3600))
    joining = cache.root / "tmpjoin"  # a join folder of documents.join, in use
    joining.mkdir()
    (joining / "00000.pdf").write_bytes(b"%")
    left = cache.root / "tmpleft"  # one left behind by a worker that died
    left.mkdir()
    (left / "00000.pdf").write_bytes(b"%")
    os.utime(left, (NOW - 2 * 3600, NOW - 2 * 3600))
    cache.prune(older_than=dt.timedelta(days=30), max_bytes=0, now=NOW)
    assert names(cache) == {"writing.tmp", "tmpjoin"}


def test_a_dry_run_deletes_nothing(cache):
    cached(cache, "old", 100, days_ago=60)
    assert cache.prune(older_than=dt.timedelta(days=30), dry_run=True, now=NOW).files == 1
    assert names(cache) == {"old.pdf"}


def test_the_command_prunes_by_age_then_by_size(cache, settings):
    settings.RENDER_CACHE_MAX_MB = 500
    cached(cache, "stale", 10, days_ago=8)
    cached(cache, "big-old", MB, days_ago=3)
    cached(cache, "big-new", MB, days_ago=1)
    out = StringIO()
    call_command("prune_render_cache", "--older-than", "7", "--max-mb", "1.5", stdout=out)
    assert names(cache) == {"big-new.pdf"}
    assert "Deleted 2 files (1.0 MB)" in out.getvalue()
    assert "kept 1 files (1.0 MB)" in out.getvalue()


def test_the_command_defaults_to_a_month_and_the_configured_cap(cache, settings):
    settings.RENDER_CACHE_MAX_MB = 1
    cached(cache, "month-old", 10, days_ago=31)
    cached(cache, "a", MB, days_ago=2)
    cached(cache, "b", MB, days_ago=1)
    out = StringIO()
    call_command("prune_render_cache", "--dry-run", stdout=out)
    assert "Would delete 2 files" in out.getvalue()
    assert len(names(cache)) == 3
    call_command("prune_render_cache", stdout=StringIO())
    assert names(cache) == {"b.pdf"}
    with pytest.raises(CommandError):
        call_command("prune_render_cache", "--max-mb", "-1")


@pytest.fixture
def mae_sai(db):
    accepted_plan("570901", amounts={"economy": [1000], "society": [200], "environment": [10]})
    return book(StrategyBook.Level.DISTRICT, "5709")


@pytest.mark.parametrize("cap_mb, junk_kept", [(1, False), (500, True), (0, True)])
def test_a_book_render_prunes_the_cache_past_the_configured_size(
    mae_sai, cache, settings, cap_mb, junk_kept
):
    settings.RENDER_CACHE_MAX_MB = cap_mb
    cached(cache, "junk", 2 * MB, days_ago=1)
    pdf, _pages = documents.render_book(contents.book_data(mae_sai), cache=cache, workers=1)
    assert pdf[:5] == b"%PDF-"
    assert ("junk.pdf" in names(cache)) is junk_kept
    # The sections just rendered are the most recently used: they stay.
    before = len(names(cache))
    documents.render_book(contents.book_data(mae_sai), cache=cache, workers=1)
    assert len(names(cache)) == before

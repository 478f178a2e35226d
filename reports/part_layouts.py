"""A book's missing parts laid out by whichever workers are free, on any machine, through the queue.

The render task (the coordinator) writes the parts it misses as PartLayout rows, HTML and all,
queues helper tasks for the other workers and claims parts itself too. A claim is one
conditional UPDATE (as in reports.leases), so two workers never both win a part, on PostgreSQL
or SQLite, and a part whose worker died is claimable again when its lease runs out. A finished
part's PDF goes into the shared SectionCache (MEDIA_ROOT/render-cache, on storage every machine
sees) and its row is marked done. The coordinator claims until nothing is left, waits for the
parts others hold (never past the render's deadline), and then has every part in the cache.
Each worker lays its claims out in its own bounded pool (reports.documents.layout_pool), so
helpers keep the memory and time limits of a render.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from reports import bounded, documents
from reports.bounded import Deadline
from reports.documents import SectionCache
from reports.models import PartLayout

logger = logging.getLogger(__name__)

# How often a worker with nothing of its own to lay out looks whether the others are done.
POLL_SECONDS = 0.2


def lease_end():
    return timezone.now() + dt.timedelta(seconds=settings.RENDER_PART_LEASE_SECONDS)


def claimable(render: str) -> Q:
    unclaimed = Q(lease_until__isnull=True) | Q(lease_until__lt=timezone.now())
    return Q(render=render, done=False) & unclaimed


def claim(render: str) -> PartLayout | None:
    """The longest part of the render that nobody holds, now held by this worker; None when
    every part is done or held. Two queries, one more for each race lost to another worker."""
    while True:
        part = PartLayout.objects.filter(claimable(render)).order_by("-size", "pk").first()
        if part is None:
            return None
        if take(part):
            return part


def take(part: PartLayout) -> bool:
    """Hold a part read as claimable, if it still is: of two workers that read it, only one
    sees its UPDATE match (the row is locked while it is written, on PostgreSQL and SQLite)."""
    return (
        PartLayout.objects.filter(claimable(part.render), pk=part.pk).update(
            lease_until=lease_end()
        )
        == 1
    )


def finish(part: PartLayout) -> None:
    PartLayout.objects.filter(pk=part.pk).update(done=True, lease_until=None)


def release(parts) -> None:
    """Give parts back (this worker stops): another worker may claim them at once."""
    PartLayout.objects.filter(pk__in=[p.pk for p in parts], done=False).update(lease_until=None)


def renew(parts) -> None:
    PartLayout.objects.filter(pk__in=[p.pk for p in parts], done=False).update(
        lease_until=lease_end()
    )


def left(render: str) -> int:
    return PartLayout.objects.filter(render=render, done=False).count()


def lay_out_claimed(
    render: str,
    cache: SectionCache,
    deadline: Deadline,
    *,
    processes: int,
    until_all_done: bool = False,
    heartbeat: Callable[[], None] = lambda: None,
) -> int:
    """Claim parts of the render and lay them out, `processes` at a time in this worker's
    bounded pool, each PDF into the cache; how many this worker laid out. A helper stops when
    nothing is left to claim; the coordinator (`until_all_done`) goes on until every part is
    done, by whoever. Past the deadline its claims are given back and RenderTimedOut raised."""
    running: dict[Future, PartLayout] = {}
    laid_out, renewed = 0, time.monotonic()
    try:
        while True:
            while len(running) < processes and (part := claim(render)) is not None:
                pool = documents.layout_pool(max(1, processes))
                running[pool.submit(documents.lay_out_html, part.html)] = part
            if running:
                timeout = max(0.0, min(deadline.remaining(), bounded.HEARTBEAT_SECONDS / 4))
                finished, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                for future in finished:
                    part = running[future]
                    cache.put(part.key, future.result()[0])
                    del running[future]
                    finish(part)
                    laid_out += 1
            elif until_all_done and left(render):
                time.sleep(max(0.0, min(deadline.remaining(), POLL_SECONDS)))
            else:
                return laid_out
            deadline.check()
            if time.monotonic() - renewed > settings.RENDER_PART_LEASE_SECONDS / 3:
                renew(running.values())
                heartbeat()
                renewed = time.monotonic()
    except bounded.RenderTimedOut:
        documents.forget_pool(kill=True)
        release(running.values())
        raise
    except (MemoryError, BrokenProcessPool):
        documents.forget_pool(kill=True)
        release(running.values())
        raise bounded.RenderTooBig from None
    except Exception:
        release(running.values())  # a part that cannot be laid out fails its render's coordinator
        raise


@dataclass
class Spread:
    """A render's way of spreading its missing parts over the queue's workers: `enqueue` queues
    one helper task (given the render's id and its deadline as a Unix time)."""

    enqueue: Callable[[str, float], object]
    helpers: int
    processes: int

    def __call__(
        self,
        missing: dict[str, str],
        cache: SectionCache,
        deadline: Deadline,
        keep: Callable[[str, bytes], None],
        heartbeat: Callable[[], None],
    ) -> None:
        """Lay out every missing part (key -> HTML) with the helpers' help; `keep` each PDF."""
        render = uuid.uuid4().hex
        PartLayout.objects.bulk_create(
            PartLayout(render=render, key=key, html=html, size=len(html))
            for key, html in missing.items()
        )
        try:
            ends_at = time.time() + deadline.remaining()
            for _helper in range(min(self.helpers, len(missing) - 1)):
                self.enqueue(render, ends_at)
            lay_out_claimed(
                render, cache, deadline,
                processes=self.processes, until_all_done=True, heartbeat=heartbeat,
            )  # fmt: skip
        finally:
            PartLayout.objects.filter(render=render).delete()
        for key, html in missing.items():
            pdf = cache.get(key)
            if pdf is None:  # pruned meanwhile (or a helper's cache is not this one): here
                pdf = documents.lay_out_one(html, self.processes, deadline)
                cache.put(key, pdf)
            keep(key, pdf)


def help_render(render: str, ends_at: float) -> int:
    """A helper task's work: lay out parts of the render while any are left to claim (none:
    return at once); how many. A part it cannot lay out is given back, so the coordinator meets
    the same error itself and fails the render with it."""
    deadline = Deadline(ends_at - time.time())
    if deadline.remaining() <= 0:
        return 0
    try:
        return lay_out_claimed(
            render, SectionCache(), deadline, processes=documents.layout_processes()
        )
    except bounded.RenderRefused as refused:
        logger.warning("Helping render %s stopped: %s", render, refused)
        return 0

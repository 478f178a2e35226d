"""Renders in child processes with a memory limit and a wall-clock timeout.

A render runs in a forked child whose address space is capped (settings.RENDER_MAX_MEMORY_MB)
and which is killed when it outlives its time (settings.RENDER_TIMEOUT_SECONDS), so a plan with
a megabyte of text can cost a worker a minute and a bounded amount of memory, never the
machine. The book's layout workers (reports.documents.layout_pool) take the same memory cap in
their initializer. The child is forked, so it gets its function and arguments without pickling;
it must not touch the database (its connection is the parent's), only turn data into bytes.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MB = 1024 * 1024
# How often a parent waiting for a child renews the lease of what it renders.
HEARTBEAT_SECONDS = 20


class RenderRefused(Exception):
    """The render went past its limits; the message (Thai) is shown with the failed document."""


class RenderTimedOut(RenderRefused):
    def __init__(self, seconds: float):
        super().__init__(
            _(
                "The document took too long to render (more than %(seconds)s seconds) and was "
                "stopped. Shorten the longest texts or split the plan, then ask again."
            )
            % {"seconds": round(seconds)}
        )


class RenderTooBig(RenderRefused):
    def __init__(self):
        super().__init__(
            _(
                "The document needed more memory than a render may use (%(mb)s MB) and was "
                "stopped. Shorten the longest texts or split the plan, then ask again."
            )
            % {"mb": settings.RENDER_MAX_MEMORY_MB}
        )


@dataclass
class Deadline:
    """The wall-clock time a render may still take."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def for_kind(cls, kind: str) -> Deadline:
        """The deadline of a kind of render: `plan` (a plan or a fund statement) or `book`."""
        return cls(float(settings.RENDER_TIMEOUT_SECONDS[kind]))

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def check(self) -> None:
        if self.remaining() <= 0:
            raise RenderTimedOut(self.seconds)


def memory_limit() -> int:
    """The address space a render's process may map, in bytes (0: no limit)."""
    return int(settings.RENDER_MAX_MEMORY_MB * MB)


def limit_memory(limit: int) -> None:
    """Cap this process's address space; the first thing a render's child does."""
    if not limit:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def run(
    function: Callable,
    *args,
    deadline: Deadline,
    heartbeat: Callable[[], None] | None = None,
):
    """`function(*args)` in a forked child limited in memory and time: its result, or
    RenderTimedOut / RenderTooBig. Other errors of the child come back as a RuntimeError
    carrying its traceback. `heartbeat` is called while waiting, to renew a lease."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, memory_limit(), function, args), daemon=True
    )
    child.start()
    sender.close()
    try:
        while not receiver.poll(max(0.0, min(deadline.remaining(), HEARTBEAT_SECONDS))):
            deadline.check()
            if heartbeat:
                heartbeat()
        try:
            ok, value = receiver.recv()
        except EOFError:  # killed without a word: by the kernel, out of memory
            raise RenderTooBig from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if ok:
        return value
    if value == "memory":
        raise RenderTooBig
    raise RuntimeError(value)


def _child(sender, limit: int, function: Callable, args: tuple) -> None:
    try:
        limit_memory(limit)
        result = function(*args)
    except MemoryError:
        result, ok = "memory", False
    except BaseException:
        result, ok = traceback.format_exc(), False
    else:
        ok = True
    try:
        sender.send((ok, result))
    except MemoryError:
        pass  # the parent reads the closed pipe as "out of memory"
    finally:
        sender.close()

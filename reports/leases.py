"""Leases on background renders: a worker claims a render, renews it as it goes, and a render
whose worker died (its lease ran out) is noticed, to be queued again or given up.

A document and an endorsed snapshot keep the same facts under different names; `Rendered`
names them. Every change here is one conditional UPDATE, so two workers (or a worker and a
sweep) racing for the same row never both win it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.books.models import BookSnapshot, RenderState
from reports.models import Document


@dataclass(frozen=True)
class Rendered:
    """A model whose rows are rendered in the background, and the names of its fields."""

    model: type[models.Model]
    state: str
    progress: str
    error: str
    lease: str
    attempts: str

    def rows(self, pk: int):
        return self.model.objects.filter(pk=pk)

    def stale(self, now: dt.datetime | None = None) -> Q:
        """Running with a lease that ran out (or none: left running by an older version)."""
        now = now or timezone.now()
        expired = Q(**{f"{self.lease}__lt": now}) | Q(**{f"{self.lease}__isnull": True})
        return Q(**{self.state: RenderState.RUNNING}) & expired


DOCUMENTS = Rendered(Document, "state", "progress", "error", "lease_until", "attempts")
SNAPSHOTS = Rendered(
    BookSnapshot, "pdf_state", "pdf_progress", "pdf_error", "pdf_lease_until", "pdf_attempts"
)


def max_attempts() -> int:
    return settings.RENDER_MAX_ATTEMPTS


def lease_end() -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=settings.RENDER_LEASE_SECONDS)


def claim(kind: Rendered, pk: int) -> bool:
    """Take the render for this worker: waiting, or running with a dead worker's lease, with
    attempts left. False when another worker has it (or it is done): then do nothing."""
    claimable = Q(**{kind.state: RenderState.PENDING}) | kind.stale()
    left = Q(**{f"{kind.attempts}__lt": max_attempts()})
    claimed = (
        kind.rows(pk)
        .filter(claimable, left)
        .update(
            **{
                kind.state: RenderState.RUNNING,
                kind.attempts: F(kind.attempts) + 1,
                kind.lease: lease_end(),
                kind.progress: 1,
                kind.error: "",
            }
        )
    )
    return claimed == 1


def renew(kind: Rendered, pk: int, progress: int | None = None) -> None:
    """The worker is alive (and, with `progress`, that far): hold the lease a while longer."""
    fields = {kind.lease: lease_end()}
    if progress is not None:
        fields[kind.progress] = progress
    kind.rows(pk).filter(**{kind.state: RenderState.RUNNING}).update(**fields)


def fail(kind: Rendered, pk: int, message: str) -> None:
    kind.rows(pk).update(**{kind.state: RenderState.FAILED, kind.error: message[:2000]})


def reset(kind: Rendered, pk: int, *, only_if: Q) -> bool:
    """Waiting again from the first attempt (asked again, or the retry button), if `only_if`."""
    fields = {kind.state: RenderState.PENDING, kind.progress: 0, kind.error: ""}
    fields |= {kind.lease: None, kind.attempts: 0}
    return kind.rows(pk).filter(only_if).update(**fields) == 1


def failed_or_stale(kind: Rendered) -> Q:
    return Q(**{kind.state: RenderState.FAILED}) | kind.stale()


def revive(kind: Rendered, pk: int) -> str:
    """A render whose worker died: "queued" again (waiting) if it has attempts left, else
    "failed" with a message saying so; "" when it is not stale (nothing to do)."""
    stale = kind.rows(pk).filter(kind.stale())
    requeue = {kind.state: RenderState.PENDING, kind.progress: 0, kind.lease: None}
    if stale.filter(**{f"{kind.attempts}__lt": max_attempts()}).update(**requeue):
        return "queued"
    message = _(
        "Rendering stopped %(n)s times without finishing (the worker was stopped or ran out "
        "of memory). Ask again; if it fails again, tell CODI staff."
    ) % {"n": max_attempts()}
    if stale.update(**{kind.state: RenderState.FAILED, kind.error: message}):
        return "failed"
    return ""


def stale_ids(kind: Rendered) -> list[int]:
    return list(kind.model.objects.filter(kind.stale()).values_list("pk", flat=True))

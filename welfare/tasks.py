"""Background work of the welfare funds: the daily check that warns and lapses members."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from welfare import standing
from welfare.models import WelfareFund

logger = logging.getLogger(__name__)


@task()
def lapse_overdue_members(warning_days: int = standing.LAPSE_WARNING_DAYS) -> dict[str, int]:
    """Every fund, one at a time: warn members at the limit of missed payments, lapse those
    still there after the warning period, clear the warning of those who paid."""
    today = timezone.localdate()
    totals = {"warned": 0, "lapsed": 0, "cleared": 0}
    for fund in WelfareFund.objects.order_by("pk").iterator():
        run = standing.warn_and_lapse(fund, today, warning_days)
        totals["warned"] += len(run.warned)
        totals["lapsed"] += len(run.lapsed)
        totals["cleared"] += len(run.cleared)
    logger.info("Daily lapse check: %s", totals)
    return totals

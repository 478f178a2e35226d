"""The daily email digest: each person's new notifications and the work waiting for them.

Run by `manage.py send_digests` or the `send_digests` task (reports.tasks), once a day. A person
gets at most one digest a day (Digest is unique per recipient and day), a notification is
emailed once (Notification.emailed_at), and a digest that would only repeat the counts of the
last one is not sent at all. Mail goes through Django's email backend (settings.EMAIL_*).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from councils.buddhist_era import thai_date
from reports import landing, notifications
from reports.models import Digest, Notification

logger = logging.getLogger(__name__)

# The queues a digest reports, in this order (reports.landing.queues); the menu's unread count
# is left out: the digest lists those notifications themselves.
DIGEST_WORK = (
    "plans_to_finish",
    "plans_to_review",
    "tambons_without_plan",
    "claims_to_approve",
    "overdue_followups",
    "projects_to_update",
    "terms_ending",
)


def work_label(name: str, n: int) -> str:
    labels = {
        "plans_to_finish": ngettext(
            "%(n)s plan to finish and submit to the district",
            "%(n)s plans to finish and submit to the district",
            n,
        ),
        "plans_to_review": ngettext(
            "%(n)s plan waiting for your review", "%(n)s plans waiting for your review", n
        ),
        "tambons_without_plan": ngettext(
            "%(n)s tambon without a plan for this year",
            "%(n)s tambons without a plan for this year",
            n,
        ),
        "claims_to_approve": ngettext(
            "%(n)s welfare claim waiting for your approval",
            "%(n)s welfare claims waiting for your approval",
            n,
        ),
        "overdue_followups": ngettext(
            "%(n)s proposal past its due date", "%(n)s proposals past their due date", n
        ),
        "projects_to_update": ngettext(
            "%(n)s project with no progress update for six months",
            "%(n)s projects with no progress update for six months",
            n,
        ),
        "terms_ending": ngettext(
            "%(n)s council member's term ending soon",
            "%(n)s council members' terms ending soon",
            n,
        ),
    }
    return labels[name] % {"n": n}


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0  # nothing new since the last digest, or no email address
    notified: int = 0  # notifications the sweep created first


def recipients():
    """Active people with an email address and something to tell: a notification not yet
    emailed, or a coordinator's role (whose queues may hold work)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(notifications__emailed_at__isnull=True, notifications__read_at__isnull=True)
            | Q(assignments__role__in=landing.COORDINATOR_ROLES)
        )
        .distinct()
        .order_by("pk")
    )


def send_all(today: dt.date | None = None) -> Outcome:
    """Sweep for what fell due, then send each person their digest for today (once)."""
    today = today or timezone.localdate()
    outcome = Outcome(notified=notifications.sweep(today))
    for user in recipients().iterator(chunk_size=500):
        if send_one(user, today):
            outcome.sent += 1
        else:
            outcome.skipped += 1
    return outcome


def send_one(user, today: dt.date) -> bool:
    """Send the person's digest for today, if there is something new; True when it was sent."""
    pending = list(
        Notification.objects.visible_to(user).unread().not_emailed().order_by("created_at", "pk")
    )
    counts = landing.work_counts(user, today)
    work = {name: counts[name] for name in DIGEST_WORK if counts.get(name)}
    last = Digest.objects.filter(recipient=user).order_by("-sent_at").first()
    if not pending and (not work or (last is not None and last.work == work)):
        return False
    try:
        with transaction.atomic():
            digest = Digest.objects.create(recipient=user, sent_on=today, work=work)
            digest.notifications.set(pending)
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
                emailed_at=timezone.now()
            )
            subject, body = compose(user, pending, work, today)
            # Inside the transaction: a mail that could not be sent leaves nothing recorded,
            # and the next run tries again.
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False  # today's digest was already sent (by another run or worker)
    logger.info("Sent the digest of %s: %s notifications", user.pk, len(pending))
    return True


def compose(
    user, pending: list[Notification], work: dict[str, int], today: dt.date
) -> tuple[str, str]:
    """The digest's subject and plain-text body, in Thai (the portal's language)."""
    base = settings.PORTAL_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        items = [
            {"text": n.text, "link": base + reverse("notification_open", args=[n.pk])}
            for n in pending
        ]
        lines = [work_label(name, n) for name, n in work.items()]
        subject = _("CODI portal: what needs you on %(date)s") % {
            "date": thai_date(today, short=True)
        }
        body = render_to_string(
            "reports/digest_email.txt",
            {
                "user": user,
                "notifications": items,
                "work": lines,
                "home_url": base + reverse("home"),
                "notifications_url": base + reverse("notification_list"),
            },
        )
    return subject, body

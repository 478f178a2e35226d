"""App configuration for documents, Thai formatting, dashboards and notifications."""

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and documents")

    def ready(self):
        # Plans and welfare may not import reports; their events reach the notifications here.
        from reports import signals

        post_save.connect(
            signals.plan_state_changed,
            sender="plans.PlanStateChange",
            dispatch_uid="notify-plan-state-change",
        )
        post_save.connect(
            signals.claim_saved, sender="welfare.Claim", dispatch_uid="notify-claim-filed"
        )

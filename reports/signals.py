"""The receivers that turn other apps' saves into notifications (connected in ReportsConfig)."""

from reports import notifications


def plan_state_changed(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        notifications.plan_moved(instance)


def claim_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if created and instance.is_awaiting_approval:
        notifications.claim_filed(instance)
    elif not created:
        notifications.claim_moved(instance)

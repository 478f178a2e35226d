"""What the confirm pages of a strategy book say before a strategic issue is merged into another
or removed, and before a provincial development strategy is removed (councils/confirmation.py):
the counts come from StrategicIssue.gathered and ProvinceStrategy.removal_summary."""

from __future__ import annotations

from django.utils.translation import gettext as _

from councils.confirmation import Fact, Summary
from plans.books.models import ProvinceStrategy, StrategicIssue


def merge(issue: StrategicIssue, into: StrategicIssue) -> Summary:
    tambon, district = issue.gathered()
    return Summary(
        title=_("Merge these strategic issues?"),
        lead=_(
            "Merge “%(issue)s” into “%(into)s”: its %(tambon)s tambon items and %(district)s "
            "district issues, its goal and indicators move there, and “%(issue)s” is removed. "
            "A merge cannot be undone."
        )
        % {"issue": issue.title, "into": into.title, "tambon": tambon, "district": district},
        button=_("Merge into “%(into)s”") % {"into": into.title},
        facts=[
            Fact(_("Tambon items moved"), str(tambon)),
            Fact(_("District issues moved"), str(district)),
        ],
        carry={"into": str(into.pk)},
        danger=True,
    )


def remove(issue: StrategicIssue) -> Summary:
    tambon, district = issue.gathered()
    return Summary(
        title=_("Remove this strategic issue?"),
        lead=_(
            "Remove the strategic issue “%(issue)s”: its %(tambon)s tambon items and %(district)s "
            "district issues go back to the unassigned list; its goal and indicators are lost."
        )
        % {"issue": issue.title, "tambon": tambon, "district": district},
        button=_("Remove the strategic issue"),
        facts=[
            Fact(_("Tambon items unassigned"), str(tambon)),
            Fact(_("District issues unassigned"), str(district)),
        ],
        danger=True,
    )


def remove_strategy(strategy: ProvinceStrategy) -> Summary:
    mapped = strategy.removal_summary()
    return Summary(
        title=_("Remove this provincial development strategy?"),
        lead=_(
            "Remove strategy %(strategy)s of the plan %(period)s: the %(n)s strategic issues "
            "that map to it no longer do, and its coverage is no longer shown. The issues "
            "themselves stay in their books."
        )
        % {"strategy": str(strategy), "period": strategy.period, "n": mapped},
        button=_("Remove the strategy"),
        facts=[Fact(_("Strategic issues that map to it"), str(mapped))],
        danger=True,
    )

"""The registry's demo: councils, organizations, members, partners, users, meetings, records,
leaders, community strength and village data."""

from django.core.management.base import OutputWrapper

from councils.demo import leaders, meetings, records, registry, strength, villages


def seed(stdout: OutputWrapper) -> None:
    registry.seed(stdout)
    meetings.seed(stdout)
    records.seed(stdout)
    leaders.seed(stdout)
    strength.seed(stdout)
    villages.seed(stdout)

"""The registry's demo: councils, organizations, members, partners, users, meetings, records."""

from django.core.management.base import OutputWrapper

from councils.demo import meetings, records, registry


def seed(stdout: OutputWrapper) -> None:
    registry.seed(stdout)
    meetings.seed(stdout)
    records.seed(stdout)

"""The registry's demo: councils, organizations, members, partners and users, then meetings."""

from django.core.management.base import OutputWrapper

from councils.demo import meetings, registry


def seed(stdout: OutputWrapper) -> None:
    registry.seed(stdout)
    meetings.seed(stdout)

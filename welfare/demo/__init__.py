"""The welfare funds' demo: funds with members, a few years of contributions and claims."""

from django.core.management.base import OutputWrapper

from welfare.demo import funds


def seed(stdout: OutputWrapper) -> None:
    funds.seed(stdout)

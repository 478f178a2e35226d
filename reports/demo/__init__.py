"""The documents' demo: Chumphon's provincial book endorsed, and projects citing resolutions."""

from django.core.management.base import OutputWrapper

from reports.demo import documents


def seed(stdout: OutputWrapper) -> None:
    documents.seed(stdout)

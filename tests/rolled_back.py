"""Rows shared by a module or package of tests, in a transaction rolled back after the last one.

Each test still runs in its own savepoint inside that transaction (pytest-django's `db`), so it
sees the shared rows and never what another test wrote. Nothing is committed, so no flush is
needed afterwards and the geography the migrations loaded stays as it is.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back_at_end(django_db_blocker) -> Iterator[None]:
    """Open the outer transaction; what the fixture writes inside it (through
    `django_db_blocker.unblock()`) is rolled back when the block ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

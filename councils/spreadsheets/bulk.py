"""Writing many new rows at once, in one statement: COPY on PostgreSQL, executemany on SQLite.

An import of 100,000 rows spent most of its write in bulk_create turning every value into SQL
parameters, and on SQLite bulk_create sends a query per 47 rows of 21 columns (its limit of
999 parameters); COPY takes the rows as they are, and one prepared INSERT run for every row is
one query. Like bulk_create these send no signals and run no save(): the rows must be complete
model instances (defaults set by the constructor), checked before they come here, and the
import records itself (councils.audit.record_import).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.db import models

# Fields whose Python value (a str, int, bool, date or None) COPY takes as it is; any other
# field's value goes through the field's own get_db_prep_save.
PLAIN_FIELDS = frozenset(
    {
        "BigIntegerField", "BooleanField", "CharField", "DateField", "ForeignKey",
        "IntegerField", "PositiveBigIntegerField", "PositiveIntegerField",
        "PositiveSmallIntegerField", "SmallIntegerField", "TextField",
    }
)  # fmt: skip


def insert_new(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert `objs` as new rows of `model`'s table (their primary keys are not read back)."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.db_returning]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    if connection.vendor != "postgresql":
        rows = [
            [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
            for obj in objs
        ]
        values = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})", rows)  # noqa: S608
        return
    statement = f"COPY {table} ({columns}) FROM STDIN"
    # (attribute, None) for a plain value, (attribute, field) for one the field prepares
    plain = [(f.attname, None if f.get_internal_type() in PLAIN_FIELDS else f) for f in fields]
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row(
                [
                    getattr(obj, name)
                    if field is None
                    else field.get_db_prep_save(getattr(obj, name), connection)
                    for name, field in plain
                ]
            )

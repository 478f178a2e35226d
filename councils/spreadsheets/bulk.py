"""Writing many new rows at once: COPY on PostgreSQL, bulk_create on SQLite.

An import of 100,000 rows spends most of its write in bulk_create turning every value into SQL
parameters; COPY takes the rows as they are. Like bulk_create it sends no signals and runs no
save(): the rows must be complete model instances (defaults set by the constructor), checked
before they come here, and the import records itself (councils.audit.record_import).
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
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs)
        return
    fields = [f for f in model._meta.concrete_fields if not f.db_returning]
    quote = connection.ops.quote_name
    statement = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    # (attribute, None) for a plain value, (attribute, field) for one the field prepares
    columns = [(f.attname, None if f.get_internal_type() in PLAIN_FIELDS else f) for f in fields]
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row(
                [
                    getattr(obj, name)
                    if field is None
                    else field.get_db_prep_save(getattr(obj, name), connection)
                    for name, field in columns
                ]
            )

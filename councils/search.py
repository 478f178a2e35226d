"""Admin searches that read indexed columns only, and the trigram indexes behind them.

At the national size a search that matches `%term%` over a whole table, or ORs columns of
several joined tables (which no index can answer), reads every row (issue 14). So an admin
names two sets of fields: `code_search_fields`, prefix or exact matches on codes and numbers,
searched when every term looks like a code ("8405", "12/2552"); and `search_fields`, the
model's own name columns, searched otherwise. On PostgreSQL each name column has a trigram
index on UPPER(column), the expression Django's `icontains` and `istartswith` compare, so a
part of a Thai name is found through the index; SQLite (small databases) scans.
"""

import re
from collections.abc import Sequence

from django.db import migrations

CODE = re.compile(r"[\d/.\-]+")


def looks_like_code(search_term: str) -> bool:
    terms = search_term.split()
    return bool(terms) and all(CODE.fullmatch(term) for term in terms)


def trigram_index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[:63]


def trigram_indexes(*table_columns: tuple[str, str]) -> migrations.RunPython:
    """A migration operation adding a trigram GIN index on UPPER(column) for each pair, and the
    statistics of it, on PostgreSQL only. It creates pg_trgm itself (IF NOT EXISTS), so it
    depends on no other app's migration."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column in table_columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{trigram_index_name(table, column)}" '
                f'ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )
        # Until a table is analysed the planner has no statistics of the indexed expression and
        # guesses that a name matches a few rows: for a common name (77,000 of 773,000 audit
        # entries) it then sorts every match instead of walking the date index, 335 ms
        # against 1 ms at the national size.
        for table in dict.fromkeys(table for table, _column in table_columns):
            schema_editor.execute(f'ANALYZE "{table}"')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in table_columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{trigram_index_name(table, column)}"')

    return migrations.RunPython(create, drop, elidable=False)


def fields_for(search_term: str, names: Sequence[str], codes: Sequence[str]) -> Sequence[str]:
    return codes if codes and looks_like_code(search_term) else names

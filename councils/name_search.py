"""Finding people by name in national tables: each word typed matched so an index can answer.

On PostgreSQL the name columns of fund members and council members carry trigram indexes
(pg_trgm, GIN over UPPER(name), made by the apps' migrations), which serve Django's icontains
and istartswith as they are written (UPPER(name::text) LIKE UPPER(...)). A trigram needs three
letters: a shorter word matches the start of a name, which the index still serves, where "the
two letters anywhere" would read every row.
"""

from django.db.models import Q

SHORT_WORD = 3
MOST_WORDS = 5


def words_in_names(text: str, fields: tuple[str, ...]) -> Q:
    """Every word in one of the fields ("สมศรี ใจ" finds สมศรี ใจดี)."""
    found = Q()
    for word in text.split()[:MOST_WORDS]:
        lookup = "icontains" if len(word) >= SHORT_WORD else "istartswith"
        in_any = Q()
        for field in fields:
            in_any |= Q(**{f"{field}__{lookup}": word})
        found &= in_any
    return found


# The most rows a search in a national list keeps; a name that common needs a second word.
MOST_FOUND = 1000


def found_first(queryset, found):
    """The rows of queryset that a search found, read by the search's indexes alone before the
    list is ordered.

    A list ordered by the model's order with a LIMIT lets PostgreSQL walk that order's index and
    test each row against the name (it guesses that 1 % of rows match), which for a rare name
    reads most of the table; the rows found first by the trigram indexes are a short list of ids.
    """
    ids = found.order_by().values_list("pk", flat=True)[:MOST_FOUND]
    return queryset.filter(pk__in=list(ids))

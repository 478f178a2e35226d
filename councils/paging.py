"""A paginator that never counts a whole national table: the admin's lists use it.

Django's admin counts every row of a list to number its pages, which at the national size
(6 million ledger entries, 600,000 fund members) costs more than the page itself. This one
counts at most COUNT_CAP rows (a COUNT over a LIMITed subquery); past that the list says
"more than 10,000" and offers the pages up to there. Searching or filtering narrows the rest.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    count_cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not hasattr(rows, "query"):
            return len(rows)
        # Ordering means nothing to a count; a sliced queryset counts in a subquery.
        return rows.order_by()[: self.count_cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.count_cap

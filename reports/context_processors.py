"""What every page's menu shows of the person's work: the counts beside the sections."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from reports import landing


def work_counts(request: HttpRequest) -> dict:
    """The counts, read (in one query) only when a page's menu shows them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"work_counts": SimpleLazyObject(lambda: landing.counts_for(request))}

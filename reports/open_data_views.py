"""Open data downloads from the public pages: an endorsed book's projects with their progress,
and a fund's statement, as CSV and JSON (reports.open_data), without personal data."""

import json

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from councils.buddhist_era import is_be_year
from reports import open_data
from welfare.models import WelfareFund

CSV = "text/csv; charset=utf-8"
JSON = "application/json; charset=utf-8"
# Public figures that change when someone records an update: a short shared cache is enough
# (a signed-in reader's copy is never kept: councils.middleware.PrivateCacheMiddleware).
MAX_AGE = 300
FUNDS = WelfareFund.objects.select_related("council__subdistrict__district__province")


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def public_book_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per tambon project behind the endorsed book; a book never endorsed is a 404."""
    snapshot = open_data.endorsed_snapshot_or_404(pk)
    response = StreamingHttpResponse(open_data.book_csv(snapshot), content_type=CSV)
    return _download(response, f"strategy-book-{snapshot.book_id}.csv")


def public_book_json(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = open_data.endorsed_snapshot_or_404(pk)
    response = StreamingHttpResponse(open_data.book_json(snapshot), content_type=JSON)
    return _download(response, f"strategy-book-{snapshot.book_id}.json")


def _fund_and_year(pk: int, year: int) -> WelfareFund:
    """Public like the statement page (welfare.views.statement): any fund, a B.E. year."""
    fund = get_object_or_404(FUNDS, pk=pk)
    if not is_be_year(year):
        raise Http404
    return fund


def fund_statement_csv(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    fund = _fund_and_year(pk, year)
    response = HttpResponse("".join(open_data.statement_csv(fund, year)), content_type=CSV)
    return _download(response, f"welfare-{fund.pk}-{year}.csv")


def fund_statement_json(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    fund = _fund_and_year(pk, year)
    body = json.dumps(open_data.statement_json(fund, year), ensure_ascii=False, indent=1)
    return _download(HttpResponse(body, content_type=JSON), f"welfare-{fund.pk}-{year}.json")

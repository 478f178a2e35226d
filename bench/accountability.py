"""The provincial accountability page of Nakhon Ratchasima beside a bare Django view, in one run.

    DATABASE_URL=sqlite:///bench/accountability.sqlite3 \
        .venv/bin/python -m bench.accountability [-n 30]

The first run migrates the bench database and generates the province (bench/generate.py: 32
districts, 289 tambons, an accepted plan of 20 projects with budgets each), then adds an
execution history: an agency per tambon, and for five projects of most tambons an update (taken
into the SAO's or the PAO's plan with commitments, spending, under way, done, delayed or not
funded; every seventh tambon records nothing). Then, through the test client with a logged-in
provincial coordinator, it times N requests of the provincial accountability page and N of a
bare view (the same middleware, a view that returns "ok"), and prints the median, p95, queries
and the ratio of the medians (target <= 10).
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///bench/accountability.sqlite3")
# The test client speaks plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# Static files under their plain names: no collectstatic needed (settings.STATIC_MANIFEST).
os.environ.setdefault("STATIC_MANIFEST", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path, reverse  # noqa: E402

from bench.generate import PROVINCE, make_province  # noqa: E402
from councils.access import Role  # noqa: E402
from councils.models import Assignment, Council, Partner  # noqa: E402
from plans.books.models import StrategyBook  # noqa: E402
from plans.execution.models import Commitment, ProjectUpdate, Spending  # noqa: E402
from plans.models import PlanProject  # noqa: E402
from portal.urls import urlpatterns as portal_urls  # noqa: E402

# What became of a tambon's first five projects: (status, progress, agency, committed by
# (year, source), spent by (year, source), months ago). A few shapes, so that the execution
# state is written in a few calls of the state writer's own path (_record_execution).
LG = "local_government"
HISTORIES = (
    ("under_way", 40, "sao", {(2569, LG): 100_000}, {(2569, LG): 30_000}, 2),
    ("done", 100, "pao", {(2569, "pao"): 50_000}, {(2569, "pao"): 50_000}, 4),
    ("under_way", 20, "sao", {(2570, LG): 200_000}, {}, 1),
    ("not_funded", 0, None, {}, {}, 9),
    ("delayed", 10, "pao", {(2570, "pao"): 80_000}, {(2570, "pao"): 5_000}, 8),
)  # fmt: skip
AGENCY_PLANS = {"sao": "local_development", "pao": "pao", None: ""}
TODAY = dt.date(2026, 11, 30)


def bare(request):
    return HttpResponse("ok")


urlpatterns = [*portal_urls, path("bench/bare/", bare, name="bench_bare")]


def add_history(recorder) -> int:
    """Updates, commitments and spending for the generated province, bulk-created; the execution
    state written by PlanProject.objects.filter(...)._record_execution(...), which is the state
    writer's own path (record_update calls it), one call per shape of history."""
    councils = list(Council.objects.in_area(PROVINCE).select_related("subdistrict"))
    pao = Partner.objects.create(name="องค์การบริหารส่วนจังหวัดนครราชสีมา", kind="pao", area_code="30")
    made = Partner.objects.bulk_create(
        Partner(name=f"อบต.{c.subdistrict.name_th}", kind=LG, area_code=c.subdistrict_id)
        for c in councils
    )
    saos = {partner.area_code: partner for partner in made}
    projects = (
        PlanProject.objects.in_area(PROVINCE)
        .filter(issue__order__lte=2)
        .values_list("pk", "issue__plan__council__subdistrict_id")
        .order_by("issue__plan__council__subdistrict_id", "order")
    )
    by_tambon: dict[str, list[int]] = {}
    for pk, tambon in projects:
        by_tambon.setdefault(tambon, []).append(pk)
    shapes: dict[int, list[int]] = {}
    updates = []
    for index, (tambon, pks) in enumerate(sorted(by_tambon.items())):
        if index % 7 == 6:
            continue  # a tambon that records nothing: listed as quiet
        for shape, pk in enumerate(pks[: len(HISTORIES)]):
            status, progress, agency, _c, _s, months = HISTORIES[shape]
            shapes.setdefault(shape, []).append(pk)
            adopted = {"sao": saos[tambon], "pao": pao, None: None}[agency]
            updates.append(
                ProjectUpdate(
                    project_id=pk, happened_on=TODAY - dt.timedelta(days=30 * months),
                    status=status, progress=progress, by=recorder, adopted_by=adopted,
                    agency_plan=AGENCY_PLANS[agency],
                )
            )  # fmt: skip
    updates = ProjectUpdate.objects.bulk_create(updates, batch_size=2000)
    shape_of = {pk: shape for shape, pks in shapes.items() for pk in pks}
    commitments, spending = [], []
    for update in updates:
        _st, _p, _a, committed, spent, _m = HISTORIES[shape_of[update.project_id]]
        commitments += [
            Commitment(update=update, fiscal_year=y, source=s, amount=Decimal(a))
            for (y, s), a in committed.items()
        ]
        spending += [
            Spending(update=update, fiscal_year=y, source=s, amount=Decimal(a))
            for (y, s), a in spent.items()
        ]
    Commitment.objects.bulk_create(commitments, batch_size=2000)
    Spending.objects.bulk_create(spending, batch_size=2000)
    for shape, pks in shapes.items():
        status, progress, agency, committed, spent, months = HISTORIES[shape]
        PlanProject.objects.filter(pk__in=pks)._record_execution(
            execution_status=status,
            progress=progress,
            last_update_on=TODAY - dt.timedelta(days=30 * months),
            taken_into_plan=agency is not None,
            committed_total=Decimal(sum(committed.values())),
            spent_total=Decimal(sum(spent.values())),
        )
    return len(updates)


def timed(client: Client, url: str, n: int) -> tuple[list[float], int, int]:
    """Seconds of each of n requests, the queries of one, and the response's size."""
    # Each request empties the connection's query log when it starts; counted here, not there.
    request_started.disconnect(reset_queries)
    try:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    finally:
        request_started.connect(reset_queries)
    queries = len(captured.captured_queries)  # read from the log, before the next request
    assert response.status_code == 200, (url, response.status_code)
    laps = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(url)
        laps.append(time.perf_counter() - started)
    return laps, queries, len(response.content)


def p95(laps: list[float]) -> float:
    return sorted(laps)[max(0, round(0.95 * len(laps)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=30, help="requests of each view")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not StrategyBook.objects.filter(area_code=PROVINCE, level="province").exists():
        started = time.perf_counter()
        make_province()
        print(f"generated the province in {time.perf_counter() - started:.1f} s")
    User = get_user_model()
    coordinator, created = User.objects.get_or_create(username="bench_korat")
    if created:
        Assignment.objects.create(
            user=coordinator, role=Role.PROVINCE_COORDINATOR, area_code=PROVINCE
        )
    if not ProjectUpdate.objects.in_area(PROVINCE).exists():
        started = time.perf_counter()
        with transaction.atomic():
            made = add_history(coordinator)
        print(f"added {made} updates in {time.perf_counter() - started:.1f} s")
    projects = PlanProject.objects.in_area(PROVINCE).count()
    print(
        f"province {PROVINCE}: {Council.objects.in_area(PROVINCE).count()} councils, "
        f"{projects} projects, {ProjectUpdate.objects.in_area(PROVINCE).count()} updates, "
        f"{Commitment.objects.in_area(PROVINCE).count()} commitments, "
        f"{Spending.objects.in_area(PROVINCE).count()} spending lines; "
        f"database {connection.vendor}"
    )

    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(coordinator)
        pages = {
            "bare view": reverse("bench_bare"),
            "accountability, province": reverse("area_accountability", args=[PROVINCE]),
            "projects behind a figure": reverse("area_accountability_projects", args=[PROVINCE])
            + "?status=done&source=pao",
        }
        results = {name: timed(client, url, args.n) for name, url in pages.items()}

    print()
    print(f"{'':28}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'KiB':>8}")
    for name, (laps, queries, size) in results.items():
        print(
            f"{name:28}{statistics.median(laps) * 1000:>10.1f}{p95(laps) * 1000:>10.1f}"
            f"{queries:>9}{size / 1024:>8.0f}"
        )
    bare_median = statistics.median(results["bare view"][0])
    for name in list(pages)[1:]:
        ratio = statistics.median(results[name][0]) / bare_median
        print(f"ratio {name} / bare view (medians): {ratio:.1f}   (target <= 10)")
    print(f"{args.n} requests each, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())

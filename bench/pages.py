"""Every list, roll-up, dashboard and admin page at national size, as its persona, against a
bare Django view measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \\
        .venv/bin/python -m bench.pages [-n 20] [--only NAME] [--explain]

The database is the one `python -m bench.national generate` fills. Requests go through Django's
test client in this process (the whole middleware stack, no network, no server): each persona
logs in with force_login (CODI staff also pass the second factor, as tests/accounts_helpers.py
does), each page is requested once to count its queries and then n times to time it. The bare
view is a function that returns "ok", served through the same middleware for the same persona.
Printed per page: median and p95 in ms, queries, the ratio of the median to the bare view's and
whether it meets the target (median at most 300 ms). `--explain` prints EXPLAIN ANALYZE of the
three slowest queries of every page that misses. The table is Markdown, for bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass

from django.http import HttpResponse
from django.urls import path

TARGET_MS = 300
FISCAL_YEAR = 2569
STATEMENT_YEAR = 2569
SEARCH = "สมชาย"


def bare(request):
    return HttpResponse("ok")


def _urlpatterns():
    from portal.urls import urlpatterns as portal

    return [path("bench/bare/", bare, name="bench_bare"), *portal]


def __getattr__(name):
    # This module is the ROOT_URLCONF while it measures: the portal's URLs plus the bare view.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    url: str


@dataclass
class Result:
    page: Page
    status: int
    times: list[float]
    queries: int
    captured: list[dict]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


PERSONAS = ("tambon", "district", "province", "regional", "national", "public")


def clients() -> dict:
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    made = {"public": Client()}
    for persona in PERSONAS[:-1]:
        user = User.objects.get(username=f"bench_{persona}")
        client = Client()
        client.force_login(user)
        if user.is_staff:
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="bench app", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        made[persona] = client
    return made


def pages() -> list[Page]:
    """The pages, with the objects they show found in the generated data."""
    from django.contrib.auth.models import User

    from councils.meetings.models import Meeting
    from councils.models import Council
    from plans.books.models import StrategyBook
    from plans.models import CommunityPlan, PlanProject
    from welfare.models import Claim, Member, WelfareFund

    def area(persona: str) -> str:
        return User.objects.get(username=f"bench_{persona}").assignments.get().area_code

    tambon, district, province = area("tambon"), area("district"), area("province")
    council = Council.objects.get(subdistrict_id=tambon)
    plan = CommunityPlan.objects.filter(council=council).first()
    project = PlanProject.objects.filter(issue__plan=plan).first()
    fund = WelfareFund.objects.get(council=council)
    member = Member.objects.filter(fund=fund).order_by("member_no").first()
    claim = Claim.objects.filter(fund=fund).first()
    meeting = Meeting.objects.filter(council=council).order_by("-held_on").first()
    province_book = StrategyBook.objects.get(level="province", area_code=province)
    district_book = StrategyBook.objects.get(level="district", area_code=district)
    endorsed = StrategyBook.objects.filter(state="endorsed").first()
    c, f, b = council.pk, fund.pk, province_book.pk
    found = [
        # the tambon coordinator's pages
        Page("landing (tambon)", "tambon", "/"),
        Page("council page", "tambon", f"/councils/{c}/"),
        Page("council leaders", "tambon", f"/councils/{c}/leaders/"),
        Page("council succession", "tambon", f"/councils/{c}/succession/"),
        Page("council strength", "tambon", f"/councils/{c}/strength/"),
        Page("annual report", "tambon", f"/councils/{c}/annual-reports/2568/"),
        Page("plan list", "tambon", "/plans/"),
        Page("plan page", "tambon", f"/plans/{plan.pk}/"),
        Page("project page", "tambon", f"/plans/{plan.pk}/projects/{project.pk}/"),
        Page("plan local-plan form", "tambon", f"/plans/{plan.pk}/local-plan-form/"),
        Page("meeting list", "tambon", "/meetings/"),  # to the tambon's meeting calendar
        Page("meeting page", "tambon", f"/meetings/{meeting.pk}/"),
        Page("welfare home", "tambon", "/welfare/"),  # to the fund's page
        Page("fund page", "tambon", f"/funds/{f}/"),
        Page("member list", "tambon", f"/funds/{f}/members/"),
        Page("member search", "tambon", f"/funds/{f}/members/?q={SEARCH}"),
        Page("member page", "tambon", f"/funds/{f}/members/{member.pk}/"),
        Page("behind list", "tambon", f"/funds/{f}/behind/"),
        Page("ledger list", "tambon", f"/funds/{f}/ledger/"),
        Page("claim list", "tambon", f"/funds/{f}/claims/"),
        Page("claim page", "tambon", f"/funds/{f}/claims/{claim.pk}/"),
        Page("fund statement", "tambon", f"/funds/{f}/statement/{STATEMENT_YEAR}/"),
        Page("notifications (tambon)", "tambon", "/notifications/"),
        # the district coordinator's
        Page("landing (district)", "district", "/"),
        Page("area overview district", "district", f"/areas/{district}/"),
        Page("review queue", "district", f"/areas/{district}/reviews/"),
        Page("area plans dashboard district", "district", f"/areas/{district}/plans/"),
        Page("accountability district", "district", f"/areas/{district}/accountability/"),
        Page("area welfare district", "district", f"/areas/{district}/welfare/"),
        Page("area strength district", "district", f"/areas/{district}/strength/"),
        Page("area villages district", "district", f"/areas/{district}/villages/"),
        Page("meeting calendar district", "district", f"/areas/{district}/meetings/"),
        Page("follow-up board district", "district", f"/areas/{district}/follow-up/"),
        Page("district local-plan form", "district", f"/areas/{district}/local-plan-form/"),
        Page("book page district", "district", f"/books/{district_book.pk}/"),
        Page("notifications (district)", "district", "/notifications/"),
        # the provincial coordinator's
        Page("landing (province)", "province", "/"),
        Page("area overview province", "province", f"/areas/{province}/"),
        Page("area plans dashboard province", "province", f"/areas/{province}/plans/"),
        Page("accountability province", "province", f"/areas/{province}/accountability/"),
        Page(
            "accountability projects province",
            "province",
            f"/areas/{province}/accountability/projects/",
        ),
        Page("area welfare province", "province", f"/areas/{province}/welfare/"),
        Page("area strength province", "province", f"/areas/{province}/strength/"),
        Page("area villages province", "province", f"/areas/{province}/villages/"),
        Page("meeting calendar province", "province", f"/areas/{province}/meetings/"),
        Page("follow-up board province", "province", f"/areas/{province}/follow-up/"),
        Page("book list", "province", "/books/"),
        Page("book page province", "province", f"/books/{b}/"),
        Page("book provenance", "province", f"/books/{b}/provenance/"),
        Page("book accountability", "province", f"/books/{b}/accountability/"),
        Page("strategy list", "province", f"/areas/{province}/strategies/"),
        Page("notifications (province)", "province", "/notifications/"),
        # CODI staff
        Page("landing (regional)", "regional", "/"),
        Page("area overview province (regional)", "regional", f"/areas/{province}/"),
        Page("landing (national)", "national", "/"),
        Page("area index", "national", "/areas/"),
        Page("national strength", "national", "/strength/"),
        Page("admin index", "national", "/admin/"),
        # the public
        Page("public book list", "public", "/public/books/"),
        Page("public book", "public", f"/public/books/{endorsed.pk if endorsed else 0}/"),
        Page("public council", "public", f"/public/councils/{tambon}/"),
    ]
    for label, model in (
        ("ledger entries", "welfare/ledgerentry"),
        ("welfare members", "welfare/member"),
        ("council members", "councils/councilmember"),
        ("projects", "plans/planproject"),
        ("meetings", "councils/meeting"),
        ("persons", "councils/person"),
        ("audit log", "councils/auditentry"),
        ("councils", "councils/council"),
        ("funds", "welfare/welfarefund"),
    ):
        found.append(Page(f"admin {label}", "national", f"/admin/{model}/"))
        found.append(Page(f"admin {label} search", "national", f"/admin/{model}/?q={SEARCH}"))
    return found


def measure(client, page: Page, n: int, budget_s: float = 30.0) -> Result:
    """One request that counts the queries, then n timed ones (fewer, but at least three, when
    a slow page would take more than budget_s). Redirects are followed, as a browser does."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # each request resets the log; CaptureQueriesContext counts from its start
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url, secure=True, follow=True)
    # Read now: the next request's request_started signal empties the log these come from.
    queries = list(captured.captured_queries)
    times: list[float] = []
    while len(times) < n and (len(times) < 3 or sum(times) < budget_s * 1000):
        started = time.perf_counter()
        client.get(page.url, secure=True, follow=True)
        times.append((time.perf_counter() - started) * 1000)
    return Result(page, response.status_code, times, len(queries), queries)


def explain(result: Result, out) -> None:
    from django.db import connection

    selects = [q for q in result.captured if q["sql"].lstrip().upper().startswith("SELECT")]
    slowest = sorted(selects, key=lambda q: float(q["time"]), reverse=True)[:3]
    print(f"\n### {result.page.name}: {result.page.url}\n", file=out)
    for query in slowest:
        print(f"-- {float(query['time']) * 1000:.0f} ms\n{query['sql'][:1500]}\n", file=out)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()), file=out)
        print(file=out)


def run(n: int, only: str = "", show_explain: bool = False, out=sys.stdout) -> list[Result]:
    from django.db import connection
    from django.test.utils import override_settings

    load = os.getloadavg()
    with override_settings(ROOT_URLCONF="bench.pages"):
        personas = clients()
        chosen = [p for p in pages() if only.lower() in p.name.lower()]
        bare_ms = {}
        for persona in sorted({p.persona for p in chosen}):
            bare_ms[persona] = measure(personas[persona], Page("bare", persona, "/bench/bare/"), n)
        results = []
        for page in chosen:
            results.append(result := measure(personas[page.persona], page, n))
            print(f"{page.name}: {result.status}, {result.median:.0f} ms", file=sys.stderr)
    print(
        f"{connection.settings_dict['NAME']}, n = {n}, load average before "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n",
        file=out,
    )
    print(
        "| page | persona | status | n | median ms | p95 ms | queries | × bare | ≤ 300 ms |",
        file=out,
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|", file=out)
    for persona, result in sorted(bare_ms.items()):
        print(
            f"| bare view | {persona} | {result.status} | {len(result.times)} | "
            f"{result.median:.1f} | {result.p95:.1f} | {result.queries} | 1.0 | |",
            file=out,
        )
    for result in results:
        ratio = result.median / bare_ms[result.page.persona].median
        ok = "yes" if result.status == 200 and result.median <= TARGET_MS else "**no**"
        print(
            f"| {result.page.name} | {result.page.persona} | {result.status} | "
            f"{len(result.times)} | {result.median:.0f} | {result.p95:.0f} | {result.queries} | "
            f"{ratio:.1f} | {ok} |",
            file=out,
        )
    missing = [r for r in results if r.status != 200 or r.median > TARGET_MS]
    print(
        f"\n{len(results) - len(missing)} of {len(results)} pages meet the target; missing: "
        + (", ".join(r.page.name for r in missing) or "none"),
        file=out,
    )
    if show_explain:
        for result in missing:
            if result.status == 200:
                explain(result, out)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pages", description=__doc__.split("\n")[0]
    )
    parser.add_argument("-n", type=int, default=20, help="timed requests per page")
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the misses")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # Static files under their plain names: no collectstatic needed (settings.STATIC_MANIFEST).
    os.environ.setdefault("STATIC_MANIFEST", "0")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Measure at national size: point DATABASE_URL at the generated database.")
    run(args.n, args.only, args.explain)


if __name__ == "__main__":
    main()

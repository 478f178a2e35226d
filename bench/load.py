"""Load test: 50 users on the production server, the personas' pages beside a bare view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \
        .venv/bin/python -m bench.load [--users 50] [--seconds 60] [--workers 3] [--config FILE]
        [--think SECONDS] [--skip 'welfare roll-up' ...] [--keep DIR]

Against a migrated, filled database (bench/national.py, or `manage.py seed_demo` for a small
one), in one run:

1. finds one user per persona (national, regional, provincial, district and tambon coordinator,
   CODI staff in the admin) and the pages each uses: their landing page, area overview, plans
   dashboard, accountability, welfare roll-up and strength pages, their council, plan and fund,
   the fund's members and behind list, the admin changelists of the big tables;
2. logs each persona in once: a session signed into a cookie (bench/load_settings.py), holding
   what `django.contrib.auth.login` and `django_otp.login` store; a staff persona's session
   names their confirmed OTP device (one is created for a staff persona who has none), so the
   second factor is passed as the portal checks it, not bypassed;
3. starts gunicorn (`portal.wsgi`, sync workers, DEBUG off, the production settings behind a
   TLS proxy: every request says X-Forwarded-Proto https) on a free local port;
4. requests every page twice, alone (each must answer 200: a redirect to the login is an
   error; the second request's time is the page's own, without the queue of the load), then
   runs locust headless twice, for --seconds each after all users have started: all users on
   the bare view (the same middleware and sessions, a view that returns "ok"), then the same
   users on their pages, picked by weight; users do not wait between requests (unless --think),
   so the figures are the server's capacity; the latency is then mostly the queue: with U users
   and nobody thinking, the median is about U / (requests per second);
5. prints requests/s, median, p95 and errors of both runs, the ratio of the throughputs, the
   slowest pages (under load and alone) and the load average, against the targets (at least a
   third of the bare view's throughput, p95 under 1 s, no errors).

Locust runs on the same machine, in a process of its own (bench/load_users.py). Every process
started here is stopped when the run ends, however it ends.
"""

import argparse
import contextlib
import csv
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BARE_URL = "/bench/bare/"
# Behind nginx every request arrives as HTTPS: the production settings stay as they are.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
TARGET_RATIO = 1 / 3
TARGET_P95_MS = 1000


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    weight: int


@dataclass
class Persona:
    name: str
    users: int  # of 50: how many of the load's users are this persona
    username: str
    cookie: str = ""
    pages: list[Page] = field(default_factory=list)


# Summaries of locust's statistics (pure functions: tests/bench/test_load.py).


@dataclass(frozen=True)
class Figures:
    name: str
    requests: int
    failures: int
    per_second: float
    median_ms: float
    p95_ms: float


def read_figures(rows: list[dict[str, str]]) -> tuple[Figures, list[Figures]]:
    """The whole run and each page, from the rows of locust's `<prefix>_stats.csv`."""

    def figures(row: dict[str, str]) -> Figures:
        def number(column: str) -> float:
            value = row[column]
            return 0.0 if value in ("", "N/A") else float(value)

        return Figures(
            name=row["Name"],
            requests=int(row["Request Count"]),
            failures=int(row["Failure Count"]),
            per_second=number("Requests/s"),
            median_ms=number("Median Response Time"),
            p95_ms=number("95%"),
        )

    pages = [figures(row) for row in rows if row["Name"] != "Aggregated"]
    (total,) = [figures(row) for row in rows if row["Name"] == "Aggregated"]
    return total, pages


def slowest(pages: list[Figures], n: int) -> list[Figures]:
    return sorted(pages, key=lambda page: (page.median_ms, page.p95_ms), reverse=True)[:n]


def verdicts(bare: Figures, portal: Figures) -> list[tuple[str, str, bool]]:
    """(what, measured, target met) for each of the load test's three targets."""
    ratio = portal.per_second / bare.per_second if bare.per_second else 0.0
    errors = bare.failures + portal.failures
    return [
        (
            "throughput, pages / bare view",
            f"{ratio:.2f} (1/{1 / ratio:.1f})" if ratio else "0",
            ratio >= TARGET_RATIO,
        ),
        ("p95 of the pages", f"{portal.p95_ms:.0f} ms", portal.p95_ms < TARGET_P95_MS),
        ("errors", str(errors), errors == 0),
    ]


def report(
    bare: Figures, portal: Figures, pages: list[Figures], alone: dict[str, float], n: int = 10
) -> str:
    """The table of both runs, the targets, and the n slowest pages under load, each with the
    time it took on its own (one request on the idle server) beside it."""
    lines = [f"{'':24}{'requests':>9}{'req/s':>8}{'median ms':>11}{'p95 ms':>8}{'errors':>8}"]
    for name, run in (("bare view", bare), ("the personas' pages", portal)):
        lines.append(
            f"{name:24}{run.requests:>9}{run.per_second:>8.1f}{run.median_ms:>11.0f}"
            f"{run.p95_ms:>8.0f}{run.failures:>8}"
        )
    lines.append("")
    targets = (">= 0.33", "< 1000 ms", "0")
    for (what, measured, met), target in zip(verdicts(bare, portal), targets, strict=True):
        lines.append(f"{what:32}{measured:>16}   target {target:10} {'met' if met else 'MISSED'}")
    lines += [
        "",
        f"{'slowest pages under load':40}{'requests':>9}{'median ms':>11}{'p95 ms':>8}"
        f"{'errors':>8}{'alone ms':>10}",
    ]
    for page in slowest(pages, n):
        on_its_own = f"{alone[page.name]:.0f}" if page.name in alone else ""
        lines.append(
            f"  {page.name:38}{page.requests:>9}{page.median_ms:>11.0f}{page.p95_ms:>8.0f}"
            f"{page.failures:>8}{on_its_own:>10}"
        )
    return "\n".join(lines)


# The personas and their pages, read from the database.


def find_personas() -> list[Persona]:
    """One user per persona and the pages each uses, weighted like real use."""
    from django.contrib.auth import get_user_model
    from django.db.models import OuterRef, Subquery
    from django.urls import reverse

    from councils.access import Role
    from councils.geography import REGION_PROVINCES
    from councils.models import Assignment, Council
    from plans.models import CommunityPlan
    from welfare.models import Member

    def assignment(role: str, **filters) -> Assignment:
        found = (
            Assignment.objects.filter(role=role, user__is_active=True, **filters)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if found is None:
            raise SystemExit(
                f"No active user holds the role {role!r} here: fill the database first "
                "(python -m bench.national generate, or manage.py seed_demo)."
            )
        return found

    def area(name: str, code: str) -> str:
        return reverse(name, args=[code])

    # The first tambon coordinator (by id) whose council has a plan and a fund.
    first_coordinator = (
        Assignment.objects.filter(
            role=Role.TAMBON_COORDINATOR, user__is_active=True, area_code=OuterRef("subdistrict_id")
        )
        .order_by("pk")
        .values("pk")[:1]
    )
    council = (
        Council.objects.active()
        .filter(welfare_fund__isnull=False, plans__isnull=False)
        .annotate(coordinator=Subquery(first_coordinator))
        .filter(coordinator__isnull=False)
        .select_related("welfare_fund")
        .order_by("coordinator")
        .first()
    )
    if council is None:
        raise SystemExit("No tambon coordinator keeps a council with a plan and a fund here.")
    tambon = assignment(Role.TAMBON_COORDINATOR, area_code=council.subdistrict_id)
    plan = CommunityPlan.objects.filter(council=council).order_by("-first_year", "-pk").first()
    fund = council.welfare_fund

    district = assignment(Role.DISTRICT_COORDINATOR)
    district_plan = (
        CommunityPlan.objects.in_area(district.area_code).order_by("-first_year", "pk").first()
    )
    if district_plan is None:
        raise SystemExit(f"The district coordinator's district {district.area_code} has no plan.")
    province = assignment(Role.PROVINCE_COORDINATOR)
    regional = assignment(Role.CODI_REGIONAL)
    in_region = REGION_PROVINCES.get(regional.region, ())
    region_province = next(
        (
            code
            for code in sorted(in_region, key=lambda code: code != province.area_code)
            if Council.objects.in_area(code).exists()
        ),
        province.area_code,
    )
    national = assignment(Role.CODI_NATIONAL, user__is_staff=True)
    somebody = Member.objects.order_by("pk").values_list("last_name", flat=True).first() or "a"
    member_search = "?" + urlencode({"q": somebody})

    def changelist(model: str) -> str:
        return reverse(f"admin:{model.replace('.', '_')}_changelist")

    P = Page
    personas = [
        Persona("tambon coordinator", 20, tambon.user.username, pages=[
            P("tambon: landing", reverse("home"), 3),
            P("tambon: council page", council.get_absolute_url(), 2),
            P("tambon: plan page", reverse("plan_detail", args=[plan.pk]), 2),
            P("tambon: fund page", reverse("fund_detail", args=[fund.pk]), 3),
            P("tambon: member list", reverse("member_list", args=[fund.pk]), 3),
            P("tambon: behind list", reverse("behind_list", args=[fund.pk]), 1),
        ]),
        Persona("district coordinator", 8, district.user.username, pages=[
            P("district: landing", reverse("home"), 3),
            P("district: area overview", area("area_overview", district.area_code), 3),
            P("district: plans dashboard", area("area_dashboard", district.area_code), 2),
            P("district: accountability", area("area_accountability", district.area_code), 1),
            P("district: welfare roll-up", area("area_welfare", district.area_code), 1),
            P("district: strength", area("area_strength", district.area_code), 1),
            P("district: plan page", reverse("plan_detail", args=[district_plan.pk]), 2),
            P("district: council page", district_plan.council.get_absolute_url(), 1),
        ]),
        Persona("provincial coordinator", 6, province.user.username, pages=[
            P("province: landing", reverse("home"), 3),
            P("province: area overview", area("area_overview", province.area_code), 3),
            P("province: plans dashboard", area("area_dashboard", province.area_code), 2),
            P("province: accountability", area("area_accountability", province.area_code), 2),
            P("province: welfare roll-up", area("area_welfare", province.area_code), 1),
            P("province: strength", area("area_strength", province.area_code), 1),
        ]),
        Persona("CODI regional staff", 4, regional.user.username, pages=[
            P("regional: provinces", reverse("area_index"), 2),
            P("regional: area overview", area("area_overview", region_province), 2),
            P("regional: plans dashboard", area("area_dashboard", region_province), 1),
            P("regional: strength", area("area_strength", region_province), 1),
            P("regional: welfare roll-up", area("area_welfare", region_province), 1),
        ]),
        Persona("CODI national staff", 4, national.user.username, pages=[
            P("national: provinces", reverse("area_index"), 2),
            P("national: strength", reverse("national_strength"), 2),
            P("national: area overview", area("area_overview", province.area_code), 1),
            P("national: accountability", area("area_accountability", province.area_code), 1),
            P("national: welfare roll-up", area("area_welfare", province.area_code), 1),
        ]),
        Persona("CODI staff, admin", 8, national.user.username, pages=[
            P("admin: index", reverse("admin:index"), 1),
            P("admin: councils", changelist("councils.council"), 2),
            P("admin: council members", changelist("councils.councilmember"), 2),
            P("admin: persons", changelist("councils.person"), 1),
            P("admin: fund members", changelist("welfare.member"), 2),
            P("admin: fund member search", changelist("welfare.member") + member_search, 1),
            P("admin: ledger entries", changelist("welfare.ledgerentry"), 2),
            P("admin: plan projects", changelist("plans.planproject"), 1),
            P("admin: meetings", changelist("councils.meeting"), 1),
        ]),
    ]  # fmt: skip
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=[persona.username for persona in personas]
    )}  # fmt: skip
    for persona in personas:
        persona.cookie = session_cookie(users[persona.username])
    print(
        f"tambon {council.subdistrict_id}: fund of {fund.members.count()} members; "
        f"district {district.area_code}, province {province.area_code}, "
        f"region {regional.region} (province {region_province})"
    )
    return personas


def session_cookie(user) -> str:
    """A `Cookie:` value that logs the user in, with the second factor passed for staff.

    It holds what django.contrib.auth.login and django_otp.login put in the session, without
    their signals: logging in would write last_login and an access-log row into the database.
    """
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from councils.two_factor import needs_second_factor

    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if needs_second_factor(user):
        session[DEVICE_ID_SESSION_KEY] = otp_device(user).persistent_id
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def otp_device(user):
    """The staff member's confirmed authenticator; one is enrolled for the load if none is."""
    from django_otp import devices_for_user
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = next(devices_for_user(user, confirmed=True), None)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="load test", confirmed=True)
        print(f"enrolled an authenticator for {user.username} (none was confirmed)")
    return device


def without(personas: list[Persona], skipped: list[str]) -> list[Persona]:
    """The personas with the pages whose label holds one of the texts left out; a persona left
    with no page is left out too."""
    kept = []
    for persona in personas:
        persona.pages = [p for p in persona.pages if not any(t in p.label for t in skipped)]
        if persona.pages:
            kept.append(persona)
    return kept


# The processes: gunicorn and locust.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], log: Path, env: dict[str, str] | None = None):
    """A process in a session of its own (its children with it), stopped on the way out."""
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process's group, then SIGKILL if it has not ended in 15 s."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


def get(port: int, url: str, cookie: str = "", timeout: float = 60) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", url, headers={**PROXY_HEADERS, "Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_serving(server: subprocess.Popen, port: int, log: Path, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}):\n{log.read_text()}")
        with contextlib.suppress(OSError):
            if get(port, BARE_URL, timeout=5) == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within {seconds} s:\n{log.read_text()}")


def check_pages(port: int, personas: list[Persona]) -> dict[str, float]:
    """Every page as its persona, twice: each must answer 200 before the load starts. Returns
    the milliseconds of the second request of each page (the first fills the worker's caches).
    """
    wrong, alone = [], {}
    for persona in personas:
        for page in persona.pages:
            status = get(port, page.url, persona.cookie)
            started = time.perf_counter()
            get(port, page.url, persona.cookie)
            alone[page.label] = (time.perf_counter() - started) * 1000
            print(f"  {page.label:38} {status}  {alone[page.label]:6.0f} ms  {page.url}")
            if status != 200:
                wrong.append(f"{page.label}: {page.url} answered {status}")
    if wrong:
        raise SystemExit("Pages that do not answer 200:\n  " + "\n  ".join(wrong))
    return alone


def run_locust(
    target: str, args: argparse.Namespace, port: int, plan: Path, out: Path
) -> tuple[Figures, list[Figures]]:
    prefix = out / target
    # The statistics restart once every user has started (--reset-stats): the run lasts that
    # much longer, so that --seconds are measured.
    run_time = args.seconds + math.ceil(args.users / args.spawn_rate)
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load_users.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING", "--reset-stats",
        "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{run_time}s", "--host", f"http://127.0.0.1:{port}",
        "--csv", str(prefix),
    ]  # fmt: skip
    env = {
        **os.environ,
        "LOAD_PLAN": str(plan),
        "LOAD_TARGET": target,
        "LOAD_THINK": str(args.think),
    }
    log = out / f"{target}-locust.log"
    with running(command, log, env) as locust:
        try:
            locust.wait(run_time + 120)
        except subprocess.TimeoutExpired:
            raise SystemExit(f"locust did not end:\n{log.read_text()}") from None
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise SystemExit(f"locust wrote no statistics:\n{log.read_text()}")
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open() as rows:
            for row in csv.DictReader(rows):
                print(f"  {target} error: {row['Name']}: {row['Error']} ({row['Occurrences']}x)")
    with stats.open() as rows:
        return read_figures(list(csv.DictReader(rows)))


def load_average() -> str:
    return " ".join(f"{load:.1f}" for load in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--seconds", type=int, default=60, help="of each of the two runs")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn's sync workers")
    parser.add_argument(
        "--config", help="a gunicorn config file (its bind and workers are overridden)"
    )
    parser.add_argument(
        "--think", type=float, default=0, help="mean seconds a user waits between two requests"
    )
    parser.add_argument("--keep", type=Path, help="keep locust's CSVs and the logs here")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="TEXT",
        help="leave out the pages whose label holds TEXT (e.g. 'welfare roll-up'); repeatable",
    )
    args = parser.parse_args()
    # SIGTERM ends this process through its finally blocks, like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    # The server runs without DEBUG, as in production; so does this process, which signs the
    # sessions with the same settings. Both inherit them from here.
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.load_settings"
    os.environ["DEBUG"] = "0"
    # Static files under their plain names (settings.STATIC_MANIFEST): the pages are measured,
    # not WhiteNoise, and no collectstatic is needed before a run.
    os.environ.setdefault("STATIC_MANIFEST", "0")

    import django

    django.setup()
    from django.db import connection

    personas = without(find_personas(), args.skip)
    connection.close()  # this process only reads before the load; it holds no connection
    with contextlib.ExitStack() as stack:
        if args.keep:
            out = args.keep
            out.mkdir(parents=True, exist_ok=True)
        else:
            out = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="load-")))
        plan = out / "plan.json"
        plan.write_text(json.dumps({"bare": BARE_URL, "personas": [asdict(p) for p in personas]}))

        port = free_port()
        command = [
            sys.executable, "-m", "gunicorn", "portal.wsgi", "--chdir", str(ROOT),
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
            *(["--config", args.config] if args.config else []),
        ]  # fmt: skip
        log = out / "gunicorn.log"
        server = stack.enter_context(running(command, log, dict(os.environ)))
        wait_until_serving(server, port, log)
        print(f"gunicorn: {args.workers} sync workers on port {port}; each page alone:")
        alone = check_pages(port, personas)

        print(
            f"\nlocust: {args.users} users (+{args.spawn_rate:g}/s, thinking {args.think:g} s), "
            f"{args.seconds} s on the bare view, then {args.seconds} s on the pages; "
            f"load average {load_average()}"
        )
        bare, _ = run_locust("bare", args, port, plan, out)
        print(f"bare view done; load average {load_average()}")
        portal, pages = run_locust("portal", args, port, plan, out)
        print(f"pages done; load average {load_average()}\n")
        print(report(bare, portal, pages, alone))
        if server.poll() is not None:
            print(f"\ngunicorn ended during the run:\n{log.read_text()}")


if __name__ == "__main__":
    sys.exit(main())

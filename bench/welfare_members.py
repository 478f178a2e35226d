"""A big fund's pages beside a bare Django view: 30,000 members, about 12 contributions each.

    createdb -h 127.0.0.1 -U postgres h_standing_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_standing_bench \\
        .venv/bin/python -m bench.welfare_members [-n 20]

The first run migrates the database and builds one fund in Mae Sai (PostgreSQL COPY): 30,000
members who joined over six years, each with about 12 monthly contributions of 30 baht (some
paid in lump sums, some partly, one in fifty reversed), so that most of them are behind by a
varying number of payments; and 173,400 council members spread over the councils of the north
for the admin's council member list. Then, through the test client, as the fund's tambon
coordinator it times the fund page, the behind list (page 1 and a middle page) and the member
list searched by name and by number; as a national CODI staff member (second factor passed) the
admin's fund members searched by name, its ledger entries and its council members searched by
name; each beside a bare view (the same middleware, a view that returns "ok"). It prints the
median, p95, queries and the ratio of the medians to the bare view's (target: <= 300 ms median).
"""

import argparse
import datetime as dt
import importlib
import io
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# Static files under their plain names: no collectstatic needed (settings.STATIC_MANIFEST).

os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_standing_bench")
# The test client speaks plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q, Sum  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from bench.accountability import bare, p95, timed  # noqa: E402, F401
from councils.access import Role  # noqa: E402
from councils.models import Assignment, Council, CouncilMember, Subdistrict  # noqa: E402
from welfare import standing  # noqa: E402
from welfare.models import Member, WelfareFund  # noqa: E402

TAMBON = "570101"  # Wiang, Mae Sai: the bench fund's tambon
MEMBERS = 30_000
COUNCIL_MEMBERS = 173_400
TODAY = dt.date.today()
FIRST = ("บุญมา", "สมพร", "จันทร์เพ็ญ", "ประยูร", "อำไพ", "สุรชัย", "มาลี", "สมชาย", "วันเพ็ญ")
LAST = ("แก้วมณี", "ทองดี", "ศรีสุข", "บุญเรือง", "คำแสน", "ใจดี", "สุขเจริญ", "มณีวงศ์")

urlpatterns = None  # set below, once the portal's URLs are importable


def citizen_id(n: int) -> str:
    body = f"3{n:011d}"
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(body)) % 11) % 10
    return body + str(check)


def name(rng: random.Random, n: int) -> tuple[str, str]:
    # Names repeat as in a real tambon, with a number so that a search narrows to a few.
    return rng.choice(FIRST), f"{rng.choice(LAST)}{n % 997}"


def copy_rows(table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        while data := buffer.read(1 << 20):
            copy.write(data)


def month_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def build_fund(rng: random.Random) -> WelfareFund:
    council, _ = Council.objects.get_or_create(
        subdistrict=Subdistrict.objects.get(code=TAMBON),
        defaults={"name": "สภาองค์กรชุมชนตำบลเวียง", "registered_on": dt.date(2009, 10, 1)},
    )
    fund = WelfareFund.objects.create(
        council=council, name="กองทุนสวัสดิการชุมชนตำบลเวียง",
        contribution_amount=30, contribution_period=WelfareFund.Period.MONTH,
    )  # fmt: skip
    member_rows = []
    for n in range(1, MEMBERS + 1):
        first, last = name(rng, n)
        joined = TODAY - dt.timedelta(days=rng.randrange(30, 6 * 365))
        born = dt.date(1960, 1, 1) + dt.timedelta(n % 15000)
        member_rows.append(
            (fund.pk, n, "", first, last, citizen_id(n), born,
             "unspecified", n % 12 + 1, "working_age", "", "", joined, "active", None, None, "",
             None, None, "", None, 0)
        )  # fmt: skip
    copy_rows(
        "welfare_member",
        ["fund_id", "member_no", "title", "first_name", "last_name", "citizen_id", "birth_date",
         "sex", "village_no", '"group"', "beneficiaries", "phone", "joined_on", "status",
         "status_changed_on", "consented_on", "consent_version", "consent_recorded_by_id",
         "status_changed_by_id", "status_note", "lapse_warned_on", "contributed_total"],
        member_rows,
    )  # fmt: skip
    joined_of = dict(fund.members.values_list("pk", "joined_on"))
    entries, total = [], 0
    now = dt.datetime.now(dt.UTC).isoformat()
    for pk, joined in joined_of.items():
        for month in range(rng.choice((6, 10, 12, 12, 12, 14, 18))):
            day = month_after(joined, month)
            if day > TODAY:
                break
            amount = rng.choice((30, 30, 30, 30, 15, 60))
            entries.append(
                (fund.pk, "contribution", day, amount, "members", pk, "", now, *CONTRIBUTION)
            )
            total += amount
    copy_rows(
        "welfare_ledgerentry",
        ["fund_id", "kind", "occurred_on", "amount", "source", "member_id", "description",
         "recorded_at", *COUNTS_AS],
        entries,
    )  # fmt: skip
    # One contribution in fifty reversed (a bounced cheque), as the ledger would post it.
    contributions = list(
        fund.entries.filter(kind="contribution").values_list("pk", "member_id", "amount")
    )
    reversals = [
        (fund.pk, "reversal", TODAY, -amount, "", member, "เช็คเด้ง", now, pk, *CONTRIBUTION)
        for pk, member, amount in contributions[::50]
    ]
    copy_rows(
        "welfare_ledgerentry",
        ["fund_id", "kind", "occurred_on", "amount", "source", "member_id", "description",
         "recorded_at", "reverses_id", *COUNTS_AS],
        reversals,
    )  # fmt: skip
    # What the ledger keeps on each member (LedgerEntry.save; the COPY above skips it).
    with connection.cursor() as cursor:
        cursor.execute(importlib.import_module(MIGRATION).RECOUNT)
    total -= sum(row[3] for row in reversals) * -1
    WelfareFund.objects.filter(pk=fund.pk).update(balance=total)
    return fund


# What a contribution and its reversal count as (LedgerEntry.count_as), written with them.
COUNTS_AS = ("counts_as", "counts_as_source", "counts_as_benefit")
CONTRIBUTION = ("contribution", "members", "")
MIGRATION = "welfare.migrations.0011_member_contributed_total"  # its RECOUNT sums the ledger


def build_council_members(rng: random.Random) -> None:
    councils = list(Council.objects.filter(subdistrict__code__startswith="5"))
    missing = [
        Council(subdistrict=tambon, name=f"สภาองค์กรชุมชนตำบล{tambon.name_th}")
        for tambon in Subdistrict.objects.filter(code__startswith="5").exclude(
            code__in=Council.objects.values("subdistrict_id")
        )
    ]
    councils += Council.objects.bulk_create(missing, batch_size=2000)
    rows = []
    for n in range(COUNCIL_MEMBERS):
        first, last = name(rng, n)
        selected = TODAY - dt.timedelta(days=n % 1400)
        rows.append(
            (councils[n % len(councils)].pk, "", first, last, "unspecified", "representative",
             "member", n % 12 + 1, "", selected, selected + dt.timedelta(days=4 * 365), "")
        )  # fmt: skip
    copy_rows(
        "councils_councilmember",
        ["council_id", "title", "first_name", "last_name", "sex", "seat", "role", "village_no",
         "community_name", "selected_on", "term_ends_on", "phone"],
        rows,
    )  # fmt: skip


def python_behind(fund: WelfareFund, today: dt.date) -> list[tuple[int, int]]:
    """The standing as it was computed before issue 14: every active member read with their
    contributions summed, then Member.missed_payments in Python, member by member."""
    contributed = Sum(
        "entries__amount",
        filter=Q(entries__kind="contribution")
        | Q(entries__kind="reversal", entries__reverses__kind="contribution"),
    )
    members = fund.members.filter(status=Member.Status.ACTIVE).annotate(contributed=contributed)
    rows = []
    for member in members.order_by("member_no"):
        member.fund = fund
        if missed := member.missed_payments(TODAY, contributed=member.contributed or 0):
            rows.append((member.member_no, missed))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def seconds(work, n: int) -> list[float]:
    laps = []
    for _ in range(n):
        started = time.perf_counter()
        work()
        laps.append(time.perf_counter() - started)
    return laps


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20, help="requests of each page")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark builds its data with COPY: give it a PostgreSQL DATABASE_URL.")

    call_command("migrate", verbosity=0)
    rng = random.Random(14)
    fund = WelfareFund.objects.filter(council__subdistrict_id=TAMBON).first()
    if fund is None:
        started = time.perf_counter()
        with transaction.atomic():
            fund = build_fund(rng)
        print(f"built the fund in {time.perf_counter() - started:.1f} s")
    if CouncilMember.objects.count() < COUNCIL_MEMBERS:
        started = time.perf_counter()
        with transaction.atomic():
            build_council_members(rng)
        print(f"built the council members in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    User = get_user_model()
    coordinator, created = User.objects.get_or_create(username="bench_wiang")
    if created:
        Assignment.objects.create(user=coordinator, role=Role.TAMBON_COORDINATOR, area_code=TAMBON)
    staff, created = User.objects.get_or_create(
        username="bench_codi", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        Assignment.objects.create(user=staff, role=Role.CODI_NATIONAL, area_code="")

    counts = standing.counts(fund, TODAY)
    pages = -(-counts.behind // standing.PAGE_SIZE)
    print(
        f"fund {fund.pk}: {fund.members.count():,} members, {fund.entries.count():,} ledger "
        f"entries, {counts.behind:,} behind ({counts.warned:,} warned, {counts.lapsing:,} "
        f"lapsing), {pages} pages; {CouncilMember.objects.count():,} council members; "
        f"database {connection.vendor}"
    )

    from django.urls import path

    from portal.urls import urlpatterns as portal_urls

    global urlpatterns
    urlpatterns = [*portal_urls, path("bench/bare/", bare, name="bench_bare")]
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(coordinator)
        admin = staff_client(staff)
        behind = reverse("behind_list", args=[fund.pk])
        members = reverse("member_list", args=[fund.pk])
        requests = {
            "bare view": (client, reverse("bench_bare")),
            "fund page": (client, reverse("fund_detail", args=[fund.pk])),
            "behind list, page 1": (client, behind),
            "behind list, middle page": (client, f"{behind}?page={max(pages // 2, 1)}"),
            "member list, name search": (client, f"{members}?q=สมพร+ทองดี1"),
            "member list, member no.": (client, f"{members}?q=12345"),
            "admin members, name search": (
                admin, reverse("admin:welfare_member_changelist") + "?q=ทองดี12"
            ),
            "admin ledger entries": (admin, reverse("admin:welfare_ledgerentry_changelist")),
            "admin council members": (
                admin, reverse("admin:councils_councilmember_changelist")
            ),
            "admin council members, search": (
                admin, reverse("admin:councils_councilmember_changelist") + "?q=มณีวงศ์12"
            ),
        }  # fmt: skip
        results = {label: timed(who, url, args.n) for label, (who, url) in requests.items()}

    print()
    print(f"{'':32}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'KiB':>8}{'ratio':>8}")
    bare_median = statistics.median(results["bare view"][0])
    for label, (laps, queries, size) in results.items():
        median = statistics.median(laps)
        print(
            f"{label:32}{median * 1000:>10.1f}{p95(laps) * 1000:>10.1f}{queries:>9}"
            f"{size / 1024:>8.0f}{median / bare_median:>8.1f}"
        )
    print(f"{args.n} requests each, target <= 300 ms median, load {os.getloadavg()[0]:.1f}")

    # The standing alone, in this process: the Python computation it replaced beside the SQL.
    runs = max(args.n // 4, 3)
    old = seconds(lambda: python_behind(fund, TODAY), runs)
    new_counts = seconds(lambda: standing.counts(fund, TODAY), runs)
    new_page = seconds(lambda: list(standing.behind_page(fund, TODAY, 1, counts.behind)), runs)
    assert [(r.member.member_no, r.missed) for r in standing.behind(fund, TODAY)] == (
        python_behind(fund, TODAY)
    )
    print()
    for label, laps in (
        ("standing in Python (before)", old),
        ("standing counts, one query", new_counts),
        ("behind page 1, one query", new_page),
    ):
        print(f"{label:32}{statistics.median(laps) * 1000:>10.1f}{p95(laps) * 1000:>10.1f}")
    ratio = statistics.median(old) / statistics.median(new_counts)
    print(f"Python standing / SQL counts (medians): {ratio:.1f}x, {runs} runs each")


if __name__ == "__main__":
    sys.exit(main())

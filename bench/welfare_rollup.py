"""The welfare roll-ups at national size on PostgreSQL, beside a bare Django view, in one run.

    createdb -h 127.0.0.1 -U postgres h_ledger_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_ledger_bench \
        .venv/bin/python -m bench.welfare_rollup [-n 30] [--explain]

The first run migrates the database and builds the national ledger in SQL (INSERT ... SELECT
over generate_series, a few minutes): 2,000 funds in councils spread evenly over the 7,436
tambons of all 77 provinces, 300 members each (600,000), and 3,034 entries per fund (6,068,000):
ten monthly contributions of 297 members (on days spread over the month), 30 paid claims, two
grants, two expenses and 30 reversals (27 contributions, 3 payouts; about 1 %), written in date
order across the country as a real ledger grows. Then, through the test client, it times N
requests each of a bare view (the same middleware, a view that returns "ok"), the provincial and
a district welfare roll-up as the province's coordinator, and a fund's page and its public
statement of the year, and prints the median, p95, queries and the ratio of each median to the
bare view's (target: <= 300 ms).

With --explain it also prints EXPLAIN ANALYZE of the roll-up's payouts query as it was (the
ledger joined to itself on reverses_id, filtered on the joined row's kind) and as it is (the
stored counts_as), on the same data.
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# Static files under their plain names: no collectstatic needed (settings.STATIC_MANIFEST).

os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_ledger_bench")
# The test client speaks plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q, Sum  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.accountability import p95, timed  # noqa: E402
from councils.access import Role  # noqa: E402
from councils.buddhist_era import fiscal_year_be  # noqa: E402
from councils.models import Assignment  # noqa: E402
from welfare.models import LedgerEntry, WelfareFund  # noqa: E402

FUNDS = 2000
MEMBERS = 300  # per fund
PAYING = 297  # members who pay ten months each
MONTHS = 10
CLAIMS = 30  # paid claims per fund
REVERSED_CONTRIBUTIONS = 27
REVERSED_PAYOUTS = 3
FIRST_MONTH = "2025-11-01"  # FY 2569

BUILD = [
    # 2,000 tambons spread evenly over the country's 7,436 (every province has some).
    """
    CREATE TEMP TABLE bench_tambon AS
    SELECT code, name_th FROM (
        SELECT code, name_th, row_number() OVER (ORDER BY code) AS n,
               count(*) OVER () AS total
        FROM councils_subdistrict
    ) s
    WHERE (n * %(funds)s) / total > ((n - 1) * %(funds)s) / total
    """,
    """
    INSERT INTO councils_council (name, registration_number, registered_on, status,
        office_address, phone, created_at, updated_at, subdistrict_id)
    SELECT 'สภาองค์กรชุมชนตำบล' || name_th, '', DATE '2009-10-01', 'active', '', '', now(),
        now(), code
    FROM bench_tambon ORDER BY code
    """,
    """
    INSERT INTO welfare_welfarefund (name, established_on, contribution_amount,
        contribution_period, lapse_after_missed, balance, created_at, council_id)
    SELECT 'กองทุนสวัสดิการชุมชนตำบล' || t.name_th, DATE '2012-01-01', 30, 'month', 3, 0, now(),
        c.id
    FROM councils_council c JOIN bench_tambon t ON t.code = c.subdistrict_id ORDER BY c.id
    """,
    """
    INSERT INTO welfare_benefittype (fund_id, kind, name, name_en, amount, waiting_days,
        is_active)
    SELECT f.id, b.kind, b.name, '', b.amount, 180, true
    FROM welfare_welfarefund f CROSS JOIN (VALUES
        ('birth', 'รับขวัญบุตร', 500), ('sickness', 'นอนโรงพยาบาล', 500),
        ('elderly', 'บำนาญผู้สูงอายุ', 500), ('death', 'ฌาปนกิจ', 500)
    ) AS b(kind, name, amount)
    """,
    """
    INSERT INTO welfare_member (fund_id, member_no, title, first_name, last_name, citizen_id,
        birth_date, sex, "group", beneficiaries, phone, joined_on, status, consent_version,
        status_note, contributed_total)
    SELECT f.id, n, 'นาง', 'สมาชิก' || n, 'กองทุน' || f.id,
        lpad((f.id * 1000 + n)::text, 13, '1'), DATE '1960-01-01' + n * 37, 'female',
        'working_age', '', '', DATE '2015-01-01' + n, 'active', '', '', 0
    FROM welfare_welfarefund f CROSS JOIN generate_series(1, %(members)s) AS n
    """,
    """
    INSERT INTO welfare_claim (fund_id, member_id, benefit_type_id, event_on, amount,
        description, status, filed_at, filed_by_id, rejected_reason, exception_reason,
        waived_rules)
    SELECT m.fund_id, m.id, b.id, DATE %(first)s + m.member_no * 9, 500, '', 'paid', now(),
        %(user)s, '', '', '[]'
    FROM welfare_member m
    JOIN welfare_benefittype b ON b.fund_id = m.fund_id AND b.kind = (ARRAY[
        'birth', 'sickness', 'elderly', 'death'])[m.member_no %% 4 + 1]
    WHERE m.member_no <= %(claims)s
    """,
    # The ledger in date order across the country: contributions, grants, expenses, payouts.
    """
    INSERT INTO welfare_ledgerentry (fund_id, kind, occurred_on, amount, source, member_id,
        claim_id, description, recorded_at, counts_as, counts_as_source, counts_as_benefit)
    SELECT fund_id, kind, occurred_on, amount, source, member_id, claim_id, '', now(), kind,
        source, benefit
    FROM (
        SELECT m.fund_id, 'contribution' AS kind,
            (DATE %(first)s + make_interval(months => k, days => m.member_no %% 28))::date
                AS occurred_on,
            30 AS amount, 'members' AS source, m.id AS member_id, NULL::bigint AS claim_id,
            '' AS benefit, m.id AS tie
        FROM welfare_member m CROSS JOIN generate_series(0, %(months)s - 1) AS k
        WHERE m.member_no <= %(paying)s
        UNION ALL
        SELECT f.id, g.kind, DATE %(first)s + g.day, g.amount, g.source, NULL, NULL, '', f.id
        FROM welfare_welfarefund f CROSS JOIN (VALUES
            ('grant', 20, 10000, 'codi'), ('grant', 50, 5000, 'local_government'),
            ('expense', 40, -300, ''), ('expense', 200, -450, '')
        ) AS g(kind, day, amount, source)
        UNION ALL
        SELECT c.fund_id, 'benefit', c.event_on + 3, -c.amount, '', c.member_id, c.id, b.kind,
            c.id
        FROM welfare_claim c JOIN welfare_benefittype b ON b.id = c.benefit_type_id
    ) AS e
    ORDER BY occurred_on, tie
    """,
    # About 1 %% reversed: the first month's contribution of 27 members, and 3 payouts.
    """
    INSERT INTO welfare_ledgerentry (fund_id, kind, occurred_on, amount, source, member_id,
        reverses_id, description, recorded_at, counts_as, counts_as_source, counts_as_benefit)
    SELECT e.fund_id, 'reversal', e.occurred_on + 5, -e.amount, e.source, e.member_id, e.id,
        'บันทึกผิด', now(), e.counts_as, e.counts_as_source, e.counts_as_benefit
    FROM welfare_ledgerentry e JOIN welfare_member m ON m.id = e.member_id
    WHERE (e.kind = 'contribution' AND e.occurred_on < DATE %(first)s + 28
           AND m.member_no <= %(reversed_contributions)s)
       OR (e.kind = 'benefit' AND m.member_no <= %(reversed_payouts)s)
    ORDER BY e.occurred_on + 5, e.id
    """,
    # A reversed payout's claim is back to awaiting payment.
    """
    UPDATE welfare_claim SET status = 'approved'
    WHERE id IN (SELECT e.claim_id FROM welfare_ledgerentry e
                 JOIN welfare_ledgerentry r ON r.reverses_id = e.id)
    """,
    """
    UPDATE welfare_welfarefund f SET balance = s.total
    FROM (SELECT fund_id, sum(amount) AS total FROM welfare_ledgerentry GROUP BY fund_id) s
    WHERE s.fund_id = f.id
    """,
    """
    UPDATE welfare_member m SET contributed_total = s.total
    FROM (SELECT member_id, sum(amount) AS total FROM welfare_ledgerentry
          WHERE counts_as = 'contribution' GROUP BY member_id) s
    WHERE s.member_id = m.id
    """,
]


def build(user_id: int) -> None:
    params = {
        "funds": FUNDS, "members": MEMBERS, "paying": PAYING, "months": MONTHS,
        "claims": CLAIMS, "first": FIRST_MONTH, "user": user_id,
        "reversed_contributions": REVERSED_CONTRIBUTIONS, "reversed_payouts": REVERSED_PAYOUTS,
    }  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        # The rows are made consistent by construction: checking six million foreign keys at
        # commit took longer than writing them (replica role: no foreign-key triggers).
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        for sql in BUILD:
            started = time.perf_counter()
            cursor.execute(sql, params)
            print(f"  {cursor.rowcount:>9} rows in {time.perf_counter() - started:5.1f} s")
    with connection.cursor() as cursor:
        for table in ("welfare_ledgerentry", "welfare_member", "welfare_claim"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def payouts_before(funds: list[int]):
    """The roll-up's payouts query as it was: a reversal's kind read from the entry it reverses."""
    kind = Coalesce("reverses__kind", "kind")
    benefit = Coalesce("claim__benefit_type__kind", "reverses__claim__benefit_type__kind")
    return (
        LedgerEntry.objects.filter(fund__in=funds)
        .annotate(b=benefit, k=kind)
        .filter(k=LedgerEntry.Kind.BENEFIT)
        .values("b")
        .annotate(total=Sum("amount"), n=Count("pk", filter=Q(kind=LedgerEntry.Kind.BENEFIT)))
        .order_by()
    )


def payouts_now(funds: list[int]):
    return (
        LedgerEntry.objects.filter(fund__in=funds, counts_as=LedgerEntry.Kind.BENEFIT)
        .values("counts_as_benefit")
        .annotate(total=Sum("amount"), n=Count("pk", filter=Q(kind=LedgerEntry.Kind.BENEFIT)))
        .order_by()
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=30, help="requests of each view")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the payouts")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench.welfare_rollup builds its ledger in PostgreSQL's SQL: set DATABASE_URL")

    call_command("migrate", verbosity=0)
    User = get_user_model()
    clerk, _ = User.objects.get_or_create(username="bench_welfare_clerk")
    if not WelfareFund.objects.exists():
        print("building the national ledger:")
        started = time.perf_counter()
        build(clerk.pk)
        print(f"built in {time.perf_counter() - started:.1f} s")
    # The province with the most funds, and its district with the most.
    funds = WelfareFund.objects.values_list("pk", "council__subdistrict_id")
    by_province: dict[str, list[tuple[int, str]]] = {}
    for pk, tambon in funds:
        by_province.setdefault(tambon[:2], []).append((pk, tambon))
    province, in_province = max(by_province.items(), key=lambda item: len(item[1]))
    by_district: dict[str, int] = {}
    for _pk, tambon in in_province:
        by_district[tambon[:4]] = by_district.get(tambon[:4], 0) + 1
    district = max(by_district, key=by_district.get)
    fund_pk = in_province[0][0]
    coordinator, created = User.objects.get_or_create(username=f"bench_welfare_{province}")
    if created:
        Assignment.objects.create(
            user=coordinator, role=Role.PROVINCE_COORDINATOR, area_code=province
        )
    print(
        f"{WelfareFund.objects.count()} funds, {LedgerEntry.objects.count()} ledger entries, "
        f"{LedgerEntry.objects.filter(kind='reversal').count()} reversals; province "
        f"{province}: {len(in_province)} funds, district {district}: {by_district[district]}"
    )

    if args.explain:
        ids = [pk for pk, _tambon in in_province]
        for name, query in (("before", payouts_before(ids)), ("now", payouts_now(ids))):
            print(f"\nEXPLAIN ANALYZE, payouts by benefit of province {province}, {name}:")
            print(query.explain(analyze=True, buffers=True))

    year = fiscal_year_be(LedgerEntry.objects.order_by("-occurred_on").first().occurred_on)
    with override_settings(ROOT_URLCONF="bench.accountability", ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(coordinator)
        pages = {
            "bare view": reverse("bench_bare"),
            f"welfare, province {province}": reverse("area_welfare", args=[province]),
            f"welfare, district {district}": reverse("area_welfare", args=[district]),
            "fund page": reverse("fund_detail", args=[fund_pk]) + f"?year={year}",
            "fund statement, year": reverse("fund_statement", args=[fund_pk, year]),
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
        median = statistics.median(results[name][0])
        print(
            f"ratio {name} / bare view (medians): {median / bare_median:.1f}"
            f"   median {median * 1000:.0f} ms (target <= 300)"
        )
    print(f"{args.n} requests each, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())

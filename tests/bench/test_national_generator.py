"""The national generator at a tiny scale: the counts follow the shape, the rows obey the model
rules that COPY does not check by itself, and the personas' pages render."""

import io

import pytest
from django.db import connection
from django.db.models import Count, F, Sum
from django.test.utils import override_settings

from bench import national, pages
from tests.rolled_back import rolled_back_at_end

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator writes with COPY"),
    pytest.mark.django_db,
]

SCALE = 0.003  # 21 councils, 6 funds


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """Generated once for the module, in a transaction rolled back after its last test."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with rolled_back_at_end(django_db_blocker), override_settings(PASSWORD_HASHERS=fast):
        with django_db_blocker.unblock():
            counts = national.generate(scale=SCALE, seed=3, out=io.StringIO())
        yield counts


def test_counts_follow_the_shape(generated):
    from councils.models import Council, CouncilMember
    from plans.models import PlanProject, ProjectBudget
    from welfare.models import LedgerEntry, Member, WelfareFund

    councils = round(national.NATIONAL["councils"] * SCALE)
    funds = round(councils * national.NATIONAL["funds"] / national.NATIONAL["councils"])
    shape = national.FundShape()
    assert Council.objects.count() == councils
    assert CouncilMember.objects.count() == councils * national.MEMBERS_PER_COUNCIL
    assert PlanProject.objects.count() == councils * 20
    assert ProjectBudget.objects.count() == councils * 20 * len(national.BUDGET_YEARS)
    assert WelfareFund.objects.count() == funds
    assert Member.objects.count() == funds * shape.members
    assert LedgerEntry.objects.count() == funds * shape.entries == generated["welfare_ledgerentry"]


def test_rows_keep_the_model_rules(generated):
    from councils.models import CouncilMember
    from councils.strength.models import ComponentLevel
    from reports import integrity
    from welfare.models import LedgerEntry, Member, WelfareFund

    for fund in WelfareFund.objects.annotate(total=Sum("entries__amount")):
        assert fund.balance == fund.total
    assert not Member.objects.values("fund", "member_no").annotate(n=Count("pk")).filter(n__gt=1)
    assert not CouncilMember.objects.filter(person__isnull=True).exists()
    assert not CouncilMember.objects.exclude(person__council=F("council")).exists()
    reversals = LedgerEntry.objects.filter(kind="reversal")
    assert reversals.count() == WelfareFund.objects.count() * 30
    assert not reversals.exclude(amount=-F("reverses__amount")).exists()
    # What each entry counts as is stored as LedgerEntry.count_as would have stored it.
    assert list(integrity.counted_as()) == []
    assert list(integrity.member_contributions()) == []
    assert reversals.filter(counts_as="benefit").exclude(counts_as_benefit="").exists()
    assert not ComponentLevel.objects.exclude(
        area_code=F("assessment__council__subdistrict")
    ).exists()
    # The sequences continue after the copied ids.
    entry = LedgerEntry.objects.filter(kind="contribution").first()
    fresh = LedgerEntry.objects.create(
        fund=entry.fund,
        kind="contribution",
        member=entry.member,
        amount=30,
        occurred_on=entry.occurred_on,
        source="members",
    )
    assert fresh.pk > max(LedgerEntry.objects.exclude(pk=fresh.pk).values_list("pk", flat=True))


def test_no_foreign_key_points_nowhere(generated):
    """The foreign-key triggers were off while the rows were copied: check every key now."""
    from django.apps import apps

    orphans = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for fk in model._meta.concrete_fields:
                if not fk.is_relation or not fk.db_constraint:
                    continue
                table, target = model._meta.db_table, fk.related_model._meta.db_table
                column, target_column = fk.column, fk.target_field.column
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" t LEFT JOIN "{target}" r'  # noqa: S608
                    f' ON r."{target_column}" = t."{column}"'
                    f' WHERE t."{column}" IS NOT NULL AND r."{target_column}" IS NULL'
                )
                if cursor.fetchone()[0]:
                    orphans.append(f"{table}.{column}")
    assert orphans == []


def test_personas_pages_render(generated, settings):
    settings.SECURE_SSL_REDIRECT = True  # as the benchmark runs: over "https"
    clients = pages.clients()
    by_name = {page.name: page for page in pages.pages()}
    for name in (
        "council page",
        "fund page",
        "behind list",
        "area overview province",
        "area welfare province",
        "book page district",
        "admin ledger entries search",
        "public book",
    ):
        page = by_name[name]
        response = clients[page.persona].get(page.url, secure=True, follow=True)
        assert response.status_code == 200, name

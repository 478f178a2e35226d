"""`check_integrity` passes on the demo data and names each kind of damage a restore can do."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from reports import integrity
from tests.factories import FundFactory, FundMemberFactory
from welfare import ledger
from welfare.models import LedgerEntry, WelfareFund


def check() -> str:
    out = StringIO()
    call_command("check_integrity", stdout=out)
    return out.getvalue()


def test_a_balance_that_is_not_its_ledger_is_named(db, tambon_coordinator):
    member = FundMemberFactory()
    ledger.record_contribution(member, 30, member.joined_on, by=tambon_coordinator)
    assert not list(integrity.fund_balances())
    # What a partial restore or a hand edit leaves: the balance column and the entries disagree.
    WelfareFund.objects.filter(pk=member.fund_id).update(balance=100)
    problems = list(integrity.fund_balances())
    assert problems == [
        f"fund {member.fund_id} ({member.fund.name}): balance 100.00 but its entries sum to 30.00"
    ]
    with pytest.raises(CommandError, match="1 integrity problems"):
        check()


def test_a_reversal_that_does_not_undo_its_entry_is_named(db, tambon_coordinator):
    member = FundMemberFactory()
    entry = ledger.record_contribution(member, 30, member.joined_on, by=tambon_coordinator)
    reversal = ledger.reverse(entry, tambon_coordinator, "ผิดคน", member.joined_on)
    assert not list(integrity.reversals())
    # The ledger refuses changes (and PostgreSQL's trigger too), so damage it as a bad restore
    # would, beneath the ORM, with the trigger out of the way.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE welfare_ledgerentry SET amount = -20 WHERE id = %s", [reversal.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    assert list(integrity.reversals()) == [
        f"ledger entry {reversal.pk}: a reversal that does not undo the entry it reverses"
    ]


def test_book_figures_that_do_not_add_up_are_named():
    data = {
        "totals": {
            "total": "300.00",
            "by_theme": [{"total": "300.00"}],
            "by_source": [{"total": "200.00"}, {"total": "100.00"}],
            "by_year": [{"total": "250.00"}],
            "by_district": [{"total": "300.00"}],
        },
        "districts": [
            {"tambons": [{"items": [{"id": 7, "total": "300.00", "projects": [{"total": "1"}]}]}]}
        ],
    }
    assert integrity.book_figures(data) == [
        "total 300.00 but by year 250.00",
        "item 7: total 300.00 but its projects differ",
    ]


def test_an_unknown_area_and_a_document_of_a_gone_plan_are_named(db):
    from reports.models import Document

    fund = FundFactory()
    assert fund
    Document.objects.create(
        kind=Document.Kind.TAMBON_PLAN, object_id=999_999, area_code="999999", title="x",
        data_hash="x",
    )  # fmt: skip
    found = list(integrity.references())
    assert "reports.Document: area code 999999 does not exist" in found
    assert any(problem.endswith("its tambon_plan is gone") for problem in found)
    assert LedgerEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_restored_postgresql_backup_passes(tambon_coordinator, tmp_path):
    """README's backup and restore, for real: pg_dump the database, restore it into a new one,
    and run check_integrity there in a process of its own."""
    import os
    import shutil
    import subprocess
    import sys

    from django.conf import settings

    if connection.vendor != "postgresql" or not shutil.which("pg_dump"):
        pytest.skip("the documented backup is PostgreSQL's")
    member = FundMemberFactory()
    entry = ledger.record_contribution(member, 30, member.joined_on, by=tambon_coordinator)
    ledger.reverse(entry, tambon_coordinator, "ผิดคน", member.joined_on)
    params = connection.get_connection_params()
    server = ["-h", params.get("host") or "127.0.0.1", "-p", str(params.get("port") or 5432)]
    server += ["-U", params.get("user") or "postgres"]
    dump = tmp_path / "portal.dump"
    restored = f"{connection.settings_dict['NAME']}_restored"
    subprocess.run(
        ["pg_dump", *server, "-Fc", "-f", dump, connection.settings_dict["NAME"]], check=True
    )
    subprocess.run(["dropdb", *server, "--if-exists", restored], check=True)
    subprocess.run(["createdb", *server, restored], check=True)
    try:
        subprocess.run(["pg_restore", *server, "--no-owner", "-d", restored, dump], check=True)
        host, port, user = server[1], server[3], server[5]
        env = {**os.environ, "DATABASE_URL": f"postgres://{user}@{host}:{port}/{restored}"}
        result = subprocess.run(
            [sys.executable, "manage.py", "check_integrity"],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert "fund balances: ok" in result.stdout
    finally:
        subprocess.run(["dropdb", *server, "--if-exists", restored], check=True)

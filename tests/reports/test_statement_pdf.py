"""The public fund statement PDF: rendered once for each version of its data, then served from
its document; a new ledger entry makes the next request render a new one."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from councils.buddhist_era import fiscal_year_be
from reports import bounded, welfare_views
from reports.models import Document
from tests.factories import BenefitTypeFactory, FundFactory, FundMemberFactory
from welfare import ledger, statistics

TODAY = dt.date.today()
YEAR = fiscal_year_be(TODAY)


@pytest.fixture
def fund(db, settings, tmp_path, tambon_coordinator):
    settings.MEDIA_ROOT = tmp_path
    made = FundFactory()
    BenefitTypeFactory(fund=made, amount=Decimal("3000"), waiting_days=180)
    member = FundMemberFactory(fund=made, joined_on=TODAY - dt.timedelta(days=400))
    ledger.record_contribution(member, Decimal("365"), TODAY, tambon_coordinator)
    return made


@pytest.fixture
def renders(monkeypatch):
    """The statement renders made (each in its bounded child process)."""
    made = []
    real = bounded.run

    def counted(function, **kwargs):
        made.append(function)
        return real(function, **kwargs)

    monkeypatch.setattr(bounded, "run", counted)
    return made


def test_the_statement_is_rendered_once_and_then_served_from_its_document(
    fund, renders, client, tambon_coordinator
):
    url = reverse("welfare_statement_pdf", args=[fund.pk, YEAR])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    second = client.get(url)
    assert second.content == first.content
    assert len(renders) == 1
    document = Document.objects.get()
    assert (document.kind, document.object_id, document.state) == (
        Document.Kind.FUND_STATEMENT, fund.pk, Document.State.DONE,
    )  # fmt: skip
    assert document.area_code == fund.council.subdistrict_id

    ledger.record_entry(fund, "grant", Decimal("10000"), TODAY, tambon_coordinator, source="codi")
    third = client.get(url)
    assert third.status_code == 200 and third.content != first.content
    assert len(renders) == 2 and Document.objects.count() == 2
    client.get(url)
    assert len(renders) == 2


def test_each_fiscal_year_has_its_own_statement(fund, renders, client):
    client.get(reverse("welfare_statement_pdf", args=[fund.pk, YEAR]))
    client.get(reverse("welfare_statement_pdf", args=[fund.pk, YEAR - 1]))
    assert len(renders) == 2 and Document.objects.count() == 2


def test_a_failed_statement_is_not_rendered_over_and_over(fund, client, settings, monkeypatch):
    settings.RENDER_MAX_ATTEMPTS = 2
    calls = []

    def broken(context):
        calls.append(context)
        raise RuntimeError("no fonts")

    monkeypatch.setattr(welfare_views, "statement_html", broken)
    url = reverse("welfare_statement_pdf", args=[fund.pk, YEAR])
    answers = [client.get(url) for _ in range(4)]
    assert [a.status_code for a in answers] == [503, 503, 503, 503]
    assert Document.objects.get().state == Document.State.FAILED
    # Rendered in the child, so counted by its attempts on the row: two, then no more.
    assert Document.objects.get().attempts == 2


def test_the_statement_is_rendered_from_data_read_beforehand(fund, django_assert_num_queries):
    # The child process that renders it must not use the database connection it inherited.
    context = welfare_views.statement_context(fund, YEAR)
    with django_assert_num_queries(0):
        html = welfare_views.statement_html(context)
    assert fund.name in html
    assert statistics.year_statement(fund, YEAR).closing_balance == Decimal("365")

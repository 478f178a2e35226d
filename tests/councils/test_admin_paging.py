"""The admin's lists never count a whole table: at most COUNT_CAP rows are counted, and a longer
list says "more than" instead of a number (councils/paging.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.paging import CappedCountPaginator
from councils.persons.models import Person
from tests.accounts_helpers import verified_client
from tests.factories import MemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_paginator_counts_no_more_than_its_cap(council):
    PersonFactory.create_batch(5, council=council)
    paginator = CappedCountPaginator(Person.objects.all(), 2)
    paginator.count_cap = 3
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 4
    assert paginator.is_capped
    (count,) = queries.captured_queries
    assert "LIMIT 4" in count["sql"]
    uncapped = CappedCountPaginator(Person.objects.all(), 2)
    assert (uncapped.count, uncapped.is_capped) == (5, False)


def test_a_long_admin_list_says_more_than_and_counts_no_whole_table(
    council, codi_staff, monkeypatch
):
    monkeypatch.setattr(CappedCountPaginator, "count_cap", 3)
    MemberFactory.create_batch(5, council=council)
    client = verified_client(codi_staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:councils_councilmember_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "มากกว่า 3" in text
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql for sql in counts), counts


def test_a_short_admin_list_shows_its_count(council, codi_staff):
    MemberFactory.create_batch(2, council=council)
    page = verified_client(codi_staff).get(reverse("admin:councils_councilmember_changelist"))
    assert "2 " in page.content.decode()
    assert "มากกว่า" not in page.content.decode()

"""The fund's member register comes 50 to a page; the page links keep the search and the
filters, with and without htmx."""

import pytest
from django.urls import reverse

from tests.factories import FundFactory, FundMemberFactory
from welfare.views import PAGE_SIZE


@pytest.fixture
def fund(council):
    return FundFactory(council=council)


def test_the_page_links_keep_the_search(fund, tambon_coordinator, client_for):
    FundMemberFactory.create_batch(PAGE_SIZE + 3, fund=fund, first_name="บุญมา")
    FundMemberFactory(fund=fund, first_name="สมพร")
    url = reverse("member_list", args=[fund.pk])
    client = client_for(tambon_coordinator)

    first = client.get(url, {"q": "บุญมา", "status": "active"})
    assert (
        'href="?q=%E0%B8%9A%E0%B8%B8%E0%B8%8D%E0%B8%A1%E0%B8%B2&amp;status=active&amp;page=2"'
        in (first.content.decode())
    )
    second = client.get(url, {"q": "บุญมา", "status": "active", "page": 2})
    assert [m.first_name for m in second.context["page"]] == ["บุญมา"] * 3
    assert 'rel="prev"' in second.content.decode()
    assert 'rel="next"' not in second.content.decode()


def test_htmx_page_links_swap_the_results(fund, tambon_coordinator, client_for):
    FundMemberFactory.create_batch(PAGE_SIZE + 1, fund=fund)
    url = reverse("member_list", args=[fund.pk])
    response = client_for(tambon_coordinator).get(url, {"page": 2}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results">')
    assert 'hx-get="?page=1" hx-target="#results"' in html

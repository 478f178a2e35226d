"""Every URL of the project against every persona, with the answer each must get.

A URL added without a row here fails `test_every_url_has_a_row`. The admin site is one row here;
its scoping is tested in tests/councils/test_admin.py.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    BenefitTypeFactory,
    ClaimFactory,
    FundFactory,
    FundMemberFactory,
    MemberFactory,
    OrganizationFactory,
)
from welfare.models import LedgerEntry

PERSONAS = (
    "anonymous",
    "tambon_coordinator",
    "other_tambon_coordinator",
    "district_coordinator",
    "province_coordinator",
    "codi_staff",
)
LOGIN = 302  # an anonymous visitor is sent to the login page


@dataclass(frozen=True)
class Row:
    name: str
    expect: tuple[int, int, int, int, int, int]  # in the order of PERSONAS
    method: str = "get"
    args: tuple[str, ...] = ()  # names of objects in the `world` fixture, or literal codes
    data: dict = field(default_factory=dict)


#          anonymous, Alice (tambon), Bob (other tambon), Dao (district), Pim (province), Charlie (CODI)
MATRIX = (
    Row("home", (200, 302, 302, 302, 302, 302)),
    Row("login", (200, 302, 302, 302, 302, 302)),
    Row("logout", (302, 302, 302, 302, 302, 302), method="post"),
    Row("set_language", (302, 302, 302, 302, 302, 302), method="post", data={"language": "en"}),
    Row("area_index", (LOGIN, 302, 302, 302, 302, 200)),
    Row("area_overview", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("area_overview", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("area_overview", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("area_overview", (LOGIN, 302, 404, 302, 302, 302), args=("=570901",)),
    Row("council_detail", (LOGIN, 200, 404, 200, 200, 200), args=("council",)),
    Row("council_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_council",)),
    Row("council_edit", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("council_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("organization_new", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("organization_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("organization_edit", (LOGIN, 200, 404, 403, 403, 403), args=("council", "organization")),
    Row(
        "organization_edit",
        (LOGIN, 200, 404, 403, 403, 403),
        "post",
        ("council", "organization"),
    ),
    Row(
        "organization_edit", (LOGIN, 404, 404, 403, 403, 403), args=("council", "far_organization")
    ),
    Row(
        "organization_delete",
        (LOGIN, 302, 404, 403, 403, 403),
        "post",
        ("council", "empty_organization"),
    ),
    Row("member_new", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("member_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("member_edit", (LOGIN, 200, 404, 403, 403, 403), args=("council", "member")),
    Row("member_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("council", "member")),
    Row("member_edit", (LOGIN, 404, 404, 403, 403, 403), args=("council", "far_member")),
    Row("admin:index", (LOGIN, 302, 302, 302, 302, 200)),
    # Welfare funds: Alice keeps the Mae Sai fund; Dao, Pim and Charlie read it; Bob sees nothing.
    Row("welfare_home", (LOGIN, 302, 302, 302, 302, 302)),
    Row("fund_new", (LOGIN, 302, 404, 403, 403, 403), args=("council",)),
    Row("fund_new", (LOGIN, 302, 404, 403, 403, 403), "post", ("council",)),
    Row("fund_detail", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("fund_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_fund",)),
    Row("fund_edit", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("fund_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("benefit_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("benefit_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("benefit_edit", (LOGIN, 200, 404, 403, 403, 403), args=("fund", "benefit")),
    Row("benefit_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund", "benefit")),
    Row("member_list", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("member_list", (LOGIN, 404, 404, 404, 404, 404), args=("far_fund",)),
    Row("fund_member_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("fund_member_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("member_export", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("member_detail", (LOGIN, 200, 404, 200, 200, 200), args=("fund", "fund_member")),
    Row("member_detail", (LOGIN, 404, 404, 404, 404, 404), args=("fund", "far_fund_member")),
    Row("fund_member_edit", (LOGIN, 200, 404, 403, 403, 403), args=("fund", "fund_member")),
    Row("fund_member_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund", "fund_member")),
    Row("member_reveal", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund", "fund_member")),
    Row("member_status", (LOGIN, 302, 404, 403, 403, 403), "post", ("fund", "fund_member")),
    Row("behind_list", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("lapse_members", (LOGIN, 302, 404, 403, 403, 403), "post", ("fund",)),
    Row("contribution_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("contribution_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("ledger_list", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("entry_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("entry_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("entry_reverse", (LOGIN, 200, 404, 403, 403, 403), args=("fund", "entry")),
    Row("entry_reverse", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund", "entry")),
    Row("claim_list", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("claim_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("claim_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("claim_detail", (LOGIN, 200, 404, 200, 200, 200), args=("fund", "claim")),
    Row("claim_approve", (LOGIN, 302, 404, 403, 403, 403), "post", ("fund", "claim")),
    Row("claim_reject", (LOGIN, 302, 404, 403, 403, 403), "post", ("fund", "claim")),
    Row("claim_pay", (LOGIN, 302, 404, 403, 403, 403), "post", ("fund", "claim")),
    Row("member_import", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("member_import", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("contribution_import", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("contribution_import", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    # The statement is public: totals only, no personal data.
    Row("fund_statement", (200, 200, 200, 200, 200, 200), args=("fund", "=2569")),
    Row("fund_statement", (200, 200, 200, 200, 200, 200), args=("far_fund", "=2569")),
    Row("welfare_statement_pdf", (200, 200, 200, 200, 200, 200), args=("fund", "=2569")),
    Row("area_welfare", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("area_welfare", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("area_welfare", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("area_welfare", (LOGIN, 404, 404, 404, 404, 404), args=("=570901",)),
)


@pytest.fixture
def world(council, other_council, far_council):
    return {
        "council": council,
        "other_council": other_council,
        "far_council": far_council,
        "organization": OrganizationFactory(council=council),
        "empty_organization": OrganizationFactory(council=council, name="กลุ่มที่เลิกแล้ว"),
        "member": MemberFactory(council=council, village_no=1),
        "far_organization": OrganizationFactory(council=far_council),
        "far_member": MemberFactory(council=far_council, village_no=1),
        **_welfare_world(council, far_council),
    }


def _welfare_world(council, far_council):
    fund = FundFactory(council=council)
    fund_member = FundMemberFactory(fund=fund)
    far_fund = FundFactory(council=far_council)
    return {
        "fund": fund,
        "benefit": BenefitTypeFactory(fund=fund),
        "fund_member": fund_member,
        "entry": LedgerEntry.objects.create(
            fund=fund, kind="contribution", member=fund_member, amount=30, occurred_on="2025-10-01"
        ),
        "claim": ClaimFactory(member=fund_member),
        "far_fund": far_fund,
        "far_fund_member": FundMemberFactory(fund=far_fund),
    }


def _url(row: Row, world) -> str:
    args = [arg[1:] if arg.startswith("=") else world[arg].pk for arg in row.args]
    return reverse(row.name, args=args)


def _cases():
    return list(_each_case())


def _each_case():
    for row in MATRIX:
        for persona, status in zip(PERSONAS, row.expect, strict=True):
            label = f"{row.method} {row.name}({','.join(row.args)}) as {persona}"
            yield pytest.param(row, persona, status, id=label)


@pytest.mark.parametrize(("row", "persona", "status"), _cases())
def test_access(row, persona, status, world, client_for, request):
    client = client_for(request.getfixturevalue(persona))
    url = _url(row, world)
    send = getattr(client, row.method)
    assert send(url, row.data).status_code == status
    if status in (403, 404):
        # The htmx fragments come from the same views and are refused the same way.
        assert send(url, row.data, headers={"HX-Request": "true"}).status_code == status


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                yield "admin:index"  # the admin site: one row here, scoped in test_admin.py
                continue
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_row():
    names = set(_names(get_resolver().url_patterns))
    assert names == {row.name for row in MATRIX}


def test_a_tambon_coordinator_cannot_change_another_tambon(
    world, tambon_coordinator, other_tambon_coordinator, client_for
):
    bob = client_for(other_tambon_coordinator)
    council = world["council"]
    response = bob.post(
        reverse("organization_new", args=[council.pk]),
        {"name": "กลุ่มแอบเพิ่ม", "kind": "savings", "member_count": 1},
    )
    assert response.status_code == 404
    assert not council.organizations.filter(name="กลุ่มแอบเพิ่ม").exists()
    response = bob.post(
        reverse("member_edit", args=[council.pk, world["member"].pk]),
        {"first_name": "แก้ไข", "last_name": "ไม่ได้"},
    )
    assert response.status_code == 404
    world["member"].refresh_from_db()
    assert world["member"].first_name != "แก้ไข"

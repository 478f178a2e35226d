"""The demo loader: idempotent, true to the Act, and one working login per role."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.http import HttpRequest

from councils import compliance
from councils.access import Role
from councils.demo.registry import DEMO_PASSWORD, DEMO_USERS
from councils.models import (
    Assignment,
    CommunityOrganization,
    Council,
    CouncilMember,
    Partner,
    Subdistrict,
)

MAE_SAI_TAMBONS = {
    "570901", "570902", "570903", "570904", "570905", "570906", "570908", "570909",
}  # fmt: skip


def row_counts(counts: dict[str, int]) -> dict[str, int]:
    """The registry's rows, out of the rows of every table (tests/demo/conftest.py)."""
    models = (
        Council, CommunityOrganization, CouncilMember, Partner, Assignment, Group,
        get_user_model(),
    )  # fmt: skip
    return {model.__name__: counts[model._meta.label] for model in models}


@pytest.fixture
def seeded(demo_database, db):
    return demo_database


def test_seeding_twice_duplicates_nothing(reseeding, db):
    first = row_counts(reseeding.before)
    assert row_counts(reseeding.after) == first
    assert first["Council"] > 8 and first["CouncilMember"] > 100


def test_seeding_twice_adds_no_row_to_any_table(reseeding, db):
    grown = {
        table: (before, reseeding.after[table])
        for table, before in reseeding.before.items()
        if reseeding.after[table] != before
    }
    assert not grown


def test_every_mae_sai_tambon_has_a_council(seeded):
    tambons = set(Council.objects.active().in_area("5709").values_list("subdistrict", flat=True))
    assert tambons == MAE_SAI_TAMBONS
    assert tambons == set(
        Subdistrict.objects.filter(code__startswith="5709").values_list("pk", flat=True)
    )


def test_chumphon_has_tambons_without_councils(seeded):
    with_council = Council.objects.in_area("86").values("subdistrict")
    assert with_council.count() >= 6
    assert Subdistrict.objects.filter(code__startswith="86").exclude(code__in=with_council).exists()
    assert Council.objects.in_area("80").exists()


def test_every_demo_member_passes_full_clean(seeded):
    members = CouncilMember.objects.select_related("council", "replaces")
    assert members.exists()
    for member in members:
        member.full_clean()


def test_councils_are_registered_from_be_2552_onward(seeded):
    for council in Council.objects.all():
        assert council.registered_on.year >= 2009
        assert council.registration_number.endswith(f"/{council.registered_on.year + 543}")


def test_a_few_councils_show_each_compliance_warning_and_most_are_clean(seeded):
    councils = list(compliance.with_compliance_facts(Council.objects.all()))
    ending_soon = [c for c in councils if c.terms_ending_soon_count]
    ended = [c for c in councils if c.terms_ended_count]
    no_secretary = [c for c in councils if not c.officer_secretary]
    warned = {c.pk for c in ending_soon + ended + no_secretary}
    assert ending_soon and ended and no_secretary
    assert len(warned) <= 3 < len(councils) - len(warned)
    for council in councils:
        assert not council.has_crowded_village
        assert council.qualified_count * 5 <= council.representative_count
        assert 4 <= council.organization_count <= 10


def test_a_replacement_serves_out_the_term_of_the_member_who_left(seeded):
    replacement = CouncilMember.objects.select_related("replaces").get(replaces__isnull=False)
    assert replacement.replaces.left_on is not None
    assert replacement.term_ends_on == replacement.replaces.term_ends_on


def test_one_user_per_role_exists_and_can_log_in(seeded, client):
    roles = set(Assignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for demo in DEMO_USERS:
        # django-axes watches every authenticate() and needs the request it came with.
        login = {"username": demo.username, "password": DEMO_PASSWORD, "request": HttpRequest()}
        assert client.login(**login), demo.username
        client.logout()


def test_codi_staff_reach_the_admin_site_and_coordinators_do_not(seeded):
    users = get_user_model().objects
    for username in ("codi_north", "codi_national"):
        user = users.get(username=username)
        assert user.is_staff and user.groups.filter(name="CODI staff").exists()
    assert users.get(username="admin").is_superuser
    assert not users.filter(is_staff=True, assignments__role=Role.TAMBON_COORDINATOR).exists()


def test_the_logins_are_printed(seeded):
    for demo in DEMO_USERS:
        assert demo.username in seeded
    assert DEMO_PASSWORD in seeded


def test_seed_demo_refuses_to_run_in_production(settings, db):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())

"""The access module: roles become code prefixes, and querysets filter by them."""

import pytest

from councils.access import Scope, prefix_q, reduce_prefixes, scope_for
from councils.models import Council


def test_covered_prefixes_are_dropped():
    assert reduce_prefixes(["8405", "84", "570901", "5709"]) == ("5709", "84")


def test_no_prefix_matches_nothing_and_the_empty_prefix_everything(council):
    assert not Council.objects.filter(prefix_q("subdistrict__code", [])).exists()
    assert Council.objects.filter(prefix_q("subdistrict__code", [""])).exists()


def test_personas_scopes(
    tambon_coordinator, district_coordinator, province_coordinator, codi_staff, anonymous
):
    assert scope_for(tambon_coordinator).visible == ("570901",)
    assert scope_for(tambon_coordinator).editable == ("570901",)
    assert scope_for(district_coordinator).visible == ("5709",)
    assert scope_for(district_coordinator).editable == ()
    assert scope_for(province_coordinator).sees("570905")
    assert not scope_for(province_coordinator).sees("860101")
    assert "57" in scope_for(codi_staff).administered
    assert "86" not in scope_for(codi_staff).administered
    assert scope_for(anonymous) == Scope()


def test_visible_and_editable_councils(
    council, other_council, far_council, tambon_coordinator, district_coordinator
):
    assert list(Council.objects.visible_to(tambon_coordinator)) == [council]
    assert set(Council.objects.visible_to(district_coordinator)) == {council, other_council}
    assert not Council.objects.editable_by(district_coordinator).exists()


@pytest.mark.django_db
def test_an_inactive_user_sees_nothing(tambon_coordinator, council):
    tambon_coordinator.is_active = False
    assert not Council.objects.visible_to(tambon_coordinator).exists()

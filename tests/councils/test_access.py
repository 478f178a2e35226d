"""The access module: roles become code prefixes, and querysets filter by them."""

import pytest
from django.http import Http404

from councils.access import Scope, area_page_or_404, prefix_q, reduce_prefixes, scope_for
from councils.geography import Level
from councils.models import Council, District, Province, Subdistrict


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


def test_an_area_page_is_about_an_area_inside_the_scope(province_coordinator):
    page = area_page_or_404(province_coordinator, "5709")
    assert (page.code, page.level, page.area) == (
        "5709",
        Level.DISTRICT,
        District.objects.get(code="5709"),
    )
    assert area_page_or_404(province_coordinator, "57").area == Province.objects.get(code="57")


@pytest.mark.parametrize(
    "code",
    [
        "86",  # another province
        "8601",  # a district of it
        "5799",  # no such district
        "570901",  # a tambon: the overviews are drawn for districts and provinces
        "570",  # not a DOPA code
        "57a9",
    ],
)
def test_an_area_page_outside_the_scope_or_its_levels_is_a_404(province_coordinator, code):
    with pytest.raises(Http404):
        area_page_or_404(province_coordinator, code)


def test_an_area_page_for_tambons_asks_for_them(district_coordinator):
    page = area_page_or_404(district_coordinator, "570901", levels=(Level.SUBDISTRICT,))
    assert page.area == Subdistrict.objects.get(code="570901")
    with pytest.raises(Http404):
        area_page_or_404(district_coordinator, "5709", levels=(Level.SUBDISTRICT,))

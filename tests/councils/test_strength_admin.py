"""CODI staff keep the community-strength indicators in the admin: the national set is national
staff's, a province's own set its region's; the councils' assessments are read only there."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from councils.access import Role
from councils.strength.models import Component, StrengthIndicator
from tests.accounts_helpers import verified_client
from tests.factories import AssessmentFactory, AssignmentFactory

pytestmark = pytest.mark.django_db

NEW_INDICATOR = {"component": Component.LEADERS, "number": 9, "name": "มีแกนนำรุ่นใหม่",
                 "guide": "", "auto_source": "", "active": "on"}  # fmt: skip


@pytest.fixture
def national_staff(codi_staff):
    user = AssignmentFactory(
        role=Role.CODI_NATIONAL, area_code="", user__username="nida", user__is_staff=True
    ).user
    user.groups.add(Group.objects.get(name="CODI staff"))
    return user


def _provincial(province, name):
    return StrengthIndicator.objects.create(
        province_id=province, component=Component.LEADERS, number=1, name=name
    )


def test_regional_staff_see_the_national_set_and_their_provinces_sets(codi_staff):
    _provincial("57", "ตัวชี้วัดเชียงราย")
    _provincial("86", "ตัวชี้วัดชุมพร")
    response = verified_client(codi_staff).get(
        reverse("admin:councils_strengthindicator_changelist")
    )
    shown = list(response.context["cl"].queryset)
    assert any(i.province_id is None for i in shown)
    assert {i.province_id for i in shown} == {None, "57"}


def test_regional_staff_only_read_the_national_set(codi_staff):
    national = StrengthIndicator.objects.filter(province__isnull=True).first()
    charlie = verified_client(codi_staff)
    url = reverse("admin:councils_strengthindicator_change", args=[national.pk])
    assert charlie.get(url).status_code == 200  # to read
    data = {**NEW_INDICATOR, "province": "", "name": "เปลี่ยนแล้ว"}
    assert charlie.post(url, data).status_code == 403
    national.refresh_from_db()
    assert national.name != "เปลี่ยนแล้ว"


def test_regional_staff_add_to_their_provinces_set_only(codi_staff):
    charlie = verified_client(codi_staff)
    url = reverse("admin:councils_strengthindicator_add")
    assert charlie.post(url, {**NEW_INDICATOR, "province": "57"}).status_code == 302
    assert StrengthIndicator.objects.filter(province_id="57", number=9).exists()
    refused = charlie.post(url, {**NEW_INDICATOR, "province": "86", "number": 8})
    assert refused.status_code == 200 and refused.context["adminform"].form.errors
    national = charlie.post(url, {**NEW_INDICATOR, "province": "", "number": 7})
    assert "province" in national.context["adminform"].form.errors
    assert not StrengthIndicator.objects.filter(number__in=[7, 8]).exists()


def test_national_staff_change_the_national_set(national_staff):
    national = StrengthIndicator.objects.filter(province__isnull=True).first()
    url = reverse("admin:councils_strengthindicator_change", args=[national.pk])
    data = {**NEW_INDICATOR, "component": national.component, "number": national.number,
            "province": "", "name": "ผู้นำมีคุณภาพ"}  # fmt: skip
    assert verified_client(national_staff).post(url, data).status_code == 302
    national.refresh_from_db()
    assert national.name == "ผู้นำมีคุณภาพ"


def test_assessments_are_listed_in_scope_and_read_only(codi_staff, council, far_council):
    assessment = AssessmentFactory(council=council, fiscal_year=2568)
    indicator = StrengthIndicator.objects.for_province("57").first()
    assessment.record_scores({indicator.pk: 4})
    AssessmentFactory(council=far_council, fiscal_year=2568)
    charlie = verified_client(codi_staff)
    listed = charlie.get(reverse("admin:councils_strengthassessment_changelist"))
    assert list(listed.context["cl"].queryset) == [assessment]
    page = charlie.get(reverse("admin:councils_strengthassessment_change", args=[assessment.pk]))
    assert page.status_code == 200
    assert indicator.name in page.content.decode()
    assert not page.context["has_change_permission"]
    assert charlie.get(reverse("admin:councils_strengthassessment_add")).status_code == 403
    far = AssessmentFactory._meta.model.objects.get(council=far_council)
    url = reverse("admin:councils_strengthassessment_change", args=[far.pk])
    assert charlie.get(url).status_code == 302  # not found in his scope: back to the admin index

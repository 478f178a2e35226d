"""The timeline in the admin: CODI staff read the updates of their region, and change nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from plans.execution.models import ProjectUpdate, Spending
from plans.models import PlanProject
from tests.accounts_helpers import verified_client
from tests.factories import complete_plan


@pytest.fixture
def charlie(codi_staff, client_for):
    return verified_client(codi_staff)


def _recorded(council, user, note):
    plan = complete_plan(council, state="accepted")
    project = PlanProject.objects.filter(issue__plan=plan).first()
    update = ProjectUpdate(
        happened_on=dt.date(2026, 1, 10), status="under_way", progress=20, note=note, by=user
    )
    project.record_update(
        update, spending=[Spending(fiscal_year=2569, source="codi", amount="1200.00")]
    )
    return update


def test_staff_read_the_updates_of_their_region_only(
    council, far_council, tambon_coordinator, charlie
):
    mine = _recorded(council, tambon_coordinator, "ซื้อพันธุ์ปลาแล้ว")
    theirs = _recorded(far_council, tambon_coordinator, "ชุมพรเริ่มแล้ว")
    page = charlie.get(reverse("admin:plans_projectupdate_changelist")).content.decode()
    assert mine.project.title in page
    assert theirs.project.title not in page
    detail = charlie.get(reverse("admin:plans_projectupdate_change", args=[mine.pk]))
    assert detail.status_code == 200
    assert "ซื้อพันธุ์ปลาแล้ว" in detail.content.decode()
    assert "1,200" in detail.content.decode() or "1200" in detail.content.decode()
    far = charlie.get(reverse("admin:plans_projectupdate_change", args=[theirs.pk]))
    assert far.status_code == 302  # the admin's "does not exist" redirect


def test_the_admin_changes_nothing_on_the_timeline(council, tambon_coordinator, charlie):
    update = _recorded(council, tambon_coordinator, "บันทึก")
    url = reverse("admin:plans_projectupdate_change", args=[update.pk])
    charlie.post(url, {"progress": 90, "note": "แก้"})
    assert ProjectUpdate.objects.get(pk=update.pk).progress == 20
    delete = charlie.post(
        reverse("admin:plans_projectupdate_delete", args=[update.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert ProjectUpdate.objects.filter(pk=update.pk).exists()
    assert charlie.get(reverse("admin:plans_projectupdate_add")).status_code == 403

"""The audit trail: every create, change and delete by any path says who, when and what; imports
leave one record with the file's hash; CODI staff search it in their region only."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from councils.audit import AuditEntry, ImportRecord
from councils.models import CommunityOrganization
from plans.models import PlanIssue
from tests.accounts_helpers import verified_client
from tests.confirming import import_confirmed, post_confirmed
from tests.councils.test_import_export import COUNCIL_HEADERS, confirm, upload, xlsx_upload
from tests.factories import (
    FundMemberFactory,
    IssueFactory,
    OrganizationFactory,
    PlanFactory,
    citizen_id,
)
from tests.plans.test_import import GOOD_ROWS, _xlsx
from welfare.models import Member

Action = AuditEntry.Action


def entries_of(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type__model=obj._meta.model_name, object_pk=str(obj.pk)
        ).order_by("pk")
    )


def test_a_coordinator_deleting_an_organization_is_recorded(
    council, tambon_coordinator, client_for
):
    organization = OrganizationFactory(council=council, name="กลุ่มออมทรัพย์บ้านป่าซาง")
    response = post_confirmed(
        client_for(tambon_coordinator),
        reverse("organization_delete", args=[council.pk, organization.pk]),
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert not CommunityOrganization.objects.filter(pk=organization.pk).exists()
    deleted = entries_of(organization)[-1]
    assert deleted.action == Action.DELETE
    assert deleted.actor == tambon_coordinator
    assert deleted.remote_addr == "203.0.113.7"
    assert deleted.object_repr == str(organization)
    assert deleted.area_code == council.subdistrict_id


def test_a_member_status_change_from_the_shell_says_what_changed(db):
    member = FundMemberFactory()
    member.set_status(Member.Status.LAPSED, dt.date(2026, 3, 1))
    changed = entries_of(member)[-1]
    assert changed.action == Action.UPDATE
    assert changed.actor is None  # no request: the shell, a task or a migration
    assert changed.changes["status"] == [Member.Status.ACTIVE, Member.Status.LAPSED]
    assert changed.area_code == member.fund.council.subdistrict_id


def test_citizen_ids_are_masked_in_the_trail(db):
    member = FundMemberFactory(citizen_id=citizen_id(7))
    created = entries_of(member)[0]
    assert created.action == Action.CREATE
    logged = created.changes["citizen_id"][1]
    assert logged == member.masked_citizen_id
    assert member.citizen_id not in str(created.changes)


def test_a_plan_issue_deleted_in_the_admin_is_recorded(council, codi_staff, client_for):
    issue = IssueFactory(plan=PlanFactory(council=council))
    response = verified_client(codi_staff).post(
        reverse("admin:plans_planissue_delete", args=[issue.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not PlanIssue.objects.filter(pk=issue.pk).exists()
    deleted = entries_of(issue)[-1]
    assert (deleted.action, deleted.actor, deleted.area_code) == (
        Action.DELETE,
        codi_staff,
        council.subdistrict_id,
    )


def test_a_plan_import_leaves_one_record_with_the_files_hash(
    council, tambon_coordinator, english_client
):
    plan = PlanFactory(council=council)
    rows = [[*row[:7], "", *row[8:]] for row in GOOD_ROWS]  # no partner agency to look up
    file = _xlsx(rows)
    content = file.read()
    file.seek(0)
    response = import_confirmed(
        english_client(tambon_coordinator),
        reverse("project_import", args=[plan.pk]),
        {"import_file": file},
    )
    assert response.status_code in (200, 302)
    record = ImportRecord.objects.get()
    assert record.what == "plans.PlanProject"
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.rows == len(rows)
    assert record.imported_by == tambon_coordinator
    assert record.area_code == council.subdistrict_id
    # One record for the import, not an entry per row.
    assert not AuditEntry.objects.filter(content_type__model="planproject").exists()


def test_an_import_that_writes_nothing_leaves_no_record(council, tambon_coordinator, client_for):
    plan = PlanFactory(council=council)
    bad = [[*GOOD_ROWS[0][:8], "2025", "พอช.", "50,000"]]  # a C.E. year: the row is refused
    import_confirmed(
        client_for(tambon_coordinator),
        reverse("project_import", args=[plan.pk]),
        {"import_file": _xlsx(bad)},
    )
    assert not plan.issues.exists()
    assert not ImportRecord.objects.exists()


def test_an_admin_import_leaves_one_record(codi_staff, client_for):
    charlie = verified_client(codi_staff)
    rows = [["570903", "สภาองค์กรชุมชนตำบลเกาะช้าง", "ชร 0003/2552", "1/6/2552", "", ""]]
    preview = upload(charlie, "council", xlsx_upload(COUNCIL_HEADERS, rows))
    confirm(charlie, "council", preview)
    record = ImportRecord.objects.get()
    assert (record.what, record.rows, record.imported_by) == (
        "councils.Council",
        1,
        codi_staff,
    )
    assert record.file_name == "registry.xlsx"


@pytest.fixture
def trail(council, far_council):
    """Changes in Mae Sai (north) and in Chumphon (south)."""
    north = OrganizationFactory(council=council, name="กลุ่มเยาวชนแม่สาย")
    south = OrganizationFactory(council=far_council, name="กลุ่มประมงท่าตะเภา")
    return north, south


def test_regional_staff_search_only_their_regions_trail(trail, codi_staff, client_for):
    north, south = trail
    charlie = verified_client(codi_staff)
    page = charlie.get(reverse("admin:councils_auditentry_changelist"), {"q": "กลุ่ม"})
    assert page.status_code == 200
    shown = {entry.object_repr for entry in page.context["cl"].result_list}
    assert str(north) in shown
    assert str(south) not in shown
    by_person = charlie.get(reverse("admin:councils_auditentry_changelist"), {"q": "nobody"})
    assert not list(by_person.context["cl"].result_list)


def test_the_trail_is_read_only_for_staff(trail, codi_staff, client_for):
    entry = AuditEntry.objects.filter(area_code__startswith="57").first()
    charlie = verified_client(codi_staff)
    assert (
        charlie.get(reverse("admin:councils_auditentry_change", args=[entry.pk])).status_code == 200
    )
    response = charlie.post(
        reverse("admin:councils_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()

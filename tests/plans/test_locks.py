"""A submitted or accepted plan and its parts hold on every path: the coordinator's pages, the
admin (change, delete, bulk delete), the queryset, the shell and the import; only a recorded
reopening unlocks them."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from plans import imports
from plans.models import (
    CommunityPlan,
    PlanIssue,
    PlanLocked,
    PlanProject,
    PlanStateError,
    ProjectBudget,
)
from tests.accounts_helpers import verified_client
from tests.factories import complete_plan

LOCKED = ["submitted", "accepted"]
TODAY = dt.date(2026, 3, 12)


@pytest.fixture
def charlie(codi_staff):
    return verified_client(codi_staff)


@pytest.fixture
def alice(tambon_coordinator, client_for):
    return client_for(tambon_coordinator)


def parts(plan):
    issue = plan.issues.order_by("pk").first()
    project = issue.projects.first()
    return issue, project, project.budgets.first()


def admin_url(obj, view="change") -> str:
    return reverse(f"admin:plans_{obj._meta.model_name}_{view}", args=[obj.pk])


# --- the shell: instances and querysets -------------------------------------------------------


@pytest.mark.parametrize("state", LOCKED)
def test_a_locked_plan_and_its_parts_refuse_save_and_delete(council, state):
    plan = complete_plan(council, state=state)
    issue, project, budget = parts(plan)
    for obj in (CommunityPlan.objects.get(pk=plan.pk), issue, project, budget):
        with pytest.raises(PlanLocked):
            obj.save()
        with pytest.raises(PlanLocked):
            obj.delete()
    assert PlanIssue.objects.filter(plan=plan).count() == 3
    assert ProjectBudget.objects.of_plan(plan).count() == 3


@pytest.mark.parametrize("state", LOCKED)
def test_a_locked_plan_takes_no_new_part(council, state):
    plan = complete_plan(council, state=state)
    issue, project, _budget = parts(plan)
    with pytest.raises(PlanLocked):
        PlanIssue.objects.create(plan=plan, theme=issue.theme, title="ปัญหาที่เพิ่มทีหลัง")
    with pytest.raises(PlanLocked):
        PlanProject.objects.create(issue=issue, title="โครงการที่เพิ่มทีหลัง", approach="self")
    with pytest.raises(PlanLocked):
        ProjectBudget.objects.create(
            project=project, fiscal_year=2572, source="codi", amount=Decimal("10")
        )


def test_a_part_cannot_be_moved_out_of_a_locked_plan(council, other_council):
    locked = complete_plan(council, state="accepted")
    open_plan = complete_plan(other_council)
    issue, _project, _budget = parts(locked)
    issue.plan = open_plan
    with pytest.raises(PlanLocked):
        issue.save()
    assert PlanIssue.objects.get(pk=issue.pk).plan_id == locked.pk


@pytest.mark.parametrize("state", LOCKED)
def test_querysets_refuse_to_update_or_delete_a_locked_plan_or_its_parts(council, state):
    plan = complete_plan(council, state=state)
    querysets = [
        CommunityPlan.objects.filter(pk=plan.pk),
        PlanIssue.objects.filter(plan=plan),
        PlanProject.objects.filter(issue__plan=plan),
        ProjectBudget.objects.of_plan(plan),
    ]
    with pytest.raises(PlanLocked):
        querysets[0].update(title="แก้จากเชลล์")
    with pytest.raises(PlanLocked):
        querysets[1].update(title="แก้จากเชลล์")
    with pytest.raises(PlanLocked):
        querysets[2].update(title="แก้จากเชลล์")
    with pytest.raises(PlanLocked):
        querysets[3].update(amount=Decimal("1"))
    for queryset in querysets:
        with pytest.raises(PlanLocked):
            queryset.delete()
    assert CommunityPlan.objects.get(pk=plan.pk).title != "แก้จากเชลล์"
    assert ProjectBudget.objects.of_plan(plan).count() == 3


def test_the_state_moves_only_through_the_review(council):
    plan = complete_plan(council, state="accepted")
    with pytest.raises(PlanStateError):
        CommunityPlan.objects.filter(pk=plan.pk).update(state="draft")
    draft = complete_plan(council, first_year=2574, last_year=2578)
    draft.state = "accepted"
    with pytest.raises(PlanStateError):
        draft.save()
    assert CommunityPlan.objects.get(pk=draft.pk).state == "draft"
    assert CommunityPlan.objects.get(pk=plan.pk).state == "accepted"


def test_an_open_plan_changes_as_before(council):
    plan = complete_plan(council, state="returned")
    issue, project, budget = parts(plan)
    issue.title = "แก้ได้"
    issue.save()
    PlanProject.objects.filter(pk=project.pk).update(title="แก้ได้เช่นกัน")
    budget.delete()
    assert PlanIssue.objects.get(pk=issue.pk).title == "แก้ได้"
    assert not ProjectBudget.objects.filter(pk=budget.pk).exists()


def test_reopening_is_recorded_and_unlocks(council, district_coordinator):
    plan = complete_plan(council, state="accepted")
    plan.reopen(by=district_coordinator, note="ตัวเลขงบประมาณโครงการผิด")
    change = plan.history.get()
    assert (change.from_state, change.to_state, change.by) == (
        "accepted",
        "returned",
        district_coordinator,
    )
    assert change.note == "ตัวเลขงบประมาณโครงการผิด"
    issue, _project, _budget = parts(plan)
    issue.title = "แก้หลังเปิดแผน"
    issue.save()


# --- the coordinator's pages (unchanged: the editor already refused) --------------------------


@pytest.mark.parametrize("state", LOCKED)
def test_the_editor_refuses_a_locked_plan(council, alice, state):
    plan = complete_plan(council, state=state)
    issue, project, _budget = parts(plan)
    response = alice.post(
        reverse("issue_edit", args=[plan.pk, issue.pk]),
        {"version": plan.version, "theme": issue.theme_id, "title": "แก้จากหน้าเว็บ",
         "priority": 1, "villages": "", "description": ""},
    )  # fmt: skip
    assert response.status_code == 302
    alice.post(reverse("project_delete", args=[plan.pk, project.pk]), {"version": plan.version})
    assert PlanIssue.objects.get(pk=issue.pk).title != "แก้จากหน้าเว็บ"
    assert PlanProject.objects.filter(pk=project.pk).exists()


# --- the admin ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plan", "issue", "project"])
def test_the_admin_shows_a_locked_row_read_only_with_the_reason(council, charlie, kind):
    plan = complete_plan(council, state="accepted")
    issue, project, _budget = parts(plan)
    obj = {"plan": plan, "issue": issue, "project": project}[kind]
    response = charlie.get(admin_url(obj))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ถูกล็อก" in page and "เปิดแผนเพื่อแก้ไข" in page
    assert not response.context["has_change_permission"]
    assert not response.context["has_delete_permission"]
    # A hand-made post is refused, not a server error.
    assert charlie.post(admin_url(obj), {"title": "แก้จากหน้าจัดการ"}).status_code == 403
    obj.refresh_from_db()
    assert obj.title != "แก้จากหน้าจัดการ"


@pytest.mark.parametrize("kind", ["plan", "issue", "project"])
def test_the_admin_does_not_delete_a_locked_row(council, charlie, kind):
    plan = complete_plan(council, state="submitted")
    issue, project, _budget = parts(plan)
    obj = {"plan": plan, "issue": issue, "project": project}[kind]
    assert charlie.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    changelist = reverse(f"admin:plans_{obj._meta.model_name}_changelist")
    response = charlie.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302, 403)  # told, or refused; never a server error
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_admin_refuses_a_new_issue_in_a_locked_plan(council, charlie):
    plan = complete_plan(council, state="accepted")
    theme = plan.issues.first().theme
    response = charlie.post(
        reverse("admin:plans_planissue_add"),
        {"plan": plan.pk, "theme": theme.pk, "title": "ปัญหาที่เพิ่มจากหน้าจัดการ", "priority": 1,
         "villages": "[]", "order": 5},
    )  # fmt: skip
    assert response.status_code == 200
    assert "ถูกล็อก" in response.content.decode()
    assert plan.issues.count() == 3


def test_the_admin_reopen_action_records_who_and_why(council, charlie, codi_staff):
    accepted = complete_plan(council, state="accepted")
    submitted = complete_plan(council, first_year=2574, last_year=2578, state="submitted")
    changelist = reverse("admin:plans_communityplan_changelist")
    action = {"action": "reopen_for_changes", "_selected_action": [accepted.pk, submitted.pk]}

    charlie.post(changelist, action)  # no reason: nothing moves
    assert set(CommunityPlan.objects.values_list("state", flat=True)) == {"accepted", "submitted"}

    response = charlie.post(changelist, {**action, "note": "สำนักงานภาคแก้ชื่อหน่วยงานที่ผิด"})
    assert response.status_code == 302
    for plan in (accepted, submitted):
        plan.refresh_from_db()
        assert plan.state == "returned"
        change = plan.history.get()
        assert (change.by, change.note) == (codi_staff, "สำนักงานภาคแก้ชื่อหน่วยงานที่ผิด")
    assert charlie.get(admin_url(accepted)).context["has_change_permission"]


# --- the import ------------------------------------------------------------------------------


def _upload(plan) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append([column.column_name for column in imports.columns()])
    issue = plan.issues.select_related("theme").first()
    sheet.append([issue.theme.name_th, issue.title, "โครงการจากไฟล์", "", "", "", "ทำเอง", "",
                  "2569", "พอช.", "1000"])  # fmt: skip
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("plan.xlsx", data.getvalue(), content_type=imports.XLSX_TYPE)


@pytest.mark.parametrize("state", LOCKED)
def test_an_import_into_a_locked_plan_is_refused(council, tambon_coordinator, state):
    plan = complete_plan(council, state=state)
    with pytest.raises(PlanStateError):
        imports.import_projects(plan, _upload(plan), tambon_coordinator)
    # The resource run by hand, without the plan's editing lock, is refused row by row.
    resource = imports.PlanProjectResource(user=tambon_coordinator, plan=plan)
    from councils.spreadsheets.formats import read_upload

    result = resource.import_data(read_upload(_upload(plan)), dry_run=False, raise_errors=False)
    assert result.has_errors() or result.has_validation_errors()
    assert not PlanProject.objects.filter(title="โครงการจากไฟล์").exists()


# --- endorsed snapshots -----------------------------------------------------------------------


@pytest.fixture
def snapshot(province_coordinator):
    from plans.books import curation
    from tests.reports.plan_builders import book

    made = book("province", "57", grouped=False)
    return curation.endorse(made, by=province_coordinator, body="ที่ประชุมระดับจังหวัด", on=TODAY)


def test_an_endorsed_snapshot_is_never_changed_or_deleted(snapshot):
    from plans.books.models import BookSnapshot, SnapshotFrozen

    snapshot.data = {"title": "แก้ทีหลัง"}
    with pytest.raises(SnapshotFrozen):
        snapshot.save()
    with pytest.raises(SnapshotFrozen):
        snapshot.save(update_fields=["data"])
    with pytest.raises(SnapshotFrozen):
        snapshot.delete()
    rows = BookSnapshot.objects.filter(pk=snapshot.pk)
    with pytest.raises(SnapshotFrozen):
        rows.update(endorsed_by_body="ที่ประชุมอื่น")
    with pytest.raises(SnapshotFrozen):
        rows.delete()
    assert BookSnapshot.objects.get(pk=snapshot.pk).data != {"title": "แก้ทีหลัง"}


def test_rendering_the_pdf_still_writes_its_own_fields(snapshot):
    from plans.books.models import BookSnapshot

    rows = BookSnapshot.objects.filter(pk=snapshot.pk)
    rows.update(pdf_state=BookSnapshot.PdfState.RUNNING, pdf_progress=40)
    snapshot.pdf_state, snapshot.pdf_progress = BookSnapshot.PdfState.FAILED, 0
    snapshot.pdf_error = "หมดเวลา"
    snapshot.save(update_fields=["pdf_state", "pdf_progress", "pdf_error"])
    assert BookSnapshot.objects.get(pk=snapshot.pk).pdf_state == BookSnapshot.PdfState.FAILED


def test_a_snapshot_gets_its_meeting_once(snapshot, province_coordinator):
    from plans.books.models import SnapshotFrozen
    from tests.factories import MeetingFactory

    provincial = {"council": None, "level": "province", "kind": "provincial", "area_code": "57"}
    first, second = MeetingFactory(**provincial), MeetingFactory(**provincial)
    snapshot.meeting = first
    snapshot.save(update_fields=["meeting"])
    snapshot.meeting = second
    with pytest.raises(SnapshotFrozen):
        snapshot.save(update_fields=["meeting"])


def test_deleting_the_book_of_an_endorsed_snapshot_is_refused(snapshot):
    from django.db.models import ProtectedError

    from plans.books.models import BookSnapshot

    with pytest.raises(ProtectedError):
        snapshot.book.delete()
    assert BookSnapshot.objects.filter(pk=snapshot.pk).exists()

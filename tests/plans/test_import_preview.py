"""A plan's import shows what it will write first: nothing is written until the person who
uploaded the file confirms, bad rows are named, and no one else may confirm it."""

import pytest
from django.urls import reverse

from councils.audit import ImportRecord
from councils.spreadsheets.jobs import ImportJob
from plans.models import PlanIssue, PlanProject, ProjectBudget
from tests.confirming import confirm_fields
from tests.factories import IssueFactory, PartnerFactory, PlanFactory, ProjectFactory
from tests.plans.test_import import GOOD_ROWS, _xlsx


@pytest.fixture
def plan(council):
    PartnerFactory()  # the lead partner the good rows name
    return PlanFactory(council=council)


@pytest.fixture
def alice(tambon_coordinator, english_client):
    return english_client(tambon_coordinator)


def _upload(client, plan, rows):
    return client.post(reverse("project_import", args=[plan.pk]), {"import_file": _xlsx(rows)})


def test_the_preview_counts_what_is_added_and_changed_and_writes_nothing(
    plan, alice, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    issue = IssueFactory(plan=plan, title="รายได้จากการเกษตรไม่พอรายจ่าย")
    ProjectFactory(issue=issue, title="โครงการเกษตรอินทรีย์และตลาดชุมชน")  # changed by the file

    response = _upload(alice, plan, GOOD_ROWS)

    job = ImportJob.objects.get()
    assert response.url == reverse("project_import_preview", args=[plan.pk, job.pk])
    assert (job.state, job.requested_by.username) == ("held", "alice")
    assert any((tmp_path / "imports").iterdir())  # the file is kept on the server
    preview = alice.get(response.url)
    page = preview.content.decode()
    assert "adds 1 projects and changes 1, with 3 budget lines; 1 new issues" in page
    assert ">Import into the plan</button>" in page
    assert (PlanProject.objects.count(), PlanIssue.objects.count()) == (1, 1)
    assert not ProjectBudget.objects.exists() and not ImportRecord.objects.exists()
    plan.refresh_from_db()
    assert plan.version == 1  # the check's bump was rolled back with the rest

    assert alice.post(response.url).status_code == 200  # no confirmation: the preview again
    assert not ProjectBudget.objects.exists()

    done = alice.post(response.url, confirm_fields(preview))

    assert done.status_code == 302
    assert (PlanProject.objects.count(), PlanIssue.objects.count()) == (2, 2)
    assert ProjectBudget.objects.count() == 3
    assert ImportRecord.objects.count() == 1
    job.refresh_from_db()
    assert (job.state, job.file.name) == ("done", "")
    assert not any((tmp_path / "imports").iterdir())
    alice.post(response.url, confirm_fields(preview))  # a second tap imports nothing more
    assert ProjectBudget.objects.count() == 3


def test_bad_rows_are_named_in_the_preview_and_nothing_is_kept(plan, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [*GOOD_ROWS, [*GOOD_ROWS[2][:8], "2026", "ชุมชน", "5000"]]
    response = _upload(alice, plan, rows)
    preview = alice.get(response.url)
    errors = preview.context["result"].errors
    assert [row for row, _column, _message in errors] == [5]
    assert "2026 looks like a Christian-era" in preview.content.decode()
    assert 'name="confirm"' not in preview.content.decode()
    assert not PlanProject.objects.exists()
    assert ImportJob.objects.get().state == "done"
    assert not any((tmp_path / "imports").iterdir())


def test_only_the_uploader_may_see_or_confirm_the_preview(
    plan, alice, tambon_coordinator, client_for, settings, tmp_path
):
    from councils.access import Role
    from tests.factories import TAMBON_MAE_SAI, AssignmentFactory, UserFactory

    settings.MEDIA_ROOT = tmp_path
    kanya = UserFactory(username="kanya")
    AssignmentFactory(user=kanya, role=Role.TAMBON_COORDINATOR, area_code=TAMBON_MAE_SAI)
    response = _upload(alice, plan, GOOD_ROWS)
    token = confirm_fields(alice.get(response.url))
    other = client_for(kanya)
    assert other.get(response.url).status_code == 404
    assert other.post(response.url, token).status_code == 404
    assert not PlanProject.objects.exists()


def test_a_new_upload_drops_the_unconfirmed_one(plan, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = _upload(alice, plan, GOOD_ROWS)
    second = _upload(alice, plan, GOOD_ROWS[2:])
    assert ImportJob.objects.count() == 1
    assert alice.get(first.url).status_code == 404
    assert len(list((tmp_path / "imports").iterdir())) == 1
    assert alice.get(second.url).status_code == 200


def test_a_file_left_unconfirmed_for_a_day_is_dropped_by_the_next_upload(
    plan, alice, council, settings, tmp_path
):
    import datetime as dt

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    _upload(alice, plan, GOOD_ROWS)
    ImportJob.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    other_plan = PlanFactory(council=council, first_year=2574, last_year=2578)
    _upload(alice, other_plan, [[*row[:8], "", "", ""] for row in GOOD_ROWS[2:]])
    assert list(ImportJob.objects.values_list("object_id", flat=True)) == [other_plan.pk]
    assert len(list((tmp_path / "imports").iterdir())) == 1


def test_the_daily_command_drops_files_left_unconfirmed_for_a_day_and_keeps_newer_ones(
    plan, alice, council, settings, tmp_path
):
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    _upload(alice, plan, GOOD_ROWS)
    ImportJob.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    other_plan = PlanFactory(council=council, first_year=2574, last_year=2578)
    _upload(alice, other_plan, [[*row[:8], "", "", ""] for row in GOOD_ROWS[2:]])
    ImportJob.objects.filter(object_id=other_plan.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=2)
    )
    _upload(alice, plan, GOOD_ROWS)
    ImportJob.objects.filter(object_id=plan.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    out = StringIO()
    call_command("drop_unconfirmed_imports", stdout=out)
    assert "1 unconfirmed import files deleted." in out.getvalue()
    assert list(ImportJob.objects.values_list("object_id", flat=True)) == [other_plan.pk]
    assert len(list((tmp_path / "imports").iterdir())) == 1


def test_the_page_of_bad_rows_uploads_the_corrected_file_to_the_upload_page(
    plan, alice, settings, tmp_path
):
    # It posted back to the preview of the bad file, which only showed the old errors again.
    settings.MEDIA_ROOT = tmp_path
    rows = [*GOOD_ROWS, [*GOOD_ROWS[2][:8], "2026", "ชุมชน", "5000"]]
    page = alice.get(_upload(alice, plan, rows).url).content.decode()
    assert f'action="{reverse("project_import", args=[plan.pk])}"' in page

"""Big member files import as a background task: a job page with progress, still all or nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.audit import ImportRecord
from councils.spreadsheets.jobs import ImportJob
from tests.confirming import confirm_fields
from tests.factories import citizen_id

HEADER = "ชื่อ,นามสกุล,เลขประจำตัวประชาชน,วันเกิด,วันที่สมัคร\n"


def member_file(rows: int, bad_row: int | None = None) -> SimpleUploadedFile:
    """`rows` members; the spreadsheet row `bad_row` (the header is row 1) has a C.E. year."""
    lines = [HEADER]
    for n in range(1, rows + 1):
        year = 1985 if n + 1 == bad_row else 2500 + n % 40
        lines.append(f"บุญมา,แก้วมณี,{citizen_id(n)},15/3/{year},1/10/2567\n")
    return SimpleUploadedFile("members.csv", "".join(lines).encode("utf-8-sig"))


def post(client, fund, upload):
    return client.post(reverse("member_import", args=[fund.pk]), {"import_file": upload})


def test_a_file_of_2500_members_is_checked_and_imported_through_tasks_once_confirmed(
    fund, tambon_coordinator, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    alice = client_for(tambon_coordinator)

    response = post(alice, fund, member_file(2500))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("fund_import_job", args=[fund.pk, job.pk])
    assert (job.kind, job.object_id, job.requested_by) == (
        "welfare.members", fund.pk, tambon_coordinator,
    )  # fmt: skip
    # Checked by a task: what it would write, and nothing written yet; the file is kept.
    assert (job.state, job.rows_total) == ("held", 2500)
    assert (job.outcome["added"], job.outcome["changed"], job.outcome["errors"]) == (2500, 0, [])
    assert not fund.members.exists() and not ImportRecord.objects.exists()
    assert any((tmp_path / "imports").iterdir())
    preview = alice.get(response.url)
    assert "2,500" in preview.content.decode()

    alice.post(response.url, confirm_fields(preview))

    job.refresh_from_db()
    assert (job.state, job.progress, job.rows_done) == ("done", 100, 2500)
    assert job.outcome["imported"] == {"members": 2500}
    assert fund.members.count() == 2500
    assert ImportRecord.objects.get().rows == 2500
    # The stored file is deleted once imported.
    assert job.file.name == ""
    assert not any((tmp_path / "imports").iterdir())
    page = alice.get(response.url)
    assert page.context["outcome"].ok
    assert "2,500" in page.content.decode()


def test_one_bad_row_among_2500_writes_nothing_and_the_job_names_it(
    fund, tambon_coordinator, english_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    alice = english_client(tambon_coordinator)

    response = post(alice, fund, member_file(2500, bad_row=1700))

    job = ImportJob.objects.get()
    assert job.state == "done"
    assert job.outcome["imported"] == {}
    assert [row for row, _column, _message in job.outcome["errors"]] == [1700]
    assert not fund.members.exists()
    assert not ImportRecord.objects.exists()
    page = alice.get(response.url)
    assert dict(page.context["outcome"].row_errors).keys() == {1700}
    assert "Christian-era" in page.content.decode()


def test_the_job_page_polls_while_the_import_runs(fund, tambon_coordinator, client_for):
    job = ImportJob.objects.create(
        kind="welfare.members", object_id=fund.pk, area_code=fund.area_code,
        file_name="members.csv", state="running", progress=40, rows_total=5000, rows_done=2000,
    )  # fmt: skip
    url = reverse("fund_import_job", args=[fund.pk, job.pk])
    alice = client_for(tambon_coordinator)

    page = alice.get(url).content.decode()
    part = alice.get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 2s"' in page
    assert f'href="{url}"' in page  # a refresh link for a browser without JavaScript
    assert part.strip().startswith('<section id="status"') and "<html" not in part
    assert 'value="40"' in part


def test_a_small_file_is_checked_and_imported_while_the_page_waits(
    fund, tambon_coordinator, client_for
):
    alice = client_for(tambon_coordinator)
    response = post(alice, fund, member_file(20))
    preview = alice.get(response.url)
    assert ImportJob.objects.get().state == "held" and not fund.members.exists()
    confirmed = alice.post(response.url, confirm_fields(preview))
    assert confirmed.url == reverse("member_list", args=[fund.pk])
    assert fund.members.count() == 20


def test_another_funds_job_is_not_found_through_this_fund(
    fund, other_fund, tambon_coordinator, client_for
):
    job = ImportJob.objects.create(
        kind="welfare.members", object_id=other_fund.pk, area_code=other_fund.area_code,
        file_name="members.csv",
    )  # fmt: skip
    response = client_for(tambon_coordinator).get(
        reverse("fund_import_job", args=[fund.pk, job.pk])
    )
    assert response.status_code == 404

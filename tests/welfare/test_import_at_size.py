"""Member imports at size: queries flat in the rows, a batch written before a bad row is undone,
the fund's villages checked, and a file above the old 5 MB limit taken through the page,
streamed to a temporary file rather than held in memory."""

from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from councils.audit import ImportRecord
from councils.spreadsheets.formats import CSV
from tests.confirming import import_confirmed
from tests.factories import FundMemberFactory, citizen_id
from welfare import imports, tasks
from welfare.models import Member

HEADER = "ชื่อ,นามสกุล,เลขประจำตัวประชาชน,วันเกิด,วันที่สมัคร,หมู่ที่,ความยินยอม\n"


def member_rows(rows: int, *, first: int = 1, bad_row: int | None = None) -> str:
    """`rows` members; the spreadsheet row `bad_row` (the header is row 1) has a C.E. year."""
    lines = [HEADER]
    for n in range(first, first + rows):
        year = 1985 if n - first + 2 == bad_row else 2500 + n % 40
        lines.append(f"บุญมา,แก้วมณี,{citizen_id(n)},15/3/{year},1/10/2567,{n % 5 + 1},ยินยอม\n")
    return "".join(lines)


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("members.csv", text.encode("utf-8-sig"))


def test_an_import_asks_the_same_queries_for_10_and_for_100_rows(
    fund, tambon_coordinator, django_assert_num_queries
):
    FundMemberFactory(fund=fund, citizen_id=citizen_id(999))
    fund.refresh_from_db()  # its council and tambon are read by the import, not before
    # savepoints of the import and of its rows, the fund locked, its members' IDs and numbers,
    # its council, its tambon (for the villages), the members written (INSERT, or COPY on
    # PostgreSQL), release, the import's record, release
    for first, rows in ((1, 10), (101, 100)):
        file = upload(member_rows(rows, first=first))
        with django_assert_num_queries(10):
            outcome = imports.import_file(fund, "members", file, tambon_coordinator)
        assert outcome.ok, outcome.errors
        fund = type(fund).objects.get(pk=fund.pk)
    assert fund.members.count() == 111
    assert ImportRecord.objects.count() == 2
    member = fund.members.get(citizen_id=citizen_id(150))
    assert member.consent_recorded_by == tambon_coordinator and member.member_no == 61


def test_a_bad_row_after_written_batches_undoes_them(fund, tambon_coordinator, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_ROWS", 10)
    outcome = imports.import_file(
        fund, "members", upload(member_rows(30, bad_row=27)), tambon_coordinator
    )
    assert [error.row for error in outcome.errors] == [27]
    assert outcome.errors[0].column == "วันเกิด"
    assert not fund.members.exists() and not ImportRecord.objects.exists()


def test_a_village_the_tambon_does_not_have_names_its_row(fund, tambon_coordinator):
    tambon = fund.council.subdistrict
    tambon.village_count = 3
    tambon.save(update_fields=["village_count"])
    dataset = CSV().create_dataset(member_rows(5).encode())  # villages 2, 3, 4, 5, 1
    outcome = imports.import_dataset(fund, "members", dataset, tambon_coordinator)
    assert [(error.row, error.column) for error in outcome.errors] == [(4, "หมู่ที่"), (5, "หมู่ที่")]
    assert "no village no. 4" in outcome.errors[0].message
    assert not fund.members.exists()


def test_a_file_above_5_mb_goes_through_the_page_streamed_to_disk(
    fund, tambon_coordinator, client_for, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seen = []
    check_upload = tasks.check_upload

    def spy(fund, what, upload, user):
        seen.append(upload)
        return check_upload(fund, what, upload, user)

    monkeypatch.setattr(tasks, "check_upload", spy)
    note = "บันทึก" * 140  # a long note in a column the import does not read: 2.5 KB a row
    text = member_rows(2100).replace("ยินยอม\n", f"ยินยอม,{note}\n")
    text = text.replace("ความยินยอม\n", "ความยินยอม,หมายเหตุ\n", 1)
    content = text.encode("utf-8-sig")
    assert len(content) > 5 * 1024 * 1024

    response = import_confirmed(
        client_for(tambon_coordinator),
        reverse("member_import", args=[fund.pk]),
        {"import_file": SimpleUploadedFile("members.csv", content)},
    )

    assert response.status_code == 302, response.context and response.context.get("form")
    assert isinstance(seen[0], TemporaryUploadedFile)  # on disk, not in the process's memory
    assert Member.objects.filter(fund=fund).count() == 2100

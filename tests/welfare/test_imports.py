"""Importing members and contributions: B.E. dates, the user's own fund, all or nothing, every bad
row named."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.spreadsheets.jobs import ImportJob
from tests.confirming import import_confirmed
from tests.factories import FundMemberFactory, citizen_id
from welfare.models import LedgerEntry, Member

MEMBER_HEADER = "ชื่อ,นามสกุล,เลขประจำตัวประชาชน,วันเกิด,วันที่สมัคร,กลุ่ม,หมู่ที่\n"


def _csv(text: str, name="members.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def _post(client, fund, what, upload):
    """Upload, read the preview, confirm it: as a coordinator imports (tests/confirming.py)."""
    name = "member_import" if what == "members" else "contribution_import"
    return import_confirmed(client, reverse(name, args=[fund.pk]), {"import_file": upload})


def test_members_import_with_be_dates(fund, tambon_coordinator, client_for):
    text = MEMBER_HEADER + (
        f"บุญมา,แก้วมณี,{citizen_id(1)},15/3/2510,1/10/2567,ผู้สูงอายุ,3\n"
        f"สมพร,ทองดี,{citizen_id(2)},2/1/2545,1/10/2567,วัยทำงาน,4\n"
    )
    response = _post(client_for(tambon_coordinator), fund, "members", _csv(text))
    assert response.status_code == 302
    first = Member.objects.get(citizen_id=citizen_id(1))
    assert (first.fund, first.birth_date, first.joined_on, first.group, first.member_no) == (
        fund, dt.date(1967, 3, 15), dt.date(2024, 10, 1), Member.Group.ELDERLY, 1,
    )  # fmt: skip
    assert Member.objects.get(citizen_id=citizen_id(2)).member_no == 2


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_row(
    fund, tambon_coordinator, client_for
):
    FundMemberFactory(fund=fund, citizen_id=citizen_id(9))
    text = MEMBER_HEADER + (
        f"บุญมา,แก้วมณี,{citizen_id(1)},15/3/2510,1/10/2567,,\n"  # row 2: good
        "สมพร,ทองดี,1234545678789,2/1/2545,1/10/2567,,\n"  # row 3: check digit
        f"ประยูร,ศรีสุข,{citizen_id(3)},2/1/1985,1/10/2567,,\n"  # row 4: a C.E. year
        f"อำไพ,บุญเรือง,{citizen_id(9)},2/1/2520,1/10/2567,,\n"  # row 5: already a member
        f",คำแสน,{citizen_id(4)},2/1/2520,1/10/2567,,\n"  # row 6: no first name
        f"จันทร์เพ็ญ,คำแสน,{citizen_id(1)},2/1/2520,1/10/2567,,\n"  # row 7: same ID as row 2
    )
    response = _post(client_for(tambon_coordinator), fund, "members", _csv(text))
    assert response.status_code == 200
    outcome = response.context["outcome"]
    rows = dict(outcome.row_errors)
    assert sorted(rows) == [3, 4, 5, 6, 7]
    assert "เลขประจำตัวประชาชน" in rows[3]
    assert "Christian-era" in " ".join(rows[4]["วันเกิด"])
    assert "already member no." in " ".join(rows[5]["เลขประจำตัวประชาชน"])
    assert "ชื่อ" in rows[6]
    assert "already member no." in " ".join(rows[7]["เลขประจำตัวประชาชน"])
    body = response.content.decode()
    assert "1234545678789" not in body  # even a wrong ID is not echoed whole
    assert fund.members.count() == 1


def test_a_file_without_a_required_column_is_refused(fund, tambon_coordinator, client_for):
    text = "ชื่อ,นามสกุล\nบุญมา,แก้วมณี\n"
    response = _post(client_for(tambon_coordinator), fund, "members", _csv(text))
    assert "เลขประจำตัวประชาชน" in " ".join(response.context["outcome"].file_errors)
    assert not fund.members.exists()


def test_an_import_lands_in_the_users_own_fund_only(
    fund, other_fund, other_tambon_coordinator, client_for
):
    text = MEMBER_HEADER + f"บุญมา,แก้วมณี,{citizen_id(1)},15/3/2510,1/10/2567,,\n"
    response = _post(client_for(other_tambon_coordinator), fund, "members", _csv(text))
    assert response.status_code == 404
    assert not Member.objects.exists()


def test_contributions_import_from_xlsx_and_raise_the_balance(fund, tambon_coordinator, client_for):
    members = [FundMemberFactory(fund=fund) for _ in range(2)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["เลขที่สมาชิก", "วันที่ชำระ", "จำนวนเงิน", "หมายเหตุ"])
    for member in members:
        sheet.append([member.member_no, "5/1/2568", 30, ""])
        sheet.append([member.member_no, "5/2/2568", "30.00", "ชำระที่ประชุมหมู่บ้าน"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("book.xlsx", data.getvalue())
    response = _post(client_for(tambon_coordinator), fund, "contributions", upload)
    assert response.status_code == 302
    entries = LedgerEntry.objects.filter(fund=fund, kind="contribution")
    assert entries.count() == 4
    assert {e.occurred_on for e in entries} == {dt.date(2025, 1, 5), dt.date(2025, 2, 5)}
    fund.refresh_from_db()
    assert fund.balance == Decimal("120.00") == fund.ledger_total()


def test_bad_contribution_rows_write_nothing(fund, tambon_coordinator, client_for):
    member = FundMemberFactory(fund=fund)
    text = (
        "เลขที่สมาชิก,วันที่ชำระ,จำนวนเงิน\n"
        f"{member.member_no},5/1/2568,30\n"
        "999,5/1/2568,30\n"
        f"{member.member_no},5/1/2025,30\n"
        f"{member.member_no},5/1/2568,-30\n"
    )
    response = _post(client_for(tambon_coordinator), fund, "contributions", _csv(text))
    rows = dict(response.context["outcome"].row_errors)
    assert sorted(rows) == [3, 4, 5]
    assert "999" in " ".join(rows[3]["เลขที่สมาชิก"])
    assert "Christian-era" in " ".join(rows[4]["วันที่ชำระ"])
    assert "จำนวนเงิน" in rows[5]
    assert not LedgerEntry.objects.exists()
    fund.refresh_from_db()
    assert fund.balance == 0


def test_an_oversized_file_is_refused_before_it_is_read(
    fund, tambon_coordinator, client_for, settings
):
    settings.IMPORT_MAX_BYTES = 100
    text = MEMBER_HEADER + f"บุญมา,แก้วมณี,{citizen_id(1)},15/3/2510,1/10/2567,,\n" * 3
    response = _post(client_for(tambon_coordinator), fund, "members", _csv(text))
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"][0].startswith("The file is ")
    assert not ImportJob.objects.exists()  # nothing kept of a refused file
    assert not fund.members.exists()

"""A fund's import shows what it will write first: the rows it adds and the money it brings,
nothing written until the person who uploaded it confirms, bad rows named."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.spreadsheets.jobs import ImportJob
from tests.confirming import confirm_fields
from tests.factories import FundMemberFactory, UserFactory
from welfare.models import LedgerEntry


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("book.csv", text.encode("utf-8-sig"), content_type="text/csv")


def test_contributions_are_previewed_with_their_total_then_recorded(
    fund, tambon_coordinator, client_for
):
    alice = client_for(tambon_coordinator)
    member = FundMemberFactory(fund=fund)
    text = "เลขที่สมาชิก,วันที่ชำระ,จำนวนเงิน\n" + f"{member.member_no},5/1/2568,30\n" * 3
    response = alice.post(
        reverse("contribution_import", args=[fund.pk]), {"import_file": _csv(text)}
    )

    preview = alice.get(response.url)

    page = preview.content.decode()
    assert "records 3 contributions of 90 baht in all" in page
    assert ">Import 3 rows</button>" in page
    assert not LedgerEntry.objects.exists()
    fund.refresh_from_db()
    assert fund.balance == 0

    assert alice.post(response.url).status_code == 200  # no confirmation: nothing written
    assert not LedgerEntry.objects.exists()

    done = alice.post(response.url, confirm_fields(preview))
    assert done.url == reverse("ledger_list", args=[fund.pk])
    fund.refresh_from_db()
    assert fund.balance == Decimal("90.00") == fund.ledger_total()


def test_someone_else_sees_the_preview_but_cannot_confirm_it(
    fund, tambon_coordinator, second_approver, client_for
):
    alice = client_for(tambon_coordinator)
    member = FundMemberFactory(fund=fund)
    text = f"เลขที่สมาชิก,วันที่ชำระ,จำนวนเงิน\n{member.member_no},5/1/2568,30\n"
    response = alice.post(
        reverse("contribution_import", args=[fund.pk]), {"import_file": _csv(text)}
    )
    token = confirm_fields(alice.get(response.url))

    somsri = client_for(second_approver)
    page = somsri.get(response.url).content.decode()
    assert "can confirm its import" in page and 'name="confirm"' not in page
    somsri.post(response.url, token)
    assert not LedgerEntry.objects.exists()
    assert ImportJob.objects.get().state == "held"


def test_a_file_with_bad_rows_is_named_and_never_offered(fund, tambon_coordinator, client_for):
    alice = client_for(tambon_coordinator)
    text = "เลขที่สมาชิก,วันที่ชำระ,จำนวนเงิน\n999,5/1/2568,30\n"
    response = alice.post(
        reverse("contribution_import", args=[fund.pk]), {"import_file": _csv(text)}
    )
    page = alice.get(response.url)
    assert dict(page.context["outcome"].row_errors).keys() == {2}
    assert 'name="confirm"' not in page.content.decode()
    assert ImportJob.objects.get().state == "done"


def test_a_job_of_no_one_cannot_be_confirmed(fund, tambon_coordinator, client_for):
    job = ImportJob.objects.create(
        kind="welfare.members", object_id=fund.pk, area_code=fund.area_code,
        requested_by=UserFactory(), file_name="members.csv", state="held",
        outcome={"imported": {"members": 2}, "added": 2},
    )  # fmt: skip
    url = reverse("fund_import_job", args=[fund.pk, job.pk])
    client_for(tambon_coordinator).post(url, {"confirm": "forged"})
    job.refresh_from_db()
    assert job.state == "held"

"""Claim.approve and Claim.reject hold their own rules, so a page, the admin and the shell all
obey them: two different approvers, read again under the claim's row lock."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClaimFactory, FundMemberFactory
from welfare.models import Claim


@pytest.fixture
def claim(fund, filer):
    return ClaimFactory(member=FundMemberFactory(fund=fund), filed_by=filer)


def test_a_copy_read_before_alice_approved_cannot_count_her_twice(claim, tambon_coordinator):
    open_page = Claim.objects.get(pk=claim.pk)
    claim.approve(by=tambon_coordinator)
    with pytest.raises(ValidationError, match="already approved"):
        open_page.approve(by=tambon_coordinator)
    claim.refresh_from_db()
    assert (claim.approvals, claim.status) == (1, Claim.Status.FILED)


def test_a_copy_read_before_the_first_approval_records_the_second(
    claim, tambon_coordinator, second_approver
):
    open_page = Claim.objects.get(pk=claim.pk)
    claim.approve(by=tambon_coordinator)
    open_page.approve(by=second_approver)
    claim.refresh_from_db()
    assert (claim.first_approver, claim.second_approver, claim.status) == (
        tambon_coordinator, second_approver, Claim.Status.APPROVED,
    )  # fmt: skip


def test_a_claim_rejected_meanwhile_cannot_be_approved(claim, tambon_coordinator, second_approver):
    open_page = Claim.objects.get(pk=claim.pk)
    claim.reject(second_approver, "ไม่มีใบรับรองแพทย์")
    with pytest.raises(ValidationError, match="Only a claim awaiting approval"):
        open_page.approve(by=tambon_coordinator)
    claim.refresh_from_db()
    assert (claim.status, claim.first_approver) == (Claim.Status.REJECTED, None)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks: it ignores FOR UPDATE"
)
def test_approving_reads_the_claim_under_its_row_lock(claim, tambon_coordinator):
    with CaptureQueriesContext(connection) as queries:
        claim.approve(by=tambon_coordinator)
    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 1 and '"welfare_claim"' in locks[0]


@pytest.mark.parametrize(
    ("status", "rejectable"),
    [
        (Claim.Status.FILED, True),
        (Claim.Status.APPROVED, True),
        (Claim.Status.PAID, False),
        (Claim.Status.REJECTED, False),
    ],
)
def test_a_claim_may_be_rejected_until_it_is_paid(fund, tambon_coordinator, status, rejectable):
    claim = ClaimFactory(
        member=FundMemberFactory(fund=fund), filed_by=tambon_coordinator, status=status
    )
    assert claim.can_be_rejected is rejectable
    if rejectable:
        claim.reject(tambon_coordinator, "ซ้ำกับคำขอเดิม")
        claim.refresh_from_db()
        assert claim.status == Claim.Status.REJECTED
    else:
        with pytest.raises(ValidationError, match="cannot be rejected"):
            claim.reject(tambon_coordinator, "ซ้ำกับคำขอเดิม")
        claim.refresh_from_db()
        assert claim.status == status

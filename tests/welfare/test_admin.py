"""The welfare admin for CODI staff: their region's funds only, claims and reveals read-only."""

from django.urls import reverse

from tests.accounts_helpers import verified_client
from tests.factories import ClaimFactory, FundFactory, FundMemberFactory


def test_regional_staff_see_their_regions_members_only(fund, far_council, codi_staff, client_for):
    mine = FundMemberFactory(fund=fund, first_name="ในภาคเหนือ")
    FundMemberFactory(fund=FundFactory(council=far_council), first_name="ในภาคใต้")
    body = (
        verified_client(codi_staff, "en")
        .get(reverse("admin:welfare_member_changelist"))
        .content.decode()
    )
    assert mine.first_name in body
    assert "ในภาคใต้" not in body
    assert mine.masked_citizen_id in body and mine.citizen_id not in body


def test_claims_are_read_only_in_the_admin(fund, admin_user, client_for):
    claim = ClaimFactory(member=FundMemberFactory(fund=fund))
    client = verified_client(admin_user, "en")
    change = reverse("admin:welfare_claim_change", args=[claim.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"amount": "99999"}).status_code == 403
    assert client.get(reverse("admin:welfare_claim_add")).status_code == 403

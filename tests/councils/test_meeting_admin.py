"""CODI staff correct meetings and annual reports in the admin, within their region only."""

import datetime as dt

from django.urls import reverse

from councils.meetings.models import AnnualReport
from tests.accounts_helpers import verified_client
from tests.factories import MeetingFactory


def test_regional_staff_see_their_regions_meetings_only(
    council, far_council, codi_staff, client_for
):
    MeetingFactory(council=council, title="ประชุมแม่สาย")
    MeetingFactory(council=far_council, title="ประชุมท่าตะเภา")
    AnnualReport.objects.create(
        council=far_council, fiscal_year=2568, published_on=dt.date(2025, 12, 1)
    )
    charlie = verified_client(codi_staff)
    page = charlie.get(reverse("admin:councils_meeting_changelist")).content.decode()
    assert "ประชุมแม่สาย" in page and "ประชุมท่าตะเภา" not in page
    reports = charlie.get(reverse("admin:councils_annualreport_changelist"))
    assert list(reports.context["cl"].queryset) == []

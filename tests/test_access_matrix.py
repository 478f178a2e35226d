"""Every URL of the project against every persona, with the answer each must get.

A URL added without a row here fails `test_every_url_has_a_row`. The admin site is one row here;
its scoping is tested in tests/councils/test_admin.py.
"""

import datetime as dt
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from councils.buddhist_era import fiscal_year_be
from councils.spreadsheets.jobs import ImportJob
from reports.models import Notification
from tests import personas
from tests.factories import (
    AgendaItemFactory,
    BenefitTypeFactory,
    ClaimFactory,
    FundFactory,
    FundMemberFactory,
    MeetingFactory,
    MemberFactory,
    OrganizationFactory,
    PartnerFactory,
    ResolutionFactory,
    complete_plan,
)
from tests.rolled_back import rolled_back_at_end
from welfare.models import LedgerEntry

PERSONAS = (
    "anonymous",
    "tambon_coordinator",
    "other_tambon_coordinator",
    "district_coordinator",
    "province_coordinator",
    "codi_staff",
)
LOGIN = 302  # an anonymous visitor is sent to the login page
NEXT_PERIOD = {"first_year": 2574, "last_year": 2578}
BOOK_2574 = {"title": "แผนยุทธศาสตร์ 2574-2578", "first_year": 2574, "last_year": 2578}
NEW_STRATEGY = {"first_year": 2569, "last_year": 2573, "number": 9, "title": "ยุทธศาสตร์ใหม่"}
# The fiscal year a council may assess now (reports/strength_views.py).
THIS_FY = f"={fiscal_year_be(timezone.localdate())}"


@dataclass(frozen=True)
class Row:
    name: str
    expect: tuple[int, int, int, int, int, int]  # in the order of PERSONAS
    method: str = "get"
    args: tuple[str, ...] = ()  # names of objects in the `world` fixture, or literal codes
    data: dict = field(default_factory=dict)


# Columns: anonymous, Alice (tambon), Bob (other tambon), Dao (district), Pim (province),
# Charlie (CODI regional staff, north).
MATRIX = (
    # Coordinators land on their work (reports/landing.py); CODI staff go to the admin site.
    Row("home", (200, 200, 200, 200, 200, 302)),
    Row("notification_list", (LOGIN, 200, 200, 200, 200, 200)),
    Row("notification_open", (LOGIN, 302, 404, 404, 404, 404), args=("notification",)),
    Row("notifications_mark_read", (LOGIN, 302, 302, 302, 302, 302), "post"),
    Row("privacy_notice", (200, 200, 200, 200, 200, 200)),
    # Help: public; a coordinator's help link goes to their role's page.
    Row("help_index", (200, 302, 302, 302, 302, 200)),
    Row("help_tambon", (200, 200, 200, 200, 200, 200)),
    Row("help_district", (200, 200, 200, 200, 200, 200)),
    Row("help_province", (200, 200, 200, 200, 200, 200)),
    Row("help_fund", (200, 200, 200, 200, 200, 200)),
    Row("login", (200, 302, 302, 302, 302, 302)),
    Row("logout", (302, 302, 302, 302, 302, 302), method="post"),
    Row("set_language", (302, 302, 302, 302, 302, 302), method="post", data={"language": "en"}),
    Row("favicon", (302, 302, 302, 302, 302, 302)),
    Row("area_index", (LOGIN, 302, 302, 302, 302, 200)),
    Row("area_overview", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("area_overview", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("area_overview", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("area_overview", (LOGIN, 302, 404, 302, 302, 302), args=("=570901",)),
    # Village data of an area (councils/villages/views.py): read by whoever sees the area.
    Row("area_villages", (LOGIN, 200, 404, 200, 200, 200), args=("=570901",)),
    Row("area_villages", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("area_villages", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("area_villages", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("area_villages", (LOGIN, 404, 404, 404, 404, 404), args=("=860101",)),
    Row("council_detail", (LOGIN, 200, 404, 200, 200, 200), args=("council",)),
    Row("council_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_council",)),
    Row("council_edit", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("council_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("organization_new", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("organization_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("organization_edit", (LOGIN, 200, 404, 403, 403, 403), args=("council", "organization")),
    Row(
        "organization_edit",
        (LOGIN, 200, 404, 403, 403, 403),
        "post",
        ("council", "organization"),
    ),
    Row(
        "organization_edit", (LOGIN, 404, 404, 403, 403, 403), args=("council", "far_organization")
    ),
    # Removing asks first (councils/confirmation.py): GET and a POST without the token both
    # answer with the confirm page, and nothing is removed.
    Row(
        "organization_delete",
        (LOGIN, 200, 404, 403, 403, 403),
        args=("council", "empty_organization"),
    ),
    Row(
        "organization_delete",
        (LOGIN, 200, 404, 403, 403, 403),
        "post",
        ("council", "empty_organization"),
    ),
    Row("member_new", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("member_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("member_edit", (LOGIN, 200, 404, 403, 403, 403), args=("council", "member")),
    Row("member_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("council", "member")),
    Row("member_edit", (LOGIN, 404, 404, 403, 403, 403), args=("council", "far_member")),
    # Charlie has no second factor yet: the admin sends him to enrol (tests/test_accounts.py).
    Row("admin:index", (LOGIN, 302, 302, 302, 302, 302)),
    Row("two_factor_enrol", (LOGIN, 403, 403, 403, 403, 200)),
    Row("two_factor_enrol", (LOGIN, 403, 403, 403, 403, 200), "post", data={"code": "000000"}),
    Row("two_factor_verify", (LOGIN, 403, 403, 403, 403, 302)),
    Row("two_factor_verify", (LOGIN, 403, 403, 403, 403, 302), "post", data={"code": "1"}),
    # Community plans: Alice writes hers, Dao reviews Mae Sai's, everyone in scope reads.
    Row("plan_index", (LOGIN, 200, 200, 200, 200, 200)),
    Row("plan_new", (LOGIN, 200, 200, 403, 403, 403)),
    Row("plan_new", (LOGIN, 200, 200, 403, 403, 403), "post"),
    Row("plan_detail", (LOGIN, 200, 404, 200, 200, 200), args=("plan",)),
    Row("plan_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_plan",)),
    Row("plan_edit", (LOGIN, 200, 404, 403, 403, 403), args=("plan",)),
    Row("plan_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("plan",)),
    Row("plan_edit", (LOGIN, 404, 404, 404, 404, 404), args=("far_plan",)),
    Row("issue_new", (LOGIN, 200, 404, 403, 403, 403), args=("plan",)),
    Row("issue_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("plan",)),
    Row("issue_edit", (LOGIN, 200, 404, 403, 403, 403), args=("plan", "issue")),
    Row("issue_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("plan", "issue")),
    Row("issue_edit", (LOGIN, 404, 404, 403, 403, 403), args=("plan", "far_issue")),
    Row("issue_move", (LOGIN, 302, 404, 403, 403, 403), "post", ("plan", "issue")),
    Row("issue_delete", (LOGIN, 200, 404, 403, 403, 403), args=("plan", "issue")),
    Row("issue_delete", (LOGIN, 200, 404, 403, 403, 403), "post", ("plan", "issue")),
    Row("issue_delete", (LOGIN, 404, 404, 403, 403, 403), args=("plan", "far_issue")),
    Row("project_new", (LOGIN, 200, 404, 403, 403, 403), args=("plan", "issue")),
    Row("project_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("plan", "issue")),
    Row("project_edit", (LOGIN, 200, 404, 403, 403, 403), args=("plan", "project")),
    Row("project_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("plan", "project")),
    Row("project_edit", (LOGIN, 404, 404, 403, 403, 403), args=("plan", "far_project")),
    Row("project_delete", (LOGIN, 200, 404, 403, 403, 403), args=("plan", "project")),
    Row("project_delete", (LOGIN, 200, 404, 403, 403, 403), "post", ("plan", "project")),
    Row("project_delete", (LOGIN, 404, 404, 403, 403, 403), args=("plan", "far_project")),
    Row("project_import", (LOGIN, 200, 404, 403, 403, 403), args=("plan",)),
    Row("project_import", (LOGIN, 200, 404, 403, 403, 403), "post", ("plan",)),
    # The preview of Alice's file, and of a file someone else uploaded into her plan.
    Row("project_import_preview", (LOGIN, 200, 404, 403, 403, 403), args=("plan", "held_import")),
    Row(
        "project_import_preview",
        (LOGIN, 200, 404, 403, 403, 403),
        "post",
        ("plan", "held_import"),
    ),
    Row("project_import_preview", (LOGIN, 404, 404, 403, 403, 403), args=("plan", "others_import")),
    Row("project_import_template", (LOGIN, 200, 404, 200, 200, 200), args=("plan",)),
    Row("project_export", (LOGIN, 200, 404, 200, 200, 200), args=("plan",)),
    Row("project_export", (LOGIN, 404, 404, 404, 404, 404), args=("far_plan",)),
    # What became of the projects: everyone who sees the plan reads a project's timeline and
    # its evidence; only Alice records an update (of her accepted plan).
    Row(
        "project_detail",
        (LOGIN, 200, 404, 200, 200, 200),
        args=("executed_plan", "executed_project"),
    ),
    Row("project_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_plan", "far_project")),
    Row("update_new", (LOGIN, 200, 404, 403, 403, 403), args=("executed_plan", "executed_project")),
    Row(
        "update_new",
        (LOGIN, 200, 404, 403, 403, 403),
        "post",
        ("executed_plan", "executed_project"),
    ),
    Row("update_new", (LOGIN, 404, 404, 404, 404, 404), args=("far_plan", "far_project")),
    Row("evidence_file", (LOGIN, 200, 404, 200, 200, 200), args=("evidence",)),
    # The review asks first: the summary with its figures, whether by GET or by a POST
    # without the confirmation token (tests/plans/test_confirm_steps.py goes on to confirm).
    Row("plan_submit", (LOGIN, 200, 404, 403, 403, 403), args=("plan",)),
    Row("plan_submit", (LOGIN, 200, 404, 403, 403, 403), "post", ("plan",)),
    Row("plan_submit", (LOGIN, 404, 404, 404, 404, 404), args=("far_plan",)),
    Row(
        "plan_review",
        (LOGIN, 404, 403, 200, 403, 403),
        args=("submitted_plan",),
        data={"decision": "accept"},
    ),
    Row(
        "plan_review",
        (LOGIN, 404, 403, 200, 403, 403),
        "post",
        ("submitted_plan",),
        {"decision": "accept"},
    ),
    Row(
        "plan_reopen",
        (LOGIN, 404, 403, 200, 403, 403),
        args=("accepted_plan",),
        data={"note": "เพิ่มโครงการตามมติเวทีอำเภอ"},
    ),
    Row(
        "plan_reopen",
        (LOGIN, 404, 403, 200, 403, 403),
        "post",
        ("accepted_plan",),
        {"note": "เพิ่มโครงการตามมติเวทีอำเภอ"},
    ),
    # The import of updates collected on paper: a district's coordinator for the district, a
    # tambon's for their own council; the province and CODI staff only read (403).
    Row("update_import", (LOGIN, 404, 404, 200, 403, 403), args=("=5709",)),
    Row("update_import", (LOGIN, 404, 404, 200, 403, 403), "post", ("=5709",)),
    Row("update_import", (LOGIN, 200, 404, 200, 403, 403), args=("=570901",)),
    Row("update_import", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("update_import_template", (LOGIN, 404, 404, 200, 403, 403), args=("=5709",)),
    Row("update_import_template", (LOGIN, 200, 404, 200, 403, 403), args=("=570901",)),
    # Dao's held file, and one someone else uploaded for the district.
    Row(
        "update_import_preview",
        (LOGIN, 404, 404, 200, 403, 403),
        args=("=5709", "held_update_import"),
    ),
    Row(
        "update_import_preview",
        (LOGIN, 404, 404, 200, 403, 403),
        "post",
        ("=5709", "held_update_import"),
    ),
    Row(
        "update_import_preview",
        (LOGIN, 404, 404, 404, 403, 403),
        args=("=5709", "others_update_import"),
    ),
    # --- Village data (จปฐ., กชช. 2ค) imports: each coordinator for their own area, tambon,
    # district or province; CODI staff import in the admin (403 here). The preview is only the
    # uploader's: Dao's held file, and one nobody of these uploaded.
    Row("village_data_import", (LOGIN, 200, 404, 200, 200, 403), args=("=570901",)),
    Row("village_data_import", (LOGIN, 404, 404, 200, 200, 403), args=("=5709",)),
    Row("village_data_import", (LOGIN, 404, 404, 200, 200, 403), "post", ("=5709",)),
    Row("village_data_import", (LOGIN, 404, 404, 404, 200, 403), args=("=57",)),
    Row("village_data_import", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("village_data_import", (LOGIN, 404, 404, 404, 404, 404), args=("=860101",)),
    Row(
        "village_data_import_preview",
        (LOGIN, 404, 404, 200, 404, 403),
        args=("=5709", "held_village_import"),
    ),
    Row(
        "village_data_import_preview",
        (LOGIN, 404, 404, 200, 404, 403),
        "post",
        ("=5709", "held_village_import"),
    ),
    Row(
        "village_data_import_preview",
        (LOGIN, 404, 404, 404, 404, 403),
        args=("=5709", "others_village_import"),
    ),
    Row("village_data_template", (LOGIN, 200, 200, 200, 200, 200), args=("=bmn",)),
    Row("village_data_template", (LOGIN, 200, 200, 200, 200, 200), args=("=nrd2c",)),
    Row("village_data_template", (LOGIN, 404, 404, 404, 404, 404), args=("=census",)),
    # --- end of the village data imports
    Row("review_queue", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("review_queue", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("review_queue", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("review_queue", (LOGIN, 404, 404, 404, 404, 404), args=("=570901",)),
    # Meetings (issue 5): each level is recorded by its coordinator; district and provincial
    # meetings are read from the tambons inside them.
    Row("my_meetings", (LOGIN, 302, 302, 302, 302, 302)),
    Row("meeting_calendar", (LOGIN, 200, 404, 200, 200, 200), args=("=570901",)),
    Row("meeting_calendar", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("meeting_calendar", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("meeting_new", (LOGIN, 200, 404, 403, 403, 403), args=("=570901",)),
    Row("meeting_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("=570901",)),
    Row("meeting_new", (LOGIN, 404, 404, 200, 403, 403), args=("=5709",)),
    Row("meeting_new", (LOGIN, 404, 404, 404, 200, 403), "post", ("=57",)),
    Row("meeting_new", (LOGIN, 404, 404, 404, 404, 404), args=("=860101",)),
    Row("followup_board", (LOGIN, 200, 404, 200, 200, 200), args=("=570901",)),
    Row("followup_board", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("followup_board", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("meeting_detail", (LOGIN, 200, 404, 200, 200, 200), args=("meeting",)),
    Row("meeting_detail", (LOGIN, 200, 200, 200, 200, 200), args=("district_meeting",)),
    Row("meeting_detail", (LOGIN, 200, 200, 200, 200, 200), args=("provincial_meeting",)),
    Row("meeting_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_meeting",)),
    Row("meeting_edit", (LOGIN, 200, 404, 403, 403, 403), args=("meeting",)),
    Row("meeting_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("meeting",)),
    Row("meeting_edit", (LOGIN, 403, 403, 200, 403, 403), "post", ("district_meeting",)),
    Row("meeting_edit", (LOGIN, 403, 403, 403, 200, 403), args=("provincial_meeting",)),
    Row("meeting_edit", (LOGIN, 404, 404, 404, 404, 404), args=("far_meeting",)),
    Row("agenda_item_new", (LOGIN, 200, 404, 403, 403, 403), args=("meeting",)),
    Row("agenda_item_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("meeting",)),
    Row("agenda_item_new", (LOGIN, 403, 403, 403, 200, 403), args=("provincial_meeting",)),
    Row("agenda_item_edit", (LOGIN, 200, 404, 403, 403, 403), args=("meeting", "agenda_item")),
    Row(
        "agenda_item_edit",
        (LOGIN, 200, 404, 403, 403, 403),
        "post",
        ("meeting", "agenda_item"),
    ),
    Row(
        "agenda_item_edit",
        (LOGIN, 404, 404, 403, 403, 403),
        args=("meeting", "far_agenda_item"),
    ),
    Row(
        "agenda_item_delete",
        (LOGIN, 200, 404, 403, 403, 403),
        args=("meeting", "agenda_item"),
    ),
    Row(
        "agenda_item_delete",
        (LOGIN, 200, 404, 403, 403, 403),
        "post",
        ("meeting", "agenda_item"),
    ),
    Row("meeting_attendance", (LOGIN, 200, 404, 403, 403, 403), args=("meeting",)),
    Row("meeting_attendance", (LOGIN, 200, 404, 403, 403, 403), "post", ("meeting",)),
    Row("meeting_attendance", (LOGIN, 403, 403, 200, 403, 403), args=("district_meeting",)),
    Row("meeting_minutes", (LOGIN, 200, 404, 403, 403, 403), args=("meeting",)),
    Row("meeting_minutes", (LOGIN, 200, 404, 403, 403, 403), "post", ("meeting",)),
    Row("resolution_new", (LOGIN, 200, 404, 403, 403, 403), args=("meeting",)),
    Row("resolution_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("meeting",)),
    Row("resolution_edit", (LOGIN, 200, 404, 403, 403, 403), args=("meeting", "proposal")),
    Row("resolution_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("meeting", "proposal")),
    Row(
        "resolution_edit",
        (LOGIN, 404, 404, 403, 403, 403),
        args=("meeting", "far_proposal"),
    ),
    Row(
        "meeting_delegates",
        (LOGIN, 403, 403, 403, 200, 403),
        args=("provincial_meeting", "council"),
    ),
    Row(
        "meeting_delegates",
        (LOGIN, 403, 403, 403, 200, 403),
        "post",
        ("provincial_meeting", "council"),
    ),
    Row(
        "meeting_delegates",
        (LOGIN, 403, 403, 403, 404, 403),
        args=("provincial_meeting", "far_council"),
    ),
    Row("meeting_delegates", (LOGIN, 404, 404, 404, 404, 404), args=("meeting", "council")),
    Row("proposal_detail", (LOGIN, 200, 404, 200, 200, 200), args=("proposal",)),
    Row("proposal_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_proposal",)),
    Row("proposal_detail", (LOGIN, 200, 200, 200, 200, 200), args=("provincial_proposal",)),
    Row("proposal_log", (LOGIN, 200, 404, 403, 403, 403), "post", ("proposal",)),
    Row("proposal_log", (LOGIN, 403, 403, 403, 200, 403), "post", ("provincial_proposal",)),
    Row("proposal_log", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_proposal",)),
    Row("annual_report_new", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("annual_report_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    # The annual report (s.21): Alice makes it; the areas above read it (reports/urls.py).
    Row("annual_report", (LOGIN, 200, 404, 200, 200, 200), args=("council", "=2569")),
    Row("annual_report", (LOGIN, 404, 404, 404, 404, 404), args=("far_council", "=2569")),
    Row("annual_report", (LOGIN, 404, 404, 404, 404, 404), args=("council", "=2575")),
    Row("annual_report_pdf", (LOGIN, 302, 404, 403, 403, 403), "post", ("council", "=2569")),
    Row("annual_report_pdf", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_council", "=2569")),
    Row("annual_report_pdf", (LOGIN, 404, 404, 403, 403, 403), "post", ("council", "=2575")),
    # Charters, agreements and the document library (councils/records): kept by the tambon,
    # read in scope; a published document is anyone's to read, and still nobody else's to change.
    Row("council_charters", (LOGIN, 200, 404, 200, 200, 200), args=("council",)),
    Row("council_charters", (LOGIN, 404, 404, 404, 404, 404), args=("far_council",)),
    Row("charter_new", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("charter_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("charter_edit", (LOGIN, 200, 404, 403, 403, 403), args=("council", "charter")),
    Row("charter_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("council", "charter")),
    Row("charter_edit", (LOGIN, 404, 404, 403, 403, 403), args=("council", "far_charter")),
    Row("agreement_new", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("agreement_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("agreement_edit", (LOGIN, 200, 404, 403, 403, 403), args=("council", "agreement")),
    Row("agreement_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("council", "agreement")),
    Row("agreement_edit", (LOGIN, 404, 404, 403, 403, 403), args=("council", "far_agreement")),
    Row("council_documents", (LOGIN, 200, 404, 200, 200, 200), args=("council",)),
    Row("council_documents", (LOGIN, 404, 404, 404, 404, 404), args=("far_council",)),
    Row("council_document_new", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("council_document_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("meeting_document_new", (LOGIN, 200, 404, 403, 403, 403), args=("meeting",)),
    Row("meeting_document_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("meeting",)),
    Row("meeting_document_new", (LOGIN, 404, 404, 404, 404, 404), args=("district_meeting",)),
    Row("meeting_document_new", (LOGIN, 404, 404, 404, 404, 404), args=("far_meeting",)),
    Row("council_document_file", (LOGIN, 200, 404, 200, 200, 200), args=("record_document",)),
    Row("council_document_file", (200, 200, 200, 200, 200, 200), args=("published_document",)),
    Row("council_document_file", (LOGIN, 404, 404, 404, 404, 404), args=("far_record_document",)),
    Row("council_document_edit", (LOGIN, 200, 404, 403, 403, 403), args=("record_document",)),
    Row("council_document_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("record_document",)),
    Row("council_document_edit", (LOGIN, 200, 404, 403, 403, 403), args=("published_document",)),
    Row("council_document_edit", (LOGIN, 404, 404, 404, 404, 404), args=("far_record_document",)),
    Row("council_document_delete", (LOGIN, 200, 404, 403, 403, 403), args=("record_document",)),
    Row(
        "council_document_delete",
        (LOGIN, 200, 404, 403, 403, 403),
        "post",
        ("record_document",),
    ),
    Row(
        "council_document_delete",
        (LOGIN, 404, 404, 404, 404, 404),
        args=("far_record_document",),
    ),
    # The leaders' registry and the officers' successors (councils/persons): kept by the tambon,
    # read in scope; a person of another tambon is a 404 by every URL.
    Row("council_leaders", (LOGIN, 200, 404, 200, 200, 200), args=("council",)),
    Row("council_leaders", (LOGIN, 404, 404, 404, 404, 404), args=("far_council",)),
    Row("person_new", (LOGIN, 200, 404, 403, 403, 403), args=("council",)),
    Row("person_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("person_new", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_council",)),
    Row("person_detail", (LOGIN, 200, 404, 200, 200, 200), args=("person",)),
    Row("person_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_person",)),
    Row("person_edit", (LOGIN, 200, 404, 403, 403, 403), args=("person",)),
    Row("person_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("person",)),
    Row("person_edit", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_person",)),
    Row("person_delete", (LOGIN, 200, 404, 403, 403, 403), args=("person",)),
    Row("person_delete", (LOGIN, 200, 404, 403, 403, 403), "post", ("person",)),
    Row("person_delete", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_person",)),
    Row("person_role_new", (LOGIN, 200, 404, 403, 403, 403), args=("person",)),
    Row("person_role_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("person",)),
    Row("person_role_new", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_person",)),
    Row("person_role_edit", (LOGIN, 200, 404, 403, 403, 403), args=("person_role",)),
    Row("person_role_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("person_role",)),
    Row("person_role_edit", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_person_role",)),
    Row("person_role_delete", (LOGIN, 200, 404, 403, 403, 403), args=("person_role",)),
    Row("person_role_delete", (LOGIN, 200, 404, 403, 403, 403), "post", ("person_role",)),
    Row("person_role_delete", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_person_role",)),
    Row("training_new", (LOGIN, 200, 404, 403, 403, 403), args=("person",)),
    Row("training_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("person",)),
    Row("training_new", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_person",)),
    Row("training_delete", (LOGIN, 200, 404, 403, 403, 403), args=("training",)),
    Row("training_delete", (LOGIN, 200, 404, 403, 403, 403), "post", ("training",)),
    Row("training_delete", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_training",)),
    Row("council_succession", (LOGIN, 200, 404, 200, 200, 200), args=("council",)),
    Row("council_succession", (LOGIN, 200, 404, 403, 403, 403), "post", ("council",)),
    Row("council_succession", (LOGIN, 404, 404, 404, 404, 404), args=("far_council",)),
    Row("council_succession", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_council",)),
    Row("public_council", (200, 200, 200, 200, 200, 200), args=("=570901",)),
    Row("public_council", (404, 404, 404, 404, 404, 404), args=("=570905",)),
    Row("public_council", (404, 404, 404, 404, 404, 404), args=("=5709",)),
    # Community strength (reports/strength_views.py): Alice assesses her council's current or
    # previous fiscal year; everyone in scope reads the years and the evidence.
    Row("council_strength", (LOGIN, 200, 404, 200, 200, 200), args=("council",)),
    Row("council_strength", (LOGIN, 404, 404, 404, 404, 404), args=("far_council",)),
    Row("strength_assess", (LOGIN, 200, 404, 403, 403, 403), args=("council", THIS_FY)),
    Row("strength_assess", (LOGIN, 302, 404, 403, 403, 403), "post", ("council", THIS_FY)),
    Row("strength_assess", (LOGIN, 404, 404, 404, 404, 404), args=("far_council", THIS_FY)),
    Row("strength_assess", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_council", THIS_FY)),
    Row("strength_assess", (LOGIN, 404, 404, 403, 403, 403), args=("council", "=2026")),
    Row("strength_assess", (LOGIN, 404, 404, 403, 403, 403), args=("council", "=2560")),
    Row("strength_evidence", (LOGIN, 200, 404, 200, 200, 200), args=("strength_score",)),
    Row("strength_evidence", (LOGIN, 404, 404, 404, 404, 404), args=("far_strength_score",)),
    Row("meeting_pdf", (LOGIN, 302, 404, 302, 302, 302), "post", ("meeting",)),
    Row("meeting_pdf", (LOGIN, 302, 302, 302, 302, 302), "post", ("district_meeting",)),
    Row("meeting_pdf", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_meeting",)),
    # Strategy books (plans/book_urls.py): district books are Dao's, provincial ones Pim's.
    Row("book_list", (LOGIN, 200, 200, 200, 200, 200)),
    Row("book_new", (LOGIN, 404, 404, 200, 403, 403), args=("=5709",)),
    Row("book_new", (LOGIN, 404, 404, 404, 200, 403), args=("=57",)),
    Row("book_new", (LOGIN, 404, 404, 302, 403, 403), "post", ("=5709",), BOOK_2574),
    Row("book_new", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("book_detail", (LOGIN, 404, 404, 200, 200, 200), args=("district_book",)),
    Row("book_detail", (LOGIN, 404, 404, 404, 200, 200), args=("province_book",)),
    Row("book_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_book",)),
    Row("book_edit", (LOGIN, 404, 404, 200, 403, 403), args=("district_book",)),
    Row(
        "book_edit", (LOGIN, 404, 404, 302, 403, 403), "post", ("district_book",), {"title": "เล่ม"}
    ),
    Row("book_edit", (LOGIN, 404, 404, 404, 200, 403), args=("province_book",)),
    Row("book_propose", (LOGIN, 404, 404, 302, 403, 403), "post", ("district_book",)),
    Row("book_propose", (LOGIN, 404, 404, 404, 302, 403), "post", ("province_book",)),
    Row(
        "book_issue_new",
        (LOGIN, 404, 404, 302, 403, 403),
        "post",
        ("district_book",),
        {"title": "ใหม่"},
    ),
    Row("book_issue_edit", (LOGIN, 404, 404, 200, 403, 403), args=("district_book", "book_issue")),
    Row(
        "book_issue_edit",
        (LOGIN, 404, 404, 302, 403, 403),
        "post",
        ("district_book", "book_issue"),
        {"title": "เศรษฐกิจชุมชน"},
    ),
    Row(
        "book_issue_edit",
        (LOGIN, 404, 404, 404, 403, 403),
        args=("district_book", "far_book_issue"),
    ),
    Row(
        "book_issue_order",
        (LOGIN, 404, 404, 302, 403, 403),
        "post",
        ("district_book", "book_issue"),
    ),
    # Nothing measured posted: the board again with the form's errors.
    Row(
        "book_issue_measure",
        (LOGIN, 404, 404, 200, 403, 403),
        "post",
        ("district_book", "book_issue"),
    ),
    # Without a strategic issue to merge into, the board again with the error.
    Row(
        "book_issue_merge",
        (LOGIN, 404, 404, 302, 403, 403),
        "post",
        ("district_book", "book_issue"),
    ),
    Row(
        "book_issue_merge",
        (LOGIN, 404, 404, 302, 403, 403),
        args=("district_book", "book_issue"),
    ),
    Row(
        "book_issue_delete",
        (LOGIN, 404, 404, 200, 403, 403),
        args=("district_book", "book_issue"),
    ),
    Row(
        "book_issue_delete",
        (LOGIN, 404, 404, 200, 403, 403),
        "post",
        ("district_book", "book_issue"),
    ),
    Row("book_item_move", (LOGIN, 404, 404, 302, 403, 403), "post", ("district_book",)),
    Row("book_provenance", (LOGIN, 404, 404, 200, 200, 200), args=("district_book",)),
    Row("book_provenance", (LOGIN, 404, 404, 404, 404, 404), args=("far_book",)),
    # The books put before a meeting: its keeper changes the list (plans/book_urls.py).
    Row("meeting_book_add", (LOGIN, 403, 403, 403, 200, 403), args=("provincial_meeting",)),
    Row("meeting_book_add", (LOGIN, 403, 403, 403, 200, 403), "post", ("provincial_meeting",)),
    Row("meeting_book_add", (LOGIN, 403, 403, 200, 403, 403), args=("district_meeting",)),
    Row("meeting_book_add", (LOGIN, 404, 404, 404, 404, 404), args=("meeting",)),
    Row("meeting_book_add", (LOGIN, 404, 404, 404, 404, 404), args=("far_meeting",)),
    Row(
        "meeting_book_remove",
        (LOGIN, 403, 403, 403, 302, 403),
        "post",
        ("provincial_meeting", "province_book"),
    ),
    Row(
        "meeting_book_remove",
        (LOGIN, 403, 403, 403, 404, 403),
        "post",
        ("provincial_meeting", "far_book"),
    ),
    # The province's development strategies: Pim keeps Chiang Rai's, Charlie reads them (he
    # keeps them in the admin site); a district is no province (plans/books/strategy_views.py).
    Row("strategy_list", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("strategy_list", (LOGIN, 404, 404, 404, 404, 404), args=("=5709",)),
    Row("strategy_list", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("strategy_new", (LOGIN, 404, 404, 404, 200, 403), args=("=57",)),
    Row("strategy_new", (LOGIN, 404, 404, 404, 302, 403), "post", ("=57",), NEW_STRATEGY),
    Row("strategy_new", (LOGIN, 404, 404, 404, 404, 404), "post", ("=86",), NEW_STRATEGY),
    Row("strategy_edit", (LOGIN, 404, 404, 404, 200, 403), args=("=57", "province_strategy")),
    Row(
        "strategy_edit",
        (LOGIN, 404, 404, 404, 302, 403),
        "post",
        ("=57", "province_strategy"),
        NEW_STRATEGY,
    ),
    Row("strategy_edit", (LOGIN, 404, 404, 404, 404, 404), args=("=57", "far_strategy")),
    Row("strategy_edit", (LOGIN, 404, 404, 404, 404, 404), args=("=86", "far_strategy")),
    # Removing asks first: GET and a POST without the token answer with the confirm page.
    Row("strategy_delete", (LOGIN, 404, 404, 404, 200, 403), args=("=57", "province_strategy")),
    Row(
        "strategy_delete",
        (LOGIN, 404, 404, 404, 200, 403),
        "post",
        ("=57", "province_strategy"),
    ),
    Row("strategy_delete", (LOGIN, 404, 404, 404, 404, 404), args=("=86", "far_strategy")),
    Row("public_book_list", (200, 200, 200, 200, 200, 200)),
    Row("public_book", (200, 200, 200, 200, 200, 200), args=("endorsed_book",)),
    Row("public_book", (404, 404, 404, 404, 404, 404), args=("district_book",)),
    Row("public_book_pdf", (200, 200, 200, 200, 200, 200), args=("endorsed_book",)),
    Row("public_book_pdf", (404, 404, 404, 404, 404, 404), args=("district_book",)),
    Row("public_book_pdf_status", (200, 200, 200, 200, 200, 200), args=("endorsed_book",)),
    Row("public_book_pdf_status", (404, 404, 404, 404, 404, 404), args=("district_book",)),
    # Open data of the public pages: an endorsed book only.
    Row("public_book_csv", (200, 200, 200, 200, 200, 200), args=("endorsed_book",)),
    Row("public_book_csv", (404, 404, 404, 404, 404, 404), args=("district_book",)),
    Row("public_book_json", (200, 200, 200, 200, 200, 200), args=("endorsed_book",)),
    Row("public_book_json", (404, 404, 404, 404, 404, 404), args=("district_book",)),
    # Dashboards, documents and endorsing (reports/urls.py).
    Row("area_dashboard", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("area_dashboard", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("area_dashboard", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("area_dashboard", (LOGIN, 404, 404, 404, 404, 404), args=("=570901",)),
    # Community strength rolled up (reports/strength_area_views.py): as the area dashboard; the
    # country's page is CODI staff's only (Charlie's region), everyone else is not found.
    Row("area_strength", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("area_strength", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("area_strength", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("area_strength", (LOGIN, 404, 404, 404, 404, 404), args=("=570901",)),
    Row("national_strength", (LOGIN, 404, 404, 404, 404, 200)),
    # What became of the projects (plans/accountability_views.py): as the area overview, and
    # as the book page for a book's.
    Row("area_accountability", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("area_accountability", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("area_accountability", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("area_accountability", (LOGIN, 404, 404, 404, 404, 404), args=("=570901",)),
    Row("area_accountability_projects", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("area_accountability_projects", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("area_accountability_projects", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("area_accountability_projects", (LOGIN, 404, 404, 404, 404, 404), args=("=570901",)),
    Row("book_accountability", (LOGIN, 404, 404, 200, 200, 200), args=("district_book",)),
    Row("book_accountability", (LOGIN, 404, 404, 404, 200, 200), args=("province_book",)),
    Row("book_accountability", (LOGIN, 404, 404, 404, 404, 404), args=("far_book",)),
    Row("book_accountability_projects", (LOGIN, 404, 404, 200, 200, 200), args=("district_book",)),
    Row("book_accountability_projects", (LOGIN, 404, 404, 404, 200, 200), args=("province_book",)),
    Row("book_accountability_projects", (LOGIN, 404, 404, 404, 404, 404), args=("far_book",)),
    Row("plan_pdf", (LOGIN, 302, 404, 302, 302, 302), "post", ("plan",)),
    # The local development plan's project form (ผ.02): whoever sees the plan exports it; a
    # district's form is for those who see the district.
    Row("local_plan_form", (LOGIN, 200, 404, 200, 200, 200), args=("plan",)),
    Row("local_plan_form", (LOGIN, 404, 404, 404, 404, 404), args=("far_plan",)),
    Row("local_plan_form_xlsx", (LOGIN, 200, 404, 200, 200, 200), args=("plan",)),
    Row("local_plan_form_xlsx", (LOGIN, 404, 404, 404, 404, 404), args=("far_plan",)),
    Row("local_plan_form_pdf", (LOGIN, 200, 404, 200, 200, 200), args=("plan",)),
    Row("local_plan_form_pdf", (LOGIN, 404, 404, 404, 404, 404), args=("far_plan",)),
    Row("district_local_plan_form", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("district_local_plan_form", (LOGIN, 404, 404, 404, 404, 404), args=("=57",)),
    Row("district_local_plan_form", (LOGIN, 404, 404, 404, 404, 404), args=("=8601",)),
    Row("district_local_plan_form_xlsx", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("district_local_plan_form_xlsx", (LOGIN, 404, 404, 404, 404, 404), args=("=8601",)),
    Row("district_local_plan_form_pdf", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("district_local_plan_form_pdf", (LOGIN, 404, 404, 404, 404, 404), args=("=570901",)),
    Row("book_pdf", (LOGIN, 404, 404, 302, 302, 302), "post", ("district_book",)),
    Row("book_pdf", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_book",)),
    Row("book_endorse", (LOGIN, 404, 404, 200, 403, 403), args=("district_book",)),
    Row("book_endorse", (LOGIN, 404, 404, 200, 403, 403), "post", ("district_book",)),
    Row("book_endorse", (LOGIN, 404, 404, 404, 200, 403), args=("province_book",)),
    # Asking again for an endorsed PDF that failed: the province book's failed one; the
    # district book has no endorsement to retry.
    Row("book_endorsed_pdf_retry", (LOGIN, 404, 404, 404, 302, 403), "post", ("province_book",)),
    Row("book_endorsed_pdf_retry", (LOGIN, 404, 404, 404, 403, 403), "post", ("district_book",)),
    Row("document_status", (LOGIN, 404, 404, 200, 200, 200), args=("book_document",)),
    Row("document_status", (LOGIN, 200, 404, 200, 200, 200), args=("plan_document",)),
    # A district meeting's minutes: read by the tambons of the district, as the meeting is.
    Row("document_status", (LOGIN, 200, 200, 200, 200, 200), args=("meeting_document",)),
    Row("document_status", (LOGIN, 404, 404, 404, 404, 404), args=("far_meeting_document",)),
    # Asking again for a document: anyone who may see it; a finished one is left as it is.
    Row("document_retry", (LOGIN, 404, 404, 302, 302, 302), "post", ("book_document",)),
    Row("document_retry", (LOGIN, 302, 404, 302, 302, 302), "post", ("plan_document",)),
    Row("document_retry", (LOGIN, 404, 404, 404, 404, 404), "post", ("far_document",)),
    Row("document_download", (LOGIN, 404, 404, 200, 200, 200), args=("book_document",)),
    Row("document_download", (LOGIN, 200, 404, 200, 200, 200), args=("plan_document",)),
    Row("document_download", (LOGIN, 404, 404, 404, 404, 404), args=("far_document",)),
    Row("document_download", (LOGIN, 200, 200, 200, 200, 200), args=("meeting_document",)),
    # Welfare funds: Alice keeps the Mae Sai fund; Dao, Pim and Charlie read it; Bob sees nothing.
    Row("welfare_home", (LOGIN, 302, 302, 302, 302, 302)),
    Row("fund_new", (LOGIN, 302, 404, 403, 403, 403), args=("council",)),
    Row("fund_new", (LOGIN, 302, 404, 403, 403, 403), "post", ("council",)),
    Row("fund_detail", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("fund_detail", (LOGIN, 404, 404, 404, 404, 404), args=("far_fund",)),
    Row("fund_edit", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("fund_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("benefit_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("benefit_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("benefit_edit", (LOGIN, 200, 404, 403, 403, 403), args=("fund", "benefit")),
    Row("benefit_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund", "benefit")),
    Row("member_list", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("member_list", (LOGIN, 404, 404, 404, 404, 404), args=("far_fund",)),
    Row("fund_member_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("fund_member_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("member_export", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("member_detail", (LOGIN, 200, 404, 200, 200, 200), args=("fund", "fund_member")),
    Row("member_detail", (LOGIN, 404, 404, 404, 404, 404), args=("fund", "far_fund_member")),
    Row("fund_member_edit", (LOGIN, 200, 404, 403, 403, 403), args=("fund", "fund_member")),
    Row("fund_member_edit", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund", "fund_member")),
    Row("member_reveal", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund", "fund_member")),
    Row("member_status", (LOGIN, 302, 404, 403, 403, 403), "post", ("fund", "fund_member")),
    Row("behind_list", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("lapse_members", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("lapse_members", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("contribution_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("contribution_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("ledger_list", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("entry_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("entry_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("entry_reverse", (LOGIN, 200, 404, 403, 403, 403), args=("fund", "entry")),
    Row("entry_reverse", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund", "entry")),
    Row("claim_list", (LOGIN, 200, 404, 200, 200, 200), args=("fund",)),
    Row("claim_new", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("claim_new", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    # Without htmx the member search answers with the claim form searching.
    Row("member_pick", (LOGIN, 302, 404, 403, 403, 403), args=("fund",)),
    Row("claim_detail", (LOGIN, 200, 404, 200, 200, 200), args=("fund", "claim")),
    Row("claim_approve", (LOGIN, 302, 404, 403, 403, 403), "post", ("fund", "claim")),
    Row("claim_reject", (LOGIN, 302, 404, 403, 403, 403), "post", ("fund", "claim")),
    # A claim still waiting for approval is not offered for payment: back to the claim (an
    # approved claim's confirm page: tests/welfare/test_confirm_steps.py).
    Row("claim_pay", (LOGIN, 302, 404, 403, 403, 403), args=("fund", "claim")),
    Row("claim_pay", (LOGIN, 302, 404, 403, 403, 403), "post", ("fund", "claim")),
    Row("member_import", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("member_import", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    Row("contribution_import", (LOGIN, 200, 404, 403, 403, 403), args=("fund",)),
    Row("contribution_import", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund",)),
    # A big import's job: only those who may edit the fund follow it; another fund's is not found.
    Row("fund_import_job", (LOGIN, 200, 404, 403, 403, 403), args=("fund", "import_job")),
    Row("fund_import_job", (LOGIN, 404, 404, 403, 403, 403), args=("fund", "far_import_job")),
    Row("fund_import_job", (LOGIN, 200, 404, 403, 403, 403), "post", ("fund", "import_job")),
    # The statement is public: totals only, no personal data.
    Row("fund_statement", (200, 200, 200, 200, 200, 200), args=("fund", "=2569")),
    Row("fund_statement", (200, 200, 200, 200, 200, 200), args=("far_fund", "=2569")),
    Row("welfare_statement_pdf", (200, 200, 200, 200, 200, 200), args=("fund", "=2569")),
    Row("fund_statement_csv", (200, 200, 200, 200, 200, 200), args=("far_fund", "=2569")),
    Row("fund_statement_csv", (404, 404, 404, 404, 404, 404), args=("fund", "=2026")),
    Row("fund_statement_json", (200, 200, 200, 200, 200, 200), args=("fund", "=2569")),
    Row("fund_statement_json", (404, 404, 404, 404, 404, 404), args=("fund", "=2026")),
    Row("area_welfare", (LOGIN, 404, 404, 200, 200, 200), args=("=5709",)),
    Row("area_welfare", (LOGIN, 404, 404, 404, 200, 200), args=("=57",)),
    Row("area_welfare", (LOGIN, 404, 404, 404, 404, 404), args=("=86",)),
    Row("area_welfare", (LOGIN, 404, 404, 404, 404, 404), args=("=570901",)),
)


# The world and the personas are built once for the module, in a transaction rolled back after
# its last test (tests/rolled_back.py); each row's requests run in savepoints rolled back too
# (`_answers`), so every row finds the world as it was built. These module-scoped fixtures stand
# in for the per-test ones of tests/conftest.py inside this module only.


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker, tmp_path_factory):
    """The module's transaction; the documents the world saves go to a folder of its own."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("access-matrix-media")
    with (
        rolled_back_at_end(django_db_blocker),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
    ):
        yield


def _built(django_db_blocker, build):
    with django_db_blocker.unblock():
        return build()


@pytest.fixture(scope="module")
def council(module_transaction, django_db_blocker):
    return _built(django_db_blocker, personas.mae_sai_council)


@pytest.fixture(scope="module")
def other_council(module_transaction, django_db_blocker):
    return _built(django_db_blocker, personas.huai_khrai_council)


@pytest.fixture(scope="module")
def far_council(module_transaction, django_db_blocker):
    return _built(django_db_blocker, personas.tha_taphao_council)


@pytest.fixture(scope="module")
def tambon_coordinator(module_transaction, django_db_blocker):
    return _built(django_db_blocker, personas.alice)


@pytest.fixture(scope="module")
def other_tambon_coordinator(module_transaction, django_db_blocker):
    return _built(django_db_blocker, personas.bob)


@pytest.fixture(scope="module")
def district_coordinator(module_transaction, django_db_blocker):
    return _built(django_db_blocker, personas.dao)


@pytest.fixture(scope="module")
def province_coordinator(module_transaction, django_db_blocker):
    return _built(django_db_blocker, personas.pim)


@pytest.fixture(scope="module")
def codi_staff(module_transaction, django_db_blocker):
    return _built(django_db_blocker, personas.charlie)


@pytest.fixture(scope="module")
def world(
    council,
    other_council,
    far_council,
    book_world,
    # Built here, before any test's savepoint, so that `test_access` finds them still there.
    tambon_coordinator,
    other_tambon_coordinator,
    district_coordinator,
    province_coordinator,
    codi_staff,
    django_db_blocker,
):
    with django_db_blocker.unblock():
        built = _world(council, other_council, far_council, book_world)
        # An import's preview is only for the person who uploaded the file: Alice's is hers.
        built["held_import"] = _held_plan_import(built["plan"], tambon_coordinator)
        built["others_import"] = _held_plan_import(built["plan"], None)
        built["held_update_import"] = _held_update_import(district_coordinator)
        built["others_update_import"] = _held_update_import(None)
        built.update(village_import_world(district_coordinator))
        return built


def _world(council, other_council, far_council, book_world):
    from plans.books.models import BookPresentation, ProvinceStrategy

    plans = _plans(council, other_council, far_council)
    BookPresentation.objects.create(
        book=book_world["province_book"], meeting=plans["provincial_meeting"]
    )
    strategy = {"first_year": 2569, "last_year": 2573, "number": 1}
    return {
        **book_world,
        "province_strategy": ProvinceStrategy.objects.create(
            province_id="57", title="เศรษฐกิจฐานรากเชียงราย", **strategy
        ),
        "far_strategy": ProvinceStrategy.objects.create(
            province_id="86", title="เกษตรปลอดภัยชุมพร", **strategy
        ),
        "council": council,
        "other_council": other_council,
        "far_council": far_council,
        "organization": OrganizationFactory(council=council),
        "empty_organization": OrganizationFactory(council=council, name="กลุ่มที่เลิกแล้ว"),
        "member": MemberFactory(council=council, village_no=1),
        "far_organization": OrganizationFactory(council=far_council),
        "far_member": MemberFactory(council=far_council, village_no=1),
        "notification": Notification.objects.filter(recipient__username="alice").first()
        or Notification.objects.create(
            recipient=council_keeper(council),
            kind="term_ending",
            key="term:matrix",
            link=council.get_absolute_url(),
            area_code=council.subdistrict_id,
        ),  # fmt: skip
        **plans,
        **_execution_world(book_world["plan"], council),
        **records_world(council, far_council),
        **persons_world(council, far_council),
        **strength_world(council, far_council),
    }


def persons_world(council, far_council) -> dict:
    from tests.factories import PersonFactory, PersonRoleFactory, TrainingFactory

    person = PersonFactory(council=council)
    far_person = PersonFactory(council=far_council)
    return {
        "person": person,
        "far_person": far_person,
        "person_role": PersonRoleFactory(person=person),
        "far_person_role": PersonRoleFactory(person=far_person),
        "training": TrainingFactory(person=person),
        "far_training": TrainingFactory(person=far_person),
    }


def strength_world(council, far_council) -> dict:
    """A scored indicator with its evidence in Alice's council and in a far one."""
    from councils.strength.models import StrengthIndicator, StrengthScore
    from tests.factories import AssessmentFactory
    from tests.uploaded_files import PDF_BYTES, upload

    def scored(each):
        assessment = AssessmentFactory(council=each, fiscal_year=2569)
        indicator = StrengthIndicator.objects.for_province(each.subdistrict_id[:2]).first()
        score = StrengthScore(assessment=assessment, indicator=indicator, level=3)
        score.evidence = upload("evidence.pdf", PDF_BYTES)
        score.save()
        return score

    return {"strength_score": scored(council), "far_strength_score": scored(far_council)}


def records_world(council, far_council) -> dict:
    from tests.factories import AgreementFactory, CharterFactory, DocumentFactory

    return {
        "charter": CharterFactory(council=council),
        "far_charter": CharterFactory(council=far_council),
        "agreement": AgreementFactory(council=council),
        "far_agreement": AgreementFactory(council=far_council),
        "record_document": DocumentFactory(council=council),
        "published_document": DocumentFactory(council=council, published=True),
        "far_record_document": DocumentFactory(council=far_council),
    }


def _execution_world(plan, council) -> dict:
    """A project of Alice's accepted plan with an update that carries a photo."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from plans.execution.models import Evidence, ProjectUpdate

    project = plan.issues.first().projects.first()
    picture = io.BytesIO()
    Image.new("RGB", (4, 4)).save(picture, format="PNG")
    photo = Evidence(kind="photo", content_type="image/png", size=len(picture.getvalue()))
    photo.file = ContentFile(picture.getvalue(), name="photo.png")
    update = ProjectUpdate(
        happened_on=dt.date(2026, 1, 10), status="under_way", progress=20,
        by=council_keeper(council),
    )  # fmt: skip
    project.record_update(update, evidence=[photo])
    return {"executed_plan": plan, "executed_project": project, "evidence": photo}


def council_keeper(council):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(
        assignments__role="tambon", assignments__area_code=council.subdistrict_id
    )


def _plans(council, other_council, far_council):
    # The next period: book_world already holds each council's accepted 2569 plan.
    plan = complete_plan(council, **NEXT_PERIOD)
    far_plan = complete_plan(far_council, **NEXT_PERIOD)
    issue = plan.issues.first()
    far_issue = far_plan.issues.first()
    return {
        "plan": plan,
        "issue": issue,
        "project": issue.projects.first(),
        "far_plan": far_plan,
        "far_issue": far_issue,
        "far_project": far_issue.projects.first(),
        # Huai Khrai's plans, waiting for Dao's review and accepted by her.
        "submitted_plan": complete_plan(other_council, state="submitted", **NEXT_PERIOD),
        "accepted_plan": complete_plan(
            other_council, first_year=2564, last_year=2568, state="accepted"
        ),
        **meeting_world(council, far_council),
    }


def meeting_world(council, far_council) -> dict:
    meeting = MeetingFactory(council=council)
    far_meeting = MeetingFactory(council=far_council, title="การประชุมสภาองค์กรชุมชนตำบลท่าตะเภา")
    proposal = ResolutionFactory.build(
        meeting=meeting, addressed_to=PartnerFactory(), due_on=dt.date(2026, 5, 1)
    )
    proposal.save_by(None)
    far_proposal = ResolutionFactory.build(
        meeting=far_meeting,
        addressed_to=PartnerFactory(name="เทศบาลเมืองชุมพร", area_code="860101"),
        due_on=dt.date(2026, 5, 1),
    )
    far_proposal.save_by(None)
    provincial_meeting = MeetingFactory(
        council=None,
        level="province",
        kind="provincial",
        area_code="57",
        title="ที่ประชุมระดับจังหวัดสภาองค์กรชุมชนจังหวัดเชียงราย",
    )
    provincial_proposal = ResolutionFactory.build(
        meeting=provincial_meeting,
        addressed_to=PartnerFactory(name="ผู้ว่าราชการจังหวัดเชียงราย", kind="governor", area_code="57"),
        due_on=dt.date(2026, 5, 1),
    )
    provincial_proposal.save_by(None)
    return {
        "meeting": meeting,
        "far_meeting": far_meeting,
        "provincial_proposal": provincial_proposal,
        "district_meeting": MeetingFactory(
            council=None, level="district", kind="district_network", area_code="5709",
            title="การประชุมเครือข่ายสภาองค์กรชุมชนอำเภอแม่สาย",
        ),
        "provincial_meeting": provincial_meeting,
        "agenda_item": AgendaItemFactory(meeting=meeting),
        "far_agenda_item": AgendaItemFactory(meeting=far_meeting),
        "proposal": proposal,
        "far_proposal": far_proposal,
    }  # fmt: skip


@pytest.fixture(scope="module")
def book_world(council, other_council, far_council, django_db_blocker):
    with django_db_blocker.unblock():
        return _book_world(council, other_council, far_council)


def _book_world(council, other_council, far_council):
    """Books of Mae Sai (district), Chiang Rai (province) and Chumphon, with documents."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from plans.books import contents
    from plans.books.models import BookSnapshot, StrategyBook
    from reports.models import Document
    from tests.reports.plan_builders import accepted_plan, book

    plan = accepted_plan(council.subdistrict_id)
    accepted_plan(other_council.subdistrict_id)
    accepted_plan(far_council.subdistrict_id)
    district_book = book(StrategyBook.Level.DISTRICT, "5709")
    far_book = book(StrategyBook.Level.DISTRICT, "8601")
    endorsed_book = book(StrategyBook.Level.PROVINCE, "86", grouped=False)
    snapshot = BookSnapshot(
        book=endorsed_book, endorsed_by_body="ที่ประชุมจังหวัด", data={"book": {}}, data_hash="x",
        endorsed_by=get_user_model().objects.create(username="endorser"),
    )  # fmt: skip
    snapshot.pdf_state = BookSnapshot.PdfState.DONE
    snapshot.pdf.save("endorsed.pdf", ContentFile(b"%PDF-1.4 endorsed"))
    province_book = book(StrategyBook.Level.PROVINCE, "57")
    BookSnapshot.objects.create(
        book=province_book, endorsed_by_body="ที่ประชุมจังหวัด",
        data=contents.book_data(province_book), data_hash="y",
        endorsed_by=snapshot.endorsed_by, pdf_state=BookSnapshot.PdfState.FAILED,
    )  # fmt: skip

    def document(kind, object_id, area_code):
        made = Document.objects.create(
            kind=kind, object_id=object_id, area_code=area_code, title="เอกสาร",
            data_hash=f"{kind}{object_id}", state=Document.State.DONE, pages=1,
        )  # fmt: skip
        made.file.save("document.pdf", ContentFile(b"%PDF-1.4 document"))
        return made

    return {
        "plan": plan,
        "district_book": district_book,
        "province_book": province_book,
        "far_book": far_book,
        "endorsed_book": endorsed_book,
        "book_issue": district_book.issues.first(),
        "far_book_issue": far_book.issues.first(),
        "book_document": document(Document.Kind.DISTRICT_BOOK, district_book.pk, "5709"),
        "plan_document": document(Document.Kind.TAMBON_PLAN, plan.pk, council.subdistrict_id),
        "far_document": document(Document.Kind.DISTRICT_BOOK, far_book.pk, "8601"),
        "meeting_document": document(Document.Kind.MEETING_MINUTES, 1, "5709"),
        "far_meeting_document": document(Document.Kind.MEETING_MINUTES, 2, "8601"),
        **_welfare_world(council, far_council),
    }


def _welfare_world(council, far_council):
    fund = FundFactory(council=council)
    fund_member = FundMemberFactory(fund=fund)
    far_fund = FundFactory(council=far_council)
    return {
        "fund": fund,
        "benefit": BenefitTypeFactory(fund=fund),
        "fund_member": fund_member,
        "entry": LedgerEntry.objects.create(
            fund=fund, kind="contribution", member=fund_member, amount=30, occurred_on="2025-10-01"
        ),
        "claim": ClaimFactory(member=fund_member),
        "far_fund": far_fund,
        "far_fund_member": FundMemberFactory(fund=far_fund),
        "import_job": _import_job(fund),
        "far_import_job": _import_job(far_fund),
    }


def _held_plan_import(plan, by):
    return ImportJob.objects.create(
        kind="plans.projects", object_id=plan.pk, area_code=plan.area_code, requested_by=by,
        file_name="plan.xlsx", state="held", rows_total=3,
        outcome={"imported": {"projects": 2, "budget_lines": 3, "issues": 1}, "added": 2},
    )  # fmt: skip


def _held_update_import(by):
    return ImportJob.objects.create(
        kind="plans.updates", object_id=5709, area_code="5709", requested_by=by,
        file_name="updates.xlsx", state="held", rows_total=3,
        outcome={"imported": {"updates": 2, "projects": 2, "commitments": 1, "spending": 1},
                 "added": 2, "amount": "25000.00"},
    )  # fmt: skip


def village_import_world(district_coordinator) -> dict:
    """Dao's held village-data file for Mae Sai district, and one nobody of the personas owns."""

    def held(by):
        return ImportJob.objects.create(
            kind="councils.villages.bmn", object_id=5709, area_code="5709", requested_by=by,
            file_name="village-data.xlsx", state="held", rows_total=3,
            outcome={"imported": {"villages": 2, "figures": 3, "replaced": 1}, "added": 2,
                     "changed": 1},
        )  # fmt: skip

    return {
        "held_village_import": held(district_coordinator),
        "others_village_import": held(None),
    }


def _import_job(fund):
    return ImportJob.objects.create(
        kind="welfare.members", object_id=fund.pk, area_code=fund.area_code,
        file_name="members.xlsx", state="running", progress=40, rows_total=5000,
    )  # fmt: skip


def _url(row: Row, world) -> str:
    args = [arg[1:] if arg.startswith("=") else world[arg].pk for arg in row.args]
    return reverse(row.name, args=args)


def _rows():
    return [
        pytest.param(row, id=f"{row.method} {row.name}({','.join(row.args)})") for row in MATRIX
    ]


@pytest.fixture(scope="module")
def clients(world, django_db_blocker, request) -> dict:
    """One client per persona for the module, logged in once: its session is saved in the
    module's transaction, before any row's savepoint, so every row's requests find it."""
    made = {"anonymous": Client()}
    with django_db_blocker.unblock():
        for persona in PERSONAS[1:]:
            made[persona] = Client()
            made[persona].force_login(request.getfixturevalue(persona))
    return made


@pytest.fixture(autouse=True)
def tasks_are_only_queued(settings):
    # Who may ask for a PDF is what this module checks; rendering one for every persona that
    # may would only cost time (tests/reports render them).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _answers(row: Row, url: str, client: Client, *, htmx: bool) -> int:
    """One persona's answer, in a savepoint that is rolled back, so a persona's writes (Alice
    deleting an organization, say) never change what the next persona finds. The client's
    cookies are put back too: a request that rotates or ends the session (logging out, say)
    would otherwise leave the next row with a session the rollback took away."""
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    with transaction.atomic():
        headers = {"HX-Request": "true"} if htmx else {}
        status = getattr(client, row.method)(url, row.data, headers=headers).status_code
        transaction.set_rollback(True)
    client.cookies = cookies
    return status


@pytest.mark.parametrize("row", _rows())
def test_access(row, world, clients, db):
    url = _url(row, world)
    wrong = []
    for persona, expected in zip(PERSONAS, row.expect, strict=True):
        got = _answers(row, url, clients[persona], htmx=False)
        if got != expected:
            wrong.append(f"{persona}: expected {expected}, got {got}")
        elif expected in (403, 404):
            # The htmx fragments come from the same views and are refused the same way.
            got = _answers(row, url, clients[persona], htmx=True)
            if got != expected:
                wrong.append(f"{persona} (htmx): expected {expected}, got {got}")
    assert not wrong, f"{row.method.upper()} {url}: " + "; ".join(wrong)


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                yield "admin:index"  # the admin site: one row here, scoped in test_admin.py
                continue
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_row():
    names = set(_names(get_resolver().url_patterns))
    assert names == {row.name for row in MATRIX}


def test_a_tambon_coordinator_cannot_change_another_tambon(
    world, tambon_coordinator, other_tambon_coordinator, client_for
):
    bob = client_for(other_tambon_coordinator)
    council = world["council"]
    response = bob.post(
        reverse("organization_new", args=[council.pk]),
        {"name": "กลุ่มแอบเพิ่ม", "kind": "savings", "member_count": 1},
    )
    assert response.status_code == 404
    assert not council.organizations.filter(name="กลุ่มแอบเพิ่ม").exists()
    response = bob.post(
        reverse("member_edit", args=[council.pk, world["member"].pk]),
        {"first_name": "แก้ไข", "last_name": "ไม่ได้"},
    )
    assert response.status_code == 404
    world["member"].refresh_from_db()
    assert world["member"].first_name != "แก้ไข"

"""Area dashboards and documents (PDFs) built from the other apps' records."""

from django.urls import path

from reports import (
    annual_report_views,
    landing_views,
    local_plan_form_views,
    meeting_views,
    open_data_views,
    privacy_views,
    strength_area_views,
    strength_views,
    views,
    welfare_views,
)

urlpatterns = [
    # Community strength rolled up (reports/strength_area_views.py).
    path("areas/<area:code>/strength/", strength_area_views.area_strength, name="area_strength"),
    path("strength/", strength_area_views.national_strength, name="national_strength"),
    path("privacy/", privacy_views.privacy_notice, name="privacy_notice"),
    path("notifications/", landing_views.notification_list, name="notification_list"),
    path("notifications/<id:pk>/", landing_views.notification_open, name="notification_open"),
    path(
        "notifications/read/", landing_views.notifications_mark_read, name="notifications_mark_read"
    ),
    path("areas/<area:code>/plans/", views.area_dashboard, name="area_dashboard"),
    path("plans/<id:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path(
        "plans/<id:pk>/local-plan-form/pdf/",
        local_plan_form_views.plan_local_plan_form_pdf,
        name="local_plan_form_pdf",
    ),
    path(
        "areas/<area:code>/local-plan-form/pdf/",
        local_plan_form_views.district_local_plan_form_pdf,
        name="district_local_plan_form_pdf",
    ),
    path("books/<id:pk>/pdf/", views.book_pdf, name="book_pdf"),
    path("books/<id:pk>/endorse/", views.book_endorse, name="book_endorse"),
    path(
        "books/<id:pk>/endorse/pdf/retry/",
        views.book_endorsed_pdf_retry,
        name="book_endorsed_pdf_retry",
    ),
    path("documents/<id:pk>/", views.document_status, name="document_status"),
    path("documents/<id:pk>/retry/", views.document_retry, name="document_retry"),
    path("documents/<id:pk>/file/", views.document_download, name="document_download"),
    path("meetings/<id:pk>/pdf/", meeting_views.meeting_pdf, name="meeting_pdf"),
    path(
        "funds/<id:pk>/statement/<year:year>/pdf/",
        welfare_views.welfare_statement_pdf,
        name="welfare_statement_pdf",
    ),
    path(
        "councils/<id:pk>/annual-reports/<year:year>/",
        annual_report_views.annual_report_page,
        name="annual_report",
    ),
    path(
        "councils/<id:pk>/annual-reports/<year:year>/pdf/",
        annual_report_views.annual_report_pdf,
        name="annual_report_pdf",
    ),
    # Community strength (issue 13): the council's years, the yearly form, the evidence.
    path("councils/<id:pk>/strength/", strength_views.council_strength, name="council_strength"),
    path(
        "councils/<id:pk>/strength/<year:year>/",
        strength_views.strength_assess,
        name="strength_assess",
    ),
    path("strength-evidence/<id:pk>/", strength_views.strength_evidence, name="strength_evidence"),
    path(
        "public/books/<id:pk>/open-data.csv",
        open_data_views.public_book_csv,
        name="public_book_csv",
    ),
    path(
        "public/books/<id:pk>/open-data.json",
        open_data_views.public_book_json,
        name="public_book_json",
    ),
    path(
        "funds/<id:pk>/statement/<year:year>/open-data.csv",
        open_data_views.fund_statement_csv,
        name="fund_statement_csv",
    ),
    path(
        "funds/<id:pk>/statement/<year:year>/open-data.json",
        open_data_views.fund_statement_json,
        name="fund_statement_json",
    ),
]

"""Area dashboards and documents (PDFs) built from the other apps' records."""

from django.urls import path

from reports import meeting_views, privacy_views, views, welfare_views

urlpatterns = [
    path("privacy/", privacy_views.privacy_notice, name="privacy_notice"),
    path("areas/<str:code>/plans/", views.area_dashboard, name="area_dashboard"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("books/<int:pk>/pdf/", views.book_pdf, name="book_pdf"),
    path("books/<int:pk>/endorse/", views.book_endorse, name="book_endorse"),
    path(
        "books/<int:pk>/endorse/pdf/retry/",
        views.book_endorsed_pdf_retry,
        name="book_endorsed_pdf_retry",
    ),
    path("documents/<int:pk>/", views.document_status, name="document_status"),
    path("documents/<int:pk>/file/", views.document_download, name="document_download"),
    path("meetings/<int:pk>/pdf/", meeting_views.meeting_pdf, name="meeting_pdf"),
    path(
        "funds/<int:pk>/statement/<int:year>/pdf/",
        welfare_views.welfare_statement_pdf,
        name="welfare_statement_pdf",
    ),
]

"""Pages of a council's charters, agreements and documents, and its public page."""

from django.urls import path

from councils.records import views

urlpatterns = [
    path("councils/<id:pk>/charters/", views.council_charters, name="council_charters"),
    path("councils/<id:pk>/charters/new/", views.charter_form, name="charter_new"),
    path(
        "councils/<id:pk>/charters/<id:charter_pk>/edit/",
        views.charter_form,
        name="charter_edit",
    ),
    path("councils/<id:pk>/agreements/new/", views.agreement_form, name="agreement_new"),
    path(
        "councils/<id:pk>/agreements/<id:agreement_pk>/edit/",
        views.agreement_form,
        name="agreement_edit",
    ),
    path("councils/<id:pk>/documents/", views.council_documents, name="council_documents"),
    path("councils/<id:pk>/documents/new/", views.document_new, name="council_document_new"),
    path(
        "meetings/<id:pk>/documents/new/",
        views.meeting_document_new,
        name="meeting_document_new",
    ),
    path("library/<id:pk>/", views.document_file, name="council_document_file"),
    path("library/<id:pk>/edit/", views.document_edit, name="council_document_edit"),
    path("library/<id:pk>/delete/", views.document_delete, name="council_document_delete"),
    path("public/councils/<area:code>/", views.public_council, name="public_council"),
]

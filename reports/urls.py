"""Documents to download: the PDFs built from the other apps' records."""

from django.urls import path

from reports import meeting_views

urlpatterns = [
    path("meetings/<int:pk>/pdf/", meeting_views.meeting_pdf, name="meeting_pdf"),
]

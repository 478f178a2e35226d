"""Documents the reports app renders: the welfare statement PDF."""

from django.urls import path

from reports import welfare_views

urlpatterns = [
    path(
        "funds/<int:pk>/statement/<int:year>/pdf/",
        welfare_views.welfare_statement_pdf,
        name="welfare_statement_pdf",
    ),
]

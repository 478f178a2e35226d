"""The public privacy notice (PDPA): what the portal holds, why, who sees it and how to ask."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from welfare.models import PRIVACY_NOTICE_VERSION


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/privacy_notice.html", {"version": PRIVACY_NOTICE_VERSION})

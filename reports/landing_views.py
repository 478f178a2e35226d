"""The landing page (what needs me now) and the notifications list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.access import scope_for, visible_or_404
from reports import landing
from reports.models import Notification

NOTIFICATIONS_PAGE_SIZE = 25


def home(request: HttpRequest) -> HttpResponse:
    """Each person lands on their work: coordinators on what needs them now, staff in the admin."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    scope = scope_for(request.user)
    if scope.is_empty:
        return render(request, "home.html", {"no_role": True})
    if not scope.codes(*landing.COORDINATOR_ROLES):
        return redirect("admin:index" if request.user.is_staff else "area_index")
    return render(request, "reports/landing.html", {"landing": landing.landing_for(request)})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """A person's notifications, newest first, the unread ones marked."""
    notifications = Notification.objects.visible_to(request.user)
    page = Paginator(notifications, NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/notification_list.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification to where the work is, marking it read on the way."""
    notification = visible_or_404(Notification.objects, request.user, pk=pk)
    if not notification.is_read:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    link = notification.link
    if not url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        link = "notification_list"
    return redirect(link)


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    marked = Notification.objects.visible_to(request.user).mark_read()
    if marked:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notification_list")

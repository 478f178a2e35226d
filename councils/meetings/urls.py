"""Pages of meetings, resolutions and the follow-up of proposals."""

from django.urls import path

from councils.meetings import views

urlpatterns = [
    path("meetings/", views.my_meetings, name="my_meetings"),
    path("areas/<area:code>/meetings/", views.meeting_calendar, name="meeting_calendar"),
    path("areas/<area:code>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("areas/<area:code>/follow-up/", views.followup_board, name="followup_board"),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<id:pk>/agenda/new/", views.agenda_item_form, name="agenda_item_new"),
    path(
        "meetings/<id:pk>/agenda/<id:item_pk>/edit/",
        views.agenda_item_form,
        name="agenda_item_edit",
    ),
    path(
        "meetings/<id:pk>/agenda/<id:item_pk>/delete/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        "meetings/<id:pk>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("meetings/<id:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path(
        "meetings/<id:pk>/resolutions/new/",
        views.resolution_form,
        name="resolution_new",
    ),
    path(
        "meetings/<id:pk>/resolutions/<id:res_pk>/edit/",
        views.resolution_form,
        name="resolution_edit",
    ),
    path(
        "meetings/<id:pk>/delegates/<id:council_pk>/",
        views.meeting_delegates,
        name="meeting_delegates",
    ),
    path("proposals/<id:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<id:pk>/log/", views.proposal_log, name="proposal_log"),
    path(
        "councils/<id:pk>/annual-reports/new/",
        views.annual_report_new,
        name="annual_report_new",
    ),
]

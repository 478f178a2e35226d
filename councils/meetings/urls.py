"""Pages of meetings, resolutions and the follow-up of proposals."""

from django.urls import path

from councils.meetings import views

urlpatterns = [
    path("meetings/", views.my_meetings, name="my_meetings"),
    path("areas/<str:code>/meetings/", views.meeting_calendar, name="meeting_calendar"),
    path("areas/<str:code>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("areas/<str:code>/follow-up/", views.followup_board, name="followup_board"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/agenda/new/", views.agenda_item_form, name="agenda_item_new"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/edit/",
        views.agenda_item_form,
        name="agenda_item_edit",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/delete/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        "meetings/<int:pk>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path(
        "meetings/<int:pk>/resolutions/new/",
        views.resolution_form,
        name="resolution_new",
    ),
    path(
        "meetings/<int:pk>/resolutions/<int:res_pk>/edit/",
        views.resolution_form,
        name="resolution_edit",
    ),
    path(
        "meetings/<int:pk>/delegates/<int:council_pk>/",
        views.meeting_delegates,
        name="meeting_delegates",
    ),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/log/", views.proposal_log, name="proposal_log"),
    path(
        "councils/<int:pk>/annual-reports/new/",
        views.annual_report_new,
        name="annual_report_new",
    ),
]

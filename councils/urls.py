"""Pages of the council registry and the area overviews."""

from django.urls import path

from councils import meeting_views, views

urlpatterns = [
    path("areas/", views.area_index, name="area_index"),
    path("areas/<str:code>/", views.area_overview, name="area_overview"),
    path("councils/<int:pk>/", views.council_detail, name="council_detail"),
    path("councils/<int:pk>/edit/", views.council_edit, name="council_edit"),
    path(
        "councils/<int:pk>/organizations/new/",
        views.organization_form,
        name="organization_new",
    ),
    path(
        "councils/<int:pk>/organizations/<int:org_pk>/edit/",
        views.organization_form,
        name="organization_edit",
    ),
    path(
        "councils/<int:pk>/organizations/<int:org_pk>/delete/",
        views.organization_delete,
        name="organization_delete",
    ),
    path("councils/<int:pk>/members/new/", views.member_form, name="member_new"),
    path(
        "councils/<int:pk>/members/<int:member_pk>/edit/",
        views.member_form,
        name="member_edit",
    ),
]

# Meetings, resolutions and the follow-up of proposals.
urlpatterns += [
    path("meetings/", meeting_views.my_meetings, name="my_meetings"),
    path("areas/<str:code>/meetings/", meeting_views.meeting_calendar, name="meeting_calendar"),
    path("areas/<str:code>/meetings/new/", meeting_views.meeting_new, name="meeting_new"),
    path("areas/<str:code>/follow-up/", meeting_views.followup_board, name="followup_board"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/agenda/new/", meeting_views.agenda_item_form, name="agenda_item_new"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/edit/",
        meeting_views.agenda_item_form,
        name="agenda_item_edit",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/delete/",
        meeting_views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        "meetings/<int:pk>/attendance/",
        meeting_views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("meetings/<int:pk>/minutes/", meeting_views.meeting_minutes, name="meeting_minutes"),
    path(
        "meetings/<int:pk>/resolutions/new/",
        meeting_views.resolution_form,
        name="resolution_new",
    ),
    path(
        "meetings/<int:pk>/resolutions/<int:res_pk>/edit/",
        meeting_views.resolution_form,
        name="resolution_edit",
    ),
    path(
        "meetings/<int:pk>/delegates/<int:council_pk>/",
        meeting_views.meeting_delegates,
        name="meeting_delegates",
    ),
    path("proposals/<int:pk>/", meeting_views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/log/", meeting_views.proposal_log, name="proposal_log"),
    path(
        "councils/<int:pk>/annual-reports/new/",
        meeting_views.annual_report_new,
        name="annual_report_new",
    ),
]

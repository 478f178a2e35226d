"""Pages of the council registry and the area overviews."""

from django.urls import include, path

from councils import help_pages, views
from councils.villages import views as village_views

urlpatterns = [
    path("", include("councils.records.urls")),
    path("help/", help_pages.help_index, name="help_index"),
    *(
        path(f"help/{topic}/", help_pages.help_page, {"topic": topic}, name=info.name)
        for topic, info in help_pages.TOPICS.items()
    ),
    path("areas/", views.area_index, name="area_index"),
    path("areas/<area:code>/", views.area_overview, name="area_overview"),
    path("areas/<area:code>/villages/", village_views.area_villages, name="area_villages"),
    path("councils/<id:pk>/", views.council_detail, name="council_detail"),
    path("councils/<id:pk>/edit/", views.council_edit, name="council_edit"),
    path(
        "councils/<id:pk>/organizations/new/",
        views.organization_form,
        name="organization_new",
    ),
    path(
        "councils/<id:pk>/organizations/<id:org_pk>/edit/",
        views.organization_form,
        name="organization_edit",
    ),
    path(
        "councils/<id:pk>/organizations/<id:org_pk>/delete/",
        views.organization_delete,
        name="organization_delete",
    ),
    path("councils/<id:pk>/members/new/", views.member_form, name="member_new"),
    path(
        "councils/<id:pk>/members/<id:member_pk>/edit/",
        views.member_form,
        name="member_edit",
    ),
]

"""Pages of the council registry and the area overviews."""

from django.urls import path

from councils import views

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

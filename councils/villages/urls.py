"""Pages of the village data (จปฐ., กชช. 2ค): an area's figures and their import."""

from django.urls import path

from councils.villages import area_views, views

urlpatterns = [
    path("areas/<area:code>/villages/", area_views.area_villages, name="area_villages"),
    path(
        "areas/<area:code>/village-data/import/",
        views.village_data_import,
        name="village_data_import",
    ),
    path(
        "areas/<area:code>/village-data/import/<id:job_pk>/",
        views.village_data_import_preview,
        name="village_data_import_preview",
    ),
    path(
        "village-data/template/<str:dataset>/",
        views.village_data_template,
        name="village_data_template",
    ),
]

"""Pages of what became of a plan's projects."""

from django.urls import path

from plans.execution import views

urlpatterns = [
    path(
        "plans/<id:pk>/projects/<id:project_pk>/",
        views.project_detail,
        name="project_detail",
    ),
    path(
        "plans/<id:pk>/projects/<id:project_pk>/updates/new/",
        views.update_new,
        name="update_new",
    ),
    path("plans/evidence/<id:pk>/", views.evidence_file, name="evidence_file"),
]

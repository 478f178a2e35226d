"""Pages of the community plans and their review."""

from django.urls import include, path

from plans import accountability_views, local_plan_form_views, views
from plans.execution import import_views

urlpatterns = [
    path("plans/", views.plan_index, name="plan_index"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<id:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<id:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<id:pk>/issues/new/", views.issue_form, name="issue_new"),
    path("plans/<id:pk>/issues/<id:issue_pk>/edit/", views.issue_form, name="issue_edit"),
    path("plans/<id:pk>/issues/<id:issue_pk>/delete/", views.issue_delete, name="issue_delete"),
    path("plans/<id:pk>/issues/<id:issue_pk>/move/", views.issue_move, name="issue_move"),
    path(
        "plans/<id:pk>/issues/<id:issue_pk>/projects/new/",
        views.project_form,
        name="project_new",
    ),
    path(
        "plans/<id:pk>/projects/<id:project_pk>/edit/",
        views.project_form,
        name="project_edit",
    ),
    path(
        "plans/<id:pk>/projects/<id:project_pk>/delete/",
        views.project_delete,
        name="project_delete",
    ),
    path("plans/<id:pk>/import/", views.project_import, name="project_import"),
    path(
        "plans/<id:pk>/import/<id:job_pk>/",
        views.project_import_preview,
        name="project_import_preview",
    ),
    path(
        "plans/<id:pk>/import/template/",
        views.project_import_template,
        name="project_import_template",
    ),
    path("plans/<id:pk>/export/", views.project_export, name="project_export"),
    path("plans/<id:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<id:pk>/review/", views.plan_review, name="plan_review"),
    path("plans/<id:pk>/reopen/", views.plan_reopen, name="plan_reopen"),
    path("areas/<area:code>/reviews/", views.review_queue, name="review_queue"),
    path("", include("plans.execution.urls")),
    # The local development plan's project form (แบบ ผ.02); its PDFs are in reports/urls.py.
    path(
        "plans/<id:pk>/local-plan-form/",
        local_plan_form_views.plan_local_plan_form,
        name="local_plan_form",
    ),
    path(
        "plans/<id:pk>/local-plan-form/xlsx/",
        local_plan_form_views.plan_local_plan_form_xlsx,
        name="local_plan_form_xlsx",
    ),
    path(
        "areas/<area:code>/local-plan-form/",
        local_plan_form_views.district_local_plan_form,
        name="district_local_plan_form",
    ),
    path(
        "areas/<area:code>/local-plan-form/xlsx/",
        local_plan_form_views.district_local_plan_form_xlsx,
        name="district_local_plan_form_xlsx",
    ),
    path(
        "areas/<area:code>/accountability/",
        accountability_views.area_accountability,
        name="area_accountability",
    ),
    path(
        "areas/<area:code>/accountability/projects/",
        accountability_views.area_accountability_projects,
        name="area_accountability_projects",
    ),
    path(
        "books/<id:pk>/accountability/",
        accountability_views.book_accountability,
        name="book_accountability",
    ),
    path(
        "books/<id:pk>/accountability/projects/",
        accountability_views.book_accountability_projects,
        name="book_accountability_projects",
    ),
    path("areas/<area:code>/updates/import/", import_views.update_import, name="update_import"),
    path(
        "areas/<area:code>/updates/import/<id:job_pk>/",
        import_views.update_import_preview,
        name="update_import_preview",
    ),
    path(
        "areas/<area:code>/updates/import/template/",
        import_views.update_import_template,
        name="update_import_template",
    ),
]

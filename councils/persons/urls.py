"""Pages of the leaders' registry and the officers' succession."""

from django.urls import path

from councils.persons import views

urlpatterns = [
    path("councils/<id:pk>/leaders/", views.council_leaders, name="council_leaders"),
    path("councils/<id:pk>/leaders/new/", views.person_new, name="person_new"),
    path("councils/<id:pk>/succession/", views.council_succession, name="council_succession"),
    path("leaders/<id:pk>/", views.person_detail, name="person_detail"),
    path("leaders/<id:pk>/edit/", views.person_edit, name="person_edit"),
    path("leaders/<id:pk>/delete/", views.person_delete, name="person_delete"),
    path("leaders/<id:pk>/roles/new/", views.person_role_new, name="person_role_new"),
    path("leaders/roles/<id:pk>/edit/", views.person_role_edit, name="person_role_edit"),
    path("leaders/roles/<id:pk>/delete/", views.person_role_delete, name="person_role_delete"),
    path("leaders/<id:pk>/trainings/new/", views.training_new, name="training_new"),
    path("leaders/trainings/<id:pk>/delete/", views.training_delete, name="training_delete"),
]

"""Pages of the welfare funds, the public statements and the area roll-ups."""

from django.urls import path

from welfare import views

F = "funds/<id:pk>/"

urlpatterns = [
    path("welfare/", views.welfare_home, name="welfare_home"),
    path("councils/<id:pk>/fund/new/", views.fund_new, name="fund_new"),
    path(F, views.fund_detail, name="fund_detail"),
    path(F + "edit/", views.fund_edit, name="fund_edit"),
    path(F + "benefits/new/", views.benefit_form, name="benefit_new"),
    path(F + "benefits/<id:benefit_pk>/edit/", views.benefit_form, name="benefit_edit"),
    path(F + "members/", views.member_list, name="member_list"),
    path(F + "members/new/", views.member_form, name="fund_member_new"),
    path(F + "members/export/", views.member_export, name="member_export"),
    path(F + "members/<id:member_pk>/", views.member_detail, name="member_detail"),
    path(F + "members/<id:member_pk>/edit/", views.member_form, name="fund_member_edit"),
    path(F + "members/<id:member_pk>/reveal/", views.member_reveal, name="member_reveal"),
    path(F + "members/<id:member_pk>/status/", views.member_status, name="member_status"),
    path(F + "behind/", views.behind_list, name="behind_list"),
    path(F + "behind/lapse/", views.lapse_members, name="lapse_members"),
    path(F + "contributions/new/", views.contribution_new, name="contribution_new"),
    path(F + "ledger/", views.ledger_list, name="ledger_list"),
    path(F + "ledger/new/", views.entry_new, name="entry_new"),
    path(F + "ledger/<id:entry_pk>/reverse/", views.entry_reverse, name="entry_reverse"),
    path(F + "claims/", views.claim_list, name="claim_list"),
    path(F + "claims/new/", views.claim_new, name="claim_new"),
    path(F + "claims/new/members/", views.member_pick, name="member_pick"),
    path(F + "claims/<id:claim_pk>/", views.claim_detail, name="claim_detail"),
    path(F + "claims/<id:claim_pk>/approve/", views.claim_approve, name="claim_approve"),
    path(F + "claims/<id:claim_pk>/reject/", views.claim_reject, name="claim_reject"),
    path(F + "claims/<id:claim_pk>/pay/", views.claim_pay, name="claim_pay"),
    path(F + "import/members/", views.fund_import, {"what": "members"}, name="member_import"),
    path(
        F + "import/contributions/",
        views.fund_import,
        {"what": "contributions"},
        name="contribution_import",
    ),
    path(F + "import/jobs/<id:job_pk>/", views.fund_import_job, name="fund_import_job"),
    path(F + "statement/<year:year>/", views.statement, name="fund_statement"),
    path("areas/<area:code>/welfare/", views.area_welfare, name="area_welfare"),
]

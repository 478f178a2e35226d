"""The admin site for the execution timeline: CODI staff read what became of the projects of
their region. The timeline is append-only (plans.execution.models), so the admin shows it and
changes nothing: a correction is a new update, recorded by the council or through the import."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from councils.admin import AreaScopedAdmin
from plans.execution.models import (
    Commitment,
    Evidence,
    IndicatorMeasurement,
    ProjectUpdate,
    Spending,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommitmentInline(ReadOnlyInline):
    model = Commitment
    fields = readonly_fields = ("fiscal_year", "source", "amount")


class SpendingInline(ReadOnlyInline):
    model = Spending
    fields = readonly_fields = ("fiscal_year", "source", "amount")


class ResultInline(ReadOnlyInline):
    model = IndicatorMeasurement
    fk_name = "update"
    fields = readonly_fields = ("indicator", "fiscal_year", "value", "measured_on", "note")


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = readonly_fields = ("kind", "caption", "content_type", "size", "uploaded_at")


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(AreaScopedAdmin):
    list_display = ("project", "happened_on", "status", "progress", "adopted_by", "recorded_at")
    list_select_related = ("project", "adopted_by")
    list_filter = ("status", "agency_plan", "happened_on")
    search_fields = (
        "project__title",
        "note",
        "^project__issue__plan__council__subdistrict__code",
        "adopted_by__name",
    )
    date_hierarchy = "happened_on"
    show_full_result_count = False
    inlines = (CommitmentInline, SpendingInline, ResultInline, EvidenceInline)
    readonly_fields = (
        "project",
        "happened_on",
        "status",
        "progress",
        "note",
        "proposed_to",
        "proposal_resolution",
        "adopted_by",
        "agency_plan",
        "agency_plan_title",
        "agency_plan_year",
        "by",
        "recorded_at",
    )
    fields = readonly_fields

    def area_code_of(self, obj) -> str:
        return obj.project.issue.plan.council.subdistrict_id

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tambon"))
    def tambon(self, obj):
        return obj.project.issue.plan.council

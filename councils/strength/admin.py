"""The admin of the community-strength indicators (kept by CODI staff) and of the councils'
assessments (read only: a council assesses itself on its own pages)."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from councils.access import prefix_q, scope_for
from councils.admin import AreaScopedAdmin, CouncilChildAdmin
from councils.strength.models import StrengthAssessment, StrengthIndicator, StrengthScore


@admin.register(StrengthIndicator)
class StrengthIndicatorAdmin(AreaScopedAdmin):
    """The national set (no province) is national staff's; a province's own set is kept by the
    staff of its region. A province with a set of its own assesses only that set."""

    scope_field = "province"
    list_display = ("component", "number", "name", "province", "auto_source", "active")
    list_display_links = ("name",)
    list_select_related = ("province",)
    list_filter = (
        ("province", admin.RelatedOnlyFieldListFilter),
        "component",
        "auto_source",
        "active",
    )
    search_fields = ("name", "guide", "^province__code", "province__name_th")
    fieldsets = [
        (
            None,
            {
                "description": _(
                    "Leave the province empty for the national set, which only CODI national "
                    "staff change. A province that has indicators of its own (such as Nakhon Si "
                    "Thammarat's organic community) assesses its councils by those only; the "
                    "staff of its region keep them."
                ),
                "fields": ("province", "component", "number", "name", "guide", "auto_source",
                           "active"),
            },
        )
    ]  # fmt: skip
    show_full_result_count = False

    def scoped(self, queryset, user):
        # Everyone reads the national set their provinces fall back on; only their own
        # provinces' sets besides.
        return queryset.filter(
            Q(province__isnull=True) | prefix_q("province__code", scope_for(user).administered)
        )

    def area_code_of(self, obj) -> str:
        # The national set belongs to the whole country: "" is administered by national staff only.
        return obj.province_id or ""

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.scope_error(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.scope_error(request, obj):
            return False
        return super().has_delete_permission(request, obj)


class ScoreInline(admin.TabularInline):
    model = StrengthScore
    fields = ("indicator", "level", "filled_level", "filled_value", "note", "evidence")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StrengthAssessment)
class StrengthAssessmentAdmin(CouncilChildAdmin):
    """Read only: the levels are the council's own, recorded on its pages with their evidence."""

    list_display = (
        "council",
        "tambon",
        "fiscal_year",
        "overall_level",
        "community_type",
        "updated_at",
    )
    list_select_related = ("council__subdistrict",)
    list_filter = (
        "fiscal_year",
        "overall_level",
        "community_type",
        ("council__subdistrict__district__province", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "council__name",
        "^council__subdistrict__code",
        "council__subdistrict__name_th",
    )
    fields = ("council", "fiscal_year", "community_type", "overall_level", "note", "assessed_by",
              "created_at", "updated_at")  # fmt: skip
    readonly_fields = fields
    inlines = [ScoreInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""The admin of the village data: the indicators (national staff keep them), and read-only lists
of the figures and village facts, each staff member within their area, with the imports."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from councils.access import ALL, scope_for
from councils.admin import AreaScopedAdmin, RegistryImportExportMixin
from councils.villages.imports import BasicNeedsResource, VillageBasicDataResource
from councils.villages.models import VillageFigure, VillageIndicator, VillageProfile


def is_national(user) -> bool:
    return user.is_superuser or scope_for(user).administered == ALL


@admin.register(VillageIndicator)
class VillageIndicatorAdmin(admin.ModelAdmin):
    """The reference indicators are the same for the whole country: national staff keep them,
    regional staff read them. The model's clean asks a target of a BMN indicator only."""

    list_display = ("code", "name", "dataset", "category", "target_percent", "active")
    list_filter = ("dataset", "active", "category")
    search_fields = ("=code", "name", "category")
    ordering = ("dataset", "position", "code")
    show_full_result_count = False

    def has_add_permission(self, request):
        return is_national(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_national(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_national(request.user) and super().has_delete_permission(request, obj)


class VillageRowAdmin(RegistryImportExportMixin, AreaScopedAdmin):
    """Rows only imports write: listed, searched and imported here, never edited by hand."""

    list_filter = ("year",)
    search_fields = ("^subdistrict__code", "subdistrict__name_th")
    list_select_related = ("subdistrict",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        # An import adds the rows, so it needs the permission to add them.
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")

    def has_export_permission(self, request):
        return False

    @admin.display(description=_("tambon code"), ordering="subdistrict__code")
    def tambon_code(self, obj):
        return obj.subdistrict_id


@admin.register(VillageFigure)
class VillageFigureAdmin(VillageRowAdmin):
    resource_classes = [BasicNeedsResource]
    list_display = (
        "tambon_code", "subdistrict", "village_no", "year", "indicator",
        "households_surveyed", "households_passed", "percent", "level",
    )  # fmt: skip
    list_filter = ("indicator__dataset", "year")
    list_select_related = ("subdistrict", "indicator")

    @admin.display(description=_("share meeting the criterion (%)"))
    def percent(self, obj):
        return obj.percent


@admin.register(VillageProfile)
class VillageProfileAdmin(VillageRowAdmin):
    resource_classes = [VillageBasicDataResource]
    list_display = (
        "tambon_code", "subdistrict", "village_no", "village_name", "year", "households",
        "population", "average_income",
    )  # fmt: skip
    search_fields = (*VillageRowAdmin.search_fields, "village_name")

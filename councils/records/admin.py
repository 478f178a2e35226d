"""The admin of charters, agreements and council documents, scoped like the registry's."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.admin import CouncilChildAdmin, be_date
from councils.records.models import (
    Agreement,
    Charter,
    CharterClause,
    CharterSignatory,
    CouncilDocument,
)


class ClauseInline(admin.TabularInline):
    model = CharterClause
    extra = 1


class SignatoryInline(admin.TabularInline):
    model = CharterSignatory
    extra = 1


@admin.register(Charter)
class CharterAdmin(CouncilChildAdmin):
    list_display = ("title", "council", "tambon", "adopted")
    list_select_related = ("council__subdistrict",)
    list_filter = (
        "adopted_on",
        ("council__subdistrict__district__province", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "clauses__text", "council__name", "^council__subdistrict__code")
    autocomplete_fields = ("council",)
    raw_id_fields = ("resolution",)
    inlines = [ClauseInline, SignatoryInline]

    @admin.display(description=_("adopted on"), ordering="adopted_on")
    def adopted(self, obj):
        return be_date(obj.adopted_on)


class StandingFilter(admin.SimpleListFilter):
    title = _("standing")
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return [(Agreement.Standing.IN_FORCE, Agreement.Standing.IN_FORCE.label),
                (Agreement.Standing.ENDED, Agreement.Standing.ENDED.label)]  # fmt: skip

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == Agreement.Standing.IN_FORCE:
            return queryset.in_force(today)
        if self.value() == Agreement.Standing.ENDED:
            return queryset.ended(today)
        return queryset


class AgreementAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        partners = cleaned.get("partners")
        if partners and cleaned.get("council"):
            self.instance.council = cleaned["council"]
            self.instance.check_partners(list(partners))
        return cleaned


@admin.register(Agreement)
class AgreementAdmin(CouncilChildAdmin):
    form = AgreementAdminForm
    list_display = ("title", "kind", "council", "tambon", "signed", "ends", "standing")
    list_select_related = ("council__subdistrict",)
    list_filter = ("kind", StandingFilter, "signed_on")
    search_fields = (
        "title",
        "scope",
        "partners__name",
        "council__name",
        "^council__subdistrict__code",
    )
    autocomplete_fields = ("council", "partners")
    raw_id_fields = ("resolution",)

    @admin.display(description=_("signed on"), ordering="signed_on")
    def signed(self, obj):
        return be_date(obj.signed_on)

    @admin.display(description=_("ends on"), ordering="ends_on")
    def ends(self, obj):
        return be_date(obj.ends_on)

    @admin.display(description=_("standing"))
    def standing(self, obj):
        return obj.standing().label


@admin.register(CouncilDocument)
class CouncilDocumentAdmin(CouncilChildAdmin):
    list_display = (
        "title",
        "kind",
        "council",
        "tambon",
        "date",
        "content_type",
        "size",
        "published",
    )
    list_select_related = ("council__subdistrict",)
    list_filter = ("kind", "published", "content_type", "dated")
    search_fields = ("title", "council__name", "meeting__title", "^council__subdistrict__code")
    autocomplete_fields = ("council", "meeting")
    fields = ("council", "meeting", "title", "kind", "dated", "file", "published",
              "content_type", "size", "uploaded_by", "uploaded_at")  # fmt: skip
    readonly_fields = ("content_type", "size", "uploaded_by", "uploaded_at")

    @admin.display(description=_("date of the document"), ordering="dated")
    def date(self, obj):
        return be_date(obj.dated)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

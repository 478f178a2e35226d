"""The admin site for CODI staff: the council registry, each staff member within their region."""

import copy
from importlib import import_module

from auditlog.admin import LogEntryAdmin
from auditlog.context import disable_auditlog
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from councils.access import ALL, CODI_ROLES, Role, prefix_q, scope_for
from councils.audit import AuditEntry, ImportRecord, record_import
from councils.buddhist_era import BuddhistDateField, BuddhistDateInput, thai_date
from councils.geography import REGION_PROVINCES
from councils.imports import (
    CommunityOrganizationResource,
    CouncilMemberResource,
    CouncilResource,
    administers,
)
from councils.meetings.models import AnnualReport, Meeting
from councils.models import (
    Assignment,
    CommunityOrganization,
    Council,
    CouncilMember,
    District,
    Partner,
    Province,
    Subdistrict,
)
from councils.name_search import found_first, words_in_names
from councils.paging import CappedCountPaginator
from councils.persons.models import Person
from councils.phones import thai_phone
from councils.search import fields_for
from councils.spreadsheets.formats import FORMATS, XLSX
from councils.spreadsheets.guard import guard_upload
from councils.spreadsheets.templates import import_template

OUTSIDE_AREA = _("This is outside the area you administer.")
# A word found in more council names than this is too common to list their members by.
COUNCILS_SEARCHED = 50


def be_date(day) -> str:
    return thai_date(day, short=True) if day else "-"


class IndexedSearch:
    """A search that reads indexed columns only (councils/search.py): terms that all look like
    codes search `code_search_fields`, any other search `search_fields`. An admin without
    code_search_fields searches as Django's does."""

    code_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        if not self.code_search_fields:
            return super().get_search_results(request, queryset, search_term)
        # A copy, not an attribute set on self: one admin instance serves every request.
        searcher = copy.copy(self)
        searcher.search_fields = fields_for(
            search_term, self.search_fields, self.code_search_fields
        )
        return super(IndexedSearch, searcher).get_search_results(request, queryset, search_term)


class ProvinceFilter(admin.SimpleListFilter):
    """Rows whose area code starts with a province's code. The choices are the provinces the
    user administers, read from the Province table (77 rows), not a DISTINCT over the listed
    rows through their joins, which at the national size costs more than the page (issue 14)."""

    title = _("province")
    parameter_name = "province"
    # The lookup of the row's area code, set by province_filter().
    code_field = ""

    def lookups(self, request, model_admin):
        provinces = Province.objects.filter(prefix_q("code", scope_for(request.user).administered))
        return [(province.code, province.name_th) for province in provinces.order_by("name_th")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.code_field}__startswith": self.value()})
        return queryset


def province_filter(code_field: str) -> type[ProvinceFilter]:
    return type("ProvinceFilter", (ProvinceFilter,), {"code_field": code_field})


class AreaScopedAdmin(IndexedSearch, admin.ModelAdmin):
    """Staff see, choose and save only rows in the area they administer (CODI regional staff:
    their region's provinces; national staff and superusers: everything)."""

    # The form field that carries the row's area, where an out-of-area save is reported.
    scope_field = ""
    # No list counts a whole national table (councils/paging.py).
    paginator = CappedCountPaginator
    show_full_result_count = False
    formfield_overrides = {
        models.DateField: {"form_class": BuddhistDateField, "widget": BuddhistDateInput},
    }

    def get_queryset(self, request):
        return self.scoped(super().get_queryset(request), request.user)

    def scoped(self, queryset, user):
        return queryset.administered_by(user)

    def area_code_of(self, obj) -> str:
        return obj.area_code

    def scope_error(self, request, obj) -> tuple[str, str] | None:
        """The field and message that refuse saving obj, or None when the user may save it."""
        try:
            code = self.area_code_of(obj)
        except ObjectDoesNotExist:
            code = None
        if code is None:
            return None  # the area field is empty or invalid and reports its own error
        if not administers(request.user, code):
            return self.scope_field, OUTSIDE_AREA
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Choices (and what a submitted id may be) come from the related admin, so they are
        # scoped the same way; autocomplete searches that admin's get_queryset too.
        if "queryset" not in kwargs:
            try:
                related = self.admin_site.get_model_admin(db_field.remote_field.model)
            except NotRegistered:
                related = None
            if isinstance(related, AreaScopedAdmin):
                kwargs["queryset"] = related.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ScopedForm(form):
            def _post_clean(self):
                super()._post_clean()
                if error := model_admin.scope_error(request, self.instance):
                    field, message = error
                    self.add_error(field if field in self.fields else None, message)

        return ScopedForm

    def save_model(self, request, obj, form, change):
        # The form already refused this; a save that reaches here out of scope is tampering.
        if self.scope_error(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class RegistryImportForm(ImportForm):
    """The admin's upload form, which refuses an oversized file before anything parses it."""

    def clean_import_file(self):
        return guard_upload(self.cleaned_data["import_file"])


class RegistryImportExportMixin(ImportExportMixin):
    """Spreadsheet import and export: scoped to the user, all or nothing, with a template file."""

    import_form_class = RegistryImportForm
    import_template_name = "admin/councils/import.html"
    formats = FORMATS

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**kwargs, "user": request.user}

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # import-export keeps native cell types only for its own XLSX class, not a subclass;
        # numbers should stay numbers in a workbook.
        if not self.has_export_permission(request):
            raise PermissionDenied
        kwargs["force_native_type"] = isinstance(file_format, XLSX)
        kwargs.pop("encoding", None)  # the CSV format writes UTF-8 with a BOM itself
        return file_format.export_data(self.get_data_for_export(request, queryset, **kwargs))

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "import_max_bytes": settings.IMPORT_MAX_BYTES,
        }

    def get_urls(self):
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        response = HttpResponse(import_template(resource_class), content_type=XLSX.CONTENT_TYPE)
        filename = f"{self.opts.model_name}-import-template.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def process_dataset(self, dataset, form, request, **kwargs):
        # One record of the import with the file's hash, in the import's transaction, rather
        # than an audit entry per row (admin.LogEntry still lists the rows).
        with transaction.atomic(), disable_auditlog():
            result = super().process_dataset(dataset, form, request, **kwargs)
            if not (result.has_errors() or result.has_validation_errors()):
                upload = self._uploaded_file(form)
                record_import(upload, what=self.opts.label, rows=dataset.height, by=request.user)
        return result

    def _uploaded_file(self, form):
        if "import_file" in form.cleaned_data:  # imported without the confirm step
            return form.cleaned_data["import_file"]
        stored = self.get_tmp_storage_class()(
            name=form.cleaned_data["import_file_name"], read_mode="rb",
            **self.get_tmp_storage_class_kwargs(),
        )  # fmt: skip
        return ContentFile(stored.read(), name=form.cleaned_data["original_file_name"])

    def process_result(self, result, request):
        # The confirm step re-reads the file; if a row turned invalid since the preview (the
        # registry changed meanwhile), the import has rolled back and says which rows.
        if result.has_errors() or result.has_validation_errors():
            return self.import_errors_response(request, result)
        return super().process_result(result, request)

    def import_errors_response(self, request, result):
        messages.error(request, _("Nothing was imported: correct the rows below and try again."))
        form = self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request)
        )
        resource = self.get_import_resource_classes(request)[0](
            **self.get_import_resource_kwargs(request)
        )
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "result": result,
            "fields_list": [
                (
                    resource.get_display_name(),
                    [f.column_name for f in resource.get_user_visible_fields()],
                )
            ],
            "import_error_display": self.import_error_display,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)


# --- Geography: read-only for all but superusers ------------------------------------------


class GeographyAdmin(AreaScopedAdmin):
    search_fields = ("^code", "name_th", "name_en")

    def scoped(self, queryset, user):
        return queryset.filter(prefix_q("code", scope_for(user).administered))

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Province)
class ProvinceAdmin(GeographyAdmin):
    list_display = ("code", "name_th", "name_en", "region")
    list_filter = ("region",)


@admin.register(District)
class DistrictAdmin(GeographyAdmin):
    list_display = ("code", "name_th", "name_en", "province")
    list_select_related = ("province",)
    search_fields = (*GeographyAdmin.search_fields, "province__name_th")


@admin.register(Subdistrict)
class SubdistrictAdmin(GeographyAdmin):
    list_display = ("code", "name_th", "name_en", "district", "province")
    list_select_related = ("district__province",)
    search_fields = (*GeographyAdmin.search_fields, "district__name_th")

    @admin.display(description=_("province"), ordering="district__province__name_th")
    def province(self, obj):
        return obj.district.province


# --- The council registry -----------------------------------------------------------------


@admin.register(Council)
class CouncilAdmin(RegistryImportExportMixin, AreaScopedAdmin):
    resource_classes = [CouncilResource]
    list_display = (
        "name",
        "tambon_code",
        "subdistrict",
        "district",
        "province",
        "registration_number",
        "registered",
        "status",
    )
    list_select_related = ("subdistrict__district__province",)
    list_filter = ("status", province_filter("subdistrict__code"))
    # A council is named for its tambon ("สภาองค์กรชุมชนตำบล..."), so its own name finds it by
    # the tambon; the province is a filter. Codes are the tambon's and the registration's.
    search_fields = ("name", "registration_number")
    code_search_fields = ("subdistrict__code__startswith", "registration_number")
    autocomplete_fields = ("subdistrict",)
    fields = (
        "subdistrict",
        "name",
        "registration_number",
        "registered_on",
        "status",
        "dissolved_on",
        "office_address",
        "phone",
    )
    scope_field = "subdistrict"

    @admin.display(description=_("tambon code"), ordering="subdistrict_id")
    def tambon_code(self, obj):
        return obj.subdistrict_id

    @admin.display(description=_("district"), ordering="subdistrict__district__name_th")
    def district(self, obj):
        return obj.subdistrict.district

    @admin.display(description=_("province"), ordering="subdistrict__district__province__name_th")
    def province(self, obj):
        return obj.subdistrict.district.province

    @admin.display(description=_("registration date"), ordering="registered_on")
    def registered(self, obj):
        return be_date(obj.registered_on)


class CouncilChildAdmin(AreaScopedAdmin):
    scope_field = "council"

    def area_code_of(self, obj) -> str:
        return obj.council.subdistrict_id

    @admin.display(description=_("tambon"), ordering="council__subdistrict__name_th")
    def tambon(self, obj):
        return obj.council.subdistrict


@admin.register(CommunityOrganization)
class CommunityOrganizationAdmin(RegistryImportExportMixin, CouncilChildAdmin):
    resource_classes = [CommunityOrganizationResource]
    list_display = (
        "name",
        "kind",
        "village_no",
        "council",
        "tambon",
        "member_count",
        "leader_name",
    )
    list_select_related = ("council__subdistrict",)
    list_filter = ("kind", province_filter("council__subdistrict__code"))
    search_fields = ("name", "leader_name", "council__name", "^council__subdistrict__code")
    autocomplete_fields = ("council",)


def person_choice_label(person: Person) -> str:
    """A person as a choice: the name, and the village and birth year that tell namesakes apart."""
    details = []
    if person.village_no:
        details.append(_("village no. %(no)s") % {"no": person.village_no})
    if person.birth_year:
        details.append(_("born %(year)s") % {"year": person.birth_year})
    return (
        f"{person.full_name} ({', '.join(str(d) for d in details)})"
        if details
        else person.full_name
    )


class SittingFilter(admin.SimpleListFilter):
    title = _("membership")
    parameter_name = "sitting"

    def lookups(self, request, model_admin):
        return [("yes", _("sitting")), ("no", _("left the council"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(left_on__isnull=True)
        if self.value() == "no":
            return queryset.filter(left_on__isnull=False)
        return queryset


class AdministeredProvinceFilter(admin.RelatedFieldListFilter):
    """The provinces the staff member administers, as choices: RelatedOnlyFieldListFilter finds
    the provinces that have rows with a DISTINCT over every council member of the country."""

    def field_choices(self, field, request, model_admin):
        provinces = Province.objects.filter(
            prefix_q("code", scope_for(request.user).administered)
        ).order_by("code")
        return [(province.pk, str(province)) for province in provinces]


@admin.register(CouncilMember)
class CouncilMemberAdmin(RegistryImportExportMixin, CouncilChildAdmin):
    resource_classes = [CouncilMemberResource]
    list_display = (
        "full_name",
        "council",
        "tambon",
        "seat",
        "role",
        "seat_place",
        "selected",
        "term_ends",
        "is_sitting",
        "phone_masked",
    )
    list_select_related = ("council__subdistrict",)
    list_filter = (
        SittingFilter,
        "seat",
        "role",
        "sex",
        ("council__subdistrict__district__province", AdministeredProvinceFilter),
    )
    # Shows the search box; get_search_results searches them so that indexes answer.
    search_fields = ("first_name", "last_name", "council__name", "^council__subdistrict__code")
    autocomplete_fields = ("council", "organization", "replaces")
    readonly_fields = ("term_ends",)
    fields = (
        "council",
        "title",
        "first_name",
        "last_name",
        "sex",
        "seat",
        "role",
        "organization",
        "village_no",
        "community_name",
        "selected_on",
        "replaces",
        "term_ends",
        "left_on",
        "phone",
        "person",
        "successor",
    )
    # Chosen among the member's own council's persons (a tambon's registry is a short list);
    # the model's clean refuses a person of another council however the form was sent.
    PERSON_FIELDS = ("person", "successor")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:
            # A new member is linked to the council's person of the same name, or a new one,
            # when saved (CouncilMember.save); a successor is named once the member is in.
            return [name for name in fields if name not in self.PERSON_FIELDS]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            persons = Person.objects.filter(council_id=obj.council_id)
            for name in self.PERSON_FIELDS:
                if name in form.base_fields:
                    form.base_fields[name].queryset = persons
                    form.base_fields[name].label_from_instance = person_choice_label
        return form

    def get_search_results(self, request, queryset, search_term):
        # The admin's own search ORs icontains over the member's names and the joined council's
        # name, which reads all 173,400 council members. Here a number is a tambon code prefix;
        # words are looked up in the names (trigram indexes on PostgreSQL) or, as a whole, among
        # the 7,000 councils' names first, whose members are then found by their council index.
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.isdigit():
            return queryset.filter(council__subdistrict__code__startswith=term), False
        councils = Council.objects.filter(name__icontains=term).values_list("pk", flat=True)
        in_councils = Q(council__in=list(councils[:COUNCILS_SEARCHED]))
        in_names = words_in_names(term, ("first_name", "last_name"))
        return found_first(queryset, queryset.filter(in_names | in_councils)), False

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("village or community"))
    def seat_place(self, obj):
        return obj.seat_place

    @admin.display(description=_("selected on"), ordering="selected_on")
    def selected(self, obj):
        return be_date(obj.selected_on)

    @admin.display(description=_("term ends on"), ordering="term_ends_on")
    def term_ends(self, obj):
        return be_date(obj.term_ends_on)

    @admin.display(description=_("sitting"), boolean=True)
    def is_sitting(self, obj):
        return obj.is_sitting

    @admin.display(description=_("phone"))
    def phone_masked(self, obj):
        # Lists are often shown on a projector or a shared screen; the form shows it in full.
        return obj.masked_phone


@admin.register(Partner)
class PartnerAdmin(AreaScopedAdmin):
    list_display = ("name", "kind", "area_code", "contact_name", "phone_number", "email")
    list_filter = ("kind",)
    search_fields = ("name", "contact_name", "^area_code")
    scope_field = "area_code"

    @admin.display(description=_("phone"), ordering="phone")
    def phone_number(self, obj):
        return thai_phone(obj.phone)


@admin.register(Assignment)
class AssignmentAdmin(AreaScopedAdmin):
    list_display = ("user", "role", "area_code", "region")
    list_select_related = ("user",)
    list_filter = ("role", "region")
    search_fields = ("user__username", "user__first_name", "user__last_name", "^area_code")
    autocomplete_fields = ("user",)

    def scoped(self, queryset, user):
        """Coordinators' roles in the user's area, and CODI regional roles of regions they cover;
        CODI national roles only for those who administer everything."""
        prefixes = scope_for(user).administered
        if prefixes == ALL:
            return queryset
        return queryset.filter(
            prefix_q("area_code", prefixes)
            | models.Q(role=Role.CODI_REGIONAL, region__in=self.regions_administered_by(user))
        )

    def regions_administered_by(self, user) -> list[str]:
        scope = scope_for(user)
        return [
            str(region)
            for region, provinces in REGION_PROVINCES.items()
            if all(scope.holds(code, *CODI_ROLES) for code in provinces)
        ]

    def area_code_of(self, obj) -> str:
        return obj.area_code

    def scope_error(self, request, obj):
        if obj.role == Role.CODI_NATIONAL:
            if not request.user.is_superuser:
                return "role", _("Only a superuser may grant the CODI national staff role.")
        elif obj.role == Role.CODI_REGIONAL:
            if obj.region not in self.regions_administered_by(request.user):
                return "region", OUTSIDE_AREA
        elif not administers(request.user, obj.area_code):
            return "area_code", OUTSIDE_AREA
        return None


# --- Meetings: corrections by CODI staff in their region ---------------------------------------


@admin.register(Meeting)
class MeetingAdmin(AreaScopedAdmin):
    list_display = ("title", "kind", "held", "area_code", "council")
    list_select_related = ("council",)
    list_filter = ("level", "kind")
    search_fields = ("title",)
    code_search_fields = ("area_code__startswith",)
    autocomplete_fields = ("partners_present",)
    fields = (
        "level", "kind", "council", "area_code", "number", "title", "held_on", "starts_at",
        "place", "minutes", "guests_female", "guests_male", "partners_present",
    )  # fmt: skip
    scope_field = "area_code"

    @admin.display(description=_("date"), ordering="held_on")
    def held(self, obj):
        return be_date(obj.held_on)


@admin.register(AnnualReport)
class AnnualReportAdmin(CouncilChildAdmin):
    list_display = ("council", "tambon", "fiscal_year", "published")
    list_select_related = ("council__subdistrict",)
    list_filter = ("fiscal_year",)
    search_fields = ("council__name", "^council__subdistrict__code")

    @admin.display(description=_("published on"), ordering="published_on")
    def published(self, obj):
        return be_date(obj.published_on)


# --- The audit trail and the imports: read-only, searchable, scoped to the region -----------


class AuditedModelFilter(admin.SimpleListFilter):
    """The kind of object an entry is about, among the models the trail records."""

    title = _("kind of object")
    parameter_name = "resource_type"

    def lookups(self, request, model_admin):
        content_types = ContentType.objects.get_for_models(*auditlog.get_models()).values()
        return sorted(
            ((str(kind.pk), kind.name) for kind in content_types), key=lambda choice: choice[1]
        )

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(content_type_id=int(self.value()))
        return queryset


admin.site.unregister(AuditEntry)


@admin.register(AuditEntry)
class AuditEntryAdmin(IndexedSearch, LogEntryAdmin):
    """Who changed what and when, by object, kind of object, action and date. Entries of
    objects without an area (users, themes) are national staff's to read.

    At the national size (close to a million entries) nothing here reads the whole trail: no
    date hierarchy (its DISTINCT over the dates, and the MIN and MAX of a search's matches),
    the date is a filter of fixed choices instead; the kinds of object come from the audited
    models, not a DISTINCT over the entries; the search matches the object's name through its
    trigram index, or an object's id or an area code. The person is found from the entry's
    link to them; a search OR'ed with the users table could use no index."""

    date_hierarchy = None
    search_fields = ("object_repr",)
    code_search_fields = ("object_pk__exact", "area_code__startswith")
    list_filter = ("action", AuditedModelFilter, "timestamp")
    # Counting the whole trail on every page would read millions of rows (issue 14).
    show_full_result_count = False
    paginator = CappedCountPaginator

    def get_queryset(self, request):
        return super().get_queryset(request).administered_by(request.user)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ("imported_at", "what", "file_name", "rows", "imported_by", "area_code")
    list_select_related = ("imported_by",)
    list_filter = ("what", "imported_at")
    search_fields = ("file_name", "=sha256", "imported_by__username", "^area_code")
    date_hierarchy = "imported_at"

    def get_queryset(self, request):
        records = super().get_queryset(request)
        return records.administered_by(request.user) | records.filter(imported_by=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Charters, agreements and documents register their admin classes, built on the ones above.
import_module("councils.records.admin")
# The village data (จปฐ., กชช. 2ค): its indicators, figures and imports.
import_module("councils.villages.admin")
# The community-strength indicators and assessments (councils/strength/admin.py).
import_module("councils.strength.admin")
# The leaders' registry (persons, their roles and trainings) likewise.
import_module("councils.persons.admin")

"""The admin of the leaders' registry: persons, their roles across bodies and their trainings,
each CODI staff member within their region, like the council registry's admin."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.admin import (
    AreaScopedAdmin,
    CouncilChildAdmin,
    RegistryImportExportMixin,
    be_date,
    province_filter,
)
from councils.buddhist_era import BuddhistDateField, BuddhistDateInput
from councils.persons.imports import PersonResource
from councils.persons.models import MAX_ROLES, Generation, Person, PersonRole, Training

PROVINCE_FILTER = province_filter("council__subdistrict__code")


class GenerationFilter(admin.SimpleListFilter):
    """The field reports' old and new generations of leaders, by birth year this year."""

    title = _("generation")
    parameter_name = "generation"

    def lookups(self, request, model_admin):
        return Generation.choices

    def queryset(self, request, queryset):
        if self.value() in Generation.values:
            return queryset.of_generation(self.value())
        return queryset


class BodyFilter(admin.SimpleListFilter):
    """Persons who hold a role in a body today (one EXISTS, so no person is listed twice)."""

    title = _("holds a role in")
    parameter_name = "body"

    def lookups(self, request, model_admin):
        return PersonRole.Body.choices

    def queryset(self, request, queryset):
        if self.value() not in PersonRole.Body.values:
            return queryset
        roles = PersonRole.objects.current().filter(person=OuterRef("pk"), body=self.value())
        return queryset.filter(Exists(roles))


class RoleLoadFilter(admin.SimpleListFilter):
    title = _("number of roles")
    parameter_name = "roles"

    def lookups(self, request, model_admin):
        return [
            ("many", _("more than %(max)s roles") % {"max": MAX_ROLES}),
            ("none", _("no role today")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "many":
            return queryset.filter(role_count__gt=MAX_ROLES)
        if self.value() == "none":
            return queryset.filter(role_count=0)
        return queryset


class ScopedInline:
    """An inline whose foreign keys offer only rows of the staff member's region, as the
    registry's own admin classes do, and whose dates are B.E. Stacked, not tabular: a role's
    five cells side by side do not fit a phone."""

    formfield_overrides = {
        models.DateField: {"form_class": BuddhistDateField, "widget": BuddhistDateInput},
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            try:
                related = self.admin_site.get_model_admin(db_field.remote_field.model)
            except NotRegistered:
                related = None
            if isinstance(related, AreaScopedAdmin):
                kwargs["queryset"] = related.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PersonRoleInline(ScopedInline, admin.StackedInline):
    model = PersonRole
    fields = ("body", "organization", "position", "started_on", "ended_on")
    autocomplete_fields = ("organization",)
    extra = 1


class TrainingInline(ScopedInline, admin.StackedInline):
    model = Training
    fields = ("course", "organiser", "attended_on", "hours")
    extra = 1


@admin.register(Person)
class PersonAdmin(RegistryImportExportMixin, CouncilChildAdmin):
    resource_classes = [PersonResource]
    list_display = (
        "full_name",
        "council",
        "tambon",
        "village_no",
        "generation",
        "roles_held",
        "phone_masked",
    )
    list_select_related = ("council__subdistrict",)
    list_filter = (GenerationFilter, BodyFilter, RoleLoadFilter, "sex", PROVINCE_FILTER)
    # The person's own names (trigram indexes, councils/search.py), or the tambon's code; the
    # council's name would OR a joined table's column, which no index answers.
    search_fields = ("first_name", "last_name")
    code_search_fields = ("council__subdistrict__code__startswith",)
    autocomplete_fields = ("council",)
    fields = (
        "council",
        "title",
        "first_name",
        "last_name",
        "sex",
        "birth_year",
        "village_no",
        "phone",
        "seats",
    )
    readonly_fields = ("seats",)
    inlines = [PersonRoleInline, TrainingInline]
    # Counting every person of a region on each page is a second full scan (issue 14).
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_role_counts(timezone.localdate())

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("generation"), ordering="-birth_year")
    def generation(self, obj):
        return obj.generation().label

    @admin.display(description=_("roles today"), ordering="role_count")
    def roles_held(self, obj):
        # Council seats included: the number the "more than four roles" warning counts.
        return obj.role_count

    @admin.display(description=_("phone"))
    def phone_masked(self, obj):
        # Lists are often shown on a projector or a shared screen; the form shows it in full.
        return obj.masked_phone

    @admin.display(description=_("council seats"))
    def seats(self, obj):
        if obj.pk is None:
            return "-"
        held = [
            f"{seat.get_role_display()} ({be_date(seat.selected_on)}-{be_date(seat.term_ends_on)})"
            for seat in obj.council_seats.all()
        ]
        return ", ".join(held) or "-"


class CurrentRoleFilter(admin.SimpleListFilter):
    title = _("held today")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("held today")), ("no", _("ended or not started"))]

    def queryset(self, request, queryset):
        current = PersonRole.objects.current().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=current)
        if self.value() == "no":
            return queryset.exclude(pk__in=current)
        return queryset


class PersonLineAdmin(AreaScopedAdmin):
    """Rows that belong to a person, and so to the person's council and tambon."""

    scope_field = "person"
    show_full_result_count = False

    @admin.display(description=_("tambon"), ordering="person__council__subdistrict__name_th")
    def tambon(self, obj):
        return obj.person.council.subdistrict


@admin.register(PersonRole)
class PersonRoleAdmin(PersonLineAdmin):
    list_display = ("person", "body", "position", "organization", "since", "until", "tambon")
    list_select_related = ("person__council__subdistrict", "organization")
    list_filter = (
        "body",
        CurrentRoleFilter,
        province_filter("person__council__subdistrict__code"),
    )
    search_fields = (
        "person__first_name",
        "person__last_name",
        "position",
        "organization__name",
        "^person__council__subdistrict__code",
    )
    autocomplete_fields = ("person", "organization")
    fields = ("person", "body", "organization", "position", "started_on", "ended_on")

    @admin.display(description=_("since"), ordering="started_on")
    def since(self, obj):
        return be_date(obj.started_on)

    @admin.display(description=_("until"), ordering="ended_on")
    def until(self, obj):
        return be_date(obj.ended_on)


@admin.register(Training)
class TrainingAdmin(PersonLineAdmin):
    list_display = ("course", "person", "organiser", "attended", "hours", "tambon")
    list_select_related = ("person__council__subdistrict",)
    list_filter = (
        "attended_on",
        province_filter("person__council__subdistrict__code"),
    )
    search_fields = (
        "course",
        "organiser",
        "person__first_name",
        "person__last_name",
        "^person__council__subdistrict__code",
    )
    autocomplete_fields = ("person",)
    fields = ("person", "course", "organiser", "attended_on", "hours")

    @admin.display(description=_("attended on"), ordering="attended_on")
    def attended(self, obj):
        return be_date(obj.attended_on)

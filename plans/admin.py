"""The admin site for the community plans: CODI staff correct plans within their region.

A plan's state only moves through its review (so that every move is recorded). Every change form
of a plan or of a part of it carries the plan's version as the page was loaded, and a save from
an older page is refused; every save bumps the version. So staff and coordinators typing at the
same time are told, never silently overwritten, whichever of them saves second.

A submitted or accepted plan and its parts are shown read-only and cannot be deleted: the model
refuses it on every path, and the admin asks the model first. The "reopen" action unlocks a plan
through the plan's own state change, which records who and why.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from councils.admin import AreaScopedAdmin, be_date, province_filter
from plans.books.models import ProvinceStrategy
from plans.execution.models import Indicator, IndicatorTarget
from plans.models import (
    CommunityPlan,
    PlanIssue,
    PlanLocked,
    PlanProject,
    PlanStateChange,
    PlanStateError,
    ProjectBudget,
    Theme,
)

LOCKED_IN_ADMIN = _(
    "This plan is submitted or accepted, so it and its issues, projects and budget lines are "
    "locked. To correct it, choose the plan in the list, write why in the box beside the actions "
    "and run “Reopen the plan for changes”; the reopening is recorded in its history."
)


def _plan_is_open(obj) -> bool:
    """The parent plan of an inline (or the plan itself) may be changed."""
    return obj is None or not obj.is_locked


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name_th", "name_en", "code", "is_core", "order")
    search_fields = ("name_th", "name_en", "code")

    # The themes are shared by every plan and book in the country.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class LockedPlanInline(admin.TabularInline):
    """An inline that, like its parent, is read-only while the plan is locked."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _plan_is_open(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _plan_is_open(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _plan_is_open(obj)


class PlanIssueInline(LockedPlanInline):
    model = PlanIssue
    fields = ("order", "theme", "title", "priority", "villages")
    extra = 0
    show_change_link = True


class PlanStateChangeInline(admin.TabularInline):
    model = PlanStateChange
    fields = ("at", "from_state", "to_state", "by", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


STALE_PLAN = _(
    "Someone else saved this plan, or a part of it, while you had this page open (it is now at "
    "version %(current)s). Nothing was saved, and what you typed is still below: copy what you "
    "need, open the page again to see their changes, and make your change there."
)


class LoadedVersionForm(forms.ModelForm):
    # The version of the plan when the page was loaded (see PlanPartAdmin.get_form).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanPartAdmin(AreaScopedAdmin):
    """Saving a plan or any part of it checks and bumps the plan's version, as the editor does."""

    form = LoadedVersionForm

    def plan_of(self, obj) -> CommunityPlan:
        raise NotImplementedError

    # The model decides: a row of a submitted or accepted plan is shown, not changed or deleted.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _plan_is_open(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _plan_is_open(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and obj.is_locked and request.method == "GET":
            messages.warning(request, LOCKED_IN_ADMIN)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except PlanLocked:
            messages.error(request, LOCKED_IN_ADMIN)

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "loaded_version"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        plan = self.plan_of(obj) if obj is not None else None

        class VersionCheckedForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if plan is not None:
                    self.fields["loaded_version"].initial = plan.version

            def _post_clean(self):
                super()._post_clean()
                # A plan locked since the page was opened, or a new part put in a locked plan.
                if self.instance.is_locked:
                    self.add_error(None, ValidationError(LOCKED_IN_ADMIN, code="locked"))

            def clean(self):
                cleaned = super().clean()
                if plan is None:  # a new row: nobody else can have changed it yet
                    return cleaned
                # The admin validates and saves in one transaction: the row lock holds until
                # the save, so of two pages loaded at the same version only one saves.
                current = (
                    CommunityPlan.objects.select_for_update()
                    .values_list("version", flat=True)
                    .get(pk=plan.pk)
                )
                if cleaned.get("loaded_version") != current:
                    raise ValidationError(STALE_PLAN, code="stale", params={"current": current})
                return cleaned

        return VersionCheckedForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.plan_of(obj).touch()

    def delete_model(self, request, obj):
        plan = self.plan_of(obj)
        super().delete_model(request, obj)
        plan.touch()

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            self.plan_of(form.instance).touch()


class ReopenForm(ActionForm):
    note = forms.CharField(
        label=_("why (for reopening)"), required=False, max_length=500,
        widget=forms.TextInput(attrs={"size": 60}),
    )  # fmt: skip


@admin.register(CommunityPlan)
class CommunityPlanAdmin(PlanPartAdmin):
    list_display = ("title", "council", "tambon_code", "period", "state", "updated")
    list_select_related = ("council",)
    list_filter = (
        "state",
        province_filter("council__subdistrict__code"),
    )
    search_fields = ("title", "council__name", "^council__subdistrict__code")
    autocomplete_fields = ("council",)
    fields = ("council", "title", "first_year", "last_year", "situation", "state", "version")
    readonly_fields = ("state", "version")
    inlines = (PlanIssueInline, PlanStateChangeInline)
    scope_field = "council"
    action_form = ReopenForm
    actions = ("reopen_for_changes",)

    @admin.action(description=_("Reopen the plan for changes"), permissions=["change"])
    def reopen_for_changes(self, request, queryset):
        """Return a submitted plan or reopen an accepted one, recording who did it and why."""
        note = request.POST.get("note", "").strip()
        if not note:
            self.message_user(
                request, gettext("Write why the plan is reopened in the box beside the actions."),
                messages.ERROR,
            )  # fmt: skip
            return
        reopened = 0
        for plan in queryset.locked():
            try:
                plan.reopen_for_changes(by=request.user, note=note)
            except PlanStateError as error:
                self.message_user(request, f"{plan}: {error}", messages.ERROR)
            else:
                reopened += 1
        self.message_user(
            request, gettext("%(n)s plans were reopened for changes.") % {"n": reopened}
        )

    def plan_of(self, obj):
        return obj

    def area_code_of(self, obj) -> str:
        return obj.council.subdistrict_id

    @admin.display(description=_("tambon code"), ordering="council__subdistrict_id")
    def tambon_code(self, obj):
        return obj.council.subdistrict_id

    @admin.display(description=_("fiscal years"), ordering="first_year")
    def period(self, obj):
        return f"{obj.first_year}-{obj.last_year}"

    @admin.display(description=_("last saved"), ordering="updated_at")
    def updated(self, obj):
        return be_date(obj.updated_at.date())


@admin.register(PlanIssue)
class PlanIssueAdmin(PlanPartAdmin):
    list_display = ("title", "theme", "priority", "plan")
    list_select_related = ("theme", "plan")
    list_filter = ("theme",)
    search_fields = ("title", "plan__title", "^plan__council__subdistrict__code")
    autocomplete_fields = ("plan",)
    fields = (
        "plan", "theme", "title", "description", "priority", "villages", "cited_indicators",
        "order",
    )  # fmt: skip
    # A short reference list (54 rows): ticked in a filter box rather than looked up.
    filter_horizontal = ("cited_indicators",)
    scope_field = "plan"

    def plan_of(self, obj):
        return obj.plan

    def area_code_of(self, obj) -> str:
        return obj.plan.council.subdistrict_id


class ProjectBudgetInline(LockedPlanInline):
    model = ProjectBudget
    fields = ("fiscal_year", "source", "amount")
    extra = 1


class IndicatorInline(LockedPlanInline):
    """A project's indicators; their targets per year are on each indicator's own page."""

    model = Indicator
    fk_name = "project"
    fields = ("order", "name", "unit", "baseline", "baseline_year")
    extra = 0
    show_change_link = True


class IndicatorTargetInline(LockedPlanInline):
    model = IndicatorTarget
    fields = ("fiscal_year", "value")
    extra = 1


@admin.register(PlanProject)
class PlanProjectAdmin(PlanPartAdmin):
    list_display = ("title", "approach", "issue", "lead_partner")
    list_select_related = ("issue", "lead_partner")
    list_filter = ("approach", "issue__theme")
    # The project's own title (a trigram index, councils/search.py) or the tambon's code: an
    # issue's or a council's column OR'ed in, four joins away, could use no index.
    search_fields = ("title",)
    code_search_fields = ("issue__plan__council__subdistrict__code__startswith",)
    autocomplete_fields = ("issue", "lead_partner")
    fields = (
        "issue",
        "title",
        "objective",
        "target",
        "approach",
        "lead_partner",
        "expected_result",
        "order",
    )
    inlines = (ProjectBudgetInline, IndicatorInline)
    scope_field = "issue"

    def plan_of(self, obj):
        return obj.issue.plan

    def area_code_of(self, obj) -> str:
        return obj.issue.plan.council.subdistrict_id


@admin.register(Indicator)
class IndicatorAdmin(PlanPartAdmin):
    """A project's indicator with its targets per fiscal year, locked with its plan."""

    list_display = ("name", "unit", "baseline", "project")
    list_select_related = ("project",)
    list_filter = ("project__issue__theme", "project__issue__plan__state")
    search_fields = ("name", "project__title", "^project__issue__plan__council__subdistrict__code")
    autocomplete_fields = ("project",)
    fields = ("project", "name", "unit", "baseline", "baseline_year", "order")
    inlines = (IndicatorTargetInline,)
    scope_field = "project"

    def get_queryset(self, request):
        # A book's issue indicators belong to the book and are edited with it.
        return super().get_queryset(request).filter(project__isnull=False)

    def plan_of(self, obj):
        return obj.project.issue.plan

    def area_code_of(self, obj) -> str:
        return obj.project.issue.plan.council.subdistrict_id


@admin.register(ProvinceStrategy)
class ProvinceStrategyAdmin(AreaScopedAdmin):
    """CODI staff keep the provincial development strategies of their region's provinces; the
    model refuses a period of more than six years, or one that no longer overlaps the books
    whose issues map to the strategy."""

    scope_field = "province"
    list_display = ("__str__", "province", "first_year", "last_year", "mapped_issues")
    list_filter = ("province", "first_year")
    list_select_related = ("province",)
    search_fields = ("title", "goal", "province__name_th")
    fields = ("province", "first_year", "last_year", "number", "title", "goal")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(issue_count=Count("issues"))

    @admin.display(description=_("strategic issues mapped"), ordering="issue_count")
    def mapped_issues(self, obj) -> int:
        return obj.issue_count


# The execution timeline (plans/execution) registers its own, read-only admin.
from plans.execution import admin as _execution_admin  # noqa: E402, F401

"""The admin site for CODI staff: funds and members of their region; the ledger is read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from councils.access import prefix_q, scope_for
from councils.admin import AreaScopedAdmin
from councils.name_search import found_first
from welfare.models import BenefitType, Claim, LedgerEntry, Member, RevealLog, WelfareFund


class ReadOnlyAdmin(AreaScopedAdmin):
    """Rows written only through the fund's own pages: viewable here, never changed."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WelfareFund)
class WelfareFundAdmin(AreaScopedAdmin):
    list_display = ("name", "council", "contribution_amount", "contribution_period", "balance")
    list_select_related = ("council",)
    search_fields = ("name", "council__name", "^council__subdistrict__code")
    readonly_fields = ("balance",)
    autocomplete_fields = ("council",)
    scope_field = "council"

    def area_code_of(self, obj):
        return obj.council.subdistrict_id if obj.council_id else None


@admin.register(BenefitType)
class BenefitTypeAdmin(AreaScopedAdmin):
    list_display = ("name", "name_en", "fund", "kind", "amount", "waiting_days", "is_active")
    list_select_related = ("fund",)
    list_filter = ("kind", "is_active")
    scope_field = "fund"

    def scoped(self, queryset, user):
        return queryset.filter(
            prefix_q("fund__council__subdistrict__code", scope_for(user).administered)
        )

    def area_code_of(self, obj):
        return obj.fund.area_code if obj.fund_id else None


@admin.register(Member)
class MemberAdmin(AreaScopedAdmin):
    """The full citizen ID is typed once when a member is added, and never shown here."""

    list_display = ("member_no", "full_name", "masked_citizen_id", "fund", "group", "status")
    list_select_related = ("fund",)
    list_filter = ("status", "group")
    # Shows the search box; the search itself is Member.objects.matching (get_search_results).
    search_fields = ("first_name", "last_name")
    scope_field = "fund"
    readonly_fields = ("masked_citizen_id", "member_no", "status", "status_changed_on")
    CHANGE_FIELDS = (
        "fund", "member_no", "title", "first_name", "last_name", "masked_citizen_id",
        "birth_date", "sex", "village_no", "group", "beneficiaries", "phone", "joined_on",
        "status", "status_changed_on",
    )  # fmt: skip

    def get_fields(self, request, obj=None):
        if obj is None:
            return tuple(
                "citizen_id" if name == "masked_citizen_id" else name
                for name in self.CHANGE_FIELDS
                if name not in ("member_no", "status", "status_changed_on")
            )
        return self.CHANGE_FIELDS

    def area_code_of(self, obj):
        return obj.fund.area_code if obj.fund_id else None

    def get_search_results(self, request, queryset, search_term):
        # The portal's own search, each way by an index: a member number, a whole citizen ID
        # (found, never shown), or words of the name (trigram indexes on PostgreSQL), rather
        # than the admin's icontains on every column, which reads all 600,000 members.
        if not search_term.strip():
            return queryset, False
        return found_first(queryset, queryset.matching(search_term)), False

    @admin.display(description=_("citizen ID"))
    def masked_citizen_id(self, obj):
        return obj.masked_citizen_id


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("pk", "fund", "occurred_on", "kind", "amount", "member", "reverses")
    list_select_related = ("fund", "member", "reverses")
    list_filter = ("kind",)
    # Newest first, read backwards along the primary key: the model's order (fund, date) would
    # sort the whole national ledger for the first page.
    ordering = ("-pk",)
    fields = (
        "fund", "kind", "occurred_on", "amount", "source", "member", "claim", "reverses",
        "description", "recorded_by", "recorded_at",
    )  # fmt: skip


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("pk", "fund", "member", "benefit_type", "event_on", "amount", "status")
    list_select_related = ("fund", "member", "benefit_type")
    list_filter = ("status",)
    fields = (
        "fund", "member", "benefit_type", "event_on", "amount", "description", "status",
        "filed_by", "first_approver", "second_approver", "rejected_reason",
    )  # fmt: skip


@admin.register(RevealLog)
class RevealLogAdmin(ReadOnlyAdmin):
    list_display = ("revealed_at", "revealed_by", "member")
    list_select_related = ("revealed_by", "member")
    fields = ("revealed_at", "revealed_by", "member")

    def scoped(self, queryset, user):
        return queryset.filter(
            prefix_q("member__fund__council__subdistrict__code", scope_for(user).administered)
        )

"""The admin's PDPA actions: export a data subject's data, erase them, and the record of both.

The actions sit on the council member, person and fund member changelists, which are already scoped
to the staff member's region, and read the person's rows only inside that region. They are
added here, where both apps' records can be read, by registering those admins again with them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from councils.access import scope_for
from councils.admin import CouncilMemberAdmin
from councils.models import CouncilMember
from councils.persons.admin import PersonAdmin
from councils.persons.models import Person
from reports import privacy
from reports.models import PrivacyRequest
from welfare.admin import MemberAdmin
from welfare.models import Member

EXPORT_REASON = _("The data subject asked for a copy of their personal data (PDPA s.30).")


class PrivacyRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("reason and legal basis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How the request reached CODI (its date, letter or case number) and under which "
            "right; not the person's name."
        ),
    )


class EraseForm(PrivacyRequestForm):
    understood = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone."), required=True
    )


class PrivacyActions:
    """Export and erasure of the one person selected; a confirmation page asks for the reason."""

    actions = ["export_personal_data", "erase_personal_data"]

    def has_privacy_permission(self, request) -> bool:
        return bool(
            request.user.has_perm("reports.add_privacyrequest")
            and scope_for(request.user).administered
        )

    def records_of(self, obj, user) -> privacy.SubjectRecords:
        raise NotImplementedError

    @admin.action(description=_("Export the data subject's personal data"), permissions=["privacy"])
    def export_personal_data(self, request, queryset):
        return self._privacy_action(request, queryset, PrivacyRequest.Kind.EXPORT)

    @admin.action(
        description=_("Erase the data subject by anonymisation (cannot be undone)"),
        permissions=["privacy"],
    )
    def erase_personal_data(self, request, queryset):
        return self._privacy_action(request, queryset, PrivacyRequest.Kind.ERASE)

    def _privacy_action(self, request, queryset, kind):
        if queryset.count() != 1:
            self.message_user(
                request, gettext("Choose exactly one person for a privacy request."), messages.ERROR
            )
            return None
        if not self.has_privacy_permission(request):
            raise PermissionDenied
        obj = queryset.get()
        records = self.records_of(obj, request.user)
        erase = kind == PrivacyRequest.Kind.ERASE
        form_class = EraseForm if erase else PrivacyRequestForm
        form = form_class(
            request.POST if "confirm" in request.POST else None,
            initial={"reason": "" if erase else EXPORT_REASON},
        )
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            if not erase:
                data, record = privacy.export(records, by=request.user, reason=reason)
                response = HttpResponse(data, content_type="application/json; charset=utf-8")
                filename = f"personal-data-{record.pk}.json"
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
                return response
            record = privacy.erase(records, by=request.user, reason=reason)
            self.message_user(
                request,
                gettext("The person was erased; privacy request no. %(no)s records it.")
                % {"no": record.pk},
                messages.SUCCESS,
            )
            if record.notes:
                self.message_user(request, record.notes, messages.WARNING)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase a data subject") if erase else _("Export a data subject's data"),
            "opts": self.opts,
            "obj": obj,
            "records": records,
            "counts": [(privacy.SECTION_LABELS[kind], n) for kind, n in records.counts().items()],
            "form": form,
            "erase": erase,
            "action": request.POST.get("action"),
            "selected": [obj.pk],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/privacy_request.html", context)


admin.site.unregister(CouncilMember)


@admin.register(CouncilMember)
class PrivateCouncilMemberAdmin(PrivacyActions, CouncilMemberAdmin):
    def records_of(self, obj, user):
        return privacy.records_of_council_member(obj, within=scope_for(user).administered)


admin.site.unregister(Person)


@admin.register(Person)
class PrivatePersonAdmin(PrivacyActions, PersonAdmin):
    """A leader who holds no council seat (a health volunteer, a village headman) is a data
    subject too."""

    def records_of(self, obj, user):
        return privacy.records_of_person(obj, within=scope_for(user).administered)


admin.site.unregister(Member)


@admin.register(Member)
class PrivateMemberAdmin(PrivacyActions, MemberAdmin):
    list_display = (*MemberAdmin.list_display, "consent_recorded")

    def records_of(self, obj, user):
        return privacy.records_of_fund_member(obj, within=scope_for(user).administered)

    @admin.display(description=_("consent recorded"), boolean=True)
    def consent_recorded(self, obj):
        return obj.consent_recorded


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(admin.ModelAdmin):
    """The record of every export and erasure, for the staff of the subject's region."""

    list_display = ("requested_at", "kind", "subject", "requested_by", "area_code")
    list_select_related = ("requested_by",)
    list_filter = ("kind", "requested_at")
    search_fields = ("subject", "^area_code", "requested_by__username")
    fields = ("kind", "requested_at", "requested_by", "area_code", "subject", "reason", "rows",
              "notes")  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).administered_by(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

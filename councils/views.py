"""Pages of the council registry: area overviews and the council page."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from councils import compliance, feedback, overview, removals
from councils.access import (
    OVERVIEW_LEVELS,
    area_page_or_404,
    editable_or_403,
    scope_for,
    visible_or_404,
)
from councils.confirmation import Step
from councils.forms import CouncilForm, MemberForm, OrganizationForm
from councils.geography import Level
from councils.meetings.models import council_meeting_summary
from councils.models import Council, Province
from councils.records.models import council_records_summary
from councils.strength.summary import strength_summary
from councils.villages import imports as village_imports

SECTION_TEMPLATE = "councils/council_detail.html#{section}"
MEMBERS_PAGE_SIZE = 12


@login_required
def area_index(request: HttpRequest) -> HttpResponse:
    """The provinces a person may see, with their council counts; one area goes straight there."""
    visible = scope_for(request.user).visible
    if not visible:
        return render(request, "home.html", {"no_role": True})
    if len(visible) == 1 and visible[0]:
        code = visible[0]
        if len(code) == 6:
            council = Council.objects.visible_to(request.user).active().first()
            return redirect(council) if council else redirect("home")
        return redirect("area_overview", code=code)
    counts = dict(
        Council.objects.visible_to(request.user)
        .active()
        .annotate(province_code=Substr("subdistrict_id", 1, 2))
        .values_list("province_code")
        .annotate(n=Count("pk"))
        .values_list("province_code", "n")
    )
    provinces = Province.objects.all()
    if visible != ("",):
        provinces = provinces.filter(code__in={code[:2] for code in visible})
    rows = [(province, counts.get(province.code, 0)) for province in provinces]
    return render(request, "councils/area_index.html", {"rows": rows})


@login_required
def area_overview(request: HttpRequest, code: str) -> HttpResponse:
    """Every tambon of a district or province: its council, organizations, members, warnings."""
    page = area_page_or_404(request.user, code, levels=(*OVERVIEW_LEVELS, Level.SUBDISTRICT))
    if page.level == Level.SUBDISTRICT:
        council = visible_or_404(Council.objects.active(), request.user, subdistrict_id=code)
        return redirect(council)
    councils = Council.objects.visible_to(request.user).in_area(code).active()
    tambons = overview.area_overview(code, councils)
    context = {
        "area": page.area,
        "level": page.level,
        "rows": tambons.rows,
        "districts": list(tambons.districts.values()),
        "totals": tambons.totals,
        "imports_village_data": scope_for(request.user).holds(
            code, *village_imports.COORDINATOR_ROLES
        ),
    }
    return render(request, "councils/area_overview.html", context)


def _council_context(
    request: HttpRequest, council: Council, *, saved_member: int | None = None, **extra
) -> dict:
    # A council has a few dozen members, a national network many thousands of pages of them:
    # the sitting members come a page at a time, found by the search box.
    query = request.GET.get("q", "").strip()[:100]
    members = council.members.matching(query).select_related("organization", "successor")
    sitting = members.sitting().order_by("seat", "village_no", "pk")
    page = request.GET.get("page")
    if saved_member is not None:
        page = _page_of(sitting, saved_member)
    return {
        "council": council,
        "can_edit": scope_for(request.user).edits(council.area_code),
        "organizations": council.organizations.all(),
        "members_page": Paginator(sitting, MEMBERS_PAGE_SIZE).get_page(page),
        "member_query": query,
        "former_members": members.former().order_by("-left_on", "pk"),
        **extra,
    }


def _page_of(sitting, member_pk: int) -> int:
    """The page of the members list that shows this member, so that the one just saved is in
    sight after the save (one council's few dozen ids, not a table)."""
    ids = list(sitting.values_list("pk", flat=True))
    position = ids.index(member_pk) if member_pk in ids else 0
    return position // MEMBERS_PAGE_SIZE + 1


@login_required
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = compliance.with_compliance_facts(Council.objects.all()).select_related(
        "subdistrict__district__province"
    )
    council = visible_or_404(queryset, request.user, pk=pk)
    if request.htmx and request.htmx.target == "member-results":
        # The search box and the page links swap the list of members alone.
        context = _council_context(request, council)
        response = render(request, "councils/council_detail.html#member-results", context)
    else:
        context = _council_context(
            request,
            council,
            warnings=compliance.check(council),
            **council_meeting_summary(council),
            **council_records_summary(council),
            **strength_summary(council),
        )
        response = render(request, "councils/council_detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def council_edit(request: HttpRequest, pk: int) -> HttpResponse:
    council = editable_or_403(Council.objects.select_related("subdistrict"), request.user, pk=pk)
    form = CouncilForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        form.save()
        feedback.saved(request, _("The council's registration was saved."), "registration")
        return redirect(f"{council.get_absolute_url()}#registration")
    return render(request, "councils/council_form.html", {"council": council, "form": form})


def _section_response(
    request: HttpRequest, council: Council, section: str, form=None, editing=None
) -> HttpResponse:
    """Answer an htmx request with the section alone, a plain request with the whole page."""
    context = _council_context(request, council, form=form, editing=editing, section=section)
    if request.htmx:
        response = render(request, SECTION_TEMPLATE.format(section=section), context)
    else:
        response = render(request, f"councils/{section}_form.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _saved(
    request: HttpRequest, council: Council, section: str, message: str, **shown
) -> HttpResponse:
    feedback.saved(request, message, section)
    return _changed(request, council, section, **shown)


def _changed(
    request: HttpRequest, council: Council, section: str, *, saved_member: int | None = None
) -> HttpResponse:
    """After a change: the page at the section, or for htmx the section plus the counts and
    warnings above it, swapped out of band so that nothing on the page is stale (the messages
    go with every htmx answer, see councils.feedback). A saved member's page of the list is
    the one shown."""
    if not request.htmx:
        url = council.get_absolute_url()
        if saved_member is not None:
            sitting = council.members.sitting().order_by("seat", "village_no", "pk")
            url += f"?page={_page_of(sitting, saved_member)}"
        return redirect(f"{url}#{section}")
    council = compliance.with_compliance_facts(Council.objects.all()).get(pk=council.pk)
    context = _council_context(
        request, council, section=section, warnings=compliance.check(council),
        saved_member=saved_member,
    )  # fmt: skip
    html = render_to_string(SECTION_TEMPLATE.format(section=section), context, request)
    oob_context = {**context, "oob": True}
    for part in ("registration", "compliance"):
        html += render_to_string(SECTION_TEMPLATE.format(section=part), oob_context, request)
    response = HttpResponse(html)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def organization_form(request: HttpRequest, pk: int, org_pk: int | None = None) -> HttpResponse:
    council = editable_or_403(Council.objects, request.user, pk=pk)
    organization = get_object_or_404(council.organizations, pk=org_pk) if org_pk else None
    form = OrganizationForm(request.POST or None, instance=organization, council=council)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _saved(request, council, "organizations", _("The organization was saved."))
    return _section_response(request, council, "organizations", form, organization)


@login_required
def organization_delete(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    """GET: what removing the organization means; POST with the confirmation: remove it."""
    council = editable_or_403(Council.objects, request.user, pk=pk)
    organization = get_object_or_404(council.organizations, pk=org_pk)
    if organization.representatives.exists():
        feedback.refused(
            request,
            _("%(name)s still has representatives on the council; end their seats first.")
            % {"name": organization.name},
            "organizations",
        )
        return _changed(request, council, "organizations")
    step = Step(request, "council.organization.delete", str(organization.pk))
    if not step.confirmed:
        summary = removals.remove_organization(organization)
        return step.ask(summary, cancel_url=f"{council.get_absolute_url()}#organizations")
    organization.delete()
    return _saved(request, council, "organizations", _("The organization was removed."))


@login_required
def member_form(request: HttpRequest, pk: int, member_pk: int | None = None) -> HttpResponse:
    council = editable_or_403(Council.objects, request.user, pk=pk)
    member = get_object_or_404(council.members, pk=member_pk) if member_pk else None
    if request.method != "POST":
        return _section_response(
            request, council, "members", MemberForm(instance=member, council=council), member
        )
    try:
        # The seat limits are checked against the other members: hold the council row so two
        # coordinators saving at once cannot both take the last seat.
        with transaction.atomic():
            Council.objects.select_for_update().get(pk=council.pk)
            form = MemberForm(request.POST, instance=member, council=council)
            if form.is_valid():
                saved = form.save()
                return _saved(
                    request, council, "members", _("The member was saved."), saved_member=saved.pk
                )
    except IntegrityError:
        form = MemberForm(request.POST, instance=member, council=council)
        form.add_error("role", _("The council already has a sitting member in this role."))
    return _section_response(request, council, "members", form, member)

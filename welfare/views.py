"""Pages of a welfare fund: its dashboard, members, contributions, ledger, claims and statements."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from councils import feedback
from councils.access import area_page_or_404, editable_or_403, scope_for, visible_or_404
from councils.buddhist_era import fiscal_year_be, is_be_year
from councils.confirmation import Step
from councils.models import Council
from councils.spreadsheets import jobs
from welfare import charts, confirmations, imports, ledger, rules, standing, statistics, tasks
from welfare.forms import (
    BenefitTypeForm,
    ClaimForm,
    ContributionForm,
    EntryForm,
    FundForm,
    ImportForm,
    MemberForm,
    MemberPicker,
    MemberStatusForm,
    RejectForm,
    ReversalForm,
)
from welfare.models import Claim, LedgerEntry, Member, WelfareFund

FUNDS = WelfareFund.objects.select_related("council__subdistrict__district__province")
PAGE_SIZE = 50
MEMBER_SEARCH = ("find_member", "member_page")  # the claim form's member search buttons


def _fund(request: HttpRequest, pk: int) -> WelfareFund:
    return visible_or_404(FUNDS, request.user, pk=pk)


def _editable_fund(request: HttpRequest, pk: int) -> WelfareFund:
    return editable_or_403(FUNDS, request.user, pk=pk)


def _can_edit(request: HttpRequest, fund: WelfareFund) -> bool:
    return scope_for(request.user).edits(fund.area_code)


def _form_page(request: HttpRequest, fund: WelfareFund, form, title: str, back: str, **extra):
    context = {"fund": fund, "form": form, "title": title, "back": back, **extra}
    return render(request, "welfare/form.html", context)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return fiscal_year_be(timezone.localdate())
    return year if is_be_year(year) else fiscal_year_be(timezone.localdate())


# --- The fund ------------------------------------------------------------------------------


@login_required
def welfare_home(request: HttpRequest) -> HttpResponse:
    """Send each person to their welfare work: their fund, or their area's roll-up."""
    scope = scope_for(request.user)
    if len(scope.editable) == 1 and scope.visible == scope.editable:
        council = Council.objects.editable_by(request.user).active().first()
        if council is not None:
            fund = WelfareFund.objects.filter(council=council).first()
            return redirect(fund) if fund else redirect("fund_new", pk=council.pk)
    areas = [code for code in scope.visible if len(code) in (2, 4)]
    if len(areas) == 1:
        return redirect("area_welfare", code=areas[0])
    return redirect("area_index")


@login_required
def fund_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Set up the council's welfare fund: its name and contribution scheme."""
    council = editable_or_403(Council.objects.active(), request.user, pk=pk)
    if existing := WelfareFund.objects.filter(council=council).first():
        return redirect(existing)
    form = FundForm(request.POST or None, initial={"name": WelfareFund.default_name_for(council)})
    if request.method == "POST" and form.is_valid():
        form.instance.council = council
        try:
            with transaction.atomic():
                fund = form.save()
        except IntegrityError:  # someone set it up a moment ago
            return redirect(WelfareFund.objects.get(council=council))
        messages.success(request, _("The welfare fund was set up. Add its benefits next."))
        return redirect(fund)
    context = {"council": council, "form": form, "title": _("Set up the welfare fund")}
    return render(request, "welfare/form.html", {**context, "back": council.get_absolute_url()})


@login_required
def fund_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _editable_fund(request, pk)
    form = FundForm(request.POST or None, instance=fund)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The fund's scheme was saved."))
        return redirect(fund)
    return _form_page(
        request, fund, form, _("The fund's contribution scheme"), fund.get_absolute_url()
    )


@login_required
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The fund at a glance: balance, members, money in and out this year, with charts."""
    fund = _fund(request, pk)
    this_year = fiscal_year_be(timezone.localdate())
    statement = statistics.year_statement(fund, _year(request))
    members = statistics.member_table(fund)
    behind = standing.counts(fund, timezone.localdate())
    context = {
        "fund": fund,
        "can_edit": _can_edit(request, fund),
        "year": statement.year_be,
        "statement": statement,
        "groups": members.rows,
        "statuses": Member.Status.choices,
        "status_totals": members.status_totals,
        "member_total": members.total,
        "behind_count": behind.behind,
        "warned_count": behind.warned,
        "lapsing_count": behind.lapsing,
        "month_chart": charts.money_in_and_out(statement.months),
        "benefit_bars": charts.horizontal_bars([(r[0], r[1]) for r in statement.benefit_rows()]),
        "income_bars": charts.horizontal_bars(statement.income_rows()),
        "benefit_types": fund.benefit_types.all(),
        "waiting_claims": fund.claims.waiting().select_related("member", "benefit_type"),
        "years": range(this_year, this_year - 5, -1),
    }
    return render(request, "welfare/fund_detail.html", context)


@login_required
def benefit_form(request: HttpRequest, pk: int, benefit_pk: int | None = None) -> HttpResponse:
    fund = _editable_fund(request, pk)
    benefit = get_object_or_404(fund.benefit_types, pk=benefit_pk) if benefit_pk else None
    form = BenefitTypeForm(request.POST or None, instance=benefit, fund=fund)
    if request.method == "POST" and form.is_valid():
        form.save()
        feedback.saved(request, _("The benefit was saved."), "benefits")
        return redirect(f"{fund.get_absolute_url()}#benefits")
    title = _("Edit a benefit") if benefit else _("Add a benefit")
    return _form_page(request, fund, form, title, fund.get_absolute_url())


# --- Members -------------------------------------------------------------------------------


@never_cache
@login_required
def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The member register, masked; searchable by name or member number."""
    fund = _fund(request, pk)
    members = fund.members.order_by("member_no")
    query = request.GET.get("q", "").strip()
    if query:
        members = members.matching(query)
    status = request.GET.get("status", "")
    if status in Member.Status.values:
        members = members.filter(status=status)
    # PDPA: the committee asks these members for their consent (issue 10).
    consent_missing = request.GET.get("consent") == "missing"
    if consent_missing:
        members = members.without_consent()
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "fund": fund,
        "can_edit": _can_edit(request, fund),
        "page": page,
        "query": query,
        "status": status,
        "statuses": Member.Status.choices,
        "consent_missing": consent_missing,
    }
    template = "welfare/member_list.html"
    if request.htmx:
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@never_cache
@login_required
def member_form(request: HttpRequest, pk: int, member_pk: int | None = None) -> HttpResponse:
    fund = _editable_fund(request, pk)
    member = get_object_or_404(fund.members, pk=member_pk) if member_pk else None
    form = MemberForm(request.POST or None, instance=member, fund=fund, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                member = form.save()
        except IntegrityError:
            form.add_error("citizen_id", _("A member with this citizen ID is already registered."))
        else:
            messages.success(
                request,
                _("Member no. %(no)s, %(name)s, was saved.")
                % {"no": member.member_no, "name": member.full_name},
            )
            return redirect(member)
    title = _("Edit a member") if member else _("Register a member")
    back = member.get_absolute_url() if member else f"/funds/{fund.pk}/members/"
    return _form_page(request, fund, form, title, back)


def _member_context(request: HttpRequest, fund: WelfareFund, member: Member, **extra) -> dict:
    today = timezone.localdate()
    entries = member.entries.select_related("reverses").order_by("-occurred_on", "-pk")
    return {
        "fund": fund,
        "member": member,
        "can_edit": _can_edit(request, fund),
        "missed": member.missed_payments(today),
        "age": member.age_on(today),
        "entries": entries[:24],
        "claims": member.claims.select_related("benefit_type"),
        "status_form": MemberStatusForm(
            initial={"status": member.status, "changed_on": timezone.localdate()}
        ),
        **extra,
    }


@never_cache
@login_required
def member_detail(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    fund = _fund(request, pk)
    member = get_object_or_404(fund.members, pk=member_pk)
    member.fund = fund
    return render(request, "welfare/member_detail.html", _member_context(request, fund, member))


@never_cache
@login_required
@require_POST
def member_reveal(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Show the full citizen ID once, to the fund's bookkeeper, and log who saw it."""
    fund = _editable_fund(request, pk)
    member = get_object_or_404(fund.members, pk=member_pk)
    member.fund = fund
    revealed = member.reveal_citizen_id(by=request.user)
    context = _member_context(request, fund, member, revealed=revealed)
    return render(request, "welfare/member_detail.html", context)


@login_required
@require_POST
def member_status(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    fund = _editable_fund(request, pk)
    member = get_object_or_404(fund.members, pk=member_pk)
    form = MemberStatusForm(request.POST)
    if form.is_valid():
        member.set_status(form.cleaned_data["status"], form.cleaned_data["changed_on"])
        messages.success(
            request,
            _("%(name)s is now “%(status)s”.")
            % {"name": member.full_name, "status": member.get_status_display()},
        )
    else:
        messages.error(request, _("Choose the status and the date it applies from."))
    return redirect(member)


@never_cache
@login_required
def member_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The member register as a spreadsheet, citizen IDs masked like everywhere else."""
    fund = _fund(request, pk)
    data = imports.export_members(fund)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="fund-{fund.pk}-members.xlsx"'
    return response


@never_cache
@login_required
def behind_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is behind on payments, a page at a time, most missed first: those about to lapse are
    warned, those past the limit lapse."""
    fund = _fund(request, pk)
    today = timezone.localdate()
    counts = standing.counts(fund, today)
    context = {
        "fund": fund,
        "can_edit": _can_edit(request, fund),
        "page": standing.behind_page(fund, today, request.GET.get("page"), counts.behind),
        "counts": counts,
        "warning_days": standing.LAPSE_WARNING_DAYS,
    }
    return render(request, "welfare/behind.html", context)


@login_required
def lapse_members(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: who would lapse today, named; POST with the confirmation: lapse exactly them."""
    fund = _editable_fund(request, pk)
    today = timezone.localdate()
    rows = standing.lapsing(fund, today)
    if not rows:
        messages.info(request, _("No member is past the limit of missed payments."))
        return redirect("behind_list", pk=fund.pk)
    step = Step(request, "welfare.lapse", f"{fund.pk}:{standing.lapse_state(rows, today)}")
    if not step.confirmed:
        cancel = reverse("behind_list", args=[fund.pk])
        return step.ask(confirmations.lapse_members(fund, rows), cancel_url=cancel)
    lapsed = standing.lapse_overdue(fund, today)
    messages.success(request, _("%(n)s members lapsed for missed payments.") % {"n": len(lapsed)})
    return redirect("behind_list", pk=fund.pk)


# --- Money ---------------------------------------------------------------------------------


@login_required
def contribution_new(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _editable_fund(request, pk)
    initial = {"occurred_on": timezone.localdate()}
    if (wanted := request.GET.get("member", "")).isdigit():
        initial["member"] = wanted
    form = ContributionForm(request.POST or None, fund=fund, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ledger.record_contribution(
            data["member"], data["amount"], data["occurred_on"], request.user, data["description"]
        )
        messages.success(
            request,
            _("%(amount)s baht from %(name)s was recorded.")
            % {"amount": f"{data['amount']:,.2f}", "name": data["member"].full_name},
        )
        if request.POST.get("next") == "member":
            return redirect(data["member"])
        return redirect("contribution_new", pk=fund.pk)
    return _form_page(
        request, fund, form, _("Record a contribution"), fund.get_absolute_url(),
        next_value=request.GET.get("next", ""),
    )  # fmt: skip


@login_required
def ledger_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every entry of the fund, newest first, each reversal next to what it corrects."""
    fund = _fund(request, pk)
    entries = fund.entries.select_related("member", "reverses", "reversed_by", "claim").order_by(
        "-occurred_on", "-pk"
    )
    kind = request.GET.get("kind", "")
    if kind in LedgerEntry.Kind.values:
        entries = entries.filter(kind=kind)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "fund": fund,
        "can_edit": _can_edit(request, fund),
        "page": page,
        "kind": kind,
        "kinds": LedgerEntry.Kind.choices,
    }
    return render(request, "welfare/ledger.html", context)


@login_required
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A grant, other income or an operating expense."""
    fund = _editable_fund(request, pk)
    form = EntryForm(
        request.POST or None, initial={"occurred_on": timezone.localdate(), "key": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ledger.record_entry(
            fund, data["kind"], data["amount"], data["occurred_on"], request.user,
            source=data["source"], description=data["description"], token=data["key"],
        )  # fmt: skip
        messages.success(request, _("The entry was recorded."))
        return redirect("ledger_list", pk=fund.pk)
    return _form_page(
        request, fund, form, _("Record a grant or an expense"), f"/funds/{fund.pk}/ledger/"
    )


@login_required
def entry_reverse(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """The reason, then what the reversal does to the fund, then the reversing entry."""
    fund = _editable_fund(request, pk)
    entry = get_object_or_404(fund.entries.select_related("member"), pk=entry_pk)
    form = ReversalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"].strip()
        step = Step(request, "welfare.reverse", f"{entry.pk}:{fund.balance}")
        if not step.confirmed:
            summary = confirmations.reverse_entry(entry, reason)
            return step.ask(summary, cancel_url=reverse("ledger_list", args=[fund.pk]))
        try:
            ledger.reverse(entry, request.user, reason, timezone.localdate())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The entry was reversed."))
            return redirect("ledger_list", pk=fund.pk)
    return _form_page(
        request, fund, form, _("Reverse a ledger entry"), f"/funds/{fund.pk}/ledger/", entry=entry
    )


# --- Claims --------------------------------------------------------------------------------


@login_required
def claim_list(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _fund(request, pk)
    claims = fund.claims.select_related("member", "benefit_type").order_by("-filed_at")
    status = request.GET.get("status", "")
    if status in Claim.Status.values:
        claims = claims.filter(status=status)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "fund": fund,
        "can_edit": _can_edit(request, fund),
        "page": page,
        "status": status,
        "statuses": Claim.Status.choices,
    }
    return render(request, "welfare/claim_list.html", context)


@login_required
def claim_new(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _editable_fund(request, pk)
    initial = {"event_on": timezone.localdate(), "member_q": request.GET.get("member_q", "")}
    if (wanted := request.GET.get("member", "")).isdigit():
        initial["member"] = wanted
    data = request.POST if request.method == "POST" else None
    if data is not None and any(name in data for name in MEMBER_SEARCH):
        # A search step without JavaScript: the form again as typed, its members narrowed.
        initial, data = {**initial, **data.dict()}, None
    form = ClaimForm(data, fund=fund, initial=initial, today=timezone.localdate())
    if data is not None and form.is_valid():
        claim = form.instance
        try:
            rules.file_claim(claim, by=request.user, today=timezone.localdate())
        except ValidationError as error:  # the member's standing changed since the form checked
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The claim was filed. It needs two approvals before payment.")
            )
            return redirect(claim)
    return _form_page(request, fund, form, _("File a claim"), f"/funds/{fund.pk}/claims/")


@login_required
def member_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """The members a claim form's search finds, for htmx; without it, the claim form searching."""
    fund = _editable_fund(request, pk)
    query = request.GET.get("member_q", "")
    if not request.htmx:
        return redirect(f"{reverse('claim_new', args=[fund.pk])}?{urlencode({'member_q': query})}")
    picker = MemberPicker.build(
        fund, query=query, page=request.GET.get("member_page"), chosen=request.GET.get("member")
    )
    context = {"picker": picker, "name": "member", "search_url": request.path}
    response = render(request, "welfare/_member_choices.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _claim(fund: WelfareFund, claim_pk: int) -> Claim:
    claim = get_object_or_404(
        fund.claims.select_related(
            "member",
            "benefit_type",
            "filed_by",
            "first_approver",
            "second_approver",
            "exception_resolution__meeting",
        ),
        pk=claim_pk,
    )
    claim.fund = claim.member.fund = fund
    return claim


@login_required
def claim_detail(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    """The claim with every rule and its reason, its approvals and its payment."""
    fund = _fund(request, pk)
    claim = _claim(fund, claim_pk)
    results = rules.check(claim, timezone.localdate())
    context = {
        "fund": fund,
        "claim": claim,
        "can_edit": _can_edit(request, fund),
        "results": results,
        "passes": all(r.passed or r.name in claim.waived_rule_names for r in results),
        "waived": claim.waived_rule_names,
        "payouts": claim.payouts.select_related("reversed_by"),
        "reject_form": RejectForm(),
        "already_approved": claim.approved_by(request.user),
        "may_approve": claim.may_approve(request.user),
        "filed_it": claim.filed_by_id == request.user.pk,
    }
    return render(request, "welfare/claim_detail.html", context)


@login_required
@require_POST
def claim_approve(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    fund = _editable_fund(request, pk)
    claim = _claim(fund, claim_pk)
    try:
        claim.approve(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _approval_message(claim))
    return redirect(claim)


def _approval_message(claim: Claim) -> str:
    if claim.is_awaiting_payment:
        return _("Second approval recorded: the claim can be paid.")
    return _("First approval recorded: another person must approve too.")


@login_required
@require_POST
def claim_reject(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    fund = _editable_fund(request, pk)
    claim = _claim(fund, claim_pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            claim.reject(request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The claim was rejected."))
    else:
        messages.error(request, _("Say why the claim is rejected."))
    return redirect(claim)


@login_required
def claim_pay(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    """GET: the payment and the fund's balance after it; POST with the confirmation: pay, once
    however many times the button is pressed."""
    fund = _editable_fund(request, pk)
    claim = _claim(fund, claim_pk)
    if claim.is_paid:  # a second tap of the confirm button, say
        messages.info(request, _("This claim has been paid."))
        return redirect(claim)
    if problems := ledger.payment_problems(claim, fund, timezone.localdate()):
        messages.error(request, " ".join(problems))
        return redirect(claim)
    step = Step(request, "welfare.pay", claim.confirmation_state())
    if not step.confirmed:
        return step.ask(confirmations.pay_claim(claim), cancel_url=claim.get_absolute_url())
    try:
        entry = ledger.pay_claim(claim, request.user, timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Paid %(amount)s baht.") % {"amount": f"{-entry.amount:,.2f}"})
    return redirect(claim)


# --- Import --------------------------------------------------------------------------------


@never_cache
@login_required
def fund_import(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Upload members or contributions; the job's page says what the file will write first."""
    fund = _editable_fund(request, pk)
    if what not in imports.IMPORTS:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = tasks.check_upload(fund, what, form.cleaned_data["import_file"], request.user)
        return redirect("fund_import_job", pk=fund.pk, job_pk=job.pk)
    context = {
        "fund": fund,
        "form": form,
        "what": what,
        "columns": imports.IMPORTS[what].columns_help(),
    }
    return render(request, "welfare/import.html", context)


@never_cache
@login_required
def fund_import_job(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """A file's check, its preview and, once its uploader confirms, its import; the page polls
    this section through htmx while a worker checks or imports it."""
    fund = _editable_fund(request, pk)
    job = get_object_or_404(
        jobs.ImportJob.objects.filter(kind__startswith="welfare.", object_id=fund.pk), pk=job_pk
    )
    what = job.kind.removeprefix("welfare.")
    step = Step(request, "welfare.import", str(job.pk))
    if job.is_held_for(request.user) and step.confirmed:
        tasks.import_held(job)
        job.refresh_from_db()
        if job.result is not None and job.result.ok:
            messages.success(request, _("%(n)s rows were imported.") % {"n": job.rows_imported})
            return redirect("member_list" if what == "members" else "ledger_list", pk=fund.pk)
        return redirect("fund_import_job", pk=fund.pk, job_pk=job.pk)
    summary = confirmations.import_rows(job, what) if job.is_held else None
    context = {"fund": fund, "job": job, "what": what, "outcome": job.result, "step": summary}
    context |= {"may_confirm": job.is_held_for(request.user), **step.fields()}
    template = "welfare/import_job.html"
    response = render(request, f"{template}#status" if request.htmx else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Public statement and area roll-ups ----------------------------------------------------


def statement(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The fund's year for the community: money in by source, out by benefit. No personal data."""
    fund = get_object_or_404(FUNDS, pk=pk)
    if not is_be_year(year):
        raise Http404
    context = {
        "fund": fund,
        "statement": statistics.year_statement(fund, year),
        "member_total": fund.members.filter(status=Member.Status.ACTIVE).count(),
        "benefit_types": fund.benefit_types.filter(is_active=True),
    }
    return render(request, "welfare/statement.html", context)


@login_required
def area_welfare(request: HttpRequest, code: str) -> HttpResponse:
    """The funds of a district or province: members, fund size by source, payouts by type."""
    page = area_page_or_404(request.user, code)
    funds = WelfareFund.objects.visible_to(request.user).in_area(code)
    rollup = statistics.area_rollup(funds)
    context = {
        "area": page.area,
        "level": page.level,
        "rollup": rollup,
        "income_bars": charts.horizontal_bars(rollup.income_by_source()),
        "benefit_bars": charts.horizontal_bars([(r[0], r[1]) for r in rollup.benefit_rows()]),
        "year": fiscal_year_be(timezone.localdate()),
    }
    return render(request, "welfare/area_welfare.html", context)
